"""The tabs of a partnership's page, in order.

Each tab names the URL that shows it. A tab whose feature is not built yet has
no URL name: it opens a page that says so plainly, never made-up data.
Other apps' views render their tab inside `partnerships/detail_base.html`
with `tab_context(request, partnership, key)`.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Tab:
    key: str
    label: str
    url_name: str | None

    def url(self, partnership):
        if self.url_name is None:
            return reverse("partnerships:tab", args=[partnership.pk, self.key])
        return reverse(self.url_name, args=[partnership.pk])


TABS = [
    Tab("overview", _("Overview"), "partnerships:detail"),
    Tab("charter", _("Charter"), "partnerships:charter"),
    Tab("points", _("15 points"), "assessments:points"),
    Tab("gate", _("Phase gate"), "assessments:gate"),
    Tab("progress", _("Progress"), "partnerships:progress"),
    Tab("results", _("Results"), "partnerships:results"),
    Tab("meetings", _("Meetings"), "partnerships:meetings"),
    Tab("budget", _("Budget"), "budgets:budget"),
    Tab("health", _("Health"), None),
    Tab("reviews", _("Reviews"), None),
    Tab("history", _("History"), "partnerships:history"),
]
UPCOMING = {tab.key: tab for tab in TABS if tab.url_name is None}


def tab_context(request, partnership, key):
    """What every tab of the partnership page needs: the tabs and what this person may do."""
    from .permissions import can_edit_partnership, can_sign_charter

    return {
        "partnership": partnership,
        "tab": key,
        "tabs": [(tab.key, tab.label, tab.url(partnership)) for tab in TABS],
        "may_edit": can_edit_partnership(request.user, partnership),
        "may_sign": can_sign_charter(request.user, partnership),
    }
