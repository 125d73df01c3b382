"""Who sees and marks possible duplicates.

- Everyone sees the likely pairs among the partnerships they see, and those of a partnership they see with
  any other. Of a partnership they do not see, a pair shows its name and organisations only (whom to call),
  never its need, audience or other fields.
- A coordinator or an executive of a participant of either partnership marks the pair, for their own
  organisation. A pair leaves the likely list only when both sides said it is not a duplicate: one partner
  does not decide alone for the other partnership.
"""

from ministries.models import Role
from ministries.permissions import ministry_ids

MARKING_ROLES = (Role.COORDINATOR, Role.EXECUTIVE)


def marking_ministry_ids(user, first, second):
    """The organisations `user` may mark the pair for: participants of either partnership they coordinate
    or lead as an executive. Uses the partnerships' prefetched participations."""
    return ministry_ids(user, *MARKING_ROLES) & (first.participant_ministry_ids | second.participant_ministry_ids)


def can_mark_duplicate(user, first, second):
    return bool(marking_ministry_ids(user, first, second))
