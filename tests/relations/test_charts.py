"""The charts beside the Relations tab's tables and the portfolio's balance of power: the same figures, no more.

Three parties A, B, C. Three people of A rated B (shown), two of C rated A (hidden: fewer than 3), nobody
rated across B and C. So the pair A-B has figures, A-C and B-C none, in the table and in the chart alike.
"""

import json
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from common.dates import day_label
from ministries.models import Role
from partnerships.models import Participation, Partnership
from relations import figures
from relations.power import portfolio_power_flags, power_balance, power_flags_chart
from tests.builders import make_partnership, partnership_of
from tests.factories import (
    ActionItemFactory,
    BudgetFactory,
    ContributionFactory,
    ExpenditureFactory,
    MinistryFactory,
    RelationshipRatingFactory,
    RelationshipSurveyFactory,
    person,
)

D = Decimal
TODAY = timezone.localdate()


def chart_in(page, chart_id):
    """The chart's spec as the page gives it to static/js/charts.js, or None when the page has no such chart."""
    found = re.search(rf'<script id="{chart_id}" type="application/json">(.*?)</script>', page, re.S)
    if found is None:
        return None
    assert f'data-chart="{chart_id}"' in page
    return json.loads(found.group(1))


def rate(survey, rater, rated, count, trust, value):
    for _ in range(count):
        RelationshipRatingFactory(
            survey=survey,
            rater=rater,
            rated=rated,
            trust_mission=trust,
            trust_openness=trust,
            trust_reliability=trust,
            value_power=value,
            value_resources=value,
            value_involvement=value,
        )


@pytest.fixture
def parties(db):
    return [MinistryFactory(name=f"Party {x}", short_name=x) for x in "ABC"]


@pytest.fixture
def rated(parties):
    """Two closed rounds (the older one all 2s, the newer one as the module says) and an open one."""
    a, b, c = parties
    partnership = partnership_of(a, b, c)
    older = RelationshipSurveyFactory(
        partnership=partnership, due_date=TODAY - timedelta(days=120), closes_on=TODAY - timedelta(days=100)
    )
    rate(older, a, b, 3, 2, 2)
    newer = RelationshipSurveyFactory(partnership=partnership)
    rate(newer, a, b, 3, 4, 3)
    rate(newer, c, a, 2, 1, 1)
    RelationshipSurveyFactory(partnership=partnership, due_date=TODAY, closes_on=TODAY + timedelta(days=14))
    return Partnership.objects.with_participants().get(pk=partnership.pk)


def test_the_pairs_chart_has_the_tables_shown_pairs_and_no_hidden_one(rated):
    latest = [r for r in figures.survey_rounds(rated, today=TODAY) if r.closed][-1]

    chart = latest.network.pairs_chart()

    shown = [(f"{p.first} — {p.second}", p.trust, p.value) for p in latest.network.pairs if p.known]
    assert shown == [("A — B", D("4.00"), D("3.00"))]
    assert chart["labels"] == ["A — B"]
    assert [(s["label"], s["data"]) for s in chart["datasets"]] == [("Trust", [D("4.00")]), ("Value", [D("3.00")])]
    assert (chart["type"], chart["horizontal"], chart["min"], chart["max"]) == ("bar", True, 1, 4)


def test_no_chart_when_every_pair_is_hidden(parties):
    a, b, c = parties
    partnership = partnership_of(a, b, c)
    rate(RelationshipSurveyFactory(partnership=partnership), a, b, 2, 4, 4)  # two raters only
    partnership = Partnership.objects.with_participants().get(pk=partnership.pk)

    (round_,) = figures.survey_rounds(partnership, today=TODAY)

    assert round_.network.known_pairs == 0
    assert round_.network.pairs_chart() is None
    assert figures.rounds_chart([round_]) is None


