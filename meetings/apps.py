from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings and decisions")

    def ready(self):
        # What this app's reminders say is registered with notifications when the module loads.
        import meetings.reminders  # noqa: F401
