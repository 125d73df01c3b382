"""The gates' part of a partnership's history: each decision, on the day it was taken, and the phase it led to."""

from django.utils.translation import gettext as _

from assessments.models import GateDecision, next_phase
from common.bidi import isolate
from partnerships.history import Entry
from partnerships.models import Phase

# The decisions after which the partnership was in another phase.
MOVES_ON = {GateDecision.Outcome.GO, GateDecision.Outcome.GO_WITH_CONDITIONS}


def gate_entries(partnership, limit):
    entries = []
    decisions = (
        GateDecision.objects.filter(request__partnership=partnership)
        .select_related("request", "decided_by")
        .order_by("-decided_on", "-decided_at")[:limit]
    )
    for decision in decisions:
        request = decision.request
        what = _("Gate out of the phase %(phase)s: %(outcome)s. Why: %(reason)s") % {
            "phase": request.get_from_phase_display(),
            "outcome": decision.get_outcome_display(),
            "reason": isolate(decision.reason),
        }
        if decision.outcome in MOVES_ON and next_phase(request.from_phase):
            what += " " + _("The partnership entered the phase %(phase)s.") % {
                "phase": Phase(next_phase(request.from_phase)).label
            }
        entries.append(Entry(decision.decided_at, decision.decided_by, what, on=decision.decided_on))
    return entries
