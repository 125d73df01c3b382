"""Each person's time zone: their own choice, else their organisation's (ministries.Ministry.time_zone)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from ministries.models import Membership

SESSION_KEY = "time_zone"


def user_time_zone(user):
    """The time zone this person's pages use: their own, else that of their first organisation, else ''."""
    if user.time_zone:
        return user.time_zone
    membership = Membership.objects.filter(user=user).select_related("ministry").order_by("pk").first()
    return membership.ministry.time_zone if membership else ""


@receiver(user_logged_in, dispatch_uid="accounts_time_zone")
def _remember_time_zone(sender, request, user, **kwargs):
    # Read once at sign-in: the middleware then costs no query on any page.
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = user_time_zone(user)
