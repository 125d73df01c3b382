"""Officer pickers list each organisation's people under it, and an owner must work in the owner organisation;
a field officer's home lists their unit's partnerships first."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from meetings.models import ActionItem
from ministries.models import Role
from partnerships.models import Participation, Partnership
from results import services as results_services
from results.models import Milestone
from tests.builders import make_partnership
from tests.factories import person


def _groups(form):
    return [(group, [value for value, _label in people]) for group, people in form.fields["owner"].choices if group]


def test_owner_choices_are_grouped_by_the_partners_organisations(
    client_for, coordinator, partnership, other_coordinator, outsider
):
    response = client_for(coordinator).get(reverse("results:milestone_new", args=[partnership.pk]))

    # By the organisations' names: Community and Social Services, then Health. Nobody from outside.
    assert _groups(response.context["form"]) == [("MCSS", [coordinator.pk]), ("MOH", [other_coordinator.pk])]


def test_an_owner_from_another_organisation_than_the_owner_one_is_refused(
    client_for, coordinator, partnership, ministry, other_coordinator
):
    client = client_for(coordinator)
    data = {"title": "Intake", "due_date": "2026-12-15", "owner": other_coordinator.pk, "owner_ministry": ministry.pk}

    milestone = client.post(reverse("results:milestone_new", args=[partnership.pk]), data)
    action = client.post(reverse("meetings:action_new", args=[partnership.pk]), data)

    expected = [f"{other_coordinator} does not work in MCSS. Choose one of its people, or change the organisation."]
    assert milestone.context["form"].errors["owner"] == expected
    assert action.context["form"].errors["owner"] == milestone.context["form"].errors["owner"]
    assert (Milestone.objects.count(), ActionItem.objects.count()) == (0, 0)


def test_a_field_officers_home_lists_their_units_partnerships_first(
    client_for, unit_officer, ministry, other_ministry, unit
):
    older = make_partnership([ministry, other_ministry], title="Northern roads")
    make_partnership([ministry, other_ministry], title="Children first")
    focal = make_partnership([ministry, other_ministry], title="Clean water")
    Partnership.objects.filter(pk=older.pk).update(updated_at=timezone.now() - timedelta(days=30))
    Partnership.objects.filter(pk=focal.pk).update(updated_at=timezone.now() - timedelta(days=20))
    results_services.progress_log_create(
        partnership=older,
        author=unit_officer,
        ministry=ministry,
        field_unit=unit,
        date=timezone.localdate(),
        text="Graded the north road.",
        files=[],
    )
    Partnership.objects.filter(pk=older.pk).update(updated_at=timezone.now() - timedelta(days=30))
    colleague = person(ministry, Role.FIELD_STAFF, user__username="colleague")
    colleague.memberships.update(field_unit=unit)
    Participation.objects.filter(partnership=focal, ministry=ministry).update(focal_person=colleague)

    response = client_for(unit_officer).get(reverse("dashboards:home"))

    listed = [(p.title, p.of_my_unit) for p in response.context["home_partnerships"]]
    assert listed == [("Clean water", True), ("Northern roads", True), ("Children first", False)]
    assert "Your unit" in response.content.decode()


def test_a_field_officer_without_a_unit_sees_the_most_recent_first(client_for, field_officer, ministry, other_ministry):
    first = make_partnership([ministry, other_ministry], title="A")
    make_partnership([ministry, other_ministry], title="B")
    Partnership.objects.filter(pk=first.pk).update(updated_at=timezone.now() - timedelta(days=3))

    response = client_for(field_officer).get(reverse("dashboards:home"))

    assert [(p.title, p.of_my_unit) for p in response.context["home_partnerships"]] == [("B", False), ("A", False)]


def test_a_field_officers_partnership_list_puts_their_units_first_until_they_sort_it(
    client_for, unit_officer, coordinator, ministry, other_ministry, unit
):
    """Issue 17, item 6, on the Partnerships list too (it named every partnership of the ministry alike)."""
    make_partnership([ministry, other_ministry], title="Abitibi literacy")
    ours = make_partnership([ministry, other_ministry], title="Zone of clean water")
    Participation.objects.filter(partnership=ours, ministry=ministry).update(focal_person=unit_officer)
    url = reverse("partnerships:list")

    response = client_for(unit_officer).get(url)

    listed = [(p.title, p.of_my_unit) for p in response.context["page"].object_list]
    assert listed == [("Zone of clean water", True), ("Abitibi literacy", False)]
    assert "Your unit" in response.content.decode()
    # Sorting the list is the officer's choice; a coordinator's list is by name.
    by_name = client_for(unit_officer).get(url, {"sort": "title"}).context["page"].object_list
    assert [p.title for p in by_name] == ["Abitibi literacy", "Zone of clean water"]
    assert [p.title for p in client_for(coordinator).get(url).context["page"].object_list] == [
        "Abitibi literacy",
        "Zone of clean water",
    ]
