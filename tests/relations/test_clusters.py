"""The relationship survey among a cluster's organisations: figures, the cadence scan, the pages, who may do what.

The hand-worked network: a cluster of A, B and C. Three people of A rated B and C, three of B rated A,
two of C rated A (hidden: under three raters), nobody rated across B and C.

    A→B trust 4.00, value 3.00        B→A trust 3.00, value 3.00        A→C trust 2.00, value 2.00
    pair AB: trust (4.00 + 3.00) / 2 = 3.50, value 3.00, score 3.25 -> a tie (2.5 or more)
    pair AC: trust 2.00, value 2.00 (C's side hidden), score 2.00 -> no tie; pair BC: unknown
    ties: AB out of 3 possible pairs: density 0.33; degree A 1, B 1, C 0: centrality 0.50, 0.50, 0.00
    A gave trust (4.00 + 2.00) / 2 = 3.00, value 2.50; A received 3.00 (C's two raters hidden); C received 2.00
"""

from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from ministries.models import Cluster, Role
from notifications import messages as reminder_texts
from notifications.models import Kind, Reminder
from partnerships.models import Partnership
from relations import demo, figures, services
from relations.models import SCORE_NAMES, RelationshipRating, RelationshipSurvey
from relations.reminders import cluster_surveys_remind
from tests.builders import make_partnership
from tests.factories import (
    ClusterFactory,
    MinistryFactory,
    RelationshipRatingFactory,
    RelationshipSurveyFactory,
    UserFactory,
    person,
)

TODAY = timezone.localdate()
D = Decimal


def cluster_of(*ministries, **fields):
    cluster = ClusterFactory(**fields)
    cluster.ministries.set(ministries)
    return cluster


def scores(trust, value):
    return dict(zip(SCORE_NAMES, (trust,) * 3 + (value,) * 3, strict=True))


def answer_post(ministry, *rated, score=3, comment=""):
    """The answer form's fields, as the page posts them."""
    data = {"ministry": ministry.pk}
    for party in rated:
        data.update({f"r{party.pk}_{name}": score for name in SCORE_NAMES})
        data[f"r{party.pk}_comment"] = comment
    return data


def closed_round(cluster, days_ago=30):
    return RelationshipSurveyFactory(
        partnership=None,
        cluster=cluster,
        due_date=TODAY - timedelta(days=days_ago),
        closes_on=TODAY - timedelta(days=days_ago - 21),
    )


@pytest.fixture
def abc(db):
    return [MinistryFactory(name=f"Organisation {x}", short_name=x) for x in "ABC"]


@pytest.fixture
def known(abc):
    a, b, c = abc
    cluster = cluster_of(a, b, c, name="Human Services")
    survey = closed_round(cluster)
    for _ in range(3):
        RelationshipRatingFactory(survey=survey, rater=a, rated=b, **scores(4, 3))
        RelationshipRatingFactory(survey=survey, rater=b, rated=a, **scores(3, 3))
        RelationshipRatingFactory(survey=survey, rater=a, rated=c, **scores(2, 2), comment="Slow to answer")
    for _ in range(2):
        RelationshipRatingFactory(survey=survey, rater=c, rated=a, **scores(1, 1), comment="A hidden remark")
    return Cluster.objects.with_members().get(pk=cluster.pk)


@pytest.fixture
def cluster(ministry, other_ministry):
    """MCSS (the personas' ministry) and MOH."""
    return cluster_of(ministry, other_ministry, name="Justice")


@pytest.fixture
def survey(cluster):
    return services.cluster_survey_open(cluster=cluster, today=TODAY)


# Figures


