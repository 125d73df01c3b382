from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from assessments import services as gate_services
from assessments.models import GateRequest
from charters import services
from charters.models import CharterVersion
from dashboards import attention, portfolio
from ministries.models import Role
from partnerships.models import Participation, Partnership
from tests.builders import COMPLETE_CHARTER, make_partnership, settle_points
from tests.factories import (
    BudgetFactory,
    ClusterFactory,
    ContributionFactory,
    MinistryFactory,
    RelationshipRatingFactory,
    RelationshipSurveyFactory,
    person,
)


@pytest.fixture
def partnership(ministry, other_ministry):
    return make_partnership([ministry, other_ministry], title="Children first")


def out_for_signature_since(partnership, days):
    version = partnership.charter_versions.get()
    services.charter_save(
        version=version, by=None, expected_revision=1, fields=COMPLETE_CHARTER, assignments=[], milestones=[]
    )
    services.charter_send_for_signature(version=version, by=None)
    CharterVersion.objects.filter(pk=version.pk).update(sent_for_signature_at=timezone.now() - timedelta(days=days))
    return version


def test_a_charter_stuck_on_a_signature_names_the_ministries_that_have_not_signed(
    partnership, ministry, other_ministry, executive, other_executive
):
    version = out_for_signature_since(partnership, days=9)
    services.charter_sign(version=version, ministry=ministry, by=executive)

    [item] = attention.attention_items(Partnership.objects.all())

    assert (item.kind, item.partnership, item.responsible, item.days) == ("charter", partnership, [other_ministry], 9)


def test_a_charter_sent_out_recently_is_not_yet_an_exception(partnership, executive, other_executive):
    out_for_signature_since(partnership, days=2)

    assert attention.attention_items(Partnership.objects.all()) == []


def test_a_charter_a_party_cannot_sign_is_an_exception_at_once_with_the_way_out(
    partnership, ministry, other_ministry, executive
):
    version = out_for_signature_since(partnership, days=0)

    [item] = attention.attention_items(Partnership.objects.all())

    assert (item.kind, item.partnership, item.responsible, item.subject) == (
        "signatory",
        partnership,
        [other_ministry],
        version,
    )
    assert item.reason == (
        "Nobody can sign for MOH: invite its contact person, or make it a funder or a stakeholder that does not sign"
    )
    assert item.url == reverse("ministries:invite", args=[other_ministry.pk])


def test_a_party_whose_only_signatory_left_or_that_signed_is_no_longer_stuck(
    partnership, ministry, other_ministry, executive, other_coordinator
):
    version = out_for_signature_since(partnership, days=0)
    delegate = person(other_ministry, Role.COORDINATOR, user__username="moh.delegate")
    delegate.memberships.update(can_sign=True)
    assert attention.attention_items(Partnership.objects.all()) == []

    delegate.is_active = False
    delegate.save()
    assert [i.kind for i in attention.attention_items(Partnership.objects.all())] == ["signatory"]

    # A signature already given counts even when nobody is left to sign again.
    CharterVersion.objects.filter(pk=version.pk).update(status=CharterVersion.Status.SIGNING)
    version.signatures.create(ministry=other_ministry, signed_by=delegate)
    assert attention.attention_items(Partnership.objects.all()) == []


def test_a_gate_waiting_more_than_two_days_names_the_approving_level(partnership, ministry, coordinator):
    settle_points(partnership, [1, 2, 3])
    request = gate_services.gate_request(partnership=partnership, by=coordinator)
    GateRequest.objects.filter(pk=request.pk).update(requested_at=timezone.now() - timedelta(days=3))

    [item] = attention.attention_items(Partnership.objects.all())

    assert (item.kind, item.responsible, item.days) == ("gate", [ministry], 3)


def test_an_overdue_review_is_listed_for_the_lead_ministry(partnership, ministry):
    Partnership.objects.filter(pk=partnership.pk).update(next_review_due=timezone.localdate() - timedelta(days=5))

    [item] = attention.attention_items(Partnership.objects.all())

    assert (item.kind, item.responsible, item.days) == ("review", [ministry], 5)


def test_phase_by_cluster_counts_equal_the_data(ministry, other_ministry, outsider_ministry):
    human, justice = ClusterFactory(name="Human Services"), ClusterFactory(name="Justice")
    ministry.clusters.add(human)
    other_ministry.clusters.add(human, justice)
    make_partnership([ministry, other_ministry], title="A")
    b = make_partnership([ministry, other_ministry], title="B")
    Partnership.objects.filter(pk=b.pk).update(phase="planning")
    make_partnership([outsider_ministry, MinistryFactory()], title="C")

    table = portfolio.by_phase_and_cluster(Partnership.objects.all())

    assert table.rows == [
        ("Human Services", [1, 1, 0, 0], 2),
        ("Justice", [1, 1, 0, 0], 2),
        ("No cluster", [1, 0, 0, 0], 1),
    ]
    assert table.totals == [2, 1, 0, 0]
    assert table.total == 3  # every partnership once, though A and B sit in two clusters


