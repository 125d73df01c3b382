"""Who may act on meetings, decisions, action items and conflicts."""

from ministries.models import Role
from ministries.permissions import memberships, ministry_ids
from partnerships.permissions import can_manage_fieldwork


def can_update_action_item(user, item):
    if item.partnership.is_closed:
        return False
    return item.owner_id == user.pk or can_manage_fieldwork(user, item.partnership)


def can_raise_conflict(user, partnership):
    """The partners' own people may raise a conflict or an obstacle; evaluators look on."""
    raisers = ministry_ids(user, Role.COORDINATOR, Role.EXECUTIVE, Role.FIELD_STAFF)
    return not partnership.is_closed and bool(raisers & partnership.participant_ministry_ids)


def vote_ministry_ids(user, decision):
    """The participants whose vote on `decision` this person may cast or confirm (funders and stakeholders never vote).

    A party speaks through its executives, whoever it delegated signing to, or the people it
    sent to the decision's meeting (a member of the ministry named among who came for it).
    Nobody else's word counts for a party, so no partner can outvote the others alone.
    """
    partnership = decision.partnership
    if partnership.is_closed:
        return set()
    speaking = {m.ministry_id for m in memberships(user) if m.signs_for_ministry}
    if decision.meeting_id:
        name = user.get_full_name().strip().casefold()
        own = ministry_ids(user)
        speaking |= {
            attendance.ministry_id
            for attendance in decision.meeting.attendances.all()
            if name and attendance.ministry_id in own and name in attendance.names
        }
    return speaking & partnership.participant_ministry_ids
