import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import services
from assessments.models import Point, PointAnswer, PointPosition
from ministries.models import Role
from tests.builders import make_partnership, settle_points
from tests.factories import MinistryFactory, person


def test_the_15_points_are_loaded_with_questions_and_phases(db):
    points = list(Point.objects.all())

    assert [p.number for p in points] == list(range(1, 16))
    assert all(3 <= len(p.question_list) <= 6 for p in points)
    assert [p.phase for p in points].count("initiation") == 3
    assert Point.objects.get(number=15).phase == "application"


def test_answers_are_created_once_for_every_point(partnership):
    first = services.answers_for(partnership)
    second = services.answers_for(partnership)

    assert [a.point.number for a in first] == list(range(1, 16))
    assert [a.pk for a in first] == [a.pk for a in second]


def test_formatted_answer_keeps_structure_and_drops_scripts():
    dirty = '<p onclick="x()">Hi <strong>all</strong><script>alert(1)</script></p><a href="javascript:x">l</a>'

    assert services.sanitize_answer(dirty) == '<p>Hi <strong>all</strong></p><a rel="noopener noreferrer">l</a>'
    assert services.sanitize_answer("Line one\n\nLine two") == "<p>Line one</p>\n\n<p>Line two</p>"


def test_saving_an_answer_records_who_and_when(partnership, coordinator):
    answer = services.answers_for(partnership)[0]

    saved = services.point_answer_save(
        answer=answer,
        by=coordinator,
        expected_revision=0,
        text="We need a service-delivery partnership.",
        status="addressed",
        not_applicable_reason="",
        owner=coordinator,
    )

    assert (saved.status, saved.updated_by, saved.revision) == ("addressed", coordinator, 1)
    assert saved.answer == "<p>We need a service-delivery partnership.</p>"
    assert saved.is_settled


def test_a_stale_answer_save_is_refused(partnership, coordinator):
    answer = services.answers_for(partnership)[0]
    kwargs = {"status": "in_progress", "not_applicable_reason": "", "owner": None}
    services.point_answer_save(answer=answer, by=coordinator, expected_revision=0, text="First", **kwargs)

    with pytest.raises(services.PointConflict) as conflict:
        services.point_answer_save(answer=answer, by=coordinator, expected_revision=0, text="Second", **kwargs)

    assert conflict.value.answer.answer == "<p>First</p>"


def test_not_applicable_needs_a_reason(partnership, coordinator):
    answer = services.answers_for(partnership)[0]

    with pytest.raises(ValidationError) as error:
        services.point_answer_save(
            answer=answer,
            by=coordinator,
            expected_revision=0,
            text="",
            status="not_applicable",
            not_applicable_reason=" ",
            owner=None,
        )

    assert error.value.message_dict == {"not_applicable_reason": ["Say why this point does not apply."]}


def test_an_open_disagreement_keeps_a_point_from_counting_as_addressed(partnership, other_ministry):
    answer = services.answers_for(partnership)[0]
    PointAnswer.objects.filter(pk=answer.pk).update(status="addressed")
    executive = person(other_ministry, Role.EXECUTIVE)

    services.point_position_set(
        answer=answer, ministry=other_ministry, by=executive, stance="disagree", comment="Our role is missing."
    )
    disputed = PointAnswer.objects.for_partnership(partnership).get(pk=answer.pk)
    services.point_position_set(answer=answer, ministry=other_ministry, by=executive, stance="agree", comment="")
    agreed = PointAnswer.objects.for_partnership(partnership).get(pk=answer.pk)

    assert disputed.is_settled is False
    assert agreed.is_settled is True
    assert PointPosition.objects.count() == 1


def test_disagreeing_needs_a_comment(partnership, executive, ministry):
    answer = services.answers_for(partnership)[0]

    with pytest.raises(ValidationError) as error:
        services.point_position_set(answer=answer, ministry=ministry, by=executive, stance="disagree", comment="")

    assert "comment" in error.value.message_dict


def test_nobody_speaks_for_a_ministry_they_do_not_belong_to(partnership, executive, other_ministry, field_officer):
    answer = services.answers_for(partnership)[0]

    with pytest.raises(PermissionDenied):
        services.point_position_set(answer=answer, ministry=other_ministry, by=executive, stance="agree", comment="")
    with pytest.raises(PermissionDenied):
        services.point_position_set(
            answer=answer,
            ministry=field_officer.memberships.get().ministry,
            by=field_officer,
            stance="agree",
            comment="",
        )


