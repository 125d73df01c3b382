"""Health-check anonymity that survives arithmetic.

The attack: four answers, three from MCSS and one from MOH. Were MCSS's averages shown next to
everyone's, 4 x everyone - 3 x MCSS would give the one MOH person's ratings exactly. Nothing a
participant can read (the Health tab, the portfolio) may allow it, results appear only once
answering has closed, and no number of answers under the threshold is published.
"""

import re
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser
from itertools import permutations

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import health_services
from assessments.models import HealthCheck
from assessments.models.health import RATING_NAMES
from ministries.models import Role
from relations import services as relation_services
from relations.models import SCORE_NAMES as RELATION_SCORES
from relations.models import RelationshipSurvey
from tests.builders import make_partnership
from tests.factories import ClusterFactory, person

TODAY = timezone.localdate()
LONE_ANSWER = {"trust": 1, "communication": 5, "shared_goals": 2, "progress": 3, "resources": 5}


class TableRows(HTMLParser):
    """Every table row of a page, as the texts of its cells."""

    def __init__(self):
        super().__init__()
        self.rows, self._row, self._cell = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def rows_of(html):
    parser = TableRows()
    parser.feed(html)
    return parser.rows


def rating_rows(html):
    """The rows that publish five ratings (a group's figures), as lists of five Decimals."""
    found = []
    for row in rows_of(html):
        numbers = []
        for cell in row:
            try:
                numbers.append(Decimal(cell))
            except InvalidOperation:
                continue
        decimals = [n for n in numbers if n != n.to_integral_value() or "." in str(n)]
        if len(decimals) >= len(RATING_NAMES):
            found.append(decimals[: len(RATING_NAMES)])
    return found


def differencing_attack(published):
    """4 x one published row - 3 x another, rating by rating: what the attacker hopes is the lone answer."""
    return [[4 * a - 3 * b for a, b in zip(first, second, strict=True)] for first, second in permutations(published, 2)]


@pytest.fixture
def partnership(ministry, other_ministry):
    return make_partnership([ministry, other_ministry])


@pytest.fixture
def check(partnership, ministry, other_ministry):
    """Three answers from MCSS (all 4s), one from MOH, each with a remark."""
    check = health_services.health_check_open(partnership=partnership, today=TODAY)
    for number in range(3):
        health_services.health_check_respond(
            health_check=check,
            user=person(ministry, Role.FIELD_STAFF),
            ministry=ministry,
            answers={**dict.fromkeys(RATING_NAMES, 4), "going_well": f"Shared remark {number}"},
            today=TODAY,
        )
    health_services.health_check_respond(
        health_check=check,
        user=person(other_ministry, Role.FIELD_STAFF),
        ministry=other_ministry,
        answers={**LONE_ANSWER, "going_well": "A lone remark"},
        today=TODAY,
    )
    return check


def close(check):
    HealthCheck.objects.filter(pk=check.pk).update(
        opens_on=TODAY - timedelta(days=15), closes_on=TODAY - timedelta(days=1)
    )
    health_services.health_checks_settle(today=TODAY)
    check.refresh_from_db()


def test_shown_groups_hides_the_group_that_would_give_a_small_one_away():
    assert health_services.shown_groups({"A": 3, "B": 1}) == set()
    assert health_services.shown_groups({"A": 5, "B": 3, "C": 1}) == {"A"}
    assert health_services.shown_groups({"A": 3, "B": 3}) == {"A", "B"}
    assert health_services.shown_groups({"A": 4, "B": 2, "C": 1}) == {"A"}  # B and C together are 3
    assert health_services.shown_groups({"A": 2}) == set()


def test_differencing_attack_finds_nothing_on_any_page(client_for, coordinator, executive, partnership, check):
    close(check)
    pages = [
        client_for(coordinator).get(reverse("assessments:health", args=[partnership.pk])).content.decode(),
        client_for(executive).get(reverse("dashboards:executive")).content.decode(),
    ]

    published = [row for page in pages for row in rating_rows(page)]
    lone = [Decimal(LONE_ANSWER[name]) for name in RATING_NAMES]

    # Everyone's figures are there (four answers), and nothing that subtracts to the lone answer.
    assert [Decimal("3.25"), Decimal("4.25"), Decimal("3.50"), Decimal("3.75"), Decimal("4.25")] in published
    assert lone not in differencing_attack(published)
    assert check.average == Decimal("3.80")


