"""Who may do what with the points for thought and the phase gates.

- Coordinators of participating ministries edit the answers, worksheets and evidence, and request gates.
- Each participating ministry's coordinators and executives say whether their ministry agrees with an answer.
- The approving level decides gates: the lead ministry's executives, or, when the partnership is run by a
  steering committee, the committee: each participating ministry records its position through its executives
  (or whoever it delegated signing to), and the decision carries when the partners' rule is met. No member
  decides alone.
- Everyone else of a participating ministry views; others get 404 (see partnerships.permissions).
"""

from django.db.models import Q

from ministries.models import Role
from ministries.permissions import memberships, ministry_ids
from partnerships.models import Participation, Partnership
from partnerships.permissions import can_edit_partnership


def can_edit_points(user, partnership):
    return can_edit_partnership(user, partnership)


def value_ministry_ids(user, partnership):
    """The participants whose side of the point-2 worksheet this person fills in: their own, as a coordinator.
    Each organisation says what the partnership is worth to it; no one answers for another."""
    if not can_edit_points(user, partnership):
        return set()
    return ministry_ids(user, Role.COORDINATOR) & partnership.participant_ministry_ids


def position_ministry_ids(user, partnership):
    """The participating ministries for which this person may state agreement or disagreement."""
    if partnership.is_closed:
        return set()
    return ministry_ids(user, Role.COORDINATOR, Role.EXECUTIVE) & partnership.participant_ministry_ids


def approving_participations(path=""):
    """The participations (from `path`, a partnership's) whose ministries are the approving level:
    every participant's under a steering committee, else the lead's and the co-leads'.
    `approving_ministry_ids` for many at once."""
    steering = Q(**{f"{path}operating_mechanism": Partnership.OperatingMechanism.STEERING_COMMITTEE})
    steering &= Q(**{f"{path}participations__kind": Participation.Kind.PARTICIPANT})
    return steering | Q(**{f"{path}participations__role__in": Participation.LEADING_ROLES})


def decided_by_committee(partnership):
    return partnership.operating_mechanism == Partnership.OperatingMechanism.STEERING_COMMITTEE


def approving_ministry_ids(partnership):
    if decided_by_committee(partnership):
        return partnership.participant_ministry_ids
    return partnership.leading_ministry_ids


def can_request_gate(user, partnership):
    return can_edit_partnership(user, partnership)


def gate_speaker_ids(user, partnership):
    """The approving ministries this person speaks for at a gate: as an executive, or by delegation."""
    speaking = {m.ministry_id for m in memberships(user) if m.signs_for_ministry}
    return speaking & approving_ministry_ids(partnership)


def is_approving_level(user, partnership):
    """Speaks for an approving ministry, whether or not the partnership is still open."""
    return bool(gate_speaker_ids(user, partnership))


def can_decide_gate(user, partnership):
    return not partnership.is_closed and is_approving_level(user, partnership)


def gate_deciders(partnership):
    """The ministries whose executives decide the gates, as Ministry objects, from the loaded participations."""
    approving = approving_ministry_ids(partnership)
    return [p.ministry for p in partnership.participants if p.ministry_id in approving]


def gate_speaker_ministries(user, partnership):
    """The approving ministries this person speaks for, as Ministry objects from the loaded participations."""
    speaking = gate_speaker_ids(user, partnership)
    return [ministry for ministry in gate_deciders(partnership) if ministry.pk in speaking]