def test_the_rounds_chart_has_the_closed_rounds_figures_in_order(rated):
    rounds = figures.survey_rounds(rated, today=TODAY)

    chart = figures.rounds_chart(rounds)

    closed = [r for r in rounds if r.closed]
    assert len(rounds) == 3  # the open round has no figures, and no point
    assert len(closed) == 2
    assert chart["labels"] == [day_label(r.survey.due_date) for r in closed]
    assert [(s["label"], s["data"], s.get("axis")) for s in chart["datasets"]] == [
        ("Mean trust", [D("2.00"), D("4.00")], None),
        ("Mean value", [D("2.00"), D("3.00")], None),
        ("Density", [D("0.00"), D("0.33")], "y2"),
    ]
    assert [(r.network.trust, r.network.value, r.network.density) for r in closed] == [
        (D("2.00"), D("2.00"), D("0.00")),
        (D("4.00"), D("3.00"), D("0.33")),
    ]


def test_no_rounds_chart_before_a_round_has_closed(partnership):
    RelationshipSurveyFactory(partnership=partnership, due_date=TODAY, closes_on=TODAY + timedelta(days=14))

    assert figures.rounds_chart(figures.survey_rounds(partnership, today=TODAY)) is None


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", ["Confiance moyenne", "Valeur moyenne", "Densité", "Score moyen, de 1 à 4"]),
        ("he", ["אמון ממוצע", "ערך ממוצע", "צפיפות", "ציון ממוצע, 1 עד 4"]),
    ],
)
def test_the_charts_labels_are_translated(rated, language, expected):
    rounds = figures.survey_rounds(rated, today=TODAY)
    with translation.override(language):
        chart = figures.rounds_chart(rounds)
        dates = [day_label(r.survey.due_date) for r in rounds if r.closed]

    assert [s["label"] for s in chart["datasets"]] + [chart["axis"]] == expected
    assert chart["labels"] == dates


def test_the_tab_gives_each_chart_the_figures_its_table_shows(client_for, rated, parties):
    reader = person(parties[0], Role.COORDINATOR, user__username="reader")

    response = client_for(reader).get(reverse("relations:relations", args=[rated.pk]))

    page = response.content.decode()
    pairs = chart_in(page, "relations-pairs-chart")
    rounds = chart_in(page, "relations-rounds-chart")
    assert pairs["labels"] == ["A — B"]
    assert [s["data"] for s in pairs["datasets"]] == [["4.00"], ["3.00"]]
    assert [s["data"] for s in rounds["datasets"]] == [["2.00", "4.00"], ["2.00", "3.00"], ["0.00", "0.33"]]
    # The hidden pairs read as hidden in the table, and are in no chart.
    assert page.count("Not shown, to keep answers anonymous.") == 2
    assert "A — C" not in json.dumps(pairs)
    assert "B — C" not in json.dumps(pairs)
    assert '<script src="/static/js/charts.js" defer></script>' in page


def test_the_tab_has_no_survey_chart_before_a_round_has_closed(client_for, coordinator, partnership):
    RelationshipSurveyFactory(partnership=partnership, due_date=TODAY, closes_on=TODAY + timedelta(days=14))

    page = client_for(coordinator).get(reverse("relations:relations", args=[partnership.pk])).content.decode()

    assert chart_in(page, "relations-rounds-chart") is None
    assert chart_in(page, "relations-pairs-chart") is None
    assert chart_in(page, "balance-chart") is not None  # the balance of power has figures from the start


def test_the_portfolios_trust_changes_chart_has_the_lists_figures(rated):
    changes = figures.trust_changes(Partnership.objects.all(), today=TODAY)

    chart = figures.trust_changes_chart(changes)

    assert [(c.first, c.second, c.before, c.after) for c in changes] == [("A", "B", D("2.00"), D("4.00"))]
    assert chart["labels"] == [f"A — B ({rated.title})"]
    assert [(s["label"], s["data"]) for s in chart["datasets"]] == [
        ("Trust before", [D("2.00")]),
        ("Trust after", [D("4.00")]),
    ]
    assert figures.trust_changes_chart([]) is None