def test_health_tab_shows_no_ministry_figures_or_small_counts(client_for, coordinator, partnership, check):
    close(check)

    html = client_for(coordinator).get(reverse("assessments:health", args=[partnership.pk])).content.decode()

    by_ministry = [row for row in rows_of(html) if row and row[0] in ("MCSS", "MOH")]
    assert by_ministry == [
        ["MCSS", "Hidden, to keep answers anonymous (see below the table)."],
        ["MOH", "Hidden, to keep answers anonymous (see below the table)."],
    ]
    (result,) = health_services.health_results(partnership, today=TODAY)
    assert [(g.label, g.count, g.averages) for g in result.ministries] == [("MCSS", None, {}), ("MOH", None, {})]
    assert result.everyone.count == 4


def test_open_check_shows_no_results(client_for, coordinator, partnership, check):
    html = client_for(coordinator).get(reverse("assessments:health", args=[partnership.pk])).content.decode()

    assert rating_rows(html) == []
    assert "remark" not in html
    assert "Results appear once answering has closed." in html
    check.refresh_from_db()
    assert (check.response_count, check.average, check.flag) == (4, None, "")
    (result,) = health_services.health_results(partnership, today=TODAY)
    assert (result.closed, result.everyone.averages, result.ministries, result.answers) == (False, {}, [], {})


def test_open_check_does_not_count_on_the_portfolio(client_for, executive, partnership, check):
    response = client_for(executive).get(reverse("dashboards:executive"))

    assert response.context["health_trend"] == []


def test_open_check_with_few_answers_does_not_say_how_many(client_for, coordinator, partnership, ministry):
    check = health_services.health_check_open(partnership=partnership, today=TODAY)
    health_services.health_check_respond(
        health_check=check, user=person(ministry, Role.FIELD_STAFF), ministry=ministry, answers=LONE_ANSWER, today=TODAY
    )

    html = client_for(coordinator).get(reverse("assessments:health", args=[partnership.pk])).content.decode()

    assert "Fewer than 3 people have answered so far." in html
    assert "1 person has answered" not in html


def test_written_answers_appear_after_closing_without_group_labels(client_for, coordinator, partnership, check):
    close(check)

    response = client_for(coordinator).get(reverse("assessments:health", args=[partnership.pk]))

    answers = response.context["latest_closed"].answers
    assert sorted(answers["What is going well?"]) == [
        "A lone remark",
        "Shared remark 0",
        "Shared remark 1",
        "Shared remark 2",
    ]
    section = re.search(r'<section aria-labelledby="health-answers".*?</section>', response.content.decode(), re.S)
    assert ("MCSS" in section.group(), "MOH" in section.group()) == (False, False)


def test_written_answers_come_in_random_order(partnership, check):
    close(check)

    orders = {
        tuple(health_services.health_results(partnership, today=TODAY)[-1].answers["What is going well?"])
        for _ in range(40)
    }

    assert len(orders) > 1


# The relationship survey (relations): one organisation's ratings of another are a group.


def _rate(survey, user, ministry, ratings):
    relation_services.survey_respond(survey=survey, user=user, ministry=ministry, ratings=ratings, today=TODAY)


def _all(score, *ministries):
    return {m.pk: dict.fromkeys(RELATION_SCORES, score) for m in ministries}


