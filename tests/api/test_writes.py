"""What field systems write through the API: measurements, progress logs with photos, action items' status.

Each write is allowed or refused by the same predicates as the web's forms and done by the same services.
"""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from meetings.models import ActionItem
from partnerships.models import Partnership
from results.models import Measurement, ProgressLog
from tests.builders import indicator_for, jpeg, make_partnership, pdf, signed_in
from tests.factories import ActionItemFactory, MilestoneFactory, MinistryFactory


def url(partnership, tail=""):
    return f"/api/v1/partnerships/{partnership.pk}/{tail}"


@pytest.fixture
def indicator(partnership, ministry):
    return indicator_for(partnership, ministry)


def report(client, partnership, **data):
    return client.post(url(partnership, "measurements/"), data, content_type="application/json")


# Measurements


def test_a_field_officer_reports_a_measurement_and_sends_it(client, field_officer, partnership, indicator, ministry):
    signed_in(client, field_officer)

    response = report(
        client, partnership, indicator=indicator.pk, day=str(timezone.localdate()), value="12.5", submit=True
    )

    assert response.status_code == 201
    measurement = Measurement.objects.get()
    assert (measurement.value, measurement.status, measurement.ministry, measurement.field_unit) == (
        Decimal("12.5"),
        Measurement.Status.SUBMITTED,
        ministry,
        None,
    )
    assert (measurement.reported_by, response.json()["id"]) == (field_officer, measurement.pk)


def test_a_field_officer_of_a_unit_reports_for_their_unit(client, unit_officer, partnership, indicator, unit):
    signed_in(client, unit_officer)

    response = report(
        client, partnership, indicator=indicator.pk, day=str(timezone.localdate()), value="3", field_unit=unit.pk
    )

    assert response.status_code == 201
    assert Measurement.objects.get().field_unit == unit


def test_nobody_reports_for_a_field_unit_that_is_not_theirs(client, unit_officer, partnership, indicator, unit):
    signed_in(client, unit_officer)

    response = report(
        client, partnership, indicator=indicator.pk, day=str(timezone.localdate()), value="3", field_unit=unit.pk + 1
    )

    assert response.status_code == 400
    assert "field unit" in response.json()["field_unit"][0]
    assert not Measurement.objects.exists()


@pytest.mark.parametrize("role", ["evaluator", "executive"])
def test_who_does_not_report_on_the_web_is_refused_by_the_api(request, client, role, partnership, indicator):
    signed_in(client, request.getfixturevalue(role))

    response = report(client, partnership, indicator=indicator.pk, day=str(timezone.localdate()), value="1")

    assert response.status_code == 403
    assert not Measurement.objects.exists()


def test_an_outsider_cannot_tell_the_partnership_exists(client, outsider, partnership, indicator):
    signed_in(client, outsider)

    response = report(client, partnership, indicator=indicator.pk, day=str(timezone.localdate()), value="1")

    assert response.status_code == 404
    assert not Measurement.objects.exists()


def test_nothing_is_reported_on_a_closed_partnership(client, field_officer, partnership, indicator):
    Partnership.objects.filter(pk=partnership.pk).update(status=Partnership.Status.CLOSED)
    signed_in(client, field_officer)

    response = report(client, partnership, indicator=indicator.pk, day=str(timezone.localdate()), value="1")

    assert response.status_code == 403


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"value": "abc"}, "value"),
        ({"value": "9" * 30}, "value"),
        ({"value": "\u00b2"}, "value"),
        ({"day": "yesterday"}, "day"),
        ({"indicator": "abc"}, "indicator"),
        ({"indicator": 2**40}, "indicator"),
        ({"day": None}, "day"),
        ({"value": None}, "value"),  # the service: a number is needed for this indicator
    ],
)
def test_a_value_that_cannot_be_is_refused_next_to_its_field(
    client, field_officer, partnership, indicator, data, field
):
    signed_in(client, field_officer)
    post = {"indicator": indicator.pk, "day": str(timezone.localdate()), "value": "1", **data}

    response = report(client, partnership, **{k: v for k, v in post.items() if v is not None})

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert not Measurement.objects.exists()


def test_an_indicator_of_another_partnership_is_refused(client, field_officer, partnership, ministry):
    foreign = indicator_for(make_partnership([ministry, MinistryFactory()], title="Other"), ministry)
    signed_in(client, field_officer)

    response = report(client, partnership, indicator=foreign.pk, day=str(timezone.localdate()), value="1")

    assert (response.status_code, list(response.json())) == (400, ["indicator"])


def test_a_period_already_sent_is_not_reported_again(client, field_officer, partnership, indicator):
    signed_in(client, field_officer)
    today = str(timezone.localdate())
    assert report(client, partnership, indicator=indicator.pk, day=today, value="1", submit=True).status_code == 201

    response = report(client, partnership, indicator=indicator.pk, day=today, value="2")

    assert response.status_code == 400
    assert "already reported" in response.json()["day"][0]
    assert Measurement.objects.get().value == Decimal("1")


# Progress logs