def test_completeness_by_phase(partnership):

    settle_points(partnership, [1, 2, 4])
    groups = services.progress_by_phase(services.answers_for(partnership))

    assert [(g.phase, g.settled, g.total) for g in groups] == [
        ("initiation", 2, 3),
        ("planning", 1, 11),
        ("application", 0, 1),
    ]


# The pages


def test_inline_edit_returns_the_card_for_htmx(client_for, coordinator, partnership):
    client = client_for(coordinator)
    url = reverse("assessments:point_edit", args=[partnership.pk, 1])

    form = client.get(url, HTTP_HX_REQUEST="true")
    saved = client.post(
        url,
        {"a1-answer": "<p>Service delivery</p>", "a1-status": "addressed", "a1-revision": 0},
        HTTP_HX_REQUEST="true",
    )

    assert form.templates[0].name == "assessments/_point_form.html"
    assert saved.templates[0].name == "assessments/_point_card.html"
    assert "Service delivery" in saved.content.decode()


def test_the_point_card_ends_its_sentence_with_one_full_stop(client_for, coordinator, partnership):
    client = client_for(coordinator)
    client.post(
        reverse("assessments:point_edit", args=[partnership.pk, 1]),
        {"a1-answer": "<p>Agreed</p>", "a1-status": "addressed", "a1-revision": 0},
    )

    page = client.get(reverse("assessments:points", args=[partnership.pk])).content.decode()

    assert "Last changed by" in page
    assert ".." not in page.split("Last changed by")[1].split("</")[0]


def test_edit_without_javascript_redirects_back_to_the_point(client_for, coordinator, partnership):
    response = client_for(coordinator).post(
        reverse("assessments:point_edit", args=[partnership.pk, 2]),
        {"a2-answer": "Worth it.", "a2-status": "in_progress", "a2-revision": 0},
    )

    assert response.url == reverse("assessments:points", args=[partnership.pk]) + "#point-2"


def test_stale_inline_edit_keeps_the_typed_text(client_for, coordinator, partnership):
    client = client_for(coordinator)
    url = reverse("assessments:point_edit", args=[partnership.pk, 1])
    client.post(url, {"a1-answer": "First", "a1-status": "in_progress", "a1-revision": 0})

    response = client.post(url, {"a1-answer": "Mine, typed", "a1-status": "in_progress", "a1-revision": 0})

    assert response.status_code == 409
    assert "Mine, typed" in response.content.decode()
    assert "saved this answer" in response.content.decode()


def test_evidence_file_of_a_web_page_is_refused_and_nothing_is_saved(client_for, coordinator, partnership):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("minutes.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")

    response = client_for(coordinator).post(
        reverse("assessments:evidence_add", args=[partnership.pk, 1]), {"label": "Minutes", "file": bad}
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "file": ["minutes.pdf is not really a PDF file, or it is damaged. Choose another file."]
    }
    assert response.context["form"]["label"].value() == "Minutes"


