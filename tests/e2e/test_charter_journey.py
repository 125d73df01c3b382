"""A coordinator sets up a partnership of three ministries; every ministry signs; the first gate opens."""

import pytest
from playwright.sync_api import expect

from charters.models import CharterVersion
from ministries.models import Role
from partnerships.models import Partnership
from tests.factories import PASSWORD, MinistryFactory, person


@pytest.fixture
def three_ministries(db):
    mcss = MinistryFactory(name="Ministry of Community and Social Services", short_name="MCSS")
    health = MinistryFactory(name="Ministry of Health", short_name="MOH")
    education = MinistryFactory(name="Ministry of Education", short_name="EDU")
    people = {
        "claire": person(mcss, Role.COORDINATOR, user__username="claire", user__first_name="Claire"),
        "daniel": person(mcss, Role.EXECUTIVE, user__username="daniel"),
        "rachel": person(health, Role.EXECUTIVE, user__username="rachel"),
        "george": person(education, Role.EXECUTIVE, user__username="george"),
        "sam": person(health, Role.COORDINATOR, user__username="sam"),
    }
    return (mcss, health, education), people


def fill_partner(page, index, ministry, role, gain, risk):
    page.locator(f"#id_partners-{index}-ministry").select_option(label=ministry)
    page.locator(f"#id_partners-{index}-role").select_option(role)
    page.locator(f"#id_partners-{index}-gain_share").fill(str(gain))
    page.locator(f"#id_partners-{index}-risk_share").fill(str(risk))


def test_three_ministries_negotiate_sign_and_pass_the_first_gate(journey, three_ministries):
    (mcss, health, education), _people = three_ministries
    coordinator = journey("charter-coordinator")
    coordinator.sign_in("claire", PASSWORD)
    page = coordinator.page

    # Step 1: the need.
    page.get_by_role("link", name="Partnerships").first.click()
    page.get_by_role("link", name="Start a partnership").click()
    coordinator.check_accessibility()
    page.get_by_label("Name").fill("Integrated services for children")
    page.get_by_label("The problem").fill("Families deal with three ministries and fall between programs.")
    page.get_by_label("Public value").fill("One door for families.")
    page.get_by_role("button", name="Continue").click()

    # Step 2: three partners, one lead, shares adding up to 100.
    expect(page.get_by_role("heading", name="Start a partnership")).to_be_visible()
    coordinator.check_accessibility()
    fill_partner(page, 0, mcss.name, "lead", 40, 40)
    fill_partner(page, 1, health.name, "dominant", 35, 35)
    fill_partner(page, 2, education.name, "supporting", 25, 25)
    coordinator.screenshot("partners")
    page.get_by_role("button", name="Continue").click()

    # Step 3: how it works.
    page.get_by_label("Structure").select_option("creative")
    page.get_by_label("How it is run").select_option("steering_committee")
    page.get_by_label("Start date").fill("2026-04-01")
    page.get_by_label("End date").fill("2029-03-31")
    page.get_by_role("button", name="Create the partnership").click()
    expect(page.get_by_text("The partnership is created.")).to_be_visible()
    coordinator.check_accessibility()
    coordinator.screenshot("created")
    partnership = Partnership.objects.get(title="Integrated services for children")
    assert sorted(p.ministry.short_name for p in partnership.participations.all()) == ["EDU", "MCSS", "MOH"]

    # The charter: fill in the draft and send it out.
    page.get_by_role("link", name="Charter", exact=True).click()
    page.get_by_role("link", name="Edit the draft").click()
    coordinator.check_accessibility()
    page.get_by_label("Goals").fill("A single intake in four northern offices.")
    page.get_by_label("Professional lead").fill("MCSS, Integrated Services for Children")
    page.get_by_label("How decisions are made").fill("Consensus in the lead committee.")
    page.get_by_label("How conflicts are resolved").fill("A vote weighted by each ministry's share of the risks.")
    page.locator("#id_milestones-0-title").fill("Lead committee's first meeting")
    page.locator("#id_milestones-0-due_date").fill("2026-05-01")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("The charter is saved.")).to_be_visible()
    page.get_by_role("button", name="Send out for signature").click()
    expect(page.get_by_text(f"Waiting on {health.name} for 0 days")).to_be_visible()
    coordinator.screenshot("out-for-signature")

    # Each ministry's executive signs from their home page.
    for username, ministry in (("daniel", mcss), ("rachel", health), ("george", education)):
        executive = journey(f"charter-sign-{username}")
        executive.sign_in(username, PASSWORD)
        executive.check_accessibility()
        executive.page.get_by_role("link", name="Integrated services for children").first.click()
        executive.page.get_by_role("link", name="Charter", exact=True).click()
        executive.page.once("dialog", lambda dialog: dialog.accept())
        executive.page.get_by_role("button", name=f"Sign for {ministry.named_by_kind}").click()
        expect(executive.page.get_by_role("status")).to_contain_text("Signed")
        executive.screenshot("signed")
    version = partnership.charter_versions.get()
    assert version.status == CharterVersion.Status.SIGNED
    assert version.signatures.count() == 3

    # The coordinator settles points 1 to 3 inline, then asks for the first gate.
    page.goto(coordinator.url(f"/partnerships/{partnership.pk}/points/"))
    coordinator.check_accessibility()
    for number in (1, 2, 3):
        card = page.locator(f"#point-{number}")
        card.get_by_role("link", name="Edit the answer").click()
        form = page.locator(f"#point-{number} form")
        form.get_by_label("Status").select_option("addressed")
        page.locator(f"#point-{number} .richtext-editor").fill(f"Our shared answer to point {number}.")
        form.get_by_role("button", name="Save").click()
        expect(page.locator(f"#point-{number}").get_by_text(f"Our shared answer to point {number}.")).to_be_visible()
    coordinator.screenshot("points")
    page.get_by_role("link", name="Phase gate").click()
    page.get_by_label("Note to the approving level").fill("Points 1 to 3 are agreed by all.")
    page.get_by_role("button", name="Ask the approving level to decide").click()
    expect(page.get_by_text("Your request is with the approving level.")).to_be_visible()

    # The approving level is the steering committee: MOH's executive proposes, MCSS and EDU approve.
    approver = journey("charter-gate-approver")
    approver.sign_in("rachel", PASSWORD)
    approver.page.goto(approver.url(f"/partnerships/{partnership.pk}/gate/"))
    approver.page.get_by_role("link", name="Propose the committee's decision").click()
    approver.check_accessibility()
    approver.page.get_by_label("Go", exact=True).check()
    approver.page.get_by_label("Why").fill("The groundwork is done.")
    approver.page.get_by_role("button", name="Record the decision").click()
    expect(approver.page.get_by_text("Your proposal is with the steering committee.")).to_be_visible()
    approver.check_accessibility()
    partnership.refresh_from_db()
    assert partnership.phase == "initiation"
    for username in ("daniel", "george"):
        member = journey(f"charter-gate-{username}")
        member.sign_in(username, PASSWORD)
        member.page.goto(member.url(f"/partnerships/{partnership.pk}/gate/"))
        member.page.get_by_label("Approves").check()
        member.page.get_by_role("button", name="Record your ministry's position").click()
    expect(member.page.get_by_text("Your ministry's position carried the committee's decision: Go.")).to_be_visible()
    member.screenshot("gate-approved")
    partnership.refresh_from_db()
    assert partnership.phase == "planning"


