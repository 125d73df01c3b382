from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from charters.models import CharterSignature, CharterVersion
from charters.services import (
    CharterConflict,
    charter_missing_content,
    charter_new_version,
    charter_save,
    charter_send_for_signature,
    charter_sign,
    charter_waiting_on,
)
from ministries.models import Role
from tests.builders import equal_shares, make_partnership, restructure
from tests.factories import MembershipFactory, MinistryFactory, person

COMPLETE_CHARTER = {
    "shared_vision": "One door for families.",
    "goals": "A single intake in four offices.",
    "professional_lead": "MCSS",
    "decision_protocol": "Consensus.",
    "conflict_protocol": "A weighted vote.",
}
ASSIGNMENT = {"task": "Map the intake forms", "due_date": date(2025, 3, 1)}
MILESTONE = {"title": "Pilot opens", "due_date": date(2025, 6, 30), "description": "In Sudbury."}


def save_complete(version, by):
    return charter_save(
        version=version,
        by=by,
        expected_revision=version.revision,
        fields=COMPLETE_CHARTER,
        assignments=[{**ASSIGNMENT, "ministry": version.partnership.lead.ministry}],
        milestones=[MILESTONE],
    )


@pytest.fixture
def partnership(ministry, other_ministry, third_ministry, coordinator):
    return make_partnership(
        [ministry, other_ministry, third_ministry],
        title="Integrated services",
        by=coordinator,
        public_value="One door for families.",
    )


@pytest.fixture
def draft(partnership):
    return partnership.charter_versions.get()


@pytest.fixture
def signers(ministry, other_ministry, third_ministry, executive):
    """One executive for each participating ministry, in the order the ministries were added."""
    return [
        (executive, ministry),
        (person(other_ministry, Role.EXECUTIVE), other_ministry),
        (person(third_ministry, Role.EXECUTIVE), third_ministry),
    ]


@pytest.fixture
def out_for_signature(draft, coordinator):
    save_complete(draft, coordinator)
    return charter_send_for_signature(version=draft, by=coordinator)


def sign_by_all(version, signers):
    for user, ministry in signers:
        charter_sign(version=version, ministry=ministry, by=user)
    version.refresh_from_db()
    return version


# Saving the charter


def test_charter_save_saves_fields_assignments_and_milestones_and_bumps_the_revision(draft, coordinator, ministry):
    charter_save(
        version=draft,
        by=coordinator,
        expected_revision=1,
        fields={"goals": "A single intake.", "meeting_schedule": "Monthly"},
        assignments=[
            {"task": "Name focal people", "ministry": None, "due_date": date(2025, 4, 1)},
            {**ASSIGNMENT, "ministry": ministry},
        ],
        milestones=[MILESTONE],
    )

    draft.refresh_from_db()
    assert (draft.revision, draft.goals, draft.meeting_schedule, draft.updated_by) == (
        2,
        "A single intake.",
        "Monthly",
        coordinator,
    )
    assert list(draft.assignments.values_list("task", "ministry", "due_date")) == [
        ("Map the intake forms", ministry.pk, date(2025, 3, 1)),
        ("Name focal people", None, date(2025, 4, 1)),
    ]
    assert list(draft.milestones.values_list("title", "due_date", "description")) == [
        ("Pilot opens", date(2025, 6, 30), "In Sudbury.")
    ]
    assert list(draft.revisions.values_list("revision", flat=True)) == [1, 2]
    assert draft.revisions.get(revision=2).content == draft.snapshot()


def test_charter_save_replaces_the_assignments_and_milestones(draft, coordinator, ministry):
    save_complete(draft, coordinator)

    charter_save(
        version=draft,
        by=coordinator,
        expected_revision=2,
        fields={},
        assignments=[{"task": "Hire a navigator", "ministry": None, "due_date": None}],
        milestones=[],
    )

    draft.refresh_from_db()
    assert draft.revision == 3
    assert list(draft.assignments.values_list("task", flat=True)) == ["Hire a navigator"]
    assert list(draft.milestones.all()) == []


