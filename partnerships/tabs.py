"""The tabs of a partnership's page, in order.

Each tab names the URL that shows it (taking the partnership's pk). The apps' views
render their tab inside `partnerships/detail_base.html` with `tab_context(...)`.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partnerships.permissions import can_edit_partnership, can_sign_charter, can_view_partnership


@dataclass(frozen=True)
class Tab:
    key: str
    label: str
    url_name: str

    def url(self, partnership):
        return reverse(self.url_name, args=[partnership.pk])


TABS = [
    Tab("overview", _("Overview"), "partnerships:detail"),
    Tab("charter", _("Charter"), "charters:charter"),
    Tab("points", _("15 points"), "assessments:points"),
    Tab("gate", _("Phase gate"), "assessments:gate"),
    Tab("progress", _("Progress"), "results:progress"),
    Tab("results", _("Results"), "results:results"),
    Tab("meetings", _("Meetings"), "meetings:meetings"),
    Tab("budget", _("Budget"), "budgets:budget"),
    Tab("health", _("Health"), "assessments:health"),
    Tab("reviews", _("Reviews"), "assessments:reviews"),
    Tab("lessons", _("Lessons"), "lessons:partnership"),
    Tab("relations", _("Relations"), "relations:relations"),
    Tab("competence", _("Competence"), "competences:team"),
    Tab("duplicates", _("Duplicates"), "overlaps:partnership"),
    Tab("history", _("History"), "partnerships:history"),
]

# The tabs an assigned outside evaluator may open (see assessments.health_permissions).
OUTSIDER_TABS = {"health", "reviews"}


def tab_context(request, partnership, key):
    """What every tab of the partnership page needs: the tabs and what this person may do."""
    # An evaluator from outside, assigned to this partnership only, sees only what they may open.
    shown = TABS if can_view_partnership(request.user, partnership) else [t for t in TABS if t.key in OUTSIDER_TABS]
    return {
        "partnership": partnership,
        "tab": key,
        "tabs": [(tab.key, tab.label, tab.url(partnership)) for tab in shown],
        "may_edit": can_edit_partnership(request.user, partnership),
        "may_sign": can_sign_charter(request.user, partnership),
    }
