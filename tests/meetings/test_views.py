from django.urls import reverse
from django.utils import timezone

from meetings.models import ActionItem, Conflict, Decision
from tests.factories import ActionItemFactory, ConflictFactory, MeetingFactory


def test_coordinator_withdraws_an_open_conflict(client_for, partnership, ministry, coordinator):
    conflict = ConflictFactory(partnership=partnership, raised_by_ministry=ministry)

    response = client_for(coordinator).post(reverse("meetings:conflict_withdraw", args=[partnership.pk, conflict.pk]))

    conflict.refresh_from_db()
    assert response.url == reverse("meetings:conflict", args=[partnership.pk, conflict.pk])
    assert conflict.status == Conflict.Status.WITHDRAWN


def test_withdrawing_a_resolved_conflict_says_it_is_closed(client_for, partnership, ministry, coordinator):
    resolved = {"status": Conflict.Status.RESOLVED, "resolved_at": timezone.now()}
    conflict = ConflictFactory(partnership=partnership, raised_by_ministry=ministry, **resolved)
    client = client_for(coordinator)

    client.post(reverse("meetings:conflict_withdraw", args=[partnership.pk, conflict.pk]))
    page = client.get(reverse("meetings:conflict", args=[partnership.pk, conflict.pk])).content.decode()

    conflict.refresh_from_db()
    assert conflict.status == Conflict.Status.RESOLVED
    assert "This conflict is closed." in page


def test_meeting_page_lists_its_action_items_and_who_may_update_them(
    client_for, partnership, coordinator, field_officer
):
    meeting = MeetingFactory(partnership=partnership)
    mine = ActionItemFactory(partnership=partnership, meeting=meeting, title="Book the room", owner=field_officer)
    theirs = ActionItemFactory(partnership=partnership, meeting=meeting, title="Send the minutes", owner=coordinator)

    response = client_for(field_officer).get(reverse("meetings:meeting", args=[partnership.pk, meeting.pk]))

    shown = sorted((i.pk, i.may_update) for i in response.context["action_items"])
    assert shown == [(mine.pk, True), (theirs.pk, False)]


def test_closing_an_action_item_from_its_meeting_goes_back_to_the_meeting(client_for, partnership, coordinator):
    meeting = MeetingFactory(partnership=partnership)
    item = ActionItemFactory(partnership=partnership, meeting=meeting, owner=coordinator)
    url = reverse("meetings:action_status", args=[partnership.pk, item.pk])

    response = client_for(coordinator).post(url, {"status": "done", "next": "meeting"})

    item.refresh_from_db()
    assert response.url == reverse("meetings:meeting", args=[partnership.pk, meeting.pk])
    assert item.status == ActionItem.Status.DONE


def test_a_consensus_recorded_outside_a_meeting_goes_back_to_the_meetings_tab(client_for, partnership, coordinator):
    response = client_for(coordinator).post(
        reverse("meetings:decision_new", args=[partnership.pk]),
        {
            "title": "One intake form",
            "decided_on": timezone.localdate().isoformat(),
            "mechanism": "consensus",
            "consensus_reached": "yes",
        },
    )

    decision = Decision.objects.get()
    assert response.url == reverse("meetings:meetings", args=[partnership.pk])
    assert (decision.title, decision.meeting, decision.outcome) == ("One intake form", None, "adopted")


def test_a_decision_on_a_conflict_goes_back_to_the_conflict(client_for, partnership, ministry, coordinator):
    conflict = ConflictFactory(partnership=partnership, raised_by_ministry=ministry, agreed_definition="Who pays.")

    response = client_for(coordinator).post(
        reverse("meetings:conflict_decide", args=[partnership.pk, conflict.pk]),
        {
            "title": "The lead pays",
            "decided_on": timezone.localdate().isoformat(),
            "mechanism": "consensus",
            "consensus_reached": "yes",
        },
    )

    assert response.url == reverse("meetings:conflict", args=[partnership.pk, conflict.pk])
    assert list(Decision.objects.values_list("conflict", "title")) == [(conflict.pk, "The lead pays")]
