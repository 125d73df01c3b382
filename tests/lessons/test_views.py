import pytest
from django.urls import reverse

from common.dates import day_label
from lessons.models import Lesson
from partnerships.models import Partnership
from tests.builders import make_partnership
from tests.factories import GateDecisionFactory, GateRequestFactory, LessonFactory, ReviewFactory


def record_url(partnership):
    return reverse("lessons:record", args=[partnership.pk])


def lesson_post(**changes):
    return {
        "source": "review",
        "review": "",
        "gate_decision": "",
        "worked": "Meeting the families in one place.",
        "did_not_work": "",
        "do_differently": "Share the data from the start.",
        "tags": "Intake, data sharing,intake",
        **changes,
    }


def close(partnership):
    Partnership.objects.filter(pk=partnership.pk).update(status=Partnership.Status.CLOSED)


@pytest.mark.django_db
def test_a_coordinator_records_a_lesson_at_a_review(client_for, coordinator, partnership):
    review = ReviewFactory(partnership=partnership)
    client = client_for(coordinator)
    form = client.get(record_url(partnership), {"review": str(review.pk)}).context["form"]
    assert (form.initial["source"], form.initial["review"]) == ("review", review.pk)
    response = client.post(record_url(partnership), lesson_post(review=review.pk))
    assert response.status_code == 302
    lesson = Lesson.objects.get()
    assert (lesson.partnership, lesson.review, lesson.gate_decision, lesson.recorded_by) == (
        partnership,
        review,
        None,
        coordinator,
    )
    assert (lesson.tags, lesson.tag_list) == (",intake,data sharing,", ["intake", "data sharing"])
    tab = client.get(reverse("lessons:partnership", args=[partnership.pk]))
    assert list(tab.context["lessons"]) == [lesson]
    assert f"The review of {day_label(review.held_on)}" in tab.content.decode()


@pytest.mark.django_db
def test_an_executive_records_a_lesson_at_a_gate_decision(client_for, executive, partnership):
    decision = GateDecisionFactory(request=GateRequestFactory(partnership=partnership))
    client = client_for(executive)
    form = client.get(record_url(partnership), {"gate_decision": str(decision.pk)}).context["form"]
    assert form.initial["source"] == "gate"
    client.post(record_url(partnership), lesson_post(source="gate", gate_decision=decision.pk))
    lesson = Lesson.objects.get()
    assert (lesson.source, lesson.gate_decision, lesson.review) == ("gate", decision, None)
    assert lesson.source_label.endswith(": Go")


@pytest.mark.django_db
def test_closing_lessons_wait_for_the_closing(client_for, evaluator, partnership):
    client = client_for(evaluator)
    refused = client.post(record_url(partnership), lesson_post(source="closing"))
    assert refused.status_code == 200
    assert list(refused.context["form"].errors) == ["source"]
    assert not Lesson.objects.exists()
    close(partnership)
    assert client.get(record_url(partnership)).context["form"].initial["source"] == "closing"
    client.post(record_url(partnership), lesson_post(source="closing"))
    assert Lesson.objects.get().source == "closing"


@pytest.mark.django_db
def test_a_lesson_needs_its_source_and_something_to_say(client_for, coordinator, partnership, ministry, third_ministry):
    elsewhere = ReviewFactory(partnership=make_partnership([ministry, third_ministry], title="Elsewhere"))
    client = client_for(coordinator)
    cases = [
        (lesson_post(worked="", do_differently=""), ["__all__"]),
        (lesson_post(review=""), ["__all__"]),
        (lesson_post(review=elsewhere.pk), ["review"]),
        (lesson_post(review="abc"), ["review"]),
        (lesson_post(source="gate"), ["__all__"]),
        (lesson_post(source="later"), ["source"]),
        (lesson_post(tags=",".join(f"tag{n}" for n in range(11))), ["__all__", "tags"]),
    ]
    for data, fields in cases:
        response = client.post(record_url(partnership), data)
        assert response.status_code == 200
        assert sorted(response.context["form"].errors) == sorted(fields)
    missing = client.post(record_url(partnership), lesson_post(review=""))
    assert "Choose the review this lesson comes from." in missing.content.decode()
    assert not Lesson.objects.exists()


