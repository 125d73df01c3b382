"""The charter pages when the state changed since the page was opened."""

from django.urls import reverse

from charters.models import CharterVersion
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
