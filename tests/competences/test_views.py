"""Collaboration competence as people use it: assessing oneself, sharing, and the team and organisation pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from competences import services
from competences.catalogue import Competency
from competences.models import CompetenceSharing, SelfAssessment
from ministries.models import Role
from tests.factories import person

R, INFO, J, A, S = (c.value for c in Competency)
TODAY = timezone.localdate()
MINE = reverse("competences:mine")
FUTURE = "The date cannot be in the future. Give today's date or earlier."


def form_post(assessed_on=TODAY, **levels):
    """The self-assessment form's fields as the page posts them: "" for "not assessed"."""
    return {"assessed_on": str(assessed_on), **{c.value: levels.get(c.value, "") for c in Competency}}


def levels_of(assessment):
    return dict(assessment.levels.values_list("competency", "level"))


def shared_team(ministry, count, start=1, role=Role.FIELD_STAFF, **levels):
    people = []
    for n in range(start, start + count):
        user = person(ministry, role, user__username=f"{ministry.short_name}.{n}")
        services.assessment_record(user=user, levels={c.value: levels.get(c.value) for c in Competency})
        services.sharing_set(user=user, shared=True)
        people.append(user)
    return people


# One's own assessment


def test_a_person_records_an_assessment_and_skips_what_they_cannot_judge(client_for, field_officer):
    response = client_for(field_officer).post(MINE, form_post(**{R: 3, A: 5}), follow=True)

    assessment = SelfAssessment.objects.get(user=field_officer)
    assert levels_of(assessment) == {R: 3, A: 5}
    assert assessment.assessed_on == TODAY
    assert "Your assessment is saved. Only you see it unless you share it." in response.content.decode()
    assert CompetenceSharing.objects.filter(user=field_officer, shared=True).exists() is False


def test_the_form_shows_every_level_described_and_starts_from_the_latest_assessment(client_for, field_officer):
    services.assessment_record(user=field_officer, levels={R: 4})

    response = client_for(field_officer).get(MINE)

    page = response.content.decode()
    assert "Keeps formal and informal networks alive and uses them to get things done." in page
    assert "Passes on information when asked for it." in page  # a level 1 the seed left empty
    assert response.context["form"].initial[R] == 4
    assert "My collaboration competence" in page


def test_the_history_shows_the_change_between_assessments(client_for, field_officer):
    client = client_for(field_officer)
    client.post(MINE, form_post(assessed_on=TODAY - timedelta(days=90), **{R: 2, INFO: 4}))
    client.post(MINE, form_post(**{R: 4, INFO: 3, J: 2}))

    history = client.get(MINE).context["history"]

    assert [entry.assessment.assessed_on for entry in history] == [TODAY, TODAY - timedelta(days=90)]
    newest = {label: (level, change) for label, level, change in history[0].rows}
    assert newest[Competency.RELATIONSHIPS.label] == (4, 2)
    assert newest[Competency.INFORMATION.label] == (3, -1)
    assert newest[Competency.JOINT_WORK.label] == (2, None)
    assert newest[Competency.AGREEMENTS.label] == (None, None)


def test_an_assessment_with_nothing_chosen_is_refused_with_a_message(client_for, field_officer):
    response = client_for(field_officer).post(MINE, form_post())

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Choose a level for at least one competency, then save."]
    assert SelfAssessment.objects.exists() is False


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (R, "6", "Choose a level from 1 to 5, or “Not assessed”."),
        (R, "x", "Choose a level from 1 to 5, or “Not assessed”."),
        (R, "²", "Choose a level from 1 to 5, or “Not assessed”."),
        (R, "99999999999999999999", "Choose a level from 1 to 5, or “Not assessed”."),
        ("assessed_on", "yesterday", "Enter a date, for example 2026-03-31."),
        ("assessed_on", "", "This field is required."),
        ("assessed_on", str(TODAY + timedelta(days=1)), FUTURE),
    ],
)
def test_bad_input_is_answered_next_to_the_field(client_for, field_officer, field, value, message):
    response = client_for(field_officer).post(MINE, {**form_post(**{R: 3}), field: value})

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert SelfAssessment.objects.exists() is False


def test_the_service_refuses_a_future_date(field_officer):
    with pytest.raises(Exception, match="cannot be in the future"):
        services.assessment_record(user=field_officer, levels={R: 3}, assessed_on=TODAY + timedelta(days=1))


def test_the_service_refuses_a_level_outside_one_to_five(field_officer):
    with pytest.raises(Exception, match="from 1 to 5"):
        services.assessment_record(user=field_officer, levels={R: 7})


def test_a_person_shares_and_stops_sharing(client_for, field_officer):
    client = client_for(field_officer)
    response = client.post(reverse("competences:sharing"), {"shared": "on"}, follow=True)
    assert CompetenceSharing.objects.get(user=field_officer).shared is True
    assert "You share your latest assessment." in response.content.decode()

    response = client.post(reverse("competences:sharing"), {}, follow=True)
    assert CompetenceSharing.objects.get(user=field_officer).shared is False
    assert "You no longer share your assessments." in response.content.decode()