def test_charter_save_with_a_stale_revision_raises_a_conflict_and_keeps_the_first_save(
    draft, coordinator, ministry, other_ministry
):
    colleague = person(other_ministry, Role.COORDINATOR)
    charter_save(
        version=draft,
        by=coordinator,
        expected_revision=1,
        fields={"goals": "A single intake.", "head_figure": "Daniel Okafor"},
        assignments=[],
        milestones=[MILESTONE],
    )

    with pytest.raises(CharterConflict) as conflict:
        charter_save(
            version=draft,
            by=colleague,
            expected_revision=1,
            fields={"goals": "Shorter waits.", "decision_protocol": "Majority vote."},
            assignments=[{**ASSIGNMENT, "ministry": other_ministry}],
            milestones=[],
        )

    assert [(c.label, c.left, c.right) for c in conflict.value.changes] == [
        ("Goals", "", "A single intake."),
        ("Head of the partnership", "", "Daniel Okafor"),
        ("Milestones", "", "2025-06-30 — Pilot opens — In Sudbury."),
    ]
    assert conflict.value.version.revision == 2
    draft.refresh_from_db()
    assert (draft.revision, draft.goals, draft.decision_protocol, draft.updated_by) == (
        2,
        "A single intake.",
        "",
        coordinator,
    )
    assert list(draft.assignments.all()) == []
    assert list(draft.milestones.values_list("title", flat=True)) == ["Pilot opens"]
    assert list(draft.revisions.values_list("revision", flat=True)) == [1, 2]


def test_charter_save_of_a_version_out_for_signature_is_refused(out_for_signature, coordinator):
    with pytest.raises(ValidationError) as error:
        charter_save(
            version=out_for_signature,
            by=coordinator,
            expected_revision=out_for_signature.revision,
            fields={"goals": "Changed."},
            assignments=[],
            milestones=[],
        )

    assert error.value.messages == ["This version is no longer a draft. Start a new version to change it."]
    out_for_signature.refresh_from_db()
    assert out_for_signature.goals == COMPLETE_CHARTER["goals"]


# Sending for signature


def test_charter_send_for_signature_refuses_an_incomplete_charter_with_what_is_missing(draft, coordinator):
    with pytest.raises(ValidationError) as error:
        charter_send_for_signature(version=draft, by=coordinator)

    assert error.value.messages == [
        "Write at least one goal.",
        "Name who leads the partnership.",
        "Say how decisions are made.",
        "Say how conflicts are resolved.",
    ]
    assert error.value.messages == charter_missing_content(draft)
    draft.refresh_from_db()
    assert (draft.status, draft.sent_for_signature_at) == (CharterVersion.Status.DRAFT, None)


def test_charter_send_for_signature_moves_a_complete_charter_to_signing(draft, coordinator):
    save_complete(draft, coordinator)
    before = timezone.now()

    charter_send_for_signature(version=draft, by=coordinator)

    draft.refresh_from_db()
    assert draft.status == CharterVersion.Status.SIGNING
    assert before <= draft.sent_for_signature_at <= timezone.now()
    assert draft.signed_at is None


# Signing


def test_charter_sign_by_every_ministry_signs_the_version_after_the_third(out_for_signature, signers):
    statuses = []
    for user, ministry in signers:
        charter_sign(version=out_for_signature, ministry=ministry, by=user)
        out_for_signature.refresh_from_db()
        statuses.append((out_for_signature.status, out_for_signature.signed_at is None))

    assert statuses == [
        (CharterVersion.Status.SIGNING, True),
        (CharterVersion.Status.SIGNING, True),
        (CharterVersion.Status.SIGNED, False),
    ]
    assert [(s.ministry, s.signed_by) for s in out_for_signature.signatures.order_by("pk")] == [
        (ministry, user) for user, ministry in signers
    ]


def test_charter_sign_by_a_coordinator_is_denied(out_for_signature, coordinator, ministry):
    with pytest.raises(PermissionDenied):
        charter_sign(version=out_for_signature, ministry=ministry, by=coordinator)

    assert CharterSignature.objects.count() == 0


def test_charter_sign_by_a_delegated_coordinator_is_recorded(out_for_signature, ministry):
    delegate = MembershipFactory(ministry=ministry, role=Role.COORDINATOR, can_sign=True).user

    charter_sign(version=out_for_signature, ministry=ministry, by=delegate)

    assert list(CharterSignature.objects.values_list("version", "ministry", "signed_by")) == [
        (out_for_signature.pk, ministry.pk, delegate.pk)
    ]


