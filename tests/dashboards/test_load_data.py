from io import StringIO

from django.core.management import call_command
from django.db import models

from assessments.models import HealthCheck, PointAnswer
from budgets.models import Contribution, Expenditure
from charters.models import CharterSignature
from ministries.models import Ministry
from partnerships.models import Participation, Partnership
from results.models import Indicator, Measurement, Milestone, ProgressLog


def test_generate_load_data_makes_a_consistent_portfolio(db):
    out = StringIO()

    call_command("generate_load_data", ministries=8, partnerships=30, logs=600, stdout=out)

    assert Ministry.objects.filter(short_name__startswith="LD").count() == 8
    assert Partnership.objects.count() == 30
    assert all(Participation.objects.filter(partnership=p, role="lead").count() == 1 for p in Partnership.objects.all())
    assert PointAnswer.objects.count() == 30 * 15
    assert CharterSignature.objects.exists()
    made = Measurement.objects.count() + ProgressLog.objects.count()
    assert 500 <= made <= 700
    assert "Created 8 ministries, 30 partnerships" in out.getvalue()
    assert Milestone.objects.count() == 30 * 4
    assert HealthCheck.objects.exclude(partnership__phase__in=["application", "assessment"]).count() == 0
    # Money only from ministries that take part, spending only in fiscal years that have begun.
    assert not Contribution.objects.exclude(
        ministry__participations__partnership=models.F("budget__partnership")
    ).exists()
    assert all(e.fiscal_year == e.budget.fiscal_year_of(e.date) for e in Expenditure.objects.select_related("budget"))
    # The progress stored on each indicator is what its approved measurements give.
    for indicator in Indicator.objects.with_results():
        assert indicator.progress_percent == indicator.progress().percent


def test_the_dashboard_figures_equal_the_generated_data_counted_one_by_one(db):
    """On a generated portfolio, every dashboard figure against the same figure counted row by row in Python."""
    from collections import Counter

    from django.utils import timezone

    from dashboards import attention, portfolio
    from results.models import track_of

    call_command("generate_load_data", ministries=8, partnerships=40, logs=800, stdout=StringIO())
    today = timezone.localdate()
    partnerships = Partnership.objects.all()

    by_phase, by_status = portfolio.phase_and_status_counts(partnerships)
    assert by_phase == Counter(p.phase for p in partnerships)
    assert by_status == Counter(p.status for p in partnerships)

    by_year, _by_ministry = portfolio.money(partnerships)
    expected = Counter()
    for c in Contribution.objects.select_related("budget"):
        expected[(c.budget.currency, c.budget.year_label(c.fiscal_year), "pledged")] += c.pledged
        expected[(c.budget.currency, c.budget.year_label(c.fiscal_year), "committed")] += c.committed
    for e in Expenditure.objects.select_related("budget"):
        expected[(e.budget.currency, e.budget.year_label(e.fiscal_year), "spent")] += e.amount
    for row in by_year:
        for name in ("pledged", "committed", "spent"):
            assert getattr(row, name) == expected[(row.currency, row.label, name)]

    tracks = {row.track: row.count for row in portfolio.indicator_tracks(partnerships)}
    counted = Counter(
        track_of(i.progress().percent, i.partnership.start_date, i.target_date or i.partnership.end_date, today)
        for i in Indicator.objects.with_results().select_related("partnership")
    )
    assert tracks == {track: counted[track] for track in tracks}

    items = attention.attention_items(partnerships)
    kinds = Counter(item.kind for item in items)
    assert kinds["review"] == sum(1 for p in partnerships if p.status == "active" and p.next_review_due < today)
    # Nothing is late in a partnership on hold or closed.
    active = {p.pk for p in partnerships if p.status == "active"}
    assert kinds["milestone"] == sum(
        1 for m in Milestone.objects.all() if m.status == "open" and m.due_date < today and m.partnership_id in active
    )
    newest = {}  # each partnership's newest check whose answering has closed, with results
    for check in HealthCheck.objects.filter(average__isnull=False, closes_on__lt=today).order_by("due_date"):
        newest[check.partnership_id] = check
    assert kinds["health"] == sum(
        1 for check in newest.values() if check.flag in ("low", "falling") and check.partnership_id in active
    )
    spent, committed = Counter(), Counter()
    for e in Expenditure.objects.select_related("budget"):
        spent[e.budget.partnership_id] += e.amount
    for c in Contribution.objects.select_related("budget"):
        committed[c.budget.partnership_id] += c.committed
    overspent = sum(1 for pk in spent if spent[pk] > committed[pk] and pk in active)
    unfunded = sum(
        1
        for p in partnerships
        if p.phase in ("application", "assessment") and p.status == "active" and not committed[p.pk]
    )
    assert kinds["budget"] == overspent + unfunded
    shown = attention.attention(partnerships)
    assert shown.count == len(items)
    assert shown.items == items[: attention.SHOWN_AT_FIRST]
