"""Who may do what with the relationship survey and the balance of power.

- Everyone who sees the partnership sees its figures (participants, funders, stakeholders);
  an organisation outside it gets 404 (partnerships.permissions.get_partnership_for_user).
- The people of a participating organisation (coordinators, executives, field staff) rate the
  other participants, once per round, as for health checks.
- Coordinators of any participant open a round by hand: asking is not deciding, so no partner
  overrules another by it, and the figures of a round are only ever the answers.
"""

from assessments.health_permissions import team_ministry_ids
from partnerships.permissions import can_edit_partnership


def can_open_survey(user, partnership):
    return can_edit_partnership(user, partnership)


def can_answer_survey(user, survey, *, day=None):
    partnership = survey.partnership
    return not partnership.is_closed and survey.is_open(day) and bool(team_ministry_ids(user, partnership))
