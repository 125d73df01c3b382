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

        # How votes weigh and when a committee's decision carries change only when every partner agrees:
        # a proposal to change the structure carries them (partnerships.services).
        from meetings.services import decision_rules, decision_rules_describe, decision_rules_write
        from partnerships.services import follow_structure_rules

        follow_structure_rules(
            "decision_rules", read=decision_rules, write=decision_rules_write, describe=decision_rules_describe
        )

        # Conflicts raised and escalated, on their days, in the partnership's history.
        from meetings.history import conflict_entries
        from partnerships.history import add_source

        add_source(conflict_entries)