def test_the_portfolio_all_cell_shows_the_number_of_partnerships(client_for, executive, partnership):
    response = client_for(executive).get(reverse("dashboards:executive"))

    assert response.context["phase_cluster"].total == 1
    footer = response.content.decode().split("<tfoot>")[1].split("</tfoot>")[0]
    assert "<strong>1</strong>" in footer


def test_weakest_points_counts_only_where_due(ministry, other_ministry):
    early = make_partnership([ministry, other_ministry], title="Early")
    later = make_partnership([ministry, other_ministry], title="Later")
    Partnership.objects.filter(pk=later.pk).update(phase="planning")
    settle_points(early, [1, 2, 3])
    settle_points(later, [1, 3])

    weakest = portfolio.weakest_points(Partnership.objects.all(), limit=15)

    by_number = {s.point.number: (s.due, s.settled) for s in weakest}
    assert by_number[2] == (2, 1)
    assert by_number[4] == (1, 0)
    assert 15 not in by_number
    assert weakest[0].point.number == 4


def test_the_dashboard_shows_only_the_executives_partnerships_and_keeps_filters_in_the_url(
    client_for, executive, partnership, outsider_ministry
):
    cluster = ClusterFactory(name="Justice")
    hidden = make_partnership([outsider_ministry, MinistryFactory()], title="Not ours")
    Partnership.objects.filter(pk__in=[partnership.pk, hidden.pk]).update(
        next_review_due=timezone.localdate() - timedelta(days=1)
    )

    response = client_for(executive).get(reverse("dashboards:executive"), {"phase": "initiation"})
    filtered = client_for(executive).get(reverse("dashboards:executive"), {"cluster": cluster.pk})

    assert [item.partnership for item in response.context["attention"]] == [partnership]
    assert filtered.context["attention"] == []
    assert "Not ours" not in response.content.decode()


# Past SHOWN_AT_FIRST overdue reviews the list stops reading rows; each row it reads carries the count of all.
@pytest.mark.parametrize("size", [2, 8, attention.SHOWN_AT_FIRST + 2])
def test_dashboard_queries_do_not_grow(client_for, executive, ministry, size, django_assert_num_queries):
    for i in range(size):
        p = make_partnership([ministry, MinistryFactory()], title=f"P{i}")
        Partnership.objects.filter(pk=p.pk).update(next_review_due=timezone.localdate() - timedelta(days=1))
        settle_points(p, [1])
        # A cluster of the pair, with an open round to answer and a closed one whose changes count.
        cluster = ClusterFactory()
        cluster.ministries.set([pt.ministry for pt in p.participations.all()])
        RelationshipSurveyFactory(partnership=None, cluster=cluster)
        RelationshipSurveyFactory(
            partnership=None,
            cluster=cluster,
            due_date=timezone.localdate(),
            opens_on=timezone.localdate(),
            closes_on=timezone.localdate(),
        )
    client = client_for(executive)

    # One query per attention finder among them; the balance of power nine, the changes in trust one; the
    # person's clusters, theirs to link and the rounds waiting for their answer: three.
    with django_assert_num_queries(40):
        client.get(reverse("dashboards:executive"))
    # The figures are then reused until something changes: the page reads only the person and the version.
    with django_assert_num_queries(4):
        client.get(reverse("dashboards:executive"))


def test_field_staff_have_no_portfolio_link(client_for, field_officer):
    assert "Portfolio" not in client_for(field_officer).get(reverse("dashboards:home")).content.decode()


def test_an_executive_of_a_ministry_in_a_steering_committee_is_named_for_the_gate(
    partnership, other_ministry, coordinator
):
    Partnership.objects.filter(pk=partnership.pk).update(operating_mechanism="steering_committee")
    settle_points(partnership, [1, 2, 3])
    request = gate_services.gate_request(partnership=partnership, by=coordinator)
    GateRequest.objects.filter(pk=request.pk).update(requested_at=timezone.now() - timedelta(days=4))
    person(other_ministry, Role.EXECUTIVE)

    [item] = attention.attention_items(Partnership.objects.all())

    assert {m.short_name for m in item.responsible} == {"MCSS", "MOH"}


def test_coordinator_home_lists_the_next_move_in_each_partnership(client_for, coordinator, partnership):

    other = make_partnership([partnership.participants[0].ministry, MinistryFactory()], title="Roads")
    settle_points(other, [1, 2, 3])

    tasks = client_for(coordinator).get(reverse("dashboards:home")).context["tasks"]

    assert [(t.partnership.title, t.what) for t in tasks] == [
        ("Children first", "Start on the points for thought of this phase"),
        ("Children first", "Finish charter version 1 and send it out"),
        ("Roads", "The points of this phase are settled: see what else the gate needs"),
        ("Roads", "Finish charter version 1 and send it out"),
    ]


