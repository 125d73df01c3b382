import pytest
from django.urls import reverse

from tests.builders import signed_in
from tests.factories import ClusterFactory, FieldUnitFactory, MinistryFactory, UserFactory


def test_cluster_page_lists_a_ministry_in_each_of_its_clusters(client_for, coordinator):
    justice = ClusterFactory(name="Justice")
    human = ClusterFactory(name="Human Services")
    shared = MinistryFactory(name="Ministry of Citizenship")
    shared.clusters.set([justice, human])
    MinistryFactory(name="Ontario Provincial Police")

    response = client_for(coordinator).get(reverse("ministries:clusters"))

    clusters = list(response.context["clusters"])
    assert clusters == [human, justice]
    assert [list(c.ministries.all()) for c in clusters] == [[shared], [shared]]
    assert "Ontario Provincial Police" in [m.name for m in response.context["unclustered"]]


@pytest.mark.parametrize("clusters", [2, 8])
def test_cluster_page_queries_do_not_grow_with_clusters(client_for, coordinator, clusters, django_assert_num_queries):
    for _ in range(clusters):
        ClusterFactory().ministries.set([MinistryFactory(), MinistryFactory()])
    client = client_for(coordinator)

    # session, user, memberships (navigation), clusters, their ministries, unclustered ministries,
    # the person's clusters (whose relationship survey is linked)
    with django_assert_num_queries(7):
        client.get(reverse("ministries:clusters"))


def test_ministry_page_shows_field_units_as_a_tree(client_for, outsider, ministry):
    region = FieldUnitFactory(ministry=ministry, name="Northern Region", kind="region")
    office = FieldUnitFactory(ministry=ministry, name="Thunder Bay Office", kind="office", parent=region)
    eastern = FieldUnitFactory(ministry=ministry, name="Eastern Region", kind="region")

    response = client_for(outsider).get(reverse("ministries:detail", args=[ministry.pk]))

    assert response.context["unit_tree"] == [(eastern, 0), (region, 0), (office, 1)]
    assert response.context["may_see_people"] is False


def test_people_page_is_private_to_the_ministry(client_for, ministry, coordinator, field_officer, outsider):
    url = reverse("ministries:people", args=[ministry.pk])

    member = client_for(field_officer).get(url)
    assert member.status_code == 200
    assert {m.user for m in member.context["memberships"]} == {coordinator, field_officer}

    assert client_for(outsider).get(url).status_code == 404


def test_administrator_sees_people_of_any_ministry(client_for, administrator, outsider_ministry):
    response = client_for(administrator).get(reverse("ministries:people", args=[outsider_ministry.pk]))

    assert response.status_code == 200


def test_unknown_ministry_is_not_found(client_for, coordinator):
    assert client_for(coordinator).get(reverse("ministries:detail", args=[999999])).status_code == 404


def test_administrators_can_open_every_admin_list(client, db):
    """Each registered model's admin list and add page answer for a superuser (no broken admin)."""
    from django.contrib import admin

    signed_in(client, UserFactory(username="root", is_staff=True, is_superuser=True))
    answers = {}
    for model in admin.site._registry:
        meta = model._meta
        answers[meta.label] = client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")).status_code

    assert set(answers.values()) == {200}, answers
    assert "assessments.GateRequirement" in answers
