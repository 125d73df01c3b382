from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings and decisions")

    def ready(self):
        # What this app's reminders say is registered with notifications when the module loads.
        import meetings.reminders  # noqa: F401

        # Someone leaving hands on their open action items: ministries tells us, without importing this app.
        from meetings.services import action_items_hand_over
        from ministries.services import follow_handovers

        follow_handovers(action_items_hand_over)