def test_relationship_differencing_finds_nothing_on_any_page(
    client_for, coordinator, executive, ministry, other_ministry, third_ministry
):
    """Three of MCSS and three of EDU rate everyone 4; one person of MOH rates MCSS and EDU 1, 2, 1 / 2, 1, 1.

    Were "received by MCSS" worked out from every rating, 4 x it - 3 x EDU's 4.00 would give the MOH
    person's trust of MCSS (1.33). No published figure may allow that, on the Relations tab, the map
    or the portfolio.
    """
    partnership = make_partnership([ministry, other_ministry, third_ministry])
    survey = relation_services.survey_open(partnership=partnership, today=TODAY)
    for _ in range(3):
        _rate(survey, person(ministry, Role.FIELD_STAFF), ministry, _all(4, other_ministry, third_ministry))
        _rate(survey, person(third_ministry, Role.FIELD_STAFF), third_ministry, _all(4, ministry, other_ministry))
    lone = dict(zip(RELATION_SCORES, (1, 2, 1, 2, 1, 1), strict=True))
    _rate(
        survey, person(other_ministry, Role.FIELD_STAFF), other_ministry, {ministry.pk: lone, third_ministry.pk: lone}
    )
    RelationshipSurvey.objects.filter(pk=survey.pk).update(
        opens_on=TODAY - timedelta(days=30), closes_on=TODAY - timedelta(days=1)
    )
    pages = [
        client_for(coordinator).get(reverse("relations:relations", args=[partnership.pk])).content.decode(),
        client_for(executive).get(reverse("dashboards:map")).content.decode(),
        client_for(executive).get(reverse("dashboards:executive")).content.decode(),
    ]

    published = set()
    for page in pages:
        for row in rows_of(page):
            for cell in row:
                try:
                    published.add(Decimal(cell))
                except InvalidOperation:
                    continue
    lone_trust, lone_value = Decimal("1.33"), Decimal("1.33")
    attacks = {(4 * a - 3 * b).quantize(Decimal("0.01")) for a, b in permutations(published, 2)}

    assert Decimal("4.00") in published  # what MCSS and EDU said of each other is there
    assert lone_trust not in published | attacks
    assert lone_value not in published | attacks
    # MOH's one person gave nothing that is shown; what the others said of MOH is.
    assert ["MOH", "—", "—", "4.00", "4.00", "2", "1.00"] in rows_of(pages[0])


def test_cluster_relationship_differencing_finds_nothing_on_any_page(
    client_for, coordinator, executive, ministry, other_ministry, third_ministry
):
    """The same attack on a cluster's round: three of MCSS and three of EDU rate everyone 4, one person of MOH
    rates MCSS and EDU low. Neither the cluster's page, nor the map, nor the portfolio (which take cluster
    rounds in) may publish the MOH person's ratings, alone or by subtraction from a total."""
    cluster = ClusterFactory(name="Human Services")
    cluster.ministries.set([ministry, other_ministry, third_ministry])
    make_partnership([ministry, other_ministry, third_ministry])  # so that the map draws the pairs
    survey = relation_services.cluster_survey_open(cluster=cluster, today=TODAY)
    for _ in range(3):
        _rate(survey, person(ministry, Role.FIELD_STAFF), ministry, _all(4, other_ministry, third_ministry))
        _rate(survey, person(third_ministry, Role.FIELD_STAFF), third_ministry, _all(4, ministry, other_ministry))
    lone = dict(zip(RELATION_SCORES, (1, 2, 1, 2, 1, 1), strict=True))
    _rate(
        survey, person(other_ministry, Role.FIELD_STAFF), other_ministry, {ministry.pk: lone, third_ministry.pk: lone}
    )
    pages_while_open = client_for(coordinator).get(reverse("relations:cluster", args=[cluster.pk])).content.decode()
    RelationshipSurvey.objects.filter(pk=survey.pk).update(
        opens_on=TODAY - timedelta(days=30), closes_on=TODAY - timedelta(days=1)
    )
    pages = [
        client_for(coordinator).get(reverse("relations:cluster", args=[cluster.pk])).content.decode(),
        client_for(executive).get(reverse("dashboards:map")).content.decode(),
        client_for(executive).get(reverse("dashboards:executive")).content.decode(),
    ]

    published = set()
    for page in pages:
        for row in rows_of(page):
            for cell in row:
                try:
                    published.add(Decimal(cell))
                except InvalidOperation:
                    continue
    attacks = {(4 * a - 3 * b).quantize(Decimal("0.01")) for a, b in permutations(published, 2)}

    # While answering is open, no figure at all.
    assert "Results appear once answering has closed" in pages_while_open
    assert not [cell for row in rows_of(pages_while_open) for cell in row if re.fullmatch(r"\d\.\d\d", cell)]
    assert Decimal("4.00") in published
    assert Decimal("1.33") not in published | attacks
    # MOH's one person gave nothing that is shown; what the others said of MOH is.
    assert ["MOH", "—", "—", "4.00", "4.00", "2", "1.00"] in rows_of(pages[0])