def test_cluster_figures_match_the_hand_worked_network(known):
    (round_,) = figures.survey_rounds(known, today=TODAY)
    network = round_.network
    by_name = {p.name: p for p in network.parties}

    assert [(p.first, p.second, p.trust, p.value, p.score, p.is_tie) for p in network.pairs] == [
        ("A", "B", D("3.50"), D("3.00"), D("3.25"), True),
        ("A", "C", D("2.00"), D("2.00"), D("2.00"), False),
        ("B", "C", None, None, None, False),
    ]
    assert (network.density, network.known_pairs, network.central, network.isolated) == (
        D("0.33"),
        2,
        ["A", "B"],
        ["C"],
    )
    assert [(p.name, p.degree, p.centrality) for p in network.parties] == [
        ("A", 1, D("0.50")),
        ("B", 1, D("0.50")),
        ("C", 0, D("0.00")),
    ]
    assert (by_name["A"].given_trust, by_name["A"].given_value) == (D("3.00"), D("2.50"))
    # C's two raters are hidden: A receives only B's trust, C gives nothing, and C's remark is not shown.
    assert (by_name["A"].received_trust, by_name["C"].received_trust, by_name["C"].given_trust) == (
        D("3.00"),
        D("2.00"),
        None,
    )
    assert round_.comments == [("C", "Slow to answer")] * 3


def test_the_cluster_page_shows_the_figures_with_the_partnership_tab_partial(client_for, abc, known):
    a, *_ = abc
    member = person(a, Role.FIELD_STAFF)

    response = client_for(member).get(reverse("relations:cluster", args=[known.pk]))

    assert [t.name for t in response.templates if t.name.startswith("relations/")] == [
        "relations/cluster_relations.html",
        "relations/_survey.html",
        "relations/_rounds_chart.html",
        "relations/_pairs_chart.html",
    ]
    assert response.context["rounds_chart"]["datasets"][2]["data"][-1] == D("0.33")  # the density, as the table
    assert response.context["latest"].network.density == D("0.33")
    page = response.content.decode()
    assert "Relations in the Human Services cluster" in page
    assert "A — B" in page
    assert "3.50" in page
    assert "A hidden remark" not in page
    # A field officer neither opens a round nor finds one to answer.
    assert (response.context["may_open"], response.context["open_survey"]) == (False, None)


@pytest.mark.parametrize("size", [3, 6])
def test_the_cluster_page_queries_do_not_grow(client_for, coordinator, ministry, size, django_assert_num_queries):
    others = [MinistryFactory() for _ in range(size - 1)]
    cluster = cluster_of(ministry, *others)
    for days_ago in (200, 30):
        survey = closed_round(cluster, days_ago)
        for other in others:
            for _ in range(3):
                RelationshipRatingFactory(survey=survey, rater=ministry, rated=other, comment="Fine")
    client = client_for(coordinator)

    # session, user, memberships, the person's clusters, the cluster and its organisations, the rounds,
    # their shown cells, the newest round's comments
    with django_assert_num_queries(9):
        response = client.get(reverse("relations:cluster", args=[cluster.pk]))

    assert len(response.context["rounds"]) == 2
    assert len(response.context["latest"].network.pairs) == size * (size - 1) // 2


# Opening: by hand and on the cadence


def test_a_coordinator_opens_a_cluster_round(client_for, coordinator, cluster):
    response = client_for(coordinator).post(reverse("relations:cluster_survey_open", args=[cluster.pk]), follow=True)

    survey = RelationshipSurvey.objects.get(cluster=cluster)
    assert (survey.partnership, survey.opened_by, survey.opens_on, survey.due_date) == (None, coordinator, TODAY, TODAY)
    assert "The relationship survey is open until" in response.content.decode()
    assert response.context["may_answer"] is True
    assert str(survey).startswith("Relationship survey of Justice")


def test_opening_a_cluster_of_one_organisation_says_what_to_do(client_for, coordinator, ministry):
    alone = cluster_of(ministry)

    response = client_for(coordinator).post(reverse("relations:cluster_survey_open", args=[alone.pk]), follow=True)

    assert "needs at least two organisations in the cluster" in response.content.decode()
    assert not RelationshipSurvey.objects.exists()


