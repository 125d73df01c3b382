import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from meetings import services as meeting_services
from meetings.models import Mechanism
from ministries.models import Role
from results import services as fieldwork_services
from results.feed import feed_page
from results.models import Milestone, ProgressAttachment, ProgressLog
from tests.builders import approved, indicator_for, jpeg, make_partnership, pdf, png, quarter
from tests.factories import MinistryFactory, person

NEW = "results:progress_new"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def entry(partnership, **changes):
    return {
        "partnership": partnership.pk,
        "date": timezone.localdate().isoformat(),
        "text": "Opened intake.",
        **changes,
    }


# The progress form


def test_form_defaults_to_today_and_picks_the_only_partnership(client_for, partnership, unit_officer):
    form = client_for(unit_officer).get(reverse(NEW)).context["form"]

    assert form["date"].value() == timezone.localdate()
    assert form["partnership"].value() == partnership.pk
    assert list(form.fields["partnership"].queryset) == [partnership]


def test_field_staff_see_only_their_ministrys_partnerships(client_for, partnership, unit_officer, other_ministry):
    make_partnership([other_ministry, MinistryFactory()], title="Not ours")
    second = make_partnership([other_ministry, unit_officer.memberships.get().ministry], title="Ours too")

    form = client_for(unit_officer).get(reverse(NEW)).context["form"]

    assert list(form.fields["partnership"].queryset) == [partnership, second]


def test_field_staff_cannot_log_on_another_ministrys_partnership(client_for, partnership, unit_officer, other_ministry):
    foreign = make_partnership([other_ministry, MinistryFactory()], title="Not ours")

    response = client_for(unit_officer).post(reverse(NEW), entry(foreign))

    assert response.status_code == 200
    assert "partnership" in response.context["form"].errors
    assert not ProgressLog.objects.exists()


def test_an_entry_is_saved_for_the_officers_unit(client_for, partnership, unit_officer, unit, ministry):
    milestone = fieldwork_services.milestone_create(
        partnership=partnership, by=None, fields={"title": "Intake open", "due_date": timezone.localdate()}
    )

    response = client_for(unit_officer).post(reverse(NEW), entry(partnership, milestone=milestone.pk))

    log = ProgressLog.objects.get()
    assert response.url == reverse("results:progress_mine")
    assert (log.author, log.ministry, log.field_unit, log.milestone, log.text) == (
        unit_officer,
        ministry,
        unit,
        milestone,
        "Opened intake.",
    )


def test_a_milestone_of_another_partnership_is_refused(client_for, partnership, unit_officer, ministry, other_ministry):
    other = make_partnership([ministry, other_ministry], title="Second")
    foreign = fieldwork_services.milestone_create(
        partnership=other, by=None, fields={"title": "Elsewhere", "due_date": timezone.localdate()}
    )

    response = client_for(unit_officer).post(reverse(NEW), entry(partnership, milestone=foreign.pk))

    assert "milestone" in response.context["form"].errors


def test_a_date_in_the_future_is_refused(client_for, partnership, unit_officer):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    response = client_for(unit_officer).post(reverse(NEW), entry(partnership, date=tomorrow))

    assert "date" in response.context["form"].errors


def test_choices_for_htmx_show_only_that_partnerships_milestones(
    client_for, partnership, unit_officer, ministry, other_ministry
):
    other = make_partnership([ministry, other_ministry], title="Second")
    mine = fieldwork_services.milestone_create(
        partnership=partnership, by=None, fields={"title": "Ours", "due_date": timezone.localdate()}
    )
    fieldwork_services.milestone_create(
        partnership=other, by=None, fields={"title": "Theirs", "due_date": timezone.localdate()}
    )

    response = client_for(unit_officer).get(
        reverse("results:progress_targets"), {"partnership": partnership.pk}, headers={"HX-Request": "true"}
    )

    page = response.content.decode()
    assert ("Ours" in page, "Theirs" in page, "<html" in page) == (True, False, False)
    assert f'<option value="{mine.pk}">Ours</option>' in page


def test_without_a_partnership_the_page_says_so(client_for, unit_officer):
    response = client_for(unit_officer).get(reverse(NEW))

    assert response.context["form"] is None
    assert "You report on no partnership yet" in response.content.decode()


# Uploads


