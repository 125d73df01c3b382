"""A signature carries the day the signatory signed, which may be before it was recorded here: never
after today, never before the partnership began, and only ever given by that party's own signatory."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from charters.models import CharterSignature
from tests.builders import make_partnership, send_charter_for_signature

TODAY = timezone.localdate()


@pytest.fixture
def under_way(ministry, other_ministry):
    partnership = make_partnership([ministry, other_ministry], start_date=TODAY - timedelta(days=700))
    send_charter_for_signature(partnership)
    return partnership


def sign(client, partnership, ministry, signed_on):
    return client.post(
        reverse("charters:charter_sign", args=[partnership.pk]),
        {"ministry": ministry.pk, "version": 1, "signed_on": signed_on},
    )


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_signatory_gives_the_day_they_signed_on_paper(client_for, executive, ministry, under_way):
    day = TODAY - timedelta(days=600)

    response = sign(client_for(executive), under_way, ministry, day.isoformat())

    signature = CharterSignature.objects.get()
    assert (signature.ministry, signature.signed_on, timezone.localdate(signature.signed_at)) == (ministry, day, TODAY)
    assert messages_of(response) == [f"Signed for {ministry.name}."]
    page = client_for(executive).get(reverse("charters:charter", args=[under_way.pk])).content.decode()
    assert f"signed by {signature.signed_as} on {day.strftime('%b')}" in page


def test_a_signature_without_a_day_is_dated_today(client_for, executive, ministry, under_way):
    sign(client_for(executive), under_way, ministry, "")

    assert CharterSignature.objects.get().signed_on == TODAY


@pytest.mark.parametrize(
    ("signed_on", "message"),
    [
        (
            (TODAY + timedelta(days=1)).isoformat(),
            "This date is in the future. Give the day it happened: today at the latest.",
        ),
        ((TODAY - timedelta(days=701)).isoformat(), "The partnership began on "),
        ("3 May last year", "Enter the date you signed, such as 2025-05-03."),
        ("2025-02-30", "Enter the date you signed, such as 2025-05-03."),
        ("²", "Enter the date you signed, such as 2025-05-03."),
        ("99999-01-01", "Enter the date you signed, such as 2025-05-03."),
    ],
)
def test_a_day_in_the_future_before_the_start_or_not_a_date_is_refused(
    client_for, executive, ministry, under_way, signed_on, message
):
    response = sign(client_for(executive), under_way, ministry, signed_on)

    assert response.status_code == 302
    assert messages_of(response)[0].startswith(message)
    assert not CharterSignature.objects.exists()


def test_a_coordinator_cannot_record_a_partners_signature_with_a_past_date(
    client_for, coordinator, other_ministry, under_way
):
    response = sign(client_for(coordinator), under_way, other_ministry, (TODAY - timedelta(days=300)).isoformat())

    assert response.status_code == 403
    assert not CharterSignature.objects.exists()


def test_an_outsider_cannot_sign_with_a_past_date(client_for, outsider, ministry, under_way):
    response = sign(client_for(outsider), under_way, ministry, (TODAY - timedelta(days=300)).isoformat())

    assert response.status_code == 404
    assert not CharterSignature.objects.exists()