def test_opening_twice_keeps_one_round_and_a_round_has_one_home(cluster, partnership):
    first = services.cluster_survey_open(cluster=cluster, today=TODAY)

    assert services.cluster_survey_open(cluster=cluster, today=TODAY) == first
    with pytest.raises(ValidationError):
        RelationshipSurvey(
            partnership=partnership, cluster=cluster, due_date=TODAY, opens_on=TODAY, closes_on=TODAY
        ).validate_constraints()


def test_only_member_coordinators_open_a_round(client_for, field_officer, outsider, cluster, third_ministry):
    url = reverse("relations:cluster_survey_open", args=[cluster.pk])
    support = UserFactory(is_superuser=True, is_staff=True)

    assert client_for(field_officer).post(url).status_code == 403
    assert client_for(outsider).post(url).status_code == 404
    assert client_for(support).post(url).status_code == 403
    assert client_for(outsider).get(url).status_code == 405
    assert not RelationshipSurvey.objects.exists()


def test_the_cadence_opens_each_cluster_round_once(settings, ministry, other_ministry, third_ministry):
    settings.INTERLOCK_CLUSTER_RELATIONSHIP_SURVEY_MONTHS = 12
    yearly = cluster_of(ministry, other_ministry, name="Yearly")
    quarterly = cluster_of(ministry, third_ministry, name="Quarterly", relationship_survey_months=3)
    cluster_of(ministry, other_ministry, name="Off", relationship_survey_months=0)
    cluster_of(ministry, name="Alone")

    assert services.cluster_surveys_open_due(today=date(2026, 3, 2)) == 2
    assert services.cluster_surveys_open_due(today=date(2026, 3, 2)) == 0  # run twice: one round each
    assert services.cluster_surveys_open_due(today=date(2026, 6, 1)) == 0
    assert services.cluster_surveys_open_due(today=date(2026, 6, 2)) == 1
    assert services.cluster_surveys_open_due(today=date(2027, 3, 2)) == 2

    assert list(RelationshipSurvey.objects.filter(cluster=quarterly).values_list("due_date", flat=True)) == [
        date(2027, 3, 2),
        date(2026, 6, 2),
        date(2026, 3, 2),
    ]
    assert list(RelationshipSurvey.objects.filter(cluster=yearly).values_list("due_date", "closes_on")) == [
        (date(2027, 3, 2), date(2027, 3, 23)),
        (date(2026, 3, 2), date(2026, 3, 23)),
    ]
    assert RelationshipSurvey.objects.filter(cluster__name__in=["Off", "Alone"]).count() == 0


def test_a_round_opened_by_hand_moves_the_cadence_on(settings, cluster):
    settings.INTERLOCK_CLUSTER_RELATIONSHIP_SURVEY_MONTHS = 6
    services.cluster_survey_open(cluster=cluster, today=date(2026, 1, 10))

    assert services.cluster_surveys_open_due(today=date(2026, 7, 9)) == 0
    assert services.cluster_surveys_open_due(today=date(2026, 7, 10)) == 1


@pytest.mark.parametrize("size", [1, 4])
def test_the_cluster_scan_queries_do_not_grow(ministry, other_ministry, size, django_assert_num_queries):
    for _ in range(size):
        cluster_of(ministry, other_ministry)
    ContentType.objects.get_for_model(RelationshipSurvey)  # cached for the process, as in a worker

    # The clusters with their last round, then one insert of every round due.
    with django_assert_num_queries(2):
        assert services.cluster_surveys_open_due(today=TODAY) == size
    with django_assert_num_queries(1):
        assert services.cluster_surveys_open_due(today=TODAY) == 0
    # One claim statement asks everyone who has not answered.
    with django_assert_num_queries(1):
        cluster_surveys_remind(today=TODAY)
    assert RelationshipSurvey.objects.filter(cluster__isnull=False).count() == size


# Asking the people: the reminder


