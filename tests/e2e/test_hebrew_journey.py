"""The charter journey once in Hebrew: every page right to left, translated, and accessible."""

from importlib import import_module

import pytest
from django.apps import apps
from playwright.sync_api import expect

from ministries.models import Role
from partnerships.models import Partnership
from tests.factories import PASSWORD, JurisdictionFactory, MinistryFactory, person


@pytest.fixture
def points(db):
    """The 15 points, in every language, as the data migrations load them (a live-server test may follow a flush)."""
    load_points = import_module("assessments.migrations.0002_reference_data").load_points
    load_translations = import_module("assessments.migrations.0002_reference_data").load_translations
    load_points(apps, None)
    load_translations(apps, None)


@pytest.fixture
def israeli_ministries(db, points):
    israel = JurisdictionFactory(name="Israel", name_fr="Israël", name_he="ישראל")
    welfare = MinistryFactory(name="משרד הרווחה והביטחון החברתי", short_name="רווחה", jurisdiction=israel)
    health = MinistryFactory(name="משרד הבריאות", short_name="בריאות", jurisdiction=israel)
    education = MinistryFactory(name="משרד החינוך", short_name="חינוך", jurisdiction=israel)
    person(welfare, Role.COORDINATOR, user__username="noa", user__first_name="נועה")
    return welfare, health, education


def assert_right_to_left(page):
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "he"


def test_a_coordinator_switches_to_hebrew_and_sets_up_a_partnership(journey, israeli_ministries):
    welfare, health, education = israeli_ministries
    coordinator = journey("hebrew-coordinator")
    coordinator.sign_in("noa", PASSWORD)
    page = coordinator.page

    # The language switcher in the navigation bar, still in English.
    page.locator("#language-choice").select_option("he")
    page.get_by_role("button", name="Change").click()
    page.wait_for_load_state()
    assert_right_to_left(page)
    expect(page.get_by_role("heading", name="ברוך בואך, נועה")).to_be_visible()
    coordinator.check_accessibility()
    coordinator.screenshot("home")

    # Step 1: the need.
    page.get_by_role("link", name="שותפויות").first.click()
    assert_right_to_left(page)
    page.get_by_role("link", name="הקמת שותפות").click()
    assert_right_to_left(page)
    coordinator.check_accessibility()
    page.locator("#id_title").fill("שירותים משולבים לילדים")
    page.get_by_label("הבעיה").fill("משפחות מתמודדות עם שלושה משרדים ונופלות בין התוכניות.")
    page.get_by_label("ערך ציבורי").fill("דלת אחת למשפחות.")
    coordinator.screenshot("need")
    page.get_by_role("button", name="המשך").click()

    # Step 2: three partners, one lead, shares adding up to 100.
    expect(page.get_by_role("heading", name="הקמת שותפות")).to_be_visible()
    assert_right_to_left(page)
    coordinator.check_accessibility()
    for index, (ministry, role, share) in enumerate(
        [(welfare, "lead", 40), (health, "dominant", 35), (education, "supporting", 25)]
    ):
        page.locator(f"#id_partners-{index}-ministry").select_option(label=ministry.name)
        page.locator(f"#id_partners-{index}-role").select_option(role)
        page.locator(f"#id_partners-{index}-gain_share").fill(str(share))
        page.locator(f"#id_partners-{index}-risk_share").fill(str(share))
    coordinator.screenshot("partners")
    page.get_by_role("button", name="המשך").click()

    # Step 3: how it works.
    assert_right_to_left(page)
    coordinator.check_accessibility()
    page.get_by_label("מבנה").select_option("creative")
    page.get_by_label("אופן הניהול").select_option("steering_committee")
    page.get_by_label("תאריך התחלה").fill("2026-01-01")
    page.get_by_label("תאריך סיום").fill("2028-12-31")
    page.get_by_role("button", name="יצירת השותפות").click()
    expect(page.get_by_text("השותפות נוצרה.")).to_be_visible()
    assert_right_to_left(page)
    coordinator.check_accessibility()
    coordinator.screenshot("created")
    partnership = Partnership.objects.get(title="שירותים משולבים לילדים")
    assert sorted(p.ministry.short_name for p in partnership.participations.all()) == ["בריאות", "חינוך", "רווחה"]

    # The charter: one field of the draft, saved.
    page.get_by_role("link", name="אמנה", exact=True).click()
    assert_right_to_left(page)
    page.get_by_role("link", name="עריכת הטיוטה").click()
    assert_right_to_left(page)
    coordinator.check_accessibility()
    page.get_by_label("מטרות").fill("קליטה אחת בארבע לשכות בצפון.")
    page.get_by_role("button", name="שמירת הטיוטה").click()
    expect(page.get_by_text("האמנה נשמרה.")).to_be_visible()
    assert_right_to_left(page)
    coordinator.check_accessibility()
    coordinator.screenshot("charter")
    assert partnership.charter_versions.get().goals == "קליטה אחת בארבע לשכות בצפון."

    # The 15 points read in Hebrew too.
    page.goto(coordinator.url(f"/partnerships/{partnership.pk}/points/"))
    assert_right_to_left(page)
    expect(page.get_by_role("heading", name="1. איזו שותפות נדרשת?")).to_be_visible()
    coordinator.check_accessibility()
    coordinator.screenshot("points")