def test_a_second_coordinator_saving_a_stale_charter_loses_nothing(journey, three_ministries):
    from partnerships import services

    (mcss, health, _education), people = three_ministries
    partnership = services.partnership_create(
        created_by=people["claire"],
        fields={"title": "Children first", "problem": "Gaps.", "public_value": "One door."},
        regions=[],
        participations=[
            {"ministry": mcss, "role": "lead", "gain_share": 50, "risk_share": 50},
            {"ministry": health, "role": "supporting", "gain_share": 50, "risk_share": 50},
        ],
    )
    first = journey("stale-first")
    second = journey("stale-second")
    first.sign_in("claire", PASSWORD)
    second.sign_in("sam", PASSWORD)
    edit = f"/partnerships/{partnership.pk}/charter/edit/"
    first.page.goto(first.url(edit))
    second.page.goto(second.url(edit))

    first.page.get_by_label("Goals").fill("Claire's goals")
    first.page.get_by_role("button", name="Save the draft").click()
    expect(first.page.get_by_text("The charter is saved.")).to_be_visible()

    second.page.get_by_label("Goals").fill("Sam's goals, typed with care")
    second.page.get_by_label("Meeting schedule").fill("Every second Tuesday")
    second.page.get_by_role("button", name="Save the draft").click()

    expect(second.page.get_by_text("Someone else saved this charter while you were editing")).to_be_visible()
    expect(second.page.get_by_label("Goals")).to_have_value("Sam's goals, typed with care")
    expect(second.page.get_by_label("Meeting schedule")).to_have_value("Every second Tuesday")
    expect(second.page.locator("#conflict").get_by_text("Claire's goals")).to_be_visible()
    second.check_accessibility()
    second.screenshot("conflict")

    # Saving again, having seen the other changes, goes through.
    second.page.get_by_role("button", name="Save the draft").click()
    expect(second.page.get_by_text("The charter is saved.")).to_be_visible()
    assert partnership.charter_versions.get().goals == "Sam's goals, typed with care"
