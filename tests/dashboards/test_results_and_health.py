"""Indicators on and off track, the team health trend, and cached figures that follow every change."""

from datetime import date, timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from assessments.models import HealthCheck
from dashboards import portfolio
from dashboards.cache import note_change
from partnerships.models import Partnership
from results import services as results_services
from results.models import Indicator, Track, track_of
from tests.builders import approved, indicator_for, make_partnership, quarter
from tests.factories import person

TODAY = date(2026, 12, 2)


def test_track_compares_the_way_covered_with_the_time_gone_by():
    start, end = date(2026, 1, 1), date(2027, 1, 1)  # TODAY is 92 % of the way
    assert track_of(None, start, end, TODAY) == Track.NOT_MEASURED
    assert track_of(100, start, end, TODAY) == Track.REACHED
    assert track_of(83, start, end, TODAY) == Track.ON_TRACK
    assert track_of(81, start, end, TODAY) == Track.OFF_TRACK
    assert track_of(5, start, date(2036, 1, 1), TODAY) == Track.ON_TRACK  # early days
    assert track_of(95, start, date(2026, 6, 1), TODAY) == Track.ON_TRACK  # past the date: 90 is enough
    assert track_of(85, start, date(2026, 6, 1), TODAY) == Track.OFF_TRACK


def test_an_approval_stores_the_progress_the_indicator_page_computes(ministry, other_ministry, coordinator, executive):
    partnership = make_partnership([ministry, other_ministry])
    indicator = indicator_for(partnership, ministry, baseline=Decimal("20"), target=Decimal("120"), cumulative=True)
    approved(indicator, coordinator, executive, quarter(1), 30)
    approved(indicator, coordinator, executive, quarter(2), 45)

    indicator.refresh_from_db()
    assert indicator.progress_percent == indicator.progress().percent == 75
    assert indicator.measured_until == date(2026, 6, 30)

    results_services.indicator_update(indicator=indicator, by=coordinator, fields={"target": Decimal("95")})
    indicator.refresh_from_db()
    assert indicator.progress_percent == 100


def test_indicator_tracks_count_each_indicator_with_a_target_once(ministry, other_ministry, coordinator, executive):
    today = timezone.localdate()
    partnership = make_partnership([ministry, other_ministry])
    Partnership.objects.filter(pk=partnership.pk).update(
        start_date=today - timedelta(days=100), end_date=today + timedelta(days=100)
    )
    day = today - timedelta(days=1)
    ahead = indicator_for(partnership, ministry, name="Ahead", target=Decimal("100"))
    approved(ahead, coordinator, executive, day, 60)  # half the time gone, 60 % done
    behind = indicator_for(partnership, ministry, name="Behind", target=Decimal("100"))
    approved(behind, coordinator, executive, day, 20)
    done = indicator_for(partnership, ministry, name="Done", target=Decimal("10"))
    approved(done, coordinator, executive, day, 12)
    indicator_for(partnership, ministry, name="Waiting", target=Decimal("100"))
    indicator_for(partnership, ministry, name="No target", target=None)
    indicator_for(
        partnership, ministry, name="In words", unit=Indicator.Unit.QUALITATIVE, baseline=None, target=None,
        target_description="Everyone knows whom to call.",
    )  # fmt: skip

    tracks = {row.track: row.count for row in portfolio.indicator_tracks(Partnership.objects.all())}

    assert tracks == {Track.ON_TRACK: 1, Track.OFF_TRACK: 1, Track.REACHED: 1, Track.NOT_MEASURED: 1}


def _check(partnership, due, average, flag="", answers=5):
    return HealthCheck.objects.create(
        partnership=partnership,
        due_date=due,
        opens_on=due,
        closes_on=due + timedelta(days=14),
        response_count=answers,
        average=average,
        flag=flag,
    )


def test_health_trend_averages_each_quarter_from_checks_with_enough_answers(ministry, other_ministry):
    today = timezone.localdate()
    first, second = make_partnership([ministry, other_ministry]), make_partnership([ministry, other_ministry])
    this_quarter = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    last_quarter = (this_quarter - timedelta(days=1)).replace(day=1)
    _check(first, last_quarter, Decimal("4.00"))
    _check(second, last_quarter, Decimal("3.00"))
    _check(first, this_quarter, Decimal("3.20"), flag=HealthCheck.Flag.FALLING)
    _check(second, this_quarter, Decimal("2.00"), flag=HealthCheck.Flag.LOW)
    _check(second, this_quarter + timedelta(days=1), None, answers=1)  # too few answers: no average, not counted
    _check(first, this_quarter - timedelta(days=800), Decimal("1.00"))  # long ago

    trend = portfolio.health_trend(Partnership.objects.all())

    assert [(q.average, q.checks, q.low, q.falling) for q in trend] == [
        (Decimal("3.50"), 2, 0, 0),
        (Decimal("2.60"), 2, 1, 1),
    ]


def test_the_dashboard_shows_the_new_figures_and_renews_them_after_a_change(
    client_for, executive, ministry, other_ministry
):
    partnership = make_partnership([ministry, other_ministry], title="Shared intake")
    client = client_for(executive)
    first = client.get(reverse("dashboards:executive")).content.decode()
    assert "Indicators on and off track" in first
    assert "No indicator has a target yet." in first

    indicator_for(partnership, ministry, target=Decimal("100"))
    unchanged = client.get(reverse("dashboards:executive")).content.decode()
    assert "No indicator has a target yet." in unchanged  # cached: nothing was changed through the site

    note_change()  # what any successful POST does (PortfolioChangeMiddleware)
    renewed = client.get(reverse("dashboards:executive")).content.decode()
    assert "No indicator has a target yet." not in renewed
    assert "No approved result yet" in renewed


def test_a_change_made_through_the_site_renews_the_figures(client_for, executive, ministry, other_ministry):
    partnership = make_partnership([ministry, other_ministry], title="Shared intake")
    Partnership.objects.filter(pk=partnership.pk).update(next_review_due=timezone.localdate() - timedelta(days=3))
    client = client_for(executive)
    assert client.get(reverse("dashboards:executive")).context["attention_count"] == 1

    Partnership.objects.filter(pk=partnership.pk).update(next_review_due=timezone.localdate() + timedelta(days=30))
    assert "Shared intake" in client.get(reverse("dashboards:executive")).content.decode()  # still the cached figures

    coordinator = person(ministry, "coordinator")
    client_for(coordinator).post(reverse("accounts:set_language"), {"language": "en", "next": "/"})

    assert client.get(reverse("dashboards:executive")).context["attention_count"] == 0


def test_people_of_different_ministries_never_share_cached_figures(
    client_for, executive, ministry, other_ministry, outsider_ministry
):
    make_partnership([ministry, other_ministry], title="Ours together")
    make_partnership([other_ministry, outsider_ministry], title="Without us")
    Partnership.objects.update(next_review_due=timezone.localdate() - timedelta(days=3))
    other_executive = person(other_ministry, "executive", user__username="other-exec")

    mine = client_for(executive).get(reverse("dashboards:executive")).content.decode()
    theirs = client_for(other_executive).get(reverse("dashboards:executive")).content.decode()

    assert ("Ours together" in mine, "Without us" in mine) == (True, False)
    assert ("Ours together" in theirs, "Without us" in theirs) == (True, True)


def test_failed_sign_ins_do_not_renew_the_figures(db, client):
    from dashboards.cache import current_version

    before = current_version()
    for _ in range(3):
        client.post(reverse("login"), {"username": "nobody", "password": "wrong"})

    assert current_version() == before
