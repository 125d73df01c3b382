import io

from django.urls import reverse
from pypdf import PdfReader

from charters import services as charter_services
from charters.models import CharterVersion
from ministries.models import Role
from tests.builders import COMPLETE_CHARTER, charter_post, partnership_of
from tests.factories import person

# Editing, signing, printing and comparing


def test_second_save_of_a_stale_charter_is_refused_and_keeps_what_was_typed(client_for, coordinator, partnership):
    version = partnership.charter_versions.get()
    colleague = person(partnership.participants[1].ministry, Role.COORDINATOR)
    url = reverse("charters:charter_edit", args=[partnership.pk])
    client_for(colleague).post(url, charter_post(version.revision, goals="Their goals"))

    response = client_for(coordinator).post(url, charter_post(version.revision, goals="My goals"))

    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this charter while you were editing" in page
    assert "Their goals" in page  # what they changed
    assert "My goals" in page  # what I typed, still in the form
    version.refresh_from_db()
    assert version.goals == "Their goals"
    assert response.context["form"]["revision"].value() == version.revision


def test_charter_signing_through_the_pages(client_for, partnership, ministry, other_ministry, executive):
    version = partnership.charter_versions.get()
    charter_services.charter_save(
        version=version, by=None, expected_revision=1, fields=COMPLETE_CHARTER, assignments=[], milestones=[]
    )
    coordinator = person(ministry, Role.COORDINATOR)
    client_for(coordinator).post(reverse("charters:charter_send", args=[partnership.pk]))

    page = client_for(executive).get(reverse("charters:charter", args=[partnership.pk])).content.decode()
    assert f"Waiting on {other_ministry.name} for 0 days" in page
    assert "Sign for Ministry of Community and Social Services" in page

    client_for(executive).post(reverse("charters:charter_sign", args=[partnership.pk]), {"ministry": ministry.pk})
    other_executive = person(other_ministry, Role.EXECUTIVE)
    response = client_for(other_executive).post(
        reverse("charters:charter_sign", args=[partnership.pk]), {"ministry": other_ministry.pk}
    )

    assert response.status_code == 302
    assert CharterVersion.objects.get(pk=version.pk).status == CharterVersion.Status.SIGNED


def test_an_executive_cannot_sign_for_another_ministry(client_for, partnership, other_ministry, executive):
    version = partnership.charter_versions.get()
    charter_services.charter_save(
        version=version, by=None, expected_revision=1, fields=COMPLETE_CHARTER, assignments=[], milestones=[]
    )
    charter_services.charter_send_for_signature(version=version, by=None)

    response = client_for(executive).post(
        reverse("charters:charter_sign", args=[partnership.pk]), {"ministry": other_ministry.pk}
    )

    assert response.status_code == 403
    assert not version.signatures.exists()


def test_charter_pdf_contains_the_charter_text(client_for, field_officer, partnership):
    version = partnership.charter_versions.get()
    charter_services.charter_save(
        version=version, by=None, expected_revision=1, fields=COMPLETE_CHARTER, assignments=[], milestones=[]
    )

    response = client_for(field_officer).get(reverse("charters:charter_pdf", args=[partnership.pk, 1]))

    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "One door for families." in text
    assert "A weighted vote." in text
    assert partnership.title in text


def test_comparison_marks_the_changed_parts(client_for, coordinator, partnership):
    version = partnership.charter_versions.get()
    charter_services.charter_save(
        version=version, by=None, expected_revision=1, fields=COMPLETE_CHARTER, assignments=[], milestones=[]
    )
    charter_services.charter_send_for_signature(version=version, by=None)
    draft = charter_services.charter_new_version(partnership=partnership, by=None, reason="goals", note="New goals")
    charter_services.charter_save(
        version=draft,
        by=None,
        expected_revision=draft.revision,
        fields={**COMPLETE_CHARTER, "goals": "Two intakes."},
        assignments=[],
        milestones=[],
    )

    response = client_for(coordinator).get(
        reverse("charters:charter_compare", args=[partnership.pk]), {"left": 1, "right": 2}
    )

    changed = [row.label for row in response.context["rows"] if row.changed]
    assert changed == ["Goals"]


# Pages that do not exist


def test_a_charter_version_that_does_not_exist_is_not_found(client_for, coordinator, partnership):
    response = client_for(coordinator).get(reverse("charters:charter_version", args=[partnership.pk, 7]))

    assert response.status_code == 404


def test_the_charter_of_a_partnership_without_one_is_not_found(client_for, coordinator, ministry, other_ministry):
    bare = partnership_of(ministry, other_ministry)

    assert client_for(coordinator).get(reverse("charters:charter", args=[bare.pk])).status_code == 404