def test_the_scan_asks_each_member_organisations_team_once(
    run,
    eager_celery,
    settings,
    cluster,
    coordinator,
    executive,
    field_officer,
    evaluator,
    administrator,
    other_coordinator,
    outsider,
):
    settings.INTERLOCK_CLUSTER_RELATIONSHIP_SURVEY_MONTHS = 12
    first = run(services.scan_relationship_surveys)
    survey = RelationshipSurvey.objects.get(cluster=cluster)
    own = field_officer.memberships.get().ministry
    services.survey_respond(survey=survey, user=field_officer, ministry=own, ratings=_threes(cluster, but=own.pk))
    again = run(services.scan_relationship_surveys)

    asked = Reminder.objects.filter(kind=Kind.RELATIONSHIP_SURVEY_OPEN)
    assert (first, again) == (1 + 4, 0)
    assert sorted(asked.values_list("recipient__username", flat=True)) == sorted(
        u.username for u in (coordinator, executive, field_officer, other_coordinator)
    )
    reminder = asked.get(recipient=coordinator)
    assert (reminder.partnership, reminder.url, reminder.sent_at is not None) == (
        None,
        reverse("relations:cluster_survey_answer", args=[cluster.pk, survey.pk]),
        True,
    )
    assert reminder.context == {"cluster": "Justice", "closes": survey.closes_on.isoformat()}


def _threes(cluster, but=None):
    return {m.pk: scores(3, 3) for m in cluster.ministries.all() if m.pk != but}


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("en", "How do the organisations of \u2068Justice\u2069 work together? Answer the relationship survey"),
        (
            "fr",
            "Comment les organisations de \u2068Justice\u2069 travaillent-elles ensemble? "
            "Répondez au sondage sur les relations",
        ),
        ("he", "איך הארגונים של \u2068Justice\u2069 עובדים יחד? נא להשיב לסקר היחסים"),
    ],
)
def test_the_reminder_reads_in_each_language(language, title):
    with translation.override(language):
        rendered, body = reminder_texts.render(
            Kind.RELATIONSHIP_SURVEY_OPEN, {"cluster": "Justice", "closes": "2026-03-23"}
        )

    assert rendered == title
    assert "\u2068Justice\u2069" in body


# Answering


def test_a_member_rates_the_other_organisations_but_not_its_own(
    client_for, field_officer, ministry, other_ministry, third_ministry, cluster, survey
):
    cluster.ministries.add(third_ministry)
    url = reverse("relations:cluster_survey_answer", args=[cluster.pk, survey.pk])
    page = client_for(field_officer).get(url)

    response = client_for(field_officer).post(url, answer_post(ministry, other_ministry, third_ministry, comment="Ok"))

    others = [m.pk for m in cluster.ministries.order_by("name") if m != ministry]
    assert [party.pk for party, _fields in page.context["form"].groups()] == others
    assert response.status_code == 302
    assert response.url == reverse("relations:cluster", args=[cluster.pk])
    assert sorted(RelationshipRating.objects.values_list("rater", "rated", "comment")) == sorted(
        [(ministry.pk, other_ministry.pk, "Ok"), (ministry.pk, third_ministry.pk, "Ok")]
    )
    again = client_for(field_officer).get(url, follow=True)
    assert "You have already answered this relationship survey." in again.content.decode()


def test_a_second_post_and_a_bad_rating_are_refused_next_to_the_form(
    client_for, field_officer, ministry, other_ministry, cluster, survey
):
    url = reverse("relations:cluster_survey_answer", args=[cluster.pk, survey.pk])
    bad = answer_post(ministry, other_ministry)
    bad[f"r{other_ministry.pk}_value_power"] = "²"

    refused = client_for(field_officer).post(url, bad)
    client_for(field_officer).post(url, answer_post(ministry, other_ministry))
    twice = client_for(field_officer).post(url, answer_post(ministry, other_ministry))

    assert refused.status_code == 200
    assert refused.context["form"].errors[f"r{other_ministry.pk}_value_power"]
    assert twice.status_code == 200
    assert "already answered" in twice.content.decode()
    assert RelationshipRating.objects.count() == 1


