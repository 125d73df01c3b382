"""The relationship survey's figures on a known network, against figures worked out by hand.

Four parties A, B, C, D. Three people of A rated B and C, three of B rated A and C, only two of C
(rated A and B) and two of D (rated A): a cell with two raters is hidden, so the pairs with D and
C's view of the others are unknown.

    A→B trust: 34 points over 9 answers = 3.78, value 3.00      B→A trust 3.00, value 3.00
    A→C trust 2.00, value 2.00                                  B→C trust 3.00, value 2.00
    pair AB: trust (3.78 + 3.00) / 2 = 3.39, value 3.00, score 3.20 -> a tie (2.5 or more)
    pair AC: trust 2.00, value 2.00, score 2.00 -> no tie
    pair BC: trust 3.00, value 2.00, score 2.50 -> a tie
    ties AB and BC out of 6 possible pairs: density 2/6 = 0.33
    degree A 1, B 2, C 1, D 0: centrality 1/3 = 0.33, 2/3 = 0.67, 0.33, 0.00; B central, D isolated
    A gave trust (3.78 + 2.00) / 2 = 2.89; C received trust (2.00 + 3.00) / 2 = 2.50
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from partnerships.models import Partnership
from relations import figures
from relations.figures import Pair, network_measures
from tests.builders import partnership_of
from tests.factories import MinistryFactory, RelationshipRatingFactory, RelationshipSurveyFactory

TODAY = timezone.localdate()
D = Decimal


def scores(trust, value):
    (mission, openness, reliability), (power, resources, involvement) = trust, value
    return {
        "trust_mission": mission,
        "trust_openness": openness,
        "trust_reliability": reliability,
        "value_power": power,
        "value_resources": resources,
        "value_involvement": involvement,
    }


@pytest.fixture
def parties(db):
    return [MinistryFactory(name=f"Party {x}", short_name=x) for x in "ABCD"]


@pytest.fixture
def known(parties):
    a, b, c, d = parties
    partnership = partnership_of(a, b, c, d)
    survey = RelationshipSurveyFactory(partnership=partnership)
    for trust in [(4, 4, 4), (4, 4, 3), (3, 4, 4)]:
        RelationshipRatingFactory(survey=survey, rater=a, rated=b, **scores(trust, (3, 3, 3)))
    for _ in range(3):
        RelationshipRatingFactory(survey=survey, rater=a, rated=c, **scores((2, 2, 2), (2, 2, 2)))
        RelationshipRatingFactory(survey=survey, rater=b, rated=a, **scores((3, 3, 3), (3, 3, 3)))
        RelationshipRatingFactory(survey=survey, rater=b, rated=c, **scores((3, 3, 3), (2, 2, 2)))
    for _ in range(2):
        RelationshipRatingFactory(survey=survey, rater=c, rated=a, **scores((1, 1, 1), (1, 1, 1)))
        RelationshipRatingFactory(survey=survey, rater=c, rated=b, **scores((1, 1, 1), (1, 1, 1)))
        RelationshipRatingFactory(survey=survey, rater=d, rated=a, **scores((1, 1, 1), (1, 1, 1)))
    return Partnership.objects.with_participants().get(pk=partnership.pk)


def test_pairs_density_and_centrality_match_the_hand_worked_figures(known):
    (round_,) = figures.survey_rounds(known, today=TODAY)
    network = round_.network

    assert [(p.first, p.second, p.trust, p.value, p.score, p.is_tie) for p in network.pairs] == [
        ("A", "B", D("3.39"), D("3.00"), D("3.20"), True),
        ("A", "C", D("2.00"), D("2.00"), D("2.00"), False),
        ("A", "D", None, None, None, False),
        ("B", "C", D("3.00"), D("2.00"), D("2.50"), True),
        ("B", "D", None, None, None, False),
        ("C", "D", None, None, None, False),
    ]
    assert (network.density, network.known_pairs, network.central, network.isolated) == (D("0.33"), 3, ["B"], ["D"])
    assert [(p.name, p.degree, p.centrality) for p in network.parties] == [
        ("A", 1, D("0.33")),
        ("B", 2, D("0.67")),
        ("C", 1, D("0.33")),
        ("D", 0, D("0.00")),
    ]


def test_given_and_received_come_from_the_shown_cells_only(known):
    (round_,) = figures.survey_rounds(known, today=TODAY)
    by_name = {p.name: p for p in round_.network.parties}

    assert (by_name["A"].given_trust, by_name["A"].given_value) == (D("2.89"), D("2.50"))
    assert (by_name["A"].received_trust, by_name["A"].received_value) == (D("3.00"), D("3.00"))
    assert (by_name["C"].received_trust, by_name["C"].received_value) == (D("2.50"), D("2.00"))
    # C's and D's two raters each are hidden: nothing given by them, nothing received by D.
    assert (by_name["C"].given_trust, by_name["D"].given_trust, by_name["D"].received_trust) == (None, None, None)


def test_an_open_round_has_no_figures(known):
    known.relationship_surveys.update(closes_on=TODAY + timedelta(days=3))

    (round_,) = figures.survey_rounds(known, today=TODAY)

    assert (round_.closed, round_.network, round_.comments) == (False, None, [])


def test_network_measures_of_two_parties_and_of_one():
    tie = Pair("A", "B", (1, 2), D("3.00"), D("3.00"))

    two = network_measures({1: "A", 2: "B"}, [tie])
    one = network_measures({1: "A"}, [])

    assert (two.density, [p.centrality for p in two.parties], two.central, two.isolated) == (
        D("1.00"),
        [D("1.00"), D("1.00")],
        ["A", "B"],
        [],
    )
    assert (one.density, one.parties[0].centrality, one.central, one.isolated) == (D("0.00"), D("0.00"), [], ["A"])


def test_comments_of_shown_cells_only_without_who_wrote_them(known, parties):
    a, b, c, _d = parties
    survey = known.relationship_surveys.get()
    survey.ratings.filter(rater=a, rated=b).update(comment="Always answers the phone")
    survey.ratings.filter(rater=c, rated=a).update(comment="A hidden remark")

    (round_,) = figures.survey_rounds(known, today=TODAY)

    assert round_.comments == [("B", "Always answers the phone")] * 3


def test_trust_changes_between_the_two_newest_rounds(parties, django_assert_num_queries):
    a, b, c, _d = parties
    partnership = partnership_of(a, b, c, title="Safer roads")
    older = RelationshipSurveyFactory(partnership=partnership, due_date=TODAY - timedelta(days=200))
    newer = RelationshipSurveyFactory(partnership=partnership)
    for _ in range(3):
        RelationshipRatingFactory(survey=older, rater=a, rated=b, **scores((4, 3, 3), (3, 3, 3)))
        RelationshipRatingFactory(survey=newer, rater=a, rated=b, **scores((3, 2, 3), (3, 3, 3)))
        RelationshipRatingFactory(survey=older, rater=a, rated=c, **scores((3, 3, 3), (3, 3, 3)))
        RelationshipRatingFactory(survey=newer, rater=a, rated=c, **scores((3, 3, 3), (3, 3, 3)))

    with django_assert_num_queries(3):
        changes = figures.trust_changes(Partnership.objects.all(), today=TODAY)

    assert [(c.source, c.first, c.second, c.before, c.after, c.fell) for c in changes] == [
        ("Safer roads", "A", "B", D("3.33"), D("2.67"), True)
    ]


def test_trust_links_average_the_newest_round_of_each_partnership(parties):
    a, b, *_ = parties
    for trust in (4, 2):
        survey = RelationshipSurveyFactory(partnership=partnership_of(a, b))
        for _ in range(3):
            RelationshipRatingFactory(survey=survey, rater=a, rated=b, **scores((trust,) * 3, (3, 3, 3)))

    assert figures.trust_links(Partnership.objects.all(), today=TODAY) == {
        (a.pk, b.pk): figures.TrustLink(D("3.00"), partnerships=2, clusters=[])
    }
