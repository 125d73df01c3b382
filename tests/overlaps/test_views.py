import pytest
from django.urls import reverse

from overlaps.models import DuplicateMark
from tests.builders import NORTH_CHILDREN, NORTH_CHILDREN_AGAIN, make_alike_partnership, make_partnership
from tests.factories import MembershipFactory


def tab_url(partnership):
    return reverse("overlaps:partnership", args=[partnership.pk])


def mark_url(partnership, other):
    return reverse("overlaps:mark", args=[partnership.pk, other.pk])


@pytest.mark.django_db
def test_the_tab_lists_the_pair_without_the_other_sides_private_fields(client_for, field_officer, ours, theirs, salt):
    theirs.target_audience = "Families with young children in Northern Ontario, first nations included"
    theirs.save()
    response = client_for(field_officer).get(tab_url(ours))
    assert response.status_code == 200
    [pair] = response.context["pairs"]
    assert (pair.first.partnership, pair.second.partnership, pair.may_mark) == (ours, theirs, False)
    page = response.content.decode()
    assert "Child mental health north" in page
    assert "Ministry of Tourism" in page
    assert "first nations" not in page
    assert theirs.problem not in page
    assert reverse("partnerships:detail", args=[theirs.pk]) not in page
    assert "Road salt" not in page
    assert mark_url(ours, theirs) not in page  # field staff do not answer


@pytest.mark.django_db
def test_an_outsider_gets_404_for_the_tab_and_the_mark(client_for, outsider, ours, salt):
    client = client_for(outsider)
    assert client.get(tab_url(ours)).status_code == 404
    assert client.post(mark_url(ours, salt), {"verdict": "merge"}).status_code == 404
    assert DuplicateMark.objects.count() == 0


@pytest.mark.django_db
def test_a_coordinator_marks_a_pair_for_their_organisation(client_for, coordinator, ministry, ours, theirs):
    client = client_for(coordinator)
    page = client.get(tab_url(ours)).content.decode()
    assert mark_url(ours, theirs) in page
    form = client.get(mark_url(ours, theirs)).context["form"]
    assert form.initial == {}
    assert form.fields["ministry"].initial == ministry.pk
    response = client.post(
        mark_url(ours, theirs), {"verdict": "coordinate", "note": "Call EDU.", "ministry": ministry.pk}
    )
    assert response.status_code == 302
    assert response["Location"] == tab_url(ours)
    mark = DuplicateMark.objects.get()
    assert (mark.first, mark.second, mark.ministry, mark.verdict, mark.note, mark.marked_by) == (
        ours,
        theirs,
        ministry,
        "coordinate",
        "Call EDU.",
        coordinator,
    )
    page = client.get(tab_url(ours)).content.decode()
    assert "Call EDU." in page
    assert "Coordinate the two" in page


@pytest.mark.django_db
def test_a_mark_without_an_answer_is_refused_next_to_the_field(client_for, coordinator, ministry, ours, theirs):
    response = client_for(coordinator).post(mark_url(ours, theirs), {"verdict": "", "ministry": ministry.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["verdict"] == ["This field is required."]
    response = client_for(coordinator).post(mark_url(ours, theirs), {"verdict": "merge", "ministry": "²"})
    assert list(response.context["form"].errors) == ["ministry"]
    assert DuplicateMark.objects.count() == 0


@pytest.mark.django_db
def test_someone_of_two_organisations_chooses_which_one_answers(
    client_for, coordinator, ministry, other_ministry, ours, theirs
):
    MembershipFactory(user=coordinator, ministry=other_ministry, role="executive")
    client = client_for(coordinator)
    form = client.get(mark_url(ours, theirs)).context["form"]
    assert list(form.fields["ministry"].queryset) == [ministry, other_ministry]
    client.post(mark_url(ours, theirs), {"verdict": "merge", "ministry": other_ministry.pk})
    assert DuplicateMark.objects.get().ministry == other_ministry


@pytest.mark.django_db
def test_field_staff_may_not_mark(client_for, field_officer, ours, theirs):
    assert client_for(field_officer).post(mark_url(ours, theirs), {"verdict": "merge"}).status_code == 403
    assert DuplicateMark.objects.count() == 0


@pytest.mark.django_db
def test_an_unseen_partnership_that_is_not_alike_is_404(
    client_for, coordinator, outsider_ministry, third_ministry, ours
):
    unseen = make_partnership(
        [outsider_ministry, third_ministry], title="Ports", problem="Ships queue.", public_value="Trade."
    )
    client = client_for(coordinator)
    assert client.get(mark_url(ours, unseen)).status_code == 404
    assert client.get(mark_url(ours, ours)).status_code == 404


@pytest.mark.django_db
def test_the_overview_lists_pairs_among_what_the_person_sees(
    client_for, executive, ministry, third_ministry, ours, theirs, regions
):
    twin = make_alike_partnership([ministry, third_ministry], "Early minds again", NORTH_CHILDREN, regions[1:])
    response = client_for(executive).get(reverse("overlaps:list"))
    pairs = response.context["pairs"]
    assert [(p.first.partnership, p.second.partnership, p.may_mark) for p in pairs] == [(ours, twin, True)]
    assert mark_url(ours, twin) in response.content.decode()


@pytest.mark.django_db
def test_the_executive_dashboard_links_to_the_duplicates(client_for, executive, ours):
    assert reverse("overlaps:list") in client_for(executive).get(reverse("dashboards:executive")).content.decode()


def _portfolio(ministry, third_ministry, regions, size):
    """`size` pairs of alike partnerships, each pair about another audience."""
    for n in range(size):
        for again, fields in enumerate((NORTH_CHILDREN, NORTH_CHILDREN_AGAIN)):
            town = f"Town{'abcdefghij'[n]}ville"
            make_alike_partnership(
                [ministry, third_ministry],
                f"Pair {n} side {again}",
                {key: f"{town} {value} {town}" for key, value in fields.items()},
                regions[:1],
                indicator=f"{town} families assessed",
            )


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 4])
def test_the_overview_takes_the_same_queries_whatever_the_number_of_pairs(
    client_for, executive, ministry, third_ministry, regions, size, django_assert_num_queries
):
    _portfolio(ministry, third_ministry, regions, size)
    client = client_for(executive)
    client.get(reverse("overlaps:list"))  # builds the texts once
    with django_assert_num_queries(12):
        response = client.get(reverse("overlaps:list"))
    assert len(response.context["pairs"]) >= size


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 4])
def test_the_tab_takes_the_same_queries_whatever_the_number_of_pairs(
    client_for, coordinator, ministry, third_ministry, regions, ours, size, django_assert_num_queries
):
    for n in range(size):
        make_alike_partnership([ministry, third_ministry], f"Copy {n}", NORTH_CHILDREN, regions[: n % 3 + 1])
    client = client_for(coordinator)
    client.get(tab_url(ours))
    with django_assert_num_queries(14):
        response = client.get(tab_url(ours))
    assert len(response.context["pairs"]) == size
