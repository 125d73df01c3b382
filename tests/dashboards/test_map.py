from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from dashboards import network
from partnerships.models import Participation, Partnership
from tests.builders import budget_fields, make_partnership
from tests.factories import ClusterFactory, MinistryFactory, RelationshipRatingFactory, RelationshipSurveyFactory


def test_ministries_are_nodes_and_shared_partnerships_links(ministry, other_ministry):
    third = MinistryFactory(name="Ministry of Education", short_name="EDU")
    make_partnership([ministry, other_ministry, third], title="A")
    make_partnership([ministry, other_ministry], title="B")

    nodes, links = network.cooperation(Partnership.objects.all())

    assert [(n["short"], n["partnerships"]) for n in nodes] == [("MCSS", 2), ("EDU", 1), ("MOH", 2)]
    by_pair = {frozenset((link["source"], link["target"])): link["count"] for link in links}
    assert by_pair == {
        frozenset((ministry.pk, other_ministry.pk)): 2,
        frozenset((ministry.pk, third.pk)): 1,
        frozenset((other_ministry.pk, third.pk)): 1,
    }


def test_load_counts_partnerships_leads_and_budget_lines(ministry, other_ministry):
    make_partnership([ministry, other_ministry], title="A")
    make_partnership([other_ministry, ministry], title="B")
    make_partnership([ministry, MinistryFactory(short_name="X")], title="C")

    loads = {
        load.short_name: (load.partnerships, load.leads, load.budget_lines)
        for load in network.ministry_load(Partnership.objects.all())
    }

    assert loads == {"MCSS": (3, 2, 0), "MOH": (2, 1, 0), "X": (1, 0, 0)}


def test_focal_people_are_counted_with_their_lead_roles_and_budget_lines(ministry, other_ministry, coordinator):
    from budgets import services as budget_services

    led = make_partnership(
        [ministry, other_ministry], title="Led", start_date=date(2026, 4, 1), end_date=date(2029, 3, 31)
    )
    supported = make_partnership([other_ministry, ministry], title="Supported")
    Participation.objects.filter(ministry=ministry).update(focal_person=coordinator)
    budget = budget_services.budget_create(partnership=led, by=None, fields=budget_fields())
    budget_services.contributions_save(
        budget=budget,
        by=None,
        amounts={
            (ministry.pk, 2026): (Decimal("100"), Decimal("0")),
            (ministry.pk, 2027): (Decimal("100"), Decimal("0")),
            (other_ministry.pk, 2026): (Decimal("100"), Decimal("0")),  # not the focal person's ministry
        },
    )

    rows = network.focal_person_load(Partnership.objects.filter(pk__in=[led.pk, supported.pk]))

    assert [(r["focal_person_id"], r["partnerships"], r["leads"], r["budget_lines"]) for r in rows] == [
        (coordinator.pk, 2, 1, 2)
    ]


def test_the_map_shows_only_my_partnerships(client_for, executive, ministry, other_ministry, outsider_ministry):
    make_partnership([ministry, other_ministry], title="A")
    make_partnership([outsider_ministry, MinistryFactory(short_name="HIDDEN")], title="Not ours")

    response = client_for(executive).get(reverse("dashboards:map"))

    assert sorted(n["short"] for n in response.context["graph"]["nodes"]) == ["MCSS", "MOH"]
    assert "HIDDEN" not in response.content.decode()


@pytest.mark.parametrize("size", [2, 7])
def test_map_queries_do_not_grow(client_for, executive, ministry, size, django_assert_num_queries):
    for i in range(size):
        p = make_partnership([ministry, MinistryFactory(), MinistryFactory()], title=f"P{i}")
        survey = RelationshipSurveyFactory(partnership=p)
        for _ in range(3):
            RelationshipRatingFactory(survey=survey, rater=ministry, rated=p.participations.last().ministry)
        # A cluster of the same organisations, whose own round counts for the pair's trust too.
        cluster = ClusterFactory()
        cluster.ministries.set([pt.ministry for pt in p.participations.all()])
        in_cluster = RelationshipSurveyFactory(partnership=None, cluster=cluster)
        for _ in range(3):
            RelationshipRatingFactory(survey=in_cluster, rater=ministry, rated=p.participations.last().ministry)
    client = client_for(executive)

    # The trust of the newest relationship surveys (partnerships' and clusters'): two; the person's clusters: one.
    with django_assert_num_queries(14):
        client.get(reverse("dashboards:map"))
    with django_assert_num_queries(4):  # then from the cache until something changes
        client.get(reverse("dashboards:map"))
    with django_assert_num_queries(16):  # weighted by money: the currencies and the commitments too
        client.get(reverse("dashboards:map"), {"weight": "budget"})


def test_weighted_by_money_each_ministry_counts_what_it_committed_and_each_pair_what_it_shares(
    client_for, executive, ministry, other_ministry
):
    from budgets import services as budget_services

    third = MinistryFactory(name="Ministry of Education", short_name="EDU")
    funded = make_partnership(
        [ministry, other_ministry], title="Funded", start_date=date(2026, 4, 1), end_date=date(2029, 3, 31)
    )
    budget = budget_services.budget_create(partnership=funded, by=None, fields=budget_fields())
    budget_services.contributions_save(
        budget=budget,
        by=None,
        amounts={
            (ministry.pk, 2026): (Decimal("900"), Decimal("600")),
            (other_ministry.pk, 2026): (Decimal("400"), Decimal("400")),
        },
    )
    make_partnership([ministry, third], title="Unfunded")

    nodes, links = network.cooperation(Partnership.objects.all(), "budget", budget.currency)

    assert {n["short"]: n["value"] for n in nodes} == {"MCSS": 600, "MOH": 400, "EDU": 0}
    assert {frozenset((link["source"], link["target"])): link["value"] for link in links} == {
        frozenset((ministry.pk, other_ministry.pk)): 1000,
        frozenset((ministry.pk, third.pk)): 0,
    }
    page = client_for(executive).get(reverse("dashboards:map"), {"weight": "budget"})
    assert page.context["currency"] == budget.currency
    assert [(first, second) for first, second, _link in page.context["strongest_links"]] == [
        (ministry.name, other_ministry.name)
    ]
    assert "The money committed" in page.content.decode()


def test_an_unknown_weight_or_currency_falls_back_to_counting_partnerships(
    client_for, executive, ministry, other_ministry
):
    make_partnership([ministry, other_ministry], title="A")

    page = client_for(executive).get(reverse("dashboards:map"), {"weight": "<script>", "currency": "XXX"})

    assert page.status_code == 200
    assert page.context["weight"] == "count"


def test_map_lines_carry_the_trust_between_the_pair_with_a_table(client_for, executive, ministry, other_ministry):
    partnership = make_partnership([ministry, other_ministry], title="A")
    survey = RelationshipSurveyFactory(partnership=partnership)
    for _ in range(3):
        RelationshipRatingFactory(
            survey=survey, rater=ministry, rated=other_ministry, trust_mission=2, trust_openness=2, trust_reliability=1
        )

    response = client_for(executive).get(reverse("dashboards:map"))

    (link,) = response.context["graph"]["links"]
    assert (link["source"], link["target"], link["trust"]) == (ministry.pk, other_ministry.pk, "1.67")
    assert response.context["trust_pairs"] == [(ministry.name, other_ministry.name, "1.67", 1, [])]
    assert "Trust between the organisations" in response.content.decode()
