"""A coordinator changes a signed charter from its page, once for every reason a charter changes."""

from datetime import date
from decimal import Decimal

from playwright.sync_api import expect

from charters.models import CharterVersion
from charters.services import charter_save, charter_send_for_signature, charter_sign
from ministries.models import Role
from partnerships.services import partnership_create
from tests.factories import PASSWORD, MinistryFactory, person

CHARTER_TEXT = {
    "shared_vision": "One door for families.",
    "goals": "A single intake in four offices.",
    "professional_lead": "MCSS",
    "decision_protocol": "Consensus.",
    "conflict_protocol": "A weighted vote.",
}


def sign_by_all(version, signers):
    version.refresh_from_db()
    charter_save(
        version=version,
        by=None,
        expected_revision=version.revision,
        fields=CHARTER_TEXT,
        assignments=[],
        milestones=[{"title": "Pilot opens", "due_date": date(2027, 6, 30), "description": ""}],
    )
    charter_send_for_signature(version=version, by=None)
    for executive, ministry in signers:
        charter_sign(version=version, ministry=ministry, by=executive)


def test_charter_change_through_the_page_for_every_reason(journey, db):
    mcss = MinistryFactory(name="Ministry of Community and Social Services", short_name="MCSS")
    health = MinistryFactory(name="Ministry of Health", short_name="MOH")
    claire = person(mcss, Role.COORDINATOR, user__username="claire")
    signers = [(person(mcss, Role.EXECUTIVE), mcss), (person(health, Role.EXECUTIVE), health)]
    partnership = partnership_create(
        created_by=claire,
        fields={"title": "Integrated services", "problem": "Families wait.", "public_value": "One door."},
        regions=[],
        participations=[
            {"ministry": mcss, "role": "lead", "gain_share": Decimal(60), "risk_share": Decimal(60)},
            {"ministry": health, "role": "supporting", "gain_share": Decimal(40), "risk_share": Decimal(40)},
        ],
    )
    sign_by_all(partnership.charter_versions.get(), signers)
    coordinator = journey("charter-change")
    coordinator.sign_in("claire", PASSWORD)
    page = coordinator.page

    for number, (reason, label) in enumerate(CharterVersion.ChangeReason.choices, start=2):
        page.goto(coordinator.url(f"/partnerships/{partnership.pk}/charter/"))
        page.get_by_role("link", name="Change the charter").click()
        coordinator.check_accessibility()
        page.get_by_role("button", name="Start the new version").click()  # nothing chosen: told what to fix
        expect(page.locator("#id_change_reason_error, .invalid-feedback").first).to_be_visible()
        page.get_by_label(str(label)).check()
        page.get_by_label("What changes, in a sentence or two").fill(f"Because of: {label}.")
        page.get_by_role("button", name="Start the new version").click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()

        draft = partnership.charter_versions.current().first()
        assert (draft.number, draft.status, draft.change_reason, draft.change_note) == (
            number,
            CharterVersion.Status.DRAFT,
            reason,
            f"Because of: {label}.",
        )
        assert draft.shared_vision == CHARTER_TEXT["shared_vision"]
        sign_by_all(draft, signers)

    assert partnership.charter_versions.filter(status=CharterVersion.Status.SIGNED).get().number == number
