"""A partnership begun two years ago is recorded truthfully: at its real phase, with the days its charter
was signed on paper and the day its first gate was decided, and its history reads in that order."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import GateDecision
from charters.models import CharterSignature
from common.bidi import isolate
from ministries.models import Role
from partnerships.models import Partnership, Phase
from tests.factories import PASSWORD, MinistryFactory, person

BEGAN = timezone.localdate() - timedelta(days=730)


@pytest.fixture
def two_ministries(db):
    mcss = MinistryFactory(name="Ministry of Community and Social Services", short_name="MCSS")
    health = MinistryFactory(name="Ministry of Health", short_name="MOH")
    person(mcss, Role.COORDINATOR, user__username="claire", user__first_name="Claire")
    person(mcss, Role.EXECUTIVE, user__username="daniel")
    person(health, Role.EXECUTIVE, user__username="rachel")
    return mcss, health


def test_a_partnership_begun_two_years_ago_is_recorded_in_the_order_things_happened(journey, two_ministries):
    mcss, health = two_ministries
    coordinator = journey("history-coordinator")
    coordinator.sign_in("claire", PASSWORD)
    page = coordinator.page

    # From the list of partnerships: record one that already exists, through the usual steps.
    page.get_by_role("link", name="Partnerships").first.click()
    page.get_by_role("button", name="Record one that already exists").click()
    expect(page.get_by_role("heading", name="Record a partnership that already exists")).to_be_visible()
    page.get_by_label("Name").fill("Northern water plan")
    page.get_by_label("The problem").fill("Each ministry monitors the same rivers on its own.")
    page.get_by_label("Public value").fill("One picture of the watershed.")
    page.get_by_role("button", name="Continue").click()
    page.locator("#id_partners-0-ministry").select_option(label=mcss.name)
    page.locator("#id_partners-0-role").select_option("lead")
    page.locator("#id_partners-1-ministry").select_option(label=health.name)
    page.locator("#id_partners-1-role").select_option("supporting")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("The phase it has reached").select_option(Phase.APPLICATION)
    page.get_by_label("The day it began").fill(BEGAN.isoformat())
    coordinator.check_accessibility()
    coordinator.screenshot("setup")
    page.get_by_role("button", name="Create the partnership").click()
    expect(page.get_by_text("The partnership is recorded at its phase.")).to_be_visible()
    partnership = Partnership.objects.get(title="Northern water plan")
    assert (partnership.phase, partnership.start_date) == (Phase.APPLICATION, BEGAN)

    # Its charter, as signed on paper, goes out for signature.
    page.goto(coordinator.url(f"/partnerships/{partnership.pk}/charter/edit/"))
    page.get_by_label("Goals").fill("Shared monitoring of the northern rivers.")
    page.get_by_label("Professional lead").fill("MCSS")
    page.get_by_label("How decisions are made").fill("Consensus.")
    page.get_by_label("How conflicts are resolved").fill("The deputy ministers decide.")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("The charter is saved.")).to_be_visible()
    page.get_by_role("button", name="Send out for signature").click()

    # Each ministry's own signatory signs, with the day they signed on paper: the health ministry first.
    for username, ministry, days in (("rachel", health, 10), ("daniel", mcss, 20)):
        executive = journey(f"history-sign-{username}")
        executive.sign_in(username, PASSWORD)
        executive.page.goto(executive.url(f"/partnerships/{partnership.pk}/charter/"))
        executive.page.get_by_label("Signed on").fill((BEGAN + timedelta(days=days)).isoformat())
        executive.check_accessibility()
        executive.page.once("dialog", lambda dialog: dialog.accept())
        executive.page.get_by_role("button", name=f"Sign for {ministry.named_by_kind}").click()
        expect(executive.page.get_by_role("status")).to_contain_text("Signed")
    assert sorted(CharterSignature.objects.values_list("signed_on", flat=True)) == [
        BEGAN + timedelta(days=10),
        BEGAN + timedelta(days=20),
    ]

    # The approving level (the lead's executive) records its decision at the first gate, on its day.
    approver = journey("history-approver")
    approver.sign_in("daniel", PASSWORD)
    approver.page.goto(approver.url(f"/partnerships/{partnership.pk}/gate/"))
    approver.page.get_by_role("link", name="Record a decision taken at an earlier gate").click()
    approver.page.get_by_label("Gate out of the phase").select_option(Phase.INITIATION)
    approver.page.get_by_label("Go", exact=True).check()
    approver.page.get_by_label("Decided on").fill((BEGAN + timedelta(days=40)).isoformat())
    approver.page.get_by_label("Why").fill("The need and the partners were clear.")
    approver.check_accessibility()
    approver.page.get_by_role("button", name="Record the decision").click()
    expect(approver.page.get_by_text("The past decision is recorded")).to_be_visible()
    assert GateDecision.objects.get().decided_on == BEGAN + timedelta(days=40)

    # The history, newest first, ends with the past in the order it happened.
    page.goto(coordinator.url(f"/partnerships/{partnership.pk}/history/"))
    coordinator.check_accessibility()
    coordinator.screenshot("history")
    events = page.locator("main ol > li strong").all_inner_texts()
    assert [event.split(".")[0] for event in events[-4:]] == [
        "Gate out of the phase Initiative and creation: Go",
        f"Signed version 1 of the charter for {isolate(mcss.name)}",
        f"Signed version 1 of the charter for {isolate(health.name)}",
        "The partnership began",
    ]
    expect(page.get_by_text("happened on")).to_have_count(4)
    assert Partnership.objects.get(pk=partnership.pk).phase == Phase.APPLICATION
