"""Field staff offline: entries kept on a phone are sent once under their key, refused with a reason."""

import json
import threading
import uuid
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ministries.models import Membership, Role
from partnerships.models import Partnership
from results import services
from results.models import Measurement, ProgressAttachment, ProgressLog, SyncReceipt
from tests.builders import approved, indicator_for, jpeg, make_partnership, signed_in
from tests.factories import MinistryFactory, person

SEND = "results:progress_send"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def entry(partnership, key=None, **changes):
    return {
        "key": str(key or uuid.uuid4()),
        "partnership": partnership.pk,
        "date": timezone.localdate().isoformat(),
        "text": "Met the families at the northern site.",
        **changes,
    }


def measurement_url(indicator):
    return reverse("results:measurement_send", args=[indicator.partnership_id, indicator.pk])


def measurement_entry(indicator, key=None, **changes):
    return {
        "key": str(key or uuid.uuid4()),
        "period": indicator.period_containing(timezone.localdate())[0].isoformat(),
        "value": "12",
        "note": "Counted at the door.",
        **changes,
    }


# Progress logs


def test_a_progress_log_with_a_photo_is_made_once_for_its_key(client_for, partnership, unit_officer, unit):
    client = client_for(unit_officer)
    sent = entry(partnership, photos=jpeg())

    first = client.post(reverse(SEND), sent)
    again = client.post(reverse(SEND), {**entry(partnership, key=sent["key"]), "text": "Typed twice."})

    log = ProgressLog.objects.get()
    assert (first.status_code, first.json()) == (
        201,
        {"state": "sent", "created": True, "url": reverse("results:progress_mine")},
    )
    assert (again.status_code, again.json()) == (
        200,
        {"state": "sent", "created": False, "url": reverse("results:progress_mine")},
    )
    assert (log.author, log.field_unit, log.text) == (unit_officer, unit, "Met the families at the northern site.")
    assert ProgressAttachment.objects.get().log == log
    assert SyncReceipt.objects.get().progress_log == log


def test_the_same_key_of_two_people_makes_two_entries(client_for, partnership, unit_officer, field_officer):
    key = uuid.uuid4()

    client_for(unit_officer).post(reverse(SEND), entry(partnership, key=key))
    client_for(field_officer).post(reverse(SEND), entry(partnership, key=key))

    assert sorted(ProgressLog.objects.values_list("author__username", flat=True)) == ["field", "thunder.bay"]


def test_a_progress_log_sent_as_json_is_made(client_for, partnership, field_officer):
    response = client_for(field_officer).post(reverse(SEND), entry(partnership), content_type="application/json")

    assert response.status_code == 201
    assert ProgressLog.objects.get().author == field_officer


@pytest.mark.parametrize("body", ["not json", "[1, 2]"])
def test_json_that_is_not_an_object_is_refused(client_for, partnership, field_officer, body):
    response = client_for(field_officer).post(reverse(SEND), body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["state"] == "refused"
    assert not ProgressLog.objects.exists()


@pytest.mark.parametrize("key", ["", "abc", "²", "1" * 400])
def test_an_entry_without_a_good_key_is_refused(client_for, partnership, field_officer, key):
    response = client_for(field_officer).post(reverse(SEND), {**entry(partnership), "key": key})

    assert response.status_code == 400
    assert "cannot read" in response.json()["reason"]
    assert not ProgressLog.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"text": "  "}, "text"),
        ({"date": "yesterday"}, "date"),
        ({"date": "2999-01-01"}, "date"),
        ({"milestone": "12a"}, "milestone"),
    ],
)
def test_bad_input_is_refused_with_the_fields_message(client_for, partnership, field_officer, changes, field):
    response = client_for(field_officer).post(reverse(SEND), entry(partnership, **changes))

    body = response.json()
    assert (response.status_code, body["state"], list(body["errors"])) == (400, "refused", [field])
    assert body["reason"] == body["errors"][field][0]
    assert not ProgressLog.objects.exists()
    assert not SyncReceipt.objects.exists()


