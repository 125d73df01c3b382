"""The meetings pages when the service refuses what the form let through."""

from datetime import timedelta

from django.contrib.messages import get_messages
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from meetings.models import ActionItem, Conflict, ConflictEscalation, Decision, Meeting
from ministries.models import Role
from partnerships.services import participation_withdraw
from tests.builders import make_partnership
from tests.factories import ConflictFactory, DecisionFactory, person


def test_meeting_new_with_minutes_for_a_future_date_shows_the_error_next_to_the_minutes(
    client_for, partnership, coordinator
):
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = client_for(coordinator).post(
        reverse("meetings:meeting_new", args=[partnership.pk]),
        {
            "kind": Meeting.Kind.STEERING_COMMITTEE,
            "date": tomorrow.isoformat(),
            "title": "Spring committee",
            "minutes": "We agreed on one intake form.",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "minutes": ["Minutes can only be written for a meeting that has taken place."]
    }
    assert response.context["form"]["title"].value() == "Spring committee"
    assert not Meeting.objects.filter(partnership=partnership).exists()


def test_decision_verdict_already_given_by_someone_else_shows_the_refusal(client_for, partnership, coordinator):
    decided = {"verdict": Decision.Verdict.values[0], "verdict_by": "The minister", "verdict_on": timezone.localdate()}
    decision = DecisionFactory(partnership=partnership, outcome=Decision.Outcome.TIE, **decided)

    response = client_for(coordinator).post(
        reverse("meetings:decision_verdict", args=[partnership.pk, decision.pk]),
        {
            "verdict": Decision.Verdict.values[-1],
            "verdict_by": "The deputy minister",
            "verdict_on": timezone.localdate().isoformat(),
            "note": "Second thoughts.",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["This decision does not wait for the approving level."]
    assert response.context["form"]["verdict_by"].value() == "The deputy minister"
    decision.refresh_from_db()
    assert (decision.verdict, decision.verdict_by) == (Decision.Verdict.values[0], "The minister")


def test_conflict_escalate_of_a_withdrawn_conflict_says_it_is_closed(client_for, partnership, ministry, coordinator):
    conflict = ConflictFactory(partnership=partnership, raised_by_ministry=ministry, status=Conflict.Status.WITHDRAWN)

    response = client_for(coordinator).post(
        reverse("meetings:conflict_escalate", args=[partnership.pk, conflict.pk]),
        {"reached_on": timezone.localdate().isoformat(), "note": "The working group is stuck."},
    )

    assert response.status_code == 302
    assert response.url == reverse("meetings:conflict", args=[partnership.pk, conflict.pk])
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["This conflict is closed."]
    assert not ConflictEscalation.objects.filter(conflict=conflict).exists()


def test_action_item_new_for_a_ministry_that_left_meanwhile_shows_the_error_next_to_the_ministry(
    client_for, coordinator, ministry, other_ministry, third_ministry
):
    partnership = make_partnership([ministry, other_ministry, third_ministry])
    leaving = partnership.participations.get(ministry=third_ministry)
    left = []

    def ministry_leaves_once_the_form_has_checked_it(run, sql, params, many, context):
        result = run(sql, params, many, context)
        # The form has just found the ministry among the partners; before the item is saved, it leaves.
        if not left and 'FROM "ministries_ministry" WHERE ("ministries_ministry"."id" IN' in sql:
            left.append(True)
            participation_withdraw(
                participation=leaving, by=person(third_ministry, Role.COORDINATOR), reason="Budget cuts."
            )
        return result

    client = client_for(coordinator)
    with connection.execute_wrapper(ministry_leaves_once_the_form_has_checked_it):
        response = client.post(
            reverse("meetings:action_new", args=[partnership.pk]),
            {"title": "Book the room", "owner": "", "owner_ministry": third_ministry.pk, "due_date": ""},
        )

    assert left == [True]
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "owner_ministry": ["Choose an organisation that takes part in the partnership."]
    }
    assert response.context["form"]["title"].value() == "Book the room"
    assert not ActionItem.objects.filter(partnership=partnership).exists()
    assert third_ministry.pk not in partnership.ministry_ids
