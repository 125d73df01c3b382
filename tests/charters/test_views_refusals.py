"""The charter pages when the state changed since the page was opened."""

from django.contrib.messages import get_messages
from django.db import connection
from django.urls import reverse

from charters import services as charter_services
from charters.models import CharterSignature, CharterVersion
from tests.builders import COMPLETE_CHARTER, charter_post, partnership_of, send_charter_for_signature


def test_charter_edit_posted_after_the_draft_went_out_for_signature_goes_to_the_new_version_page(
    client_for, coordinator, partnership
):
    version = send_charter_for_signature(partnership)
    revision = version.revision

    response = client_for(coordinator).post(
        reverse("charters:charter_edit", args=[partnership.pk]), charter_post(revision, goals="Late goals")
    )

    assert response.status_code == 302
    assert response.url == reverse("charters:charter_new_version", args=[partnership.pk])
    version.refresh_from_db()
    assert (version.status, version.revision, version.goals) == (
        CharterVersion.Status.SIGNING,
        revision,
        COMPLETE_CHARTER["goals"],
    )
    assert partnership.charter_versions.count() == 1


def test_charter_new_version_of_a_partnership_without_a_charter_goes_back_to_the_charter(
    client_for, coordinator, ministry, other_ministry
):
    bare = partnership_of(ministry, other_ministry)

    response = client_for(coordinator).post(
        reverse("charters:charter_new_version", args=[bare.pk]),
        {"change_reason": CharterVersion.ChangeReason.values[0], "change_note": "New goals."},
    )

    assert response.status_code == 302
    assert response.url == reverse("charters:charter", args=[bare.pk])
    assert not CharterVersion.objects.filter(partnership=bare).exists()


def test_charter_sign_after_a_colleague_started_a_new_version_meanwhile_says_it_cannot_be_signed(
    client_for, executive, coordinator, partnership, ministry
):
    version = send_charter_for_signature(partnership)
    started = []

    def colleague_starts_a_new_version_first(run, sql, params, many, context):
        # Between the page reading the version and the service locking it (the page looks up the ministry
        # signed for): another coordinator starts a new version, which withdraws the one out for signature.
        if not started and 'FROM "ministries_ministry" WHERE "ministries_ministry"."id" =' in sql:
            started.append(True)
            charter_services.charter_new_version(partnership=partnership, by=coordinator, reason="goals", note="New")
        return run(sql, params, many, context)

    client = client_for(executive)
    with connection.execute_wrapper(colleague_starts_a_new_version_first):
        response = client.post(reverse("charters:charter_sign", args=[partnership.pk]), {"ministry": ministry.pk})

    assert response.status_code == 302
    assert response.url == reverse("charters:charter", args=[partnership.pk])
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Only a version out for signature can be signed."]
    version.refresh_from_db()
    assert version.status == CharterVersion.Status.SUPERSEDED
    assert not CharterSignature.objects.filter(version__partnership=partnership).exists()