def test_evidence_file_is_served_as_a_download_to_participants_only(
    client_for, coordinator, field_officer, outsider, partnership, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client_for(coordinator).post(
        reverse("assessments:evidence_add", args=[partnership.pk, 1]),
        {"label": "Minutes", "file": SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes")},
    )
    evidence = PointAnswer.objects.get(partnership=partnership, point__number=1).evidence.get()
    url = reverse("assessments:evidence_file", args=[partnership.pk, evidence.pk])

    response = client_for(field_officer).get(url)

    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 minutes"
    assert client_for(outsider).get(url).status_code == 404


def test_value_worksheet_warns_about_a_ministry_spending_more_than_it_gains(
    client_for, coordinator, partner_coordinator, partnership, ministry, other_ministry
):
    for user, m, value, cost in ((coordinator, ministry, 4, 2), (partner_coordinator, other_ministry, 2, 5)):
        client_for(user).post(
            reverse("assessments:worksheet_value", args=[partnership.pk]),
            {
                "ministry": m.pk,
                f"m{m.pk}-value_level": value,
                f"m{m.pk}-cost_level": cost,
                f"m{m.pk}-expected_value": "x",
            },
        )

    page = client_for(coordinator).get(reverse("assessments:worksheet_value", args=[partnership.pk]))

    warned = [m for m, assessment, _form in page.context["rows"] if assessment.costs_more_than_it_gives]
    assert warned == [other_ministry]


def test_partners_worksheet_warns_when_authority_is_missing(client_for, coordinator, partnership):
    first, second = partnership.participants
    data = {f"{first.pk}-holds_interests": "on", f"{second.pk}-holds_knowledge": "on"}
    client = client_for(coordinator)
    client.post(reverse("assessments:worksheet_partners", args=[partnership.pk]), data)

    page = client.get(reverse("assessments:worksheet_partners", args=[partnership.pk]))

    assert page.context["missing"] == ["Authority"]


def test_conflict_worksheet_shows_vote_weights_by_risk_share(client_for, coordinator, partnership):
    client = client_for(coordinator)
    client.post(
        reverse("assessments:worksheet_conflict", args=[partnership.pk]),
        {"mechanism": "weighted_vote", "weighting": "risk_share", "committee_rule": "all"},
    )

    page = client.get(reverse("assessments:worksheet_conflict", args=[partnership.pk]))

    assert [(m.short_name, str(w)) for m, w in page.context["weights"].rows] == [("MCSS", "50.00"), ("MOH", "50.00")]


@pytest.mark.parametrize("ministries", [2, 6])
def test_points_page_queries_do_not_grow(client_for, coordinator, ministry, ministries, django_assert_num_queries):

    partnership = make_partnership([ministry, *[MinistryFactory() for _ in range(ministries - 1)]])
    services.answers_for(partnership)
    client = client_for(coordinator)

    # session, user, memberships, partnership, participations, answers with point/owner/updated_by,
    # positions, evidence, and the number of points (all answered: nothing is written)
    with django_assert_num_queries(9):
        client.get(reverse("assessments:points", args=[partnership.pk]))


@pytest.mark.parametrize(
    ("persona", "status"), [("coordinator", 200), ("executive", 403), ("field_officer", 403), ("outsider", 404)]
)
def test_who_may_edit_an_answer(request, client_for, partnership, persona, status):
    client = client_for(request.getfixturevalue(persona))

    assert client.get(reverse("assessments:point_edit", args=[partnership.pk, 1])).status_code == status


def test_a_new_partnership_has_its_answers_and_reading_them_writes_nothing(client_for, coordinator, ministry):
    # Every state change is a POST: the 15 blank answers are made with the partnership, not by a page view.
    partnership = make_partnership([ministry, MinistryFactory()])
    assert PointAnswer.objects.filter(partnership=partnership).count() == Point.objects.count() == 15
    client = client_for(coordinator)

    with CaptureQueriesContext(connection) as queries:
        for url in (
            reverse("assessments:points", args=[partnership.pk]),
            reverse("assessments:point_card", args=[partnership.pk, 4]),
            reverse("assessments:point_edit", args=[partnership.pk, 4]),
            reverse("assessments:gate", args=[partnership.pk]),
        ):
            assert client.get(url).status_code == 200

    writes = [q["sql"] for q in queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")]
    # Signing in touches the session only.
    assert [sql for sql in writes if "django_session" not in sql] == []


def test_a_point_added_later_gets_its_answer_once(client_for, coordinator, ministry):
    partnership = make_partnership([ministry, MinistryFactory()])
    point = Point.objects.create(
        number=16, title="A new point", guidance="Think.", questions="Why?", phase="initiation"
    )

    assert [a.point.number for a in services.answers_for(partnership)][-1] == 16
    assert PointAnswer.objects.filter(partnership=partnership, point=point).count() == 1


def test_a_point_added_later_opens_for_editing(client_for, coordinator, ministry):
    partnership = make_partnership([ministry, MinistryFactory()])
    Point.objects.create(number=16, title="A new point", guidance="Think.", questions="Why?", phase="initiation")

    response = client_for(coordinator).get(reverse("assessments:point_edit", args=[partnership.pk, 16]))

    assert response.status_code == 200
    assert response.context["answer"].point.number == 16
    assert PointAnswer.objects.filter(partnership=partnership, point__number=16).count() == 1
