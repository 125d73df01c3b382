from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChartersConfig(AppConfig):
    name = "charters"
    verbose_name = _("Charters")

    def ready(self):
        # What this app's reminders say is registered with notifications when the module loads.
        import charters.reminders  # noqa: F401

        # The charter follows the parties: partnerships tells us, without importing this app.
        # Registered here, once the registry is ready: these modules import models.
        from charters.history import charter_entries
        from charters.reminders import structure_proposal_notify
        from charters.services import charter_copy_text, charter_follow_parties
        from partnerships.history import add_source
        from partnerships.services import follow_copies, follow_parties, follow_proposals

        follow_parties(charter_follow_parties)
        # Who signs for a ministry also agrees to changes of the structure: they hear of each proposal.
        follow_proposals(structure_proposal_notify)
        follow_copies(charter_copy_text)
        add_source(charter_entries)