@pytest.mark.parametrize("partnership_value", ["", "abc", "²", "99999999999999999999"])
def test_a_partnership_that_is_not_one_is_refused(client_for, partnership, field_officer, partnership_value):
    response = client_for(field_officer).post(reverse(SEND), {**entry(partnership), "partnership": partnership_value})

    assert response.status_code == 404
    assert not ProgressLog.objects.exists()


def test_an_outsider_gets_404_and_learns_nothing(client_for, partnership, outsider):
    response = client_for(outsider).post(reverse(SEND), entry(partnership))

    assert response.status_code == 404
    assert response.json()["reason"].startswith("You can no longer see this partnership")
    assert not ProgressLog.objects.exists()


@pytest.mark.parametrize("persona", ["executive", "evaluator"])
def test_participants_who_do_not_report_are_refused(client_for, partnership, persona, request):
    response = client_for(request.getfixturevalue(persona)).post(reverse(SEND), entry(partnership))

    assert response.status_code == 403
    assert response.json()["reason"].startswith("You no longer report on this partnership")
    assert not ProgressLog.objects.exists()


def test_a_partnership_closed_while_offline_refuses_the_entry(client_for, partnership, field_officer):
    Partnership.objects.filter(pk=partnership.pk).update(status=Partnership.Status.CLOSED)

    response = client_for(field_officer).post(reverse(SEND), entry(partnership))

    assert response.status_code == 409
    assert "was closed while you were offline" in response.json()["reason"]
    assert not ProgressLog.objects.exists()


def test_someone_who_lost_access_while_offline_is_refused(client_for, partnership, field_officer):
    client = client_for(field_officer)
    Membership.objects.filter(user=field_officer).delete()

    response = client.post(reverse(SEND), entry(partnership))

    assert response.status_code == 404
    assert not ProgressLog.objects.exists()


def test_the_reason_is_in_the_persons_language(client_for, partnership, executive):
    executive.preferred_language = "fr"
    executive.save(update_fields=["preferred_language"])

    reason = client_for(executive).post(reverse(SEND), entry(partnership)).json()["reason"]

    assert reason.startswith("Vous ne faites plus de rapports sur ce partenariat")


def test_a_repeat_answers_sent_even_after_the_partnership_closed(client_for, partnership, field_officer):
    client = client_for(field_officer)
    sent = entry(partnership)
    client.post(reverse(SEND), sent)
    Partnership.objects.filter(pk=partnership.pk).update(status=Partnership.Status.CLOSED)

    again = client.post(reverse(SEND), sent)

    assert (again.status_code, again.json()["state"]) == (200, "sent")
    assert ProgressLog.objects.count() == 1


def test_a_repeat_after_the_entry_was_deleted_makes_nothing(client_for, partnership, field_officer):
    client = client_for(field_officer)
    sent = entry(partnership)
    client.post(reverse(SEND), sent)
    ProgressLog.objects.all().delete()

    again = client.post(reverse(SEND), sent)

    assert (again.status_code, again.json()) == (200, {"state": "sent", "created": False, "url": ""})
    assert not ProgressLog.objects.exists()


def test_a_refused_entry_may_be_sent_again_once_fixed(client_for, partnership, field_officer):
    client = client_for(field_officer)
    key = uuid.uuid4()
    client.post(reverse(SEND), entry(partnership, key=key, text=""))

    response = client.post(reverse(SEND), entry(partnership, key=key))

    assert response.status_code == 201
    assert ProgressLog.objects.count() == 1


def test_anonymous_sendings_go_to_sign_in(client, partnership):
    response = client.post(reverse(SEND), entry(partnership))

    assert response.status_code == 302
    assert not ProgressLog.objects.exists()


# Two sendings of one key at the same instant (the phone's background sync and the open page)


@pytest.mark.django_db(transaction=True)
def test_a_key_claimed_by_a_sending_not_yet_committed_waits_and_answers_the_first(ministry, other_ministry):
    partnership = make_partnership([ministry, other_ministry])
    officer = person(ministry, Role.FIELD_STAFF, user__username="field")
    key = uuid.uuid4()
    fields = {
        "partnership": partnership,
        "ministry": ministry,
        "field_unit": None,
        "date": timezone.localdate(),
    }
    claimed, answers = threading.Event(), {}

    def first():
        try:
            with transaction.atomic():
                answers["first"] = services.progress_log_receive(key=key, author=officer, text="First.", **fields)
                claimed.set()
                # Hold the claim uncommitted while the second sending arrives and waits on it.
                threading.Event().wait(0.5)
        finally:
            connection.close()

    def second():
        try:
            claimed.wait(5)
            answers["second"] = services.progress_log_receive(key=key, author=officer, text="Second.", **fields)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)

    (receipt, created), (again, created_again) = answers["first"], answers["second"]
    assert (created, created_again, again.pk) == (True, False, receipt.pk)
    assert list(ProgressLog.objects.values_list("text", flat=True)) == ["First."]


