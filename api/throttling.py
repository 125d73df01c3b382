from django.conf import settings
from rest_framework.throttling import UserRateThrottle


class PersonRateThrottle(UserRateThrottle):
    """Calls per person, all their tokens together, at INTERLOCK_API_RATE (read on each call, not at import)."""

    scope = "person"

    def get_rate(self):
        return settings.INTERLOCK_API_RATE
