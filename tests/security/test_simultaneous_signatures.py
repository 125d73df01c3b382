"""Two signatories of one ministry sign the same charter version at once: the second is told who did.

The second signature was a silent no-op answered "Signed for ..."; and when the first one had put
the version in force, the second person got a 404.
"""

import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from charters import services as charter_services
from charters.models import CharterSignature, CharterVersion
from ministries.models import Role
from tests.builders import COMPLETE_CHARTER, signed_in
from tests.factories import person

ALREADY = re.compile(r"^Eve Martin already signed version 1 for (?P<ministry>.+) \(.+\)\. Nothing more is needed\.$")


@pytest.fixture
def out_for_signature(partnership):
    version = partnership.charter_versions.get()
    version = charter_services.charter_save(
        version=version,
        by=None,
        expected_revision=version.revision,
        fields=COMPLETE_CHARTER,
        assignments=[],
        milestones=[],
    )
    return charter_services.charter_send_for_signature(version=version, by=None) or version


@pytest.fixture
def two_sessions(ministry):
    """Two executives of the same ministry, each in their own browser session."""
    first = person(ministry, Role.EXECUTIVE, user__first_name="Eve", user__last_name="Martin")
    second = person(ministry, Role.EXECUTIVE, user__first_name="Sam", user__last_name="Roy")
    sessions = []
    for user in (first, second):
        sessions.append(signed_in(Client(), user))
    return sessions


def sign(client, partnership, ministry, number=1):
    response = client.post(
        reverse("charters:charter_sign", args=[partnership.pk]),
        {"ministry": ministry.pk, "version": number},
        follow=True,
    )
    return response.status_code, [str(message) for message in response.context["messages"]]


def test_the_second_signatory_is_told_who_signed(two_sessions, partnership, ministry, out_for_signature):
    eve, sam = two_sessions
    # Both read the page with the "Sign" button before either presses it.
    for client in (eve, sam):
        page = client.get(reverse("charters:charter", args=[partnership.pk])).content.decode()
        assert 'name="version" value="1"' in page

    assert sign(eve, partnership, ministry) == (200, [f"Signed for {ministry}."])
    status, messages = sign(sam, partnership, ministry)

    assert status == 200
    assert len(messages) == 1
    assert ALREADY.match(messages[0])["ministry"] == str(ministry)
    assert list(CharterSignature.objects.values_list("ministry", "signed_by__first_name")) == [(ministry.pk, "Eve")]


def test_the_second_signatory_is_told_also_when_the_charter_came_into_force(
    two_sessions, partnership, ministry, other_ministry, other_executive, out_for_signature
):
    charter_services.charter_sign(version=out_for_signature, ministry=other_ministry, by=other_executive)
    eve, sam = two_sessions

    in_force = "Signed. Every organisation has now signed: this version is in force."
    assert sign(eve, partnership, ministry) == (200, [in_force])
    status, messages = sign(sam, partnership, ministry)

    assert status == 200
    assert ALREADY.match(messages[0])
    out_for_signature.refresh_from_db()
    assert out_for_signature.status == CharterVersion.Status.SIGNED
    assert CharterSignature.objects.filter(ministry=ministry).count() == 1


def test_a_version_that_is_not_out_for_signature_is_refused(two_sessions, partnership, ministry):
    eve, _sam = two_sessions

    assert sign(eve, partnership, ministry) == (200, ["Only a version out for signature can be signed."])
    assert not CharterSignature.objects.exists()


def test_a_version_number_that_does_not_exist_is_404(two_sessions, partnership, ministry, out_for_signature):
    eve, _sam = two_sessions
    response = eve.post(
        reverse("charters:charter_sign", args=[partnership.pk]), {"ministry": ministry.pk, "version": 7}
    )

    assert response.status_code == 404


@pytest.mark.django_db(transaction=True)
def test_two_signatures_at_the_same_instant_make_one(two_sessions, partnership, ministry, out_for_signature):
    barrier = threading.Barrier(2)
    answers = {}

    def press_sign(name, client):
        barrier.wait()
        try:
            # Not followed: the test client gathers page contexts through a signal every thread
            # hears, so each session reads its messages once both are done.
            answers[name] = client.post(
                reverse("charters:charter_sign", args=[partnership.pk]), {"ministry": ministry.pk, "version": 1}
            ).status_code
        finally:
            connection.close()

    pairs = zip(("eve", "sam"), two_sessions, strict=True)
    threads = [threading.Thread(target=press_sign, args=pair) for pair in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    told = {}
    for name, client in zip(("eve", "sam"), two_sessions, strict=True):
        response = client.get(reverse("charters:charter", args=[partnership.pk]))
        told[name] = [str(message) for message in response.context["messages"]]

    signer = CharterSignature.objects.get(ministry=ministry).signed_by.first_name.lower()
    loser = "sam" if signer == "eve" else "eve"
    assert answers == {"eve": 302, "sam": 302}
    assert told[signer] == [f"Signed for {ministry}."]
    assert len(told[loser]) == 1
    assert told[loser][0].startswith(f"{'Eve Martin' if signer == 'eve' else 'Sam Roy'} already signed version 1 for ")
