from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "results"
    verbose_name = _("Results and progress")

    def ready(self):
        # What this app's reminders say is registered with notifications when the module loads.
        import results.reminders  # noqa: F401

        # The charter's milestones become the Progress tab's: charters tells us, without importing this app.
        from charters.services import on_charter_in_force
        from partnerships.services import follow_copies
        from results.services import indicators_copy, milestones_follow_charter

        on_charter_in_force(milestones_follow_charter)

        # Someone leaving hands on the milestones they own.
        from ministries.services import follow_handovers
        from results.services import milestones_hand_over

        follow_handovers(milestones_hand_over)
        follow_copies(indicators_copy)

        # A field officer's lists put the partnerships of their unit first: which those are is our rule.
        from partnerships.models import unit_work_is
        from results.permissions import unit_partnerships

        unit_work_is(unit_partnerships)