def test_charter_sign_for_a_ministry_not_taking_part_is_denied(out_for_signature, outsider_ministry):
    outside_executive = person(outsider_ministry, Role.EXECUTIVE)

    with pytest.raises(PermissionDenied):
        charter_sign(version=out_for_signature, ministry=outsider_ministry, by=outside_executive)

    assert CharterSignature.objects.count() == 0


def test_charter_sign_for_another_participating_ministry_is_denied(out_for_signature, executive, other_ministry):
    with pytest.raises(PermissionDenied):
        charter_sign(version=out_for_signature, ministry=other_ministry, by=executive)

    assert CharterSignature.objects.count() == 0


def test_charter_sign_twice_for_the_same_ministry_keeps_one_signature(out_for_signature, executive, ministry):
    charter_sign(version=out_for_signature, ministry=ministry, by=executive)
    with pytest.raises(ValidationError) as error:
        charter_sign(version=out_for_signature, ministry=ministry, by=executive)

    assert error.value.code == "already_signed"

    assert list(CharterSignature.objects.values_list("ministry", flat=True)) == [ministry.pk]
    out_for_signature.refresh_from_db()
    assert out_for_signature.status == CharterVersion.Status.SIGNING


def test_charter_sign_of_a_draft_is_refused(draft, executive, ministry):
    with pytest.raises(ValidationError) as error:
        charter_sign(version=draft, ministry=ministry, by=executive)

    assert error.value.messages == ["Only a version out for signature can be signed."]


def test_charter_waiting_on_lists_exactly_the_unsigned_ministries(
    out_for_signature, signers, ministry, other_ministry, third_ministry
):
    assert charter_waiting_on(out_for_signature) == [ministry, third_ministry, other_ministry]

    user, signed_for = signers[1]
    charter_sign(version=out_for_signature, ministry=signed_for, by=user)

    assert signed_for == other_ministry
    assert charter_waiting_on(out_for_signature) == [ministry, third_ministry]


# New versions


def test_charter_new_version_of_a_signed_charter_needs_a_reason(out_for_signature, signers, partnership, coordinator):
    sign_by_all(out_for_signature, signers)

    with pytest.raises(ValidationError) as error:
        charter_new_version(partnership=partnership, by=coordinator, reason="", note="")

    assert error.value.message_dict == {"change_reason": ["Choose the reason for the change."]}
    assert list(partnership.charter_versions.values_list("number", "status")) == [(1, CharterVersion.Status.SIGNED)]


def test_charter_new_version_copies_text_assignments_and_milestones_into_a_draft(
    out_for_signature, signers, partnership, coordinator
):
    signed = sign_by_all(out_for_signature, signers)

    draft = charter_new_version(
        partnership=partnership, by=coordinator, reason=CharterVersion.ChangeReason.BUDGET, note="Less money."
    )

    draft.refresh_from_db()
    assert (draft.number, draft.status, draft.revision, draft.change_reason, draft.change_note) == (
        2,
        CharterVersion.Status.DRAFT,
        1,
        "budget",
        "Less money.",
    )
    assert draft.snapshot() == signed.snapshot()
    assert draft.snapshot()["assignments"] == [
        {
            "task": "Map the intake forms",
            "ministry": "Ministry of Community and Social Services",
            "due_date": "2025-03-01",
        }
    ]
    assert draft.snapshot()["milestones"] == [
        {"title": "Pilot opens", "due_date": "2025-06-30", "description": "In Sudbury."}
    ]
    assert list(draft.revisions.values_list("revision", flat=True)) == [1]
    assert list(partnership.charter_versions.values_list("number", "status")) == [
        (2, CharterVersion.Status.DRAFT),
        (1, CharterVersion.Status.SIGNED),
    ]


