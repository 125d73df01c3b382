"""The portfolio as a table, for CSV and Excel: one row per partnership the person may see."""

from django.db.models import OuterRef, Subquery, Sum
from django.utils.translation import gettext as _

from budgets.models import Budget, Contribution, Expenditure
from charters.models import CharterVersion
from common.exports import safe_text, typed_list


def portfolio_rows(partnerships):
    """(header, rows) for the partnerships, in a fixed number of queries."""
    committed = (
        Contribution.objects.filter(budget=OuterRef("pk")).values("budget").annotate(t=Sum("committed")).values("t")
    )
    spent = Expenditure.objects.filter(budget=OuterRef("pk")).values("budget").annotate(t=Sum("amount")).values("t")
    budgets = {
        b.partnership_id: b
        for b in Budget.objects.filter(partnership__in=partnerships.values("pk")).annotate(
            committed_total=Subquery(committed), spent_total=Subquery(spent)
        )
    }
    charters = {}
    for version in CharterVersion.objects.filter(partnership__in=partnerships.values("pk")).exclude(
        status=CharterVersion.Status.SUPERSEDED
    ):
        charters.setdefault(version.partnership_id, version)  # newest first by the model's ordering
    header = [
        _("Partnership"),
        _("Phase"),
        _("Status"),
        _("Cycle"),
        _("Lead organisation"),
        _("Other organisations"),
        _("Regions"),
        _("Start date"),
        _("End date"),
        _("Charter"),
        _("Next review due"),
        _("Currency"),
        _("Committed"),
        _("Spent"),
    ]
    rows = []
    for p in partnerships.with_participants().prefetch_related("regions").order_by("title"):
        lead = p.lead
        others = [x.ministry.short_name for x in p.participants if not x.is_lead]
        charter = charters.get(p.pk)
        budget = budgets.get(p.pk)
        rows.append(
            [
                safe_text(p.title),
                p.get_phase_display(),
                p.get_status_display(),
                p.cycle,
                safe_text(lead.ministry.name if lead else ""),
                typed_list(others),
                typed_list(r.translated_name for r in p.regions.all()),
                p.start_date,
                p.end_date,
                _("Version %(number)s: %(status)s") % {"number": charter.number, "status": charter.get_status_display()}
                if charter
                else "",
                p.next_review_due,
                budget.currency if budget else "",
                budget.committed_total if budget else None,
                budget.spent_total if budget else None,
            ]
        )
    return header, rows