def test_photos_and_documents_are_stored_with_their_checked_type(client_for, partnership, unit_officer):
    client_for(unit_officer).post(reverse(NEW), entry(partnership, photos=[jpeg(), png()], files=[pdf()]))

    stored = list(ProgressAttachment.objects.values_list("original_name", "content_type", "is_image"))
    assert stored == [
        ("site.jpg", "image/jpeg", True),
        ("chart.png", "image/png", True),
        ("report.pdf", "application/pdf", False),
    ]


@pytest.mark.parametrize(
    ("upload", "field"),
    [
        (SimpleUploadedFile("site.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg"), "photos"),
        (SimpleUploadedFile("map.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml"), "photos"),
        (SimpleUploadedFile("page.html", b"<!doctype html><p>hi</p>", "text/html"), "files"),
        (SimpleUploadedFile("run.js", b"alert(1)", "text/javascript"), "files"),
        (SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"), "files"),
        (SimpleUploadedFile("broken.png", b"\x89PNG\r\n\x1a\nnot really an image", "image/png"), "photos"),
    ],
)
def test_a_bad_file_is_refused_and_the_rest_of_the_form_is_kept(client_for, partnership, unit_officer, upload, field):
    response = client_for(unit_officer).post(
        reverse(NEW), entry(partnership, text="Met the school board in Kenora.", **{field: [upload]})
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "Met the school board in Kenora." in page
    assert "Choose the photo again" in page
    assert not ProgressLog.objects.exists()
    assert not ProgressAttachment.objects.exists()


def test_a_file_over_the_size_limit_is_refused(client_for, partnership, unit_officer, settings):
    settings.INTERLOCK_UPLOAD_MAX_BYTES = 1000

    response = client_for(unit_officer).post(reverse(NEW), entry(partnership, photos=[jpeg(size=(400, 400))]))

    [message] = response.context["form"].errors["photos"]
    assert "the limit is 1000" in message
    assert not ProgressLog.objects.exists()


def test_no_more_than_five_files(client_for, partnership, unit_officer):
    response = client_for(unit_officer).post(
        reverse(NEW), entry(partnership, photos=[jpeg(f"p{i}.jpg") for i in range(4)], files=[pdf(), pdf("b.pdf")])
    )

    assert "files" in response.context["form"].errors


def test_files_are_served_only_to_the_partners_with_safe_headers(client_for, partnership, unit_officer, outsider):
    client_for(unit_officer).post(reverse(NEW), entry(partnership, photos=[jpeg()], files=[pdf()]))
    photo, document = ProgressAttachment.objects.order_by("pk")
    url = reverse("results:attachment", args=[partnership.pk, photo.pk])

    inline = client_for(unit_officer).get(url, {"inline": "1"})
    download = client_for(unit_officer).get(
        reverse("results:attachment", args=[partnership.pk, document.pk]), {"inline": "1"}
    )
    hidden = client_for(outsider).get(url)

    assert (inline["Content-Type"], inline["X-Content-Type-Options"]) == ("image/jpeg", "nosniff")
    assert inline["Content-Disposition"].startswith("inline")
    assert download["Content-Disposition"] == 'attachment; filename="report.pdf"'
    assert hidden.status_code == 404


def test_files_are_never_under_media_url(client_for, partnership, unit_officer, settings):
    # Signed in: an anonymous client is sent to the sign-in page (302) whether the URL exists or not.
    client = client_for(unit_officer)
    client.post(reverse(NEW), entry(partnership, photos=[jpeg()]))
    photo = ProgressAttachment.objects.get()

    response = client.get(f"/{settings.MEDIA_URL}{photo.file.name}")

    assert response.status_code == 404


# Editing within the window


def test_author_edits_within_the_window_and_not_after(client_for, partnership, unit_officer, settings):
    settings.INTERLOCK_PROGRESS_EDIT_WINDOW_HOURS = 24
    client = client_for(unit_officer)
    client.post(reverse(NEW), entry(partnership, photos=[jpeg()]))
    log = ProgressLog.objects.get()
    url = reverse("results:progress_edit", args=[partnership.pk, log.pk])
    attachment = log.attachments.get()

    client.post(url, {"date": log.date.isoformat(), "text": "Opened intake in two offices.", "remove": [attachment.pk]})
    ProgressLog.objects.filter(pk=log.pk).update(created_at=timezone.now() - timedelta(hours=25))
    late = client.post(url, {"date": log.date.isoformat(), "text": "Changed later"})

    log.refresh_from_db()
    assert (log.text, log.attachments.count(), late.status_code) == ("Opened intake in two offices.", 0, 403)


def test_nobody_else_edits_an_entry(client_for, partnership, unit_officer, field_officer):
    client_for(unit_officer).post(reverse(NEW), entry(partnership))
    log = ProgressLog.objects.get()

    response = client_for(field_officer).get(reverse("results:progress_edit", args=[partnership.pk, log.pk]))

    assert response.status_code == 403


# Milestones


def test_marking_a_milestone_done_needs_a_note_and_shows_it_as_a_win(
    client_for, partnership, coordinator, field_officer
):
    milestone = fieldwork_services.milestone_create(
        partnership=partnership, by=coordinator, fields={"title": "First office open", "due_date": timezone.localdate()}
    )
    url = reverse("results:milestone_done", args=[partnership.pk, milestone.pk])

    refused = client_for(field_officer).post(url, {"note": "Done"}).status_code
    empty = client_for(coordinator).post(url, {"note": ""})
    client_for(coordinator).post(url, {"note": "Thunder Bay took its first families."})
    feed = client_for(coordinator).get(reverse("results:progress", args=[partnership.pk]))

    milestone.refresh_from_db()
    assert (refused, "note" in empty.context["form"].errors) == (403, True)
    assert (milestone.status, milestone.done_by, milestone.done_note) == (
        "done",
        coordinator,
        "Thunder Bay took its first families.",
    )
    assert [(item.kind, item.obj) for item in feed.context["page"].items] == [("win", milestone)]
    assert "Milestone reached: First office open" in feed.content.decode()


def test_the_owner_of_a_milestone_may_mark_it_done(partnership, unit_officer, client_for):
    milestone = fieldwork_services.milestone_create(
        partnership=partnership,
        by=None,
        fields={"title": "Survey", "due_date": timezone.localdate(), "owner": unit_officer},
    )

    client_for(unit_officer).post(
        reverse("results:milestone_done", args=[partnership.pk, milestone.pk]), {"note": "All 40 farms."}
    )

    assert Milestone.objects.get().is_done


def test_coordinator_adds_a_milestone_with_an_owner(client_for, partnership, coordinator, ministry):
    client_for(coordinator).post(
        reverse("results:milestone_new", args=[partnership.pk]),
        {
            "title": "Shared intake form",
            "due_date": "2026-12-15",
            "owner": coordinator.pk,
            "owner_ministry": ministry.pk,
        },
    )

    assert list(Milestone.objects.values_list("title", "owner", "owner_ministry")) == [
        ("Shared intake form", coordinator.pk, ministry.pk)
    ]


def test_coordinator_moves_a_milestone_and_its_owner(client_for, partnership, coordinator, ministry):
    milestone = fieldwork_services.milestone_create(
        partnership=partnership, by=None, fields={"title": "Shared intake form", "due_date": timezone.localdate()}
    )

    response = client_for(coordinator).post(
        reverse("results:milestone_edit", args=[partnership.pk, milestone.pk]),
        {
            "title": "Shared intake form, second draft",
            "due_date": "2027-01-15",
            "owner": coordinator.pk,
            "owner_ministry": ministry.pk,
        },
    )

    assert response.status_code == 302
    milestone.refresh_from_db()
    assert (milestone.title, milestone.due_date.isoformat(), milestone.owner, milestone.owner_ministry) == (
        "Shared intake form, second draft",
        "2027-01-15",
        coordinator,
        ministry,
    )


# The feed


def fill_feed(partnership, ministry, coordinator, executive, unit_officer, unit, size):
    """`size` of each kind of feed item."""
    indicator = indicator_for(partnership, ministry)
    for i in range(size):
        fieldwork_services.progress_log_create(
            partnership=partnership,
            author=unit_officer,
            ministry=ministry,
            field_unit=unit,
            date=timezone.localdate(),
            text=f"Entry {i}",
            files=[],
        )
        approved(indicator, coordinator, executive, quarter(1, 2000 + i), i)
        milestone = fieldwork_services.milestone_create(
            partnership=partnership, by=None, fields={"title": f"M{i}", "due_date": timezone.localdate()}
        )
        fieldwork_services.milestone_complete(milestone=milestone, by=coordinator, note="Reached")
        meeting_services.decision_record(
            partnership=partnership,
            by=coordinator,
            title=f"Decision {i}",
            mechanism=Mechanism.WEIGHTED_VOTE,
            votes=[(ministry, "for")],
        )
        conflict = meeting_services.conflict_raise(
            partnership=partnership, by=coordinator, ministry=ministry, kind="obstacle", title=f"C{i}", description="x"
        )
        meeting_services.conflict_update(conflict=conflict, by=coordinator, fields={"agreed_definition": "Agreed"})
        meeting_services.decision_record(
            partnership=partnership,
            by=coordinator,
            title=f"Settle C{i}",
            mechanism=Mechanism.CONSENSUS,
            conflict=conflict,
        )


def test_feed_combines_every_kind_newest_first(partnership, ministry, coordinator, executive, unit_officer, unit):
    fill_feed(partnership, ministry, coordinator, executive, unit_officer, unit, 1)

    page = feed_page(partnership)

    assert sorted(item.kind for item in page.items) == ["conflict", "decision", "decision", "log", "measurement", "win"]
    assert [item.at for item in page.items] == sorted((item.at for item in page.items), reverse=True)


def test_feed_pages_with_show_more(client_for, partnership, ministry, coordinator, executive, unit_officer, unit):
    fill_feed(partnership, ministry, coordinator, executive, unit_officer, unit, 4)  # 24 items
    client = client_for(coordinator)
    url = reverse("results:progress", args=[partnership.pk])

    first = client.get(url)
    second = client.get(url, {"page": 2}, headers={"HX-Request": "true"})

    assert (len(first.context["page"].items), first.context["page"].has_next) == (20, True)
    assert (len(second.context["page"].items), second.context["page"].has_next) == (4, False)
    assert "<html" not in second.content.decode()
    assert 'hx-swap="outerHTML"' in first.content.decode()
    assert json.loads(second["HX-Trigger"]) == {"announce": {"message": "4 more entries are shown."}}


@pytest.mark.parametrize("size", [1, 5])
def test_feed_queries_do_not_grow(
    client_for, partnership, ministry, coordinator, executive, unit_officer, unit, size, django_assert_num_queries
):
    fill_feed(partnership, ministry, coordinator, executive, unit_officer, unit, size)
    client = client_for(coordinator)
    url = reverse("results:progress", args=[partnership.pk])

    # session, user, partnership, participations, memberships, union of keys, then per kind: logs and their
    # files, measurements, wins, decisions and their votes, conflicts
    with django_assert_num_queries(13):
        client.get(url, {"page": 1}, headers={"HX-Request": "true"})
    # the whole page adds the open milestones and the count of those reached
    with django_assert_num_queries(15):
        response = client.get(url)
    assert len(response.context["page"].items) == min(20, 6 * size)


def test_outsider_gets_404_on_the_progress_tab(client_for, partnership, outsider):
    assert client_for(outsider).get(reverse("results:progress", args=[partnership.pk])).status_code == 404


def test_evaluator_sees_the_feed_but_cannot_log(client_for, partnership, evaluator):
    response = client_for(evaluator).get(reverse("results:progress", args=[partnership.pk]))

    assert (response.status_code, response.context["may_log"]) == (200, False)
    assert client_for(evaluator).post(reverse(NEW), entry(partnership)).context["form"] is None


def test_my_entries_page_lists_my_entries_only(client_for, partnership, unit_officer, field_officer):
    client_for(field_officer).post(reverse(NEW), entry(partnership, text="Theirs"))
    client_for(unit_officer).post(reverse(NEW), entry(partnership, text="Mine"))

    response = client_for(unit_officer).get(reverse("results:progress_mine"))

    assert [log.text for log in response.context["entries"]] == ["Mine"]


def test_closed_partnership_takes_no_entries(client_for, partnership, unit_officer):
    partnership.status = partnership.Status.CLOSED
    partnership.save()

    response = client_for(unit_officer).get(reverse(NEW))

    assert response.context["form"] is None


def test_person_fixture_is_field_staff(field_officer, ministry):
    assert field_officer.memberships.get().role == Role.FIELD_STAFF
    assert person(ministry, Role.FIELD_STAFF).memberships.get().ministry == ministry