@pytest.mark.django_db
def test_only_the_participants_team_records_lessons(
    client_for, field_officer, outsider, partner_coordinator, partnership
):
    review = ReviewFactory(partnership=partnership)
    assert client_for(field_officer).post(record_url(partnership), lesson_post(review=review.pk)).status_code == 403
    assert client_for(outsider).post(record_url(partnership), lesson_post(review=review.pk)).status_code == 404
    assert not Lesson.objects.exists()
    # Any participant's team records what it learned; it changes nothing for the others.
    client_for(partner_coordinator).post(record_url(partnership), lesson_post(review=review.pk))
    assert Lesson.objects.get().recorded_by == partner_coordinator


@pytest.mark.django_db
def test_the_library_shows_the_lessons_of_visible_partnerships_only(
    client_for, coordinator, outsider, partnership, ministry, third_ministry
):
    mine = LessonFactory(partnership=partnership, do_differently="Hire a data steward early.", tags=",data,")
    hidden = make_partnership([third_ministry, ministry], title="Hidden")
    Partnership.objects.filter(pk=hidden.pk).update()
    other = LessonFactory(partnership=make_partnership([third_ministry, outsider.memberships.get().ministry]))
    client = client_for(coordinator)
    library = reverse("lessons:library")
    assert list(client.get(library).context["page"].object_list) == [mine]
    found = client.get(library, {"q": "steward"})
    assert list(found.context["page"].object_list) == [mine]
    assert "<mark>steward</mark>" in found.content.decode()
    assert list(client.get(library, {"tag": "DATA"}).context["page"].object_list) == [mine]
    assert list(client.get(library, {"tag": "dat"}).context["page"].object_list) == []
    assert list(client.get(library, {"source": "review"}).context["page"].object_list) == []
    assert list(client.get(library, {"source": "secret"}).context["page"].object_list) == []
    assert list(client_for(outsider).get(library).context["page"].object_list) == [other]


@pytest.mark.django_db
def test_a_new_partnership_is_shown_the_lessons_of_similar_ones(client_for, coordinator, ministry, other_ministry):
    earlier = make_partnership([ministry, other_ministry], title="Youth employment coaching")
    unrelated = make_partnership([ministry, other_ministry], title="Road salt purchasing")
    Partnership.objects.filter(pk=unrelated.pk).update(problem="Winter roads.", public_value="Safe roads.")
    useful = LessonFactory(partnership=earlier)
    LessonFactory(partnership=unrelated)
    new = make_partnership([ministry, other_ministry], title="Youth employment in the north")
    tab = client_for(coordinator).get(reverse("lessons:partnership", args=[new.pk]))
    assert list(tab.context["similar"]) == [useful]
    assert list(tab.context["lessons"]) == []


@pytest.mark.django_db
def test_the_search_page_finds_lessons(client_for, coordinator, partnership):
    LessonFactory(partnership=partnership, did_not_work="The shared spreadsheet went stale.")
    response = client_for(coordinator).get(reverse("search:results"), {"q": "spreadsheet"})
    assert [(group.source.kind, group.total) for group in response.context["found"]] == [("lesson", 1)]


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 5])
def test_the_library_costs_the_same_queries_however_many_lessons(
    client_for, coordinator, partnership, django_assert_num_queries, size
):
    for _ in range(size):
        LessonFactory(partnership=partnership, review=ReviewFactory(partnership=partnership), source="review")
    client = client_for(coordinator)
    with django_assert_num_queries(5):
        client.get(reverse("lessons:library"), {"q": "weekly"})
