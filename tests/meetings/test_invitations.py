"""Meeting invitations: an .ics file in the e-mail, updated (same UID, higher SEQUENCE) when the meeting moves."""

from datetime import timedelta

import icalendar
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from meetings.models import Meeting
from ministries.models import Role
from notifications.models import Kind, Notification
from tests.factories import person


@pytest.fixture
def invited(partnership, ministry, other_ministry, coordinator):
    """Who is invited: the participants' coordinators and executives (the field officer is not)."""
    person(ministry, Role.FIELD_STAFF)
    return {coordinator.email, person(other_ministry, Role.EXECUTIVE).email}


def post_meeting(client, partnership, day, meeting=None, title="Intake"):
    url = (
        reverse("meetings:meeting_edit", args=[partnership.pk, meeting.pk])
        if meeting
        else reverse("meetings:meeting_new", args=[partnership.pk])
    )
    return client.post(url, {"kind": "working_group", "date": day.isoformat(), "title": title, "minutes": ""})


def invitations():
    """(to, UID, SEQUENCE, DTSTART, METHOD) of each e-mailed invitation, sorted."""
    found = []
    for message in mail.outbox:
        (name, content, mimetype), *_ = message.attachments
        assert (name, mimetype) == ("invitation.ics", "text/calendar")
        calendar = icalendar.Calendar.from_ical(content)
        (event,) = calendar.walk("VEVENT")
        assert str(event["ATTENDEE"]) == f"mailto:{message.to[0]}"
        found.append(
            (message.to[0], str(event["UID"]), event["SEQUENCE"], event.decoded("DTSTART"), calendar["METHOD"])
        )
    return sorted(found)


def test_a_new_meeting_e_mails_an_invitation_to_each_partners_coordinators_and_executives(
    client_for, partnership, coordinator, invited, eager_celery, django_capture_on_commit_callbacks
):
    day = timezone.localdate() + timedelta(days=14)

    with django_capture_on_commit_callbacks(execute=True):
        post_meeting(client_for(coordinator), partnership, day)

    meeting = Meeting.objects.get()
    uid = f"meeting-{meeting.pk}@localhost"
    assert invitations() == sorted((email, uid, 0, day, "REQUEST") for email in invited)
    assert mail.outbox[0].subject == f"Meeting on {date_format(day)}: \u2068Intake\u2069"
    assert Notification.objects.filter(kind=Kind.MEETING_INVITATION).count() == 2


def test_a_moved_meeting_sends_an_update_with_the_same_uid_and_a_higher_sequence(
    client_for, partnership, coordinator, invited, eager_celery, django_capture_on_commit_callbacks
):
    client = client_for(coordinator)
    first = timezone.localdate() + timedelta(days=14)
    with django_capture_on_commit_callbacks(execute=True):
        post_meeting(client, partnership, first)
    meeting = Meeting.objects.get()
    moved = first + timedelta(days=7)

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post_meeting(client, partnership, moved, meeting)
    assert invitations() == sorted((email, f"meeting-{meeting.pk}@localhost", 1, moved, "REQUEST") for email in invited)

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post_meeting(client, partnership, moved, meeting, title="Intake, second try")
    assert mail.outbox == []  # same date: nothing to move in anyone's calendar

    with django_capture_on_commit_callbacks(execute=True):
        post_meeting(client, partnership, first, meeting)
    assert invitations() == sorted((email, f"meeting-{meeting.pk}@localhost", 2, first, "REQUEST") for email in invited)
    assert Meeting.objects.get().sequence == 2


def test_a_meeting_recorded_after_it_took_place_invites_nobody(
    client_for, partnership, coordinator, invited, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_meeting(client_for(coordinator), partnership, timezone.localdate() - timedelta(days=2))

    assert Meeting.objects.count() == 1
    assert mail.outbox == []


def test_an_invitation_for_a_deleted_meeting_goes_without_a_file(
    client_for, partnership, coordinator, invited, eager_celery, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post_meeting(client_for(coordinator), partnership, timezone.localdate() + timedelta(days=3))
    Meeting.objects.all().delete()
    for callback in callbacks:
        callback()

    assert sorted(m.to[0] for m in mail.outbox) == sorted(invited)
    assert [m.attachments for m in mail.outbox] == [[], []]