@pytest.mark.django_db(transaction=True)
def test_two_requests_with_one_key_at_once_make_one_entry(ministry, other_ministry):
    partnership = make_partnership([ministry, other_ministry])
    officer = person(ministry, Role.FIELD_STAFF, user__username="field")
    sent = entry(partnership)
    start, statuses = threading.Barrier(2), []

    def send():
        try:
            client = signed_in(Client(), officer)
            start.wait(5)
            response = client.post(reverse(SEND), sent)
            statuses.append((response.status_code, response.json()["state"]))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)

    assert sorted(statuses) == [(200, "sent"), (201, "sent")]
    assert ProgressLog.objects.count() == SyncReceipt.objects.count() == 1


def test_a_clash_on_another_constraint_is_not_taken_for_a_repeat(partnership, field_officer, ministry):
    def clash():
        raise IntegrityError("another constraint")

    with pytest.raises(IntegrityError, match="another constraint"):
        services._receive(author=field_officer, key=uuid.uuid4(), kind="progress_log", make=clash)
    assert not SyncReceipt.objects.exists()


# Measurements


@pytest.fixture
def indicator(partnership, ministry):
    return indicator_for(partnership, ministry)


def test_a_measurement_is_saved_once_for_its_key(client_for, indicator, field_officer, ministry):
    client = client_for(field_officer)
    sent = measurement_entry(indicator, submit="1")

    first = client.post(measurement_url(indicator), sent)
    again = client.post(measurement_url(indicator), {**sent, "value": "99"})

    measurement = Measurement.objects.get()
    url = reverse("results:indicator", args=[indicator.partnership_id, indicator.pk])
    assert (first.status_code, first.json()) == (201, {"state": "sent", "created": True, "url": url})
    assert (again.status_code, again.json()) == (200, {"state": "sent", "created": False, "url": url})
    assert (measurement.value, measurement.status, measurement.ministry) == (
        Decimal("12"),
        Measurement.Status.SUBMITTED,
        ministry,
    )


def test_a_measurement_sent_as_json_is_kept_as_a_draft(client_for, indicator, field_officer):
    response = client_for(field_officer).post(
        measurement_url(indicator), json.dumps(measurement_entry(indicator)), content_type="application/json"
    )

    assert response.status_code == 201
    assert Measurement.objects.get().status == Measurement.Status.DRAFT


def test_a_measurement_without_a_key_is_refused(client_for, indicator, field_officer):
    response = client_for(field_officer).post(measurement_url(indicator), {**measurement_entry(indicator), "key": ""})

    assert response.status_code == 400
    assert not Measurement.objects.exists()


@pytest.mark.parametrize("value", ["abc", "²", "1" * 40, ""])
def test_a_measurement_with_a_bad_value_is_refused_next_to_the_value(client_for, indicator, field_officer, value):
    response = client_for(field_officer).post(measurement_url(indicator), measurement_entry(indicator, value=value))

    assert (response.status_code, list(response.json()["errors"])) == (400, ["value"])
    assert not Measurement.objects.exists()


def test_a_measurement_for_a_period_locked_while_offline_is_refused(
    client_for, indicator, field_officer, coordinator, partner_coordinator, ministry
):
    day = timezone.localdate()
    measurement = approved(indicator, field_officer, coordinator, day, value=3)
    services.reporting_period_lock(period=measurement.period, by=coordinator)
    Measurement.objects.filter(pk=measurement.pk).update(ministry=MinistryFactory())  # the place is free again

    response = client_for(field_officer).post(measurement_url(indicator), measurement_entry(indicator))

    assert response.status_code == 409
    assert response.json()["reason"] == "This period is locked: its results are final. Choose another date."
    assert Measurement.objects.count() == 1
    assert not SyncReceipt.objects.exists()


