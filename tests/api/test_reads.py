"""What the API reads: each partnership's rows, under the web's rules, at a cost that does not grow with the rows."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments import health_services
from assessments import services as assessment_services
from assessments.models import EvaluatorAssignment, GatePosition, PointPosition
from charters.models import CharterSignature
from ministries.models import Role
from partnerships.models import Phase
from tests.builders import make_partnership, signed_in
from tests.factories import (
    ActionItemFactory,
    BudgetFactory,
    CharterVersionFactory,
    ClusterFactory,
    ContributionFactory,
    DecisionFactory,
    ExpenditureFactory,
    GateRequestFactory,
    HealthCheckFactory,
    IndicatorFactory,
    MeasurementFactory,
    MeetingFactory,
    MilestoneFactory,
    MinistryFactory,
    ProgressLogFactory,
    RegionFactory,
    ReviewFactory,
    UserFactory,
    person,
)


def url(partnership, tail=""):
    return f"/api/v1/partnerships/{partnership.pk}/{tail}"


# Each list: (the URL's tail, a builder of `n` rows of the partnership with what each row nests, their ids).


def charter_versions(p, n):
    rows = [CharterVersionFactory(partnership=p, number=10 + i, status="superseded") for i in range(n)]
    for version in rows:
        for participation in p.participations.all():
            CharterSignature.objects.create(
                version=version, ministry=participation.ministry, signed_by=version.created_by, signer_name="A. Signer"
            )
    return [v.pk for v in p.charter_versions.order_by("pk")]


def points(p, n):
    assessment_services.answers_for(p)
    answers = list(p.point_answers.order_by("pk"))
    for answer in answers[:n]:
        for participation in p.participations.all():
            PointPosition.objects.create(answer=answer, ministry=participation.ministry, stance="agree")
    return [a.pk for a in answers]


def gates(p, n):
    rows = [GateRequestFactory(partnership=p, cycle=i + 1, status="withdrawn") for i in range(n)]
    for gate in rows:
        GatePosition.objects.create(request=gate, ministry=p.participations.first().ministry, stance="approve")
    return [g.pk for g in rows]


def indicators(p, n):
    return [IndicatorFactory(partnership=p, owner_ministry=p.participations.first().ministry).pk for _ in range(n)]


def measurements(p, n):
    indicator = IndicatorFactory(partnership=p, owner_ministry=p.participations.first().ministry)
    return [
        MeasurementFactory(
            indicator=indicator,
            field_unit=None,
            period__start=timezone.localdate().replace(day=1) - timedelta(days=100 * i),
            period__end=timezone.localdate().replace(day=1) - timedelta(days=100 * i - 50),
        ).pk
        for i in range(n)
    ]


def milestones(p, n):
    return [MilestoneFactory(partnership=p).pk for _ in range(n)]


def progress_logs(p, n):
    ministry = p.participations.first().ministry
    return [ProgressLogFactory(partnership=p, ministry=ministry).pk for _ in range(n)]


def meetings(p, n):
    rows = [MeetingFactory(partnership=p) for _ in range(n)]
    for meeting in rows:
        DecisionFactory(partnership=p, meeting=meeting)
    return [m.pk for m in rows]


def decisions(p, n):
    return [DecisionFactory(partnership=p).pk for _ in range(n)]


def action_items(p, n):
    return [ActionItemFactory(partnership=p).pk for _ in range(n)]


def expenditures(p, n):
    budget = BudgetFactory(partnership=p)
    ministry = p.participations.first().ministry
    return [ExpenditureFactory(budget=budget, ministry=ministry).pk for _ in range(n)]


def reviews(p, n):
    return [ReviewFactory(partnership=p).pk for _ in range(n)]


# (tail, builder, queries for a page whatever the number of rows: six to sign in and fetch the partnership with its
# parties, one for the rows, one for each kind of row they nest)
LISTS = [
    ("charter-versions/", charter_versions, 8),
    ("points/", points, 7),
    ("gates/", gates, 7),
    ("indicators/", indicators, 6),
    ("measurements/", measurements, 6),
    ("milestones/", milestones, 6),
    ("progress-logs/", progress_logs, 7),
    ("meetings/", meetings, 7),
    ("decisions/", decisions, 6),
    ("action-items/", action_items, 6),
    ("expenditures/", expenditures, 6),
    ("reviews/", reviews, 6),
]
IDS = [tail.strip("/") for tail, _build, _queries in LISTS]


@pytest.mark.parametrize(("tail", "build", "queries"), LISTS, ids=IDS)
def test_each_list_shows_the_partnerships_rows_and_no_other(client, coordinator, ministry, tail, build, queries):
    partnership = make_partnership([ministry, MinistryFactory()])
    foreign = make_partnership([MinistryFactory(), MinistryFactory()])
    expected = build(partnership, 2)
    build(foreign, 2)
    signed_in(client, coordinator)

    response = client.get(url(partnership, tail))

    assert response.status_code == 200
    assert sorted(row["id"] for row in response.json()["results"]) == sorted(expected)


@pytest.mark.parametrize(("tail", "build", "queries"), LISTS, ids=IDS)
def test_each_list_costs_the_same_queries_for_few_rows_and_many(client, coordinator, ministry, tail, build, queries):
    few = make_partnership([ministry, MinistryFactory()], title="Few")
    many = make_partnership([ministry, MinistryFactory()], title="Many")
    build(few, 1)
    build(many, 4)
    signed_in(client, coordinator)
    counts = []
    for partnership in (few, many):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(partnership, tail)).status_code == 200
        counts.append(len(captured))

    assert counts == [queries, queries]


def test_the_partnerships_list_costs_the_same_queries_for_few_and_many(client, coordinator, ministry):
    signed_in(client, coordinator)
    make_partnership([ministry, MinistryFactory()], title="First")
    counts = []
    for more in (0, 3):
        for i in range(more):
            make_partnership([ministry, MinistryFactory(), MinistryFactory()], title=f"More {i}")
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/api/v1/partnerships/")
        counts.append((len(response.json()["results"]), len(captured)))

    assert counts == [(1, 5), (4, 5)]


def test_the_partnerships_list_shows_the_parties_and_only_what_the_person_sees(client, coordinator, ministry):
    mine = make_partnership([ministry, MinistryFactory(short_name="MOH")], title="Mine")
    make_partnership([MinistryFactory(), MinistryFactory()], title="Not mine")
    signed_in(client, coordinator)

    rows = client.get("/api/v1/partnerships/").json()["results"]

    assert [(row["id"], row["title"]) for row in rows] == [(mine.pk, "Mine")]
    assert [(p["ministry"], p["role"]) for p in rows[0]["participants"]] == [
        (p.ministry_id, p.role) for p in mine.participants
    ]


def test_the_partnerships_list_filters_as_the_web_list(client, coordinator, ministry):
    cluster = ClusterFactory()
    ministry.clusters.add(cluster)
    planning = make_partnership([ministry, MinistryFactory()], title="Planning", phase=Phase.PLANNING)
    other = MinistryFactory()
    elsewhere = make_partnership([other, MinistryFactory()], title="Elsewhere")
    elsewhere.participations.create(ministry=ministry, kind="stakeholder")
    signed_in(client, coordinator)

    def titles(**query):
        response = client.get("/api/v1/partnerships/", query)
        assert response.status_code == 200, response.json()
        return sorted(row["title"] for row in response.json()["results"])

    assert titles(phase=Phase.PLANNING) == [planning.title]
    assert titles(ministry=other.pk) == ["Elsewhere"]
    assert titles(cluster=cluster.pk) == ["Elsewhere", "Planning"]
    assert titles(q="planning") == ["Planning"]
    region = RegionFactory()
    elsewhere.regions.add(region)
    assert titles(region=region.pk) == ["Elsewhere"]


@pytest.mark.parametrize("query", [{"cluster": "abc"}, {"phase": "nope"}, {"ministry": "9" * 30}, {"region": "\u00b2"}])
def test_a_filter_value_that_cannot_be_is_a_400_that_names_the_filter(client, coordinator, query):
    signed_in(client, coordinator)

    response = client.get("/api/v1/partnerships/", query)

    assert response.status_code == 400
    assert list(response.json()) == list(query)


@pytest.mark.parametrize("value", ["abc", "9" * 30, "-1", "\u00b2"])
def test_an_id_filter_takes_only_ids(client, coordinator, partnership, value):
    signed_in(client, coordinator)

    response = client.get(url(partnership, "measurements/"), {"indicator": value})

    assert response.status_code == 400
    assert list(response.json()) == ["indicator"]


def test_measurements_filter_by_indicator_and_status(client, coordinator, partnership, ministry):
    first, second = (
        IndicatorFactory(partnership=partnership, owner_ministry=ministry),
        IndicatorFactory(partnership=partnership, owner_ministry=ministry),
    )
    wanted = MeasurementFactory(indicator=first, status="submitted")
    MeasurementFactory(indicator=first, period__start=date(2026, 4, 1), period__end=date(2026, 6, 30))
    MeasurementFactory(indicator=second, status="submitted")
    signed_in(client, coordinator)

    rows = client.get(url(partnership, "measurements/"), {"indicator": first.pk, "status": "submitted"}).json()

    assert [row["id"] for row in rows["results"]] == [wanted.pk]


def test_action_items_and_milestones_filter_by_status(client, coordinator, partnership):
    meeting = MeetingFactory(partnership=partnership)
    done = ActionItemFactory(partnership=partnership, status="done", meeting=meeting)
    ActionItemFactory(partnership=partnership, meeting=meeting)
    ActionItemFactory(partnership=partnership, status="done")
    reached = MilestoneFactory(partnership=partnership, status="done", done_at=timezone.now())
    MilestoneFactory(partnership=partnership)
    signed_in(client, coordinator)

    items = client.get(url(partnership, "action-items/"), {"status": "done", "meeting": meeting.pk}).json()
    steps = client.get(url(partnership, "milestones/"), {"status": "done"}).json()

    assert ([row["id"] for row in items["results"]], [row["id"] for row in steps["results"]]) == (
        [done.pk],
        [reached.pk],
    )


def test_pages_follow_a_cursor(client, coordinator, partnership):
    items = [ActionItemFactory(partnership=partnership).pk for _ in range(5)]
    signed_in(client, coordinator)
    seen, next_url = [], url(partnership, "action-items/?page_size=2")
    while next_url:
        page = client.get(next_url).json()
        seen += [row["id"] for row in page["results"]]
        next_url = page["next"]

    assert seen == items


def test_a_cursor_that_is_not_one_is_a_404(client, coordinator, partnership):
    signed_in(client, coordinator)

    assert client.get(url(partnership, "action-items/"), {"cursor": "\x00bad"}).status_code == 404


def test_the_budget_shows_each_contribution(client, coordinator, partnership, ministry):
    budget = BudgetFactory(partnership=partnership)
    ContributionFactory(budget=budget, ministry=ministry, fiscal_year=2027)
    ContributionFactory(budget=budget, ministry=ministry, fiscal_year=2026)
    signed_in(client, coordinator)

    data = client.get(url(partnership, "budget/")).json()

    assert (data["currency"], [(c["fiscal_year"], c["pledged"]) for c in data["contributions"]]) == (
        "CAD",
        [(2026, "100000.00"), (2027, "100000.00")],
    )


def test_a_partnership_without_a_budget_answers_404(client, coordinator, partnership):
    signed_in(client, coordinator)

    assert client.get(url(partnership, "budget/")).status_code == 404


def test_an_action_item_of_another_partnership_is_404(client, coordinator, partnership):
    foreign = ActionItemFactory()
    signed_in(client, coordinator)

    assert client.get(url(partnership, f"action-items/{foreign.pk}/")).status_code == 404


def test_support_staff_say_why_in_the_browser_before_the_api_opens_a_partnership(client, partnership):
    support = UserFactory(is_superuser=True, is_staff=True)
    signed_in(client, support)

    response = client.get(url(partnership))

    assert response.status_code == 403
    assert "say why" in response.json()["detail"]


def test_an_assigned_evaluator_reads_health_and_reviews_and_nothing_else(client, partnership):
    outside = person(MinistryFactory(), Role.EVALUATOR)
    EvaluatorAssignment.objects.create(partnership=partnership, evaluator=outside)
    review = ReviewFactory(partnership=partnership)
    signed_in(client, outside)

    statuses = [client.get(url(partnership, tail)).status_code for tail in ("health-checks/", "reviews/", "", "gates/")]

    assert statuses == [200, 200, 404, 404]
    assert [row["id"] for row in client.get(url(partnership, "reviews/")).json()["results"]] == [review.pk]


def answer(check, user, ministry, rating, day):
    ratings = dict.fromkeys(["trust", "communication", "shared_goals", "progress", "resources"], rating)
    health_services.health_check_respond(
        health_check=check, user=user, ministry=ministry, answers={**ratings, "going_well": "Intake"}, today=day
    )


def test_health_results_keep_the_answers_anonymous_as_the_web_does(client, coordinator, partnership, ministry):
    other = partnership.participations.exclude(ministry=ministry).get().ministry
    today = timezone.localdate()
    closed = HealthCheckFactory(partnership=partnership, due_date=today - timedelta(days=20))
    day = closed.opens_on
    for rating in (4, 4, 5):
        answer(closed, person(ministry, Role.FIELD_STAFF), ministry, rating, day)
    answer(closed, person(other, Role.FIELD_STAFF), other, 1, day)
    still_open = HealthCheckFactory(partnership=partnership, due_date=today)
    answer(still_open, person(ministry, Role.FIELD_STAFF), ministry, 2, today)
    signed_in(client, coordinator)

    first, second = client.get(url(partnership, "health-checks/")).json()

    # Four answers: everyone is shown; MCSS's three would give away MOH's one, so both are hidden.
    assert (first["id"], first["closed"], first["everyone"]["count"], first["everyone"]["overall"]) == (
        closed.pk,
        True,
        4,
        "3.50",
    )
    assert [(group["count"], group["averages"]) for group in first["ministries"]] == [(None, {}), (None, {})]
    assert first["answers"] == {"What is going well?": ["Intake"] * 4} | {
        key: [] for key in first["answers"] if key != "What is going well?"
    }
    assert (second["id"], second["closed"], second["everyone"], second["ministries"]) == (
        still_open.pk,
        False,
        {"label": "Everyone", "count": None, "averages": {}, "overall": None},
        [],
    )


@pytest.mark.parametrize("tail", ["", "measurements/", "progress-logs/", "action-items/{item}/", "health-checks/"])
def test_the_browsable_api_shows_each_page_in_the_browser(client, coordinator, partnership, tail):
    item = ActionItemFactory(partnership=partnership)
    signed_in(client, coordinator)

    response = client.get(url(partnership, tail.format(item=item.pk)), HTTP_ACCEPT="text/html")

    assert (response.status_code, response.headers["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert b"Interlock API" in response.content or b"Django REST framework" in response.content