def test_someone_in_two_member_organisations_says_which_one_they_answer_for(
    client_for, ministry, other_ministry, cluster, survey
):
    both = person(ministry, Role.FIELD_STAFF)
    both.memberships.create(ministry=other_ministry, role=Role.EXECUTIVE)
    url = reverse("relations:cluster_survey_answer", args=[cluster.pk, survey.pk])

    page = client_for(both).get(url)
    response = client_for(both).post(url, answer_post(other_ministry, ministry))

    assert page.context["several"] is True
    assert response.status_code == 302
    assert list(RelationshipRating.objects.values_list("rater", "rated")) == [(other_ministry.pk, ministry.pk)]


def test_who_may_not_answer_a_cluster_round(client_for, evaluator, outsider, field_officer, cluster, survey):
    url = reverse("relations:cluster_survey_answer", args=[cluster.pk, survey.pk])
    support = UserFactory(is_superuser=True, is_staff=True)
    other_cluster = cluster_of(MinistryFactory(), MinistryFactory())
    elsewhere = services.cluster_survey_open(cluster=other_cluster, today=TODAY)

    assert client_for(evaluator).get(url).status_code == 403
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(outsider).get(reverse("relations:cluster", args=[cluster.pk])).status_code == 404
    # Support staff read the figures but never answer.
    assert client_for(support).get(reverse("relations:cluster", args=[cluster.pk])).status_code == 200
    assert client_for(support).get(url).status_code == 403
    # A round of another cluster, reached through this one's address, does not exist here.
    wrong = reverse("relations:cluster_survey_answer", args=[cluster.pk, elsewhere.pk])
    assert client_for(field_officer).get(wrong).status_code == 404
    # Once answering has closed, nobody answers.
    RelationshipSurvey.objects.filter(pk=survey.pk).update(
        opens_on=TODAY - timedelta(days=30), closes_on=TODAY - timedelta(days=1)
    )
    assert client_for(field_officer).get(url).status_code == 403
    assert not RelationshipRating.objects.exists()


def test_the_service_refuses_an_outsider_a_missing_party_and_a_closed_round(
    cluster, survey, ministry, other_ministry, third_ministry, field_officer, outsider
):
    with pytest.raises(ValidationError, match="organisation you work in"):
        services.survey_respond(survey=survey, user=outsider, ministry=third_ministry, ratings={})
    with pytest.raises(ValidationError, match="Rate every other"):
        services.survey_respond(survey=survey, user=field_officer, ministry=ministry, ratings={})
    with pytest.raises(ValidationError, match="closed"):
        services.survey_respond(
            survey=survey,
            user=field_officer,
            ministry=ministry,
            ratings=_threes(cluster, but=ministry.pk),
            today=survey.closes_on + timedelta(days=1),
        )
    assert not RelationshipRating.objects.exists()


# Where people meet it: the cluster list, their home, the executive's dashboard


def test_the_cluster_list_links_the_survey_for_members_only(client_for, coordinator, outsider, cluster):
    link = reverse("relations:cluster", args=[cluster.pk])

    assert link in client_for(coordinator).get(reverse("ministries:clusters")).content.decode()
    assert link not in client_for(outsider).get(reverse("ministries:clusters")).content.decode()


def test_a_round_waiting_for_an_answer_is_on_the_home_page(client_for, coordinator, field_officer, cluster, survey):
    answer = reverse("relations:cluster_survey_answer", args=[cluster.pk, survey.pk])
    home = client_for(field_officer).get(reverse("dashboards:home"))

    assert home.context["cluster_surveys"] == [survey]
    assert answer in home.content.decode()
    own = coordinator.memberships.get().ministry
    services.survey_respond(survey=survey, user=coordinator, ministry=own, ratings=_threes(cluster, but=own.pk))
    assert client_for(coordinator).get(reverse("dashboards:home")).context["cluster_surveys"] == []