def test_a_measurement_on_a_closed_partnership_is_refused(client_for, indicator, field_officer):
    Partnership.objects.filter(pk=indicator.partnership_id).update(status=Partnership.Status.CLOSED)

    response = client_for(field_officer).post(measurement_url(indicator), measurement_entry(indicator))

    assert response.status_code == 409
    assert not Measurement.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [("outsider", 404), ("executive", 403), ("evaluator", 403)])
def test_a_measurement_from_someone_who_does_not_report_is_refused(client_for, indicator, persona, status, request):
    client = client_for(request.getfixturevalue(persona))

    response = client.post(measurement_url(indicator), measurement_entry(indicator))

    assert (response.status_code, response.json()["state"]) == (status, "refused")
    assert not Measurement.objects.exists()


def test_a_measurement_of_another_partnerships_indicator_is_404(client_for, indicator, field_officer, other_ministry):
    elsewhere = make_partnership([other_ministry, MinistryFactory()], title="Not ours")
    url = reverse("results:measurement_send", args=[elsewhere.pk, indicator.pk])

    response = client_for(field_officer).post(url, measurement_entry(indicator))

    assert response.status_code == 404
    assert not Measurement.objects.exists()


def test_a_partner_cannot_report_for_another_organisation(client_for, indicator, partner_coordinator, ministry):
    """A partner's coordinator reports for their own ministry, never for the owner's place."""
    sent = measurement_entry(indicator, place=f"{ministry.pk}-0")

    response = client_for(partner_coordinator).post(measurement_url(indicator), sent)

    assert (response.status_code, list(response.json()["errors"])) == (400, ["place"])
    assert not Measurement.objects.exists()


# The pages a phone keeps and the service worker


def test_the_offline_pages_are_the_persons_own_forms(client_for, indicator, field_officer, other_ministry):
    elsewhere = make_partnership([other_ministry, MinistryFactory()], title="Not ours")
    indicator_for(elsewhere, other_ministry)

    body = client_for(field_officer).get(reverse("results:offline_pages")).json()

    assert body["pages"] == [
        reverse("dashboards:home"),
        reverse("results:progress_new"),
        reverse("results:progress_mine"),
        reverse("results:measurement_new", args=[indicator.partnership_id, indicator.pk]),
    ]
    assert "/static/js/offline.js" in body["assets"]
    assert body["offline_home"] == reverse("results:progress_new")


@pytest.mark.parametrize("count", [1, 4])
def test_the_offline_pages_cost_the_same_queries_at_any_size(
    client_for, field_officer, ministry, other_ministry, django_assert_num_queries, count
):
    for n in range(count):
        indicator_for(make_partnership([ministry, other_ministry], title=f"Site {n}"), ministry)
    client = client_for(field_officer)

    with django_assert_num_queries(5):  # session, user, memberships, partnerships, indicators
        body = client.get(reverse("results:offline_pages")).json()

    assert len(body["pages"]) == 3 + count


def test_the_service_worker_is_served_for_the_whole_site(client):
    response = client.get(reverse("service_worker"))

    assert response["Content-Type"] == "text/javascript"
    assert response["Service-Worker-Allowed"] == "/"
    script = b"".join(response.streaming_content).decode()
    # The worker names these addresses itself: it has no template to reverse them in.
    assert f'const LIST = "{reverse("results:offline_pages")}";' in script
    assert f'importScripts("{static("js/offline-store.js")}");' in script
    assert 'event.tag === "interlock-send"' in script


def test_a_copy_kept_for_offline_use_leaves_the_messages_to_the_page(client_for, partnership, field_officer):
    client = client_for(field_officer)
    client.post(reverse("results:progress_new"), {k: v for k, v in entry(partnership).items() if k != "key"})

    kept = client.get(reverse("results:progress_mine"), HTTP_X_INTERLOCK_OFFLINE_COPY="1")
    shown = client.get(reverse("results:progress_mine"))

    assert "Thank you." not in kept.content.decode()
    assert "Thank you." in shown.content.decode()
