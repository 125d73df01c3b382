"""Who records lessons: the team of a participant (its coordinators, executives and evaluators).

Everyone who sees the partnership reads its lessons; field staff and other parties' people read them.
Lessons of a closed partnership can still be recorded: the closing is one of their moments.
"""

from ministries.models import Role
from ministries.permissions import ministry_ids

RECORDING_ROLES = (Role.COORDINATOR, Role.EXECUTIVE, Role.EVALUATOR)


def can_record_lesson(user, partnership):
    return bool(ministry_ids(user, *RECORDING_ROLES) & partnership.participant_ministry_ids)