def test_the_executive_dashboard_links_the_clusters_and_names_a_cluster_change(
    client_for, executive, ministry, other_ministry, cluster
):
    older, newer = closed_round(cluster, 200), closed_round(cluster, 30)
    for _ in range(3):
        RelationshipRatingFactory(survey=older, rater=ministry, rated=other_ministry, **scores(4, 3))
        RelationshipRatingFactory(survey=newer, rater=ministry, rated=other_ministry, **scores(2, 3))
    open_one = services.cluster_survey_open(cluster=cluster, today=TODAY)

    page = client_for(executive).get(reverse("dashboards:executive")).content.decode()

    assert reverse("relations:cluster", args=[cluster.pk]) in page
    assert reverse("relations:cluster_survey_answer", args=[cluster.pk, open_one.pk]) in page
    assert "Survey of the Justice cluster" in page
    assert "fell from 4.00 to 2.00" in page


def test_trust_changes_and_links_take_cluster_rounds_in_with_their_source(
    ministry, other_ministry, cluster, partnership, django_assert_num_queries
):
    older, newer = closed_round(cluster, 200), closed_round(cluster, 30)
    shared = RelationshipSurveyFactory(partnership=partnership)
    for _ in range(3):
        RelationshipRatingFactory(survey=older, rater=ministry, rated=other_ministry, **scores(2, 3))
        RelationshipRatingFactory(survey=newer, rater=ministry, rated=other_ministry, **scores(4, 3))
        RelationshipRatingFactory(survey=shared, rater=other_ministry, rated=ministry, **scores(3, 3))
    clusters = Cluster.objects.all()

    with django_assert_num_queries(3):
        changes = figures.trust_changes(Partnership.objects.all(), clusters=clusters, today=TODAY)
    links = figures.trust_links(Partnership.objects.all(), clusters=clusters, today=TODAY)

    assert [(c.source, c.cluster_id, c.partnership_id, c.before, c.after, c.fell) for c in changes] == [
        ("Justice", cluster.pk, None, D("2.00"), D("4.00"), False)
    ]
    pair = tuple(sorted((ministry.pk, other_ministry.pk)))
    assert links == {pair: figures.TrustLink(D("3.50"), partnerships=1, clusters=["Justice"])}
    # Without the clusters (a person who sees none), only the partnership's round counts.
    assert figures.trust_links(Partnership.objects.all(), today=TODAY)[pair].trust == D("3.00")


def test_the_map_table_says_where_the_trust_comes_from(client_for, executive, ministry, other_ministry, cluster):
    cluster_of(ministry, other_ministry, name="Not filtered")
    survey = closed_round(cluster)
    for _ in range(3):
        RelationshipRatingFactory(survey=survey, rater=ministry, rated=other_ministry, **scores(2, 3))
    make_partnership([ministry, other_ministry], title="Shared")

    response = client_for(executive).get(reverse("dashboards:map"), {"cluster": cluster.pk})

    assert response.context["trust_pairs"] == [(ministry.name, other_ministry.name, "2.00", 0, ["Justice"])]
    assert "the Justice cluster" in response.content.decode()
    # Narrowed to an organisation, its clusters' rounds still count.
    narrowed = client_for(executive).get(reverse("dashboards:map"), {"ministry": other_ministry.pk})
    assert narrowed.context["trust_pairs"] == [(ministry.name, other_ministry.name, "2.00", 0, ["Justice"])]


def test_the_demo_gives_each_cluster_a_closed_round_with_figures(ministry, other_ministry, third_ministry):
    cluster = cluster_of(ministry, other_ministry, third_ministry)

    created = demo.seed_demo(StringIO())
    again = demo.seed_demo(StringIO())

    assert (created, again) == (1 + 6 * 3, 0)
    (round_,) = figures.survey_rounds(Cluster.objects.with_members().get(pk=cluster.pk), today=TODAY)
    assert (round_.closed, round_.network.known_pairs, round_.network.density) == (True, 3, D("1.00"))