def test_the_attention_list_shows_the_oldest_first_and_the_rest_on_request(client_for, executive, ministry):
    for i in range(attention.SHOWN_AT_FIRST + 3):
        p = make_partnership([ministry, MinistryFactory()], title=f"P{i:02d}")
        Partnership.objects.filter(pk=p.pk).update(next_review_due=timezone.localdate() - timedelta(days=100 - i))
    client = client_for(executive)

    first = client.get(reverse("dashboards:executive"))
    everything = client.get(reverse("dashboards:executive"), {"all": "1"})

    assert first.context["attention_count"] == attention.SHOWN_AT_FIRST + 3
    assert [item.partnership.title for item in first.context["attention"]][:2] == ["P00", "P01"]
    assert len(first.context["attention"]) == attention.SHOWN_AT_FIRST
    assert len(everything.context["attention"]) == attention.SHOWN_AT_FIRST + 3
    assert [(kind, str(label), n) for kind, label, n in first.context["attention_by_kind"]] == [
        ("review", "28 overdue reviews", 28)
    ]


def test_the_whole_attention_list_pages_by_fifty_and_each_kind_opens_on_its_own(client_for, executive, ministry):
    from results.models import Milestone

    today = timezone.localdate()
    for i in range(52):
        p = make_partnership([ministry, MinistryFactory()], title=f"P{i:02d}")
        Partnership.objects.filter(pk=p.pk).update(next_review_due=today - timedelta(days=200 - i))
    Milestone.objects.create(partnership=p, title="First report", due_date=today - timedelta(days=300))
    client = client_for(executive)

    first_page = client.get(reverse("dashboards:executive"), {"all": "1"})
    second_page = client.get(reverse("dashboards:executive"), {"all": "1", "page": "2"})
    reviews = client.get(reverse("dashboards:executive"), {"kind": "review", "page": "2"})
    nonsense = client.get(reverse("dashboards:executive"), {"kind": "<b>", "page": "-3"})
    huge = client.get(reverse("dashboards:executive"), {"all": "1", "page": "9" * 5000})
    zero = client.get(reverse("dashboards:executive"), {"all": "1", "page": "0"})

    assert [i.kind for i in first_page.context["attention"]][:2] == ["milestone", "review"]  # the oldest first
    assert len(first_page.context["attention"]) == 50
    assert [i.partnership.title for i in second_page.context["attention"]] == ["P49", "P50", "P51"]
    assert "Page 2 of 2" in second_page.content.decode()
    assert [i.partnership.title for i in reviews.context["attention"]] == ["P50", "P51"]
    assert reviews.context["attention_count"] == 52
    assert "Showing only the overdue reviews." in reviews.content.decode()
    assert (nonsense.status_code, len(nonsense.context["attention"])) == (200, attention.SHOWN_AT_FIRST)
    assert (huge.status_code, len(huge.context["attention"])) == (200, 50)  # the first page
    assert (zero.status_code, zero.context["paging"].number) == (200, 1)


def test_coordinator_home_lists_the_action_items_they_or_their_ministry_own(
    client_for, coordinator, partnership, ministry, other_ministry
):
    from meetings.models import ActionItem

    yesterday = timezone.localdate() - timedelta(days=1)
    ActionItem.objects.create(
        partnership=partnership, title="Send the intake form", owner=coordinator, due_date=yesterday
    )
    ActionItem.objects.create(partnership=partnership, title="Book the room", owner_ministry=ministry)
    ActionItem.objects.create(partnership=partnership, title="Their task", owner_ministry=other_ministry)
    ActionItem.objects.create(partnership=partnership, title="Done already", owner=coordinator, status="done")

    tasks = client_for(coordinator).get(reverse("dashboards:home")).context["tasks"]
    actions = [t.what for t in tasks if "Action item" in t.what]

    assert actions == [
        f"Action item overdue since {date_format(yesterday)}: Send the intake form",
        "Action item: Book the room",
    ]


def test_the_portfolio_says_where_trust_fell_and_who_pays_without_a_say(
    client_for, executive, ministry, other_ministry
):
    partnership = make_partnership([ministry, other_ministry], title="Safer roads")
    older = RelationshipSurveyFactory(partnership=partnership, due_date=timezone.localdate() - timedelta(days=200))
    newer = RelationshipSurveyFactory(partnership=partnership)
    for _ in range(3):
        RelationshipRatingFactory(survey=older, rater=ministry, rated=other_ministry, trust_mission=4)
        RelationshipRatingFactory(survey=newer, rater=ministry, rated=other_ministry, trust_openness=2)
    Participation.objects.filter(partnership=partnership, ministry=ministry).update(gain_share=20, risk_share=20)
    Participation.objects.filter(partnership=partnership, ministry=other_ministry).update(gain_share=80, risk_share=80)
    budget = BudgetFactory(partnership=partnership)
    ContributionFactory(budget=budget, ministry=ministry, pledged=70, committed=70)
    ContributionFactory(budget=budget, ministry=other_ministry, pledged=30, committed=30)

    html = client_for(executive).get(reverse("dashboards:executive")).content.decode()

    assert "trust between MCSS and MOH fell from 3.33 to 2.67." in html
    assert "Pays much more than it decides" in html
    assert "Decides much more than it pays" in html