def test_a_field_officer_logs_progress_with_a_photo(client, field_officer, partnership, ministry, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    milestone = MilestoneFactory(partnership=partnership)
    signed_in(client, field_officer)

    response = client.post(
        url(partnership, "progress-logs/"),
        {"date": str(timezone.localdate()), "text": "Met the families.", "milestone": milestone.pk, "photos": [jpeg()]},
    )

    assert response.status_code == 201
    log = ProgressLog.objects.get()
    attachment = log.attachments.get()
    assert (log.author, log.ministry, log.milestone, log.text) == (
        field_officer,
        ministry,
        milestone,
        "Met the families.",
    )
    assert (attachment.is_image, attachment.original_name) == (True, "site.jpg")
    assert response.json()["attachments"][0]["id"] == attachment.pk


def test_a_photo_that_is_not_an_image_is_refused(client, field_officer, partnership, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    signed_in(client, field_officer)

    response = client.post(
        url(partnership, "progress-logs/"), {"date": str(timezone.localdate()), "text": "Report", "photos": [pdf()]}
    )

    assert (response.status_code, list(response.json())) == (400, ["photos"])
    assert not ProgressLog.objects.exists()
    assert not list(tmp_path.rglob("*.pdf"))


def test_progress_in_the_future_is_refused_by_the_service(client, field_officer, partnership):
    signed_in(client, field_officer)
    tomorrow = str(timezone.localdate() + timedelta(days=1))

    response = client.post(url(partnership, "progress-logs/"), {"date": tomorrow, "text": "Soon"})

    assert response.status_code == 400
    assert "cannot be in the future" in response.json()["date"][0]
    assert not ProgressLog.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"), [({"text": "  "}, "text"), ({"date": "32/13"}, "date"), ({"milestone": "x"}, "milestone")]
)
def test_a_progress_entry_that_cannot_be_is_refused(client, field_officer, partnership, data, field):
    signed_in(client, field_officer)

    response = client.post(
        url(partnership, "progress-logs/"), {"date": str(timezone.localdate()), "text": "Ok", **data}
    )

    assert (response.status_code, list(response.json())) == (400, [field])
    assert not ProgressLog.objects.exists()


@pytest.mark.parametrize(("role", "status"), [("evaluator", 403), ("outsider", 404)])
def test_who_does_not_log_progress_on_the_web_is_refused(request, client, partnership, role, status):
    signed_in(client, request.getfixturevalue(role))

    response = client.post(url(partnership, "progress-logs/"), {"date": str(timezone.localdate()), "text": "Hello"})

    assert response.status_code == status
    assert not ProgressLog.objects.exists()


# Action items


def set_status(client, partnership, item, status, method="patch"):
    return getattr(client, method)(
        url(partnership, f"action-items/{item.pk}/"), json.dumps({"status": status}), content_type="application/json"
    )


@pytest.mark.parametrize("role", ["field_officer", "coordinator", "partner_coordinator"])
def test_the_owner_or_a_partners_coordinator_closes_an_action_item(request, client, partnership, field_officer, role):
    item = ActionItemFactory(partnership=partnership, owner=field_officer)
    signed_in(client, request.getfixturevalue(role))

    response = set_status(client, partnership, item, "done")

    assert (response.status_code, response.json()["status"]) == (200, "done")
    item.refresh_from_db()
    assert (item.status, item.closed_at is not None) == (ActionItem.Status.DONE, True)


@pytest.mark.parametrize(("role", "status"), [("field_officer", 403), ("evaluator", 403), ("outsider", 404)])
def test_who_may_not_change_the_item_on_the_web_is_refused(request, client, partnership, coordinator, role, status):
    item = ActionItemFactory(partnership=partnership, owner=coordinator)
    signed_in(client, request.getfixturevalue(role))

    response = set_status(client, partnership, item, "done")

    assert response.status_code == status
    item.refresh_from_db()
    assert item.status == ActionItem.Status.OPEN


def test_a_status_that_is_not_one_is_refused(client, coordinator, partnership):
    item = ActionItemFactory(partnership=partnership)
    signed_in(client, coordinator)

    response = set_status(client, partnership, item, "finished")

    assert (response.status_code, list(response.json())) == (400, ["status"])


def test_only_the_status_changes_and_only_by_patch(client, coordinator, partnership):
    item = ActionItemFactory(partnership=partnership, title="Draft the form")
    signed_in(client, coordinator)

    put = set_status(client, partnership, item, "done", method="put")
    patch = client.patch(
        url(partnership, f"action-items/{item.pk}/"),
        json.dumps({"title": "Something else"}),
        content_type="application/json",
    )

    assert (put.status_code, patch.status_code, patch.json()["title"]) == (405, 200, "Draft the form")
    item.refresh_from_db()
    assert (item.title, item.status) == ("Draft the form", ActionItem.Status.OPEN)


def test_a_browser_session_writes_only_with_the_csrf_token(coordinator, partnership):
    item = ActionItemFactory(partnership=partnership)
    client = signed_in(Client(enforce_csrf_checks=True), coordinator)

    response = set_status(client, partnership, item, "done")

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    item.refresh_from_db()
    assert item.status == ActionItem.Status.OPEN