# The balance of power


def paying_more(ministry, other_ministry, title="Integrated services for children"):
    partnership = make_partnership([ministry, other_ministry], title=title)
    for party, share in ((ministry, 20), (other_ministry, 80)):
        Participation.objects.filter(partnership=partnership, ministry=party).update(gain_share=share, risk_share=share)
    budget = BudgetFactory(partnership=partnership)
    ContributionFactory(budget=budget, ministry=ministry, pledged=D("70000"), committed=D("70000"))
    ContributionFactory(budget=budget, ministry=other_ministry, pledged=D("30000"), committed=D("30000"))
    return partnership


def test_the_balance_chart_puts_the_tables_shares_side_by_side(ministry, other_ministry):
    partnership = paying_more(ministry, other_ministry)
    for owner in (ministry, ministry, other_ministry, ministry):
        ActionItemFactory(partnership=partnership, owner_ministry=owner)

    balance = power_balance(partnership, today=TODAY)
    chart = balance.chart()

    assert chart["labels"] == [p.participation.ministry.name for p in balance.parties]
    assert chart["labels"] == ["Ministry of Community and Social Services", "Ministry of Health"]
    # Nothing spent and no assignment yet: those shares of nothing are in the table (0) but draw no bar.
    assert [(s["label"], s["data"]) for s in chart["datasets"]] == [
        ("Money committed", [D("70.0"), D("30.0")]),
        ("Vote", [D("20.0"), D("80.0")]),
        ("Action items", [D("75.0"), D("25.0")]),
    ]
    assert [(p.spent, p.assignments) for p in balance.parties] == [(D("0"), D("0"))] * 2
    assert (chart["percent"], chart["max"], chart["horizontal"]) == (True, 100, True)


def test_the_balance_chart_leaves_out_money_and_work_there_is_none_of(partnership):
    chart = power_balance(partnership, today=TODAY).chart()

    assert [(s["label"], s["data"]) for s in chart["datasets"]] == [("Vote", [D("50.0"), D("50.0")])]


def test_the_balance_chart_reads_in_hebrew(ministry, other_ministry):
    partnership = paying_more(ministry, other_ministry)
    ExpenditureFactory(budget=partnership.budget, ministry=ministry, amount=D("500"))
    balance = power_balance(partnership, today=TODAY)

    with translation.override("he"):
        chart = balance.chart()

    assert [s["label"] for s in chart["datasets"]] == ["כסף שהתחייבו אליו", "כסף שהוצא", "הצבעה"]


def test_the_portfolios_flags_chart_has_the_flagged_rows_figures(client_for, executive, ministry, other_ministry):
    paying_more(ministry, other_ministry)
    make_partnership([ministry, MinistryFactory()], title="In balance")
    flags = portfolio_power_flags(Partnership.objects.all())

    chart = power_flags_chart(flags)
    page = client_for(executive).get(reverse("dashboards:executive")).content.decode()

    assert chart["labels"] == [
        "Ministry of Community and Social Services (Integrated services for children)",
        "Ministry of Health (Integrated services for children)",
    ]
    assert [(s["label"], s["data"]) for s in chart["datasets"]] == [
        ("Money committed", [D("70.0"), D("30.0")]),
        ("Vote", [D("20.0"), D("80.0")]),
        ("Work", [D("0"), D("0")]),
    ]
    assert chart_in(page, "power-flags-chart")["datasets"][1]["data"] == ["20.0", "80.0"]
    assert power_flags_chart([]) is None


def test_the_portfolios_work_column_reads_as_work_in_french(ministry, other_ministry):
    flags = portfolio_power_flags(Partnership.objects.filter(pk=paying_more(ministry, other_ministry).pk))

    with translation.override("fr"):
        chart = power_flags_chart(flags)

    # "Work" alone is also a person's job ("Poste"); this one is a share of the work.
    assert [s["label"] for s in chart["datasets"]] == ["Argent engagé", "Vote", "Travail"]