def test_the_page_shows_only_ones_own_assessments(client_for, field_officer, coordinator):
    services.assessment_record(user=coordinator, levels={R: 5})
    services.assessment_record(user=field_officer, levels={R: 1})

    history = client_for(field_officer).get(MINE).context["history"]

    assert [entry.assessment.user for entry in history] == [field_officer]


# The team's profile on the partnership


def test_the_team_tab_shows_counts_and_gaps_but_no_names(client_for, coordinator, partnership, ministry):
    people = shared_team(ministry, 3, **{R: 4, INFO: 2})

    response = client_for(coordinator).get(reverse("competences:team", args=[partnership.pk]))

    page = response.content.decode()
    assert response.context["profile"].published.size == 3
    assert [g.is_gap for g in response.context["gaps"]] == [False, True, True, True, True]
    assert "Figures of 3 people who shared" in page
    assert all(user.username not in page for user in people)
    assert reverse("competences:team", args=[partnership.pk]) in page  # the tab is on the partnership


def test_the_team_tab_says_why_there_are_no_figures(client_for, partner_coordinator, partnership, ministry):
    shared_team(ministry, 2, **{R: 4})

    response = client_for(partner_coordinator).get(reverse("competences:team", args=[partnership.pk]))

    assert response.context["profile"].visible is False
    assert "No figures yet. They appear once at least 3 people have shared" in response.content.decode()


def test_an_outsider_gets_404_on_the_team_tab(client_for, outsider, partnership):
    assert client_for(outsider).get(reverse("competences:team", args=[partnership.pk])).status_code == 404


def test_every_partner_sees_the_same_figures(client_for, coordinator, partner_coordinator, partnership, ministry):
    shared_team(ministry, 3, **{R: 3})
    url = reverse("competences:team", args=[partnership.pk])

    ours = client_for(coordinator).get(url).context["profile"].published
    theirs = client_for(partner_coordinator).get(url).context["profile"].published

    assert ours == theirs
    assert theirs.counts[R] == [0, 0, 0, 3, 0, 0]


@pytest.mark.parametrize(("size", "queries"), [(3, 9), (9, 9)])
def test_the_team_tab_queries_do_not_grow_with_the_team(
    client_for, coordinator, partnership, ministry, other_ministry, django_assert_num_queries, size, queries
):
    shared_team(ministry, size, **{R: 3, INFO: 4})
    client = client_for(coordinator)
    url = reverse("competences:team", args=[partnership.pk])
    client.get(url)  # publishes

    with django_assert_num_queries(queries):
        response = client.get(url)

    assert response.context["profile"].published.size == size


# The organisation's profile


def test_an_executive_sees_the_organisations_profile(client_for, executive, ministry):
    shared_team(ministry, 3, role=Role.EVALUATOR, **{A: 2})

    response = client_for(executive).get(reverse("competences:organisation", args=[ministry.pk]))

    assert response.context["profile"].published.counts[A] == [0, 0, 3, 0, 0, 0]
    assert "Collaboration competence" in response.content.decode()


def test_the_organisations_profile_is_linked_for_its_executives(client_for, executive, ministry):
    page = client_for(executive).get(MINE).content.decode()

    assert reverse("competences:organisation", args=[ministry.pk]) in page


def test_the_organisations_other_people_get_403_and_other_organisations_404(
    client_for, coordinator, other_executive, ministry
):
    url = reverse("competences:organisation", args=[ministry.pk])

    assert client_for(coordinator).get(url).status_code == 403
    assert client_for(other_executive).get(url).status_code == 404
    assert client_for(other_executive).get(reverse("competences:organisation", args=[999999])).status_code == 404


@pytest.mark.parametrize(("size", "queries"), [(3, 8), (9, 8)])
def test_the_organisation_page_queries_do_not_grow(
    client_for, administrator, ministry, django_assert_num_queries, size, queries
):
    shared_team(ministry, size, **{S: 5})
    client = client_for(administrator)
    url = reverse("competences:organisation", args=[ministry.pk])
    client.get(url)

    with django_assert_num_queries(queries):
        response = client.get(url)

    assert response.context["profile"].published.size == size


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fr",
            [
                "Mes compétences de collaboration",
                "Partage idées et informations à temps, avec tact et par plusieurs canaux.",
                "Non évalué",
            ],
        ),
        ("he", ['<html lang="he" dir="rtl" ', "מיומנויות שיתוף הפעולה שלי", "מעביר מידע כשמבקשים ממנו.", "לא הוערך"]),
    ],
)
def test_the_page_reads_in_french_and_hebrew(client_for, field_officer, language, expected):
    field_officer.preferred_language = language
    field_officer.save()

    page = client_for(field_officer).get(MINE).content.decode()

    assert [text for text in expected if text not in page] == []


def test_the_team_tab_reads_in_hebrew(client_for, coordinator, partnership, ministry):
    shared_team(ministry, 3, **{R: 3})
    coordinator.preferred_language = "he"
    coordinator.save()

    page = client_for(coordinator).get(reverse("competences:team", args=[partnership.pk])).content.decode()

    assert "מיומנויות שיתוף הפעולה של הצוות" in page
    assert "נתונים של 3 אנשים ששיתפו" in page
