"""Who may act on meetings, decisions, action items and conflicts."""

from ministries.models import Role
from ministries.permissions import ministry_ids
from partnerships.permissions import can_manage_fieldwork


def can_update_action_item(user, item):
    if item.partnership.is_closed:
        return False
    return item.owner_id == user.pk or can_manage_fieldwork(user, item.partnership)


def can_raise_conflict(user, partnership):
    """The partners' own people may raise a conflict or an obstacle; evaluators look on."""
    raisers = ministry_ids(user, Role.COORDINATOR, Role.EXECUTIVE, Role.FIELD_STAFF)
    return not partnership.is_closed and bool(raisers & partnership.ministry_ids)