def test_charter_new_version_supersedes_the_signed_one_only_when_every_ministry_signs(
    out_for_signature, signers, partnership, coordinator
):
    sign_by_all(out_for_signature, signers)
    draft = charter_new_version(
        partnership=partnership, by=coordinator, reason=CharterVersion.ChangeReason.GOALS, note="A new goal."
    )
    charter_send_for_signature(version=draft, by=coordinator)

    statuses = []
    for user, ministry in signers:
        charter_sign(version=draft, ministry=ministry, by=user)
        statuses.append(list(partnership.charter_versions.values_list("number", "status")))

    assert statuses == [
        [(2, CharterVersion.Status.SIGNING), (1, CharterVersion.Status.SIGNED)],
        [(2, CharterVersion.Status.SIGNING), (1, CharterVersion.Status.SIGNED)],
        [(2, CharterVersion.Status.SIGNED), (1, CharterVersion.Status.SUPERSEDED)],
    ]


def test_charter_new_version_withdraws_a_version_out_for_signature(
    out_for_signature, signers, partnership, coordinator
):
    user, ministry = signers[0]
    charter_sign(version=out_for_signature, ministry=ministry, by=user)

    draft = charter_new_version(
        partnership=partnership, by=coordinator, reason=CharterVersion.ChangeReason.NEW_PARTNER, note="EDU joins."
    )

    assert list(partnership.charter_versions.values_list("number", "status")) == [
        (2, CharterVersion.Status.DRAFT),
        (1, CharterVersion.Status.SUPERSEDED),
    ]
    assert CharterVersion.objects.current_for(partnership).first() == draft


def test_charter_new_version_of_a_draft_returns_the_draft(draft, partnership, coordinator):
    assert charter_new_version(partnership=partnership, by=coordinator, reason="", note="") == draft
    assert partnership.charter_versions.count() == 1


def test_charter_sign_after_another_signed_still_refuses_someone_without_the_right(
    out_for_signature, executive, ministry, field_officer
):
    charter_sign(version=out_for_signature, ministry=ministry, by=executive)

    with pytest.raises(PermissionDenied):
        charter_sign(version=out_for_signature, ministry=ministry, by=field_officer)


def _equal_parties(ministries):
    """The first ministry leads; the shares are equal."""
    return [
        {"ministry": m.pk, "role": "lead" if i == 0 else "supporting", "gain_share": share, "risk_share": share}
        for i, (m, share) in enumerate(zip(ministries, equal_shares(len(ministries)), strict=True))
    ]


def test_removing_the_last_ministry_to_sign_starts_a_new_draft(
    out_for_signature, partnership, signers, ministry, other_ministry, third_ministry, coordinator
):
    for user, signed_for in signers[:2]:
        charter_sign(version=out_for_signature, ministry=signed_for, by=user)

    notices = restructure(partnership, coordinator, _equal_parties([ministry, other_ministry]))

    out_for_signature.refresh_from_db()
    assert out_for_signature.status == CharterVersion.Status.SUPERSEDED
    draft = partnership.charter_versions.current().first()
    assert (draft.number, draft.status, draft.change_reason) == (2, "draft", "new_partner")
    assert notices == [
        "The organisations changed, so every organisation must sign the charter again. Version 2 is a new draft."
    ]


def test_adding_a_ministry_to_a_signed_charter_keeps_it_in_force_until_a_new_version_is_signed(
    out_for_signature, partnership, signers, ministry, other_ministry, third_ministry, coordinator
):
    sign_by_all(out_for_signature, signers)
    newcomer = MinistryFactory(name="Ministry of Labour")

    restructure(partnership, coordinator, _equal_parties([ministry, other_ministry, third_ministry, newcomer]))

    out_for_signature.refresh_from_db()
    assert out_for_signature.status == CharterVersion.Status.SIGNED
    assert partnership.charter_versions.current().first().number == 2
    assert newcomer in [p.ministry for p in partnership.participations.all()]


def test_changing_shares_only_does_not_start_a_new_version(
    out_for_signature, partnership, ministry, other_ministry, third_ministry, coordinator
):
    parties = _equal_parties([ministry, other_ministry, third_ministry])
    parties[0].update(gain_share=Decimal("50"), risk_share=Decimal("50"))
    parties[1].update(gain_share=Decimal("25"), risk_share=Decimal("25"))
    parties[2].update(gain_share=Decimal("25"), risk_share=Decimal("25"))

    result = restructure(partnership, coordinator, parties)

    assert result == []
    assert partnership.charter_versions.count() == 1
