"""Focus after htmx swaps (static/js/focus.js): into the form, back to the item, and said aloud."""

import re
from importlib import import_module

import pytest
from django.apps import apps
from playwright.sync_api import expect

from ministries.models import Role
from notifications.models import Kind, Notification
from tests.builders import make_partnership
from tests.factories import PASSWORD, MinistryFactory, person

FOCUSED_ID = "() => document.activeElement ? document.activeElement.id : null"


@pytest.fixture
def points(db):
    """The 15 points, as the data migration loads them (a live-server test may follow a flush)."""
    import_module("assessments.migrations.0002_reference_data").load_points(apps, None)


@pytest.fixture
def coordinator(db, points):
    mcss = MinistryFactory(name="Ministry of Community and Social Services", short_name="MCSS")
    health = MinistryFactory(name="Ministry of Health", short_name="MOH")
    user = person(mcss, Role.COORDINATOR, user__username="claire")
    partnership = make_partnership([mcss, health], title="Integrated services for children")
    return user, partnership


def press(page, locator, key="Enter"):
    locator.focus()
    page.keyboard.press(key)


def wait_for_focus(page, element_id):
    page.wait_for_function(f"() => document.activeElement && document.activeElement.id === {element_id!r}")


def test_point_editor_focus_moves_into_the_form_and_back_to_the_heading(journey, coordinator):
    _user, partnership = coordinator
    browser = journey("focus-points")
    browser.sign_in("claire", PASSWORD)
    page = browser.page
    page.goto(browser.url(f"/partnerships/{partnership.pk}/points/"))
    card = page.locator("#point-2")

    press(page, card.get_by_role("link", name="Edit the answer"))
    expect(page.locator("#point-2 form")).to_be_visible()
    page.wait_for_function("() => document.activeElement.closest('#point-2 form') !== null")
    assert page.evaluate("() => document.activeElement.closest('#point-2 form') !== null") is True

    # Saved with errors: focus goes to the field to fix.
    page.locator("#point-2 form").get_by_label("Status").select_option("not_applicable")
    press(page, page.locator("#point-2 form").get_by_role("button", name="Save"))
    wait_for_focus(page, "id_a2-not_applicable_reason")
    assert page.evaluate(FOCUSED_ID) == "id_a2-not_applicable_reason"

    page.locator("#id_a2-not_applicable_reason").fill("Nobody moves between the offices.")
    press(page, page.locator("#point-2 form").get_by_role("button", name="Save"))
    wait_for_focus(page, "point-2-title")
    expect(page.locator("#announcer")).to_have_text("Point 2 is saved.")
    assert page.evaluate(FOCUSED_ID) == "point-2-title"

    press(page, card.get_by_role("link", name="Edit the answer"))
    expect(page.locator("#point-2 form")).to_be_visible()
    press(page, page.locator("#point-2 form").get_by_role("link", name="Cancel"))
    wait_for_focus(page, "point-2-title")
    expect(page.locator("#announcer")).to_have_text("Point 2 is not changed.")
    assert page.evaluate(FOCUSED_ID) == "point-2-title"
    browser.check_accessibility()


def test_inbox_mark_read_keeps_focus_on_the_notification(journey, coordinator):
    user, _partnership = coordinator
    first = Notification.objects.create(recipient=user, kind=Kind.REVIEW_DUE, title="Review due on 1 March")
    Notification.objects.create(recipient=user, kind=Kind.MILESTONE_DUE, title="Milestone due soon")
    browser = journey("focus-inbox")
    browser.sign_in("claire", PASSWORD)
    page = browser.page
    page.goto(browser.url("/inbox/"))

    press(page, page.locator(f"#notification-{first.pk}").get_by_role("button", name="Mark read"))
    wait_for_focus(page, f"notification-{first.pk}-link")
    expect(page.locator("#announcer")).to_have_text("Marked read: Review due on 1 March")
    # The title opens the notification with a POST (a GET changes nothing): it is a button.
    assert page.evaluate("() => document.activeElement.tagName") == "BUTTON"
    first.refresh_from_db()
    assert first.read_at is not None
    browser.check_accessibility()

    # A plain POST ("Mark all read") comes back as a new page: focus is on what happened.
    press(page, page.get_by_role("button", name="Mark all read"))
    page.wait_for_function("() => document.activeElement.hasAttribute('data-focus-on-load')")
    assert page.evaluate("() => document.activeElement.innerText.trim()") == "Everything in your inbox is marked read."


def test_error_summary_takes_focus_when_the_page_opens(journey, coordinator):
    browser = journey("focus-error-summary")
    page = browser.page
    page.goto(browser.url("/login/"))
    page.get_by_label("Username").fill("claire")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()

    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    page.wait_for_function("() => document.activeElement.hasAttribute('data-error-summary')")
    assert page.title().startswith("Error: Sign in")
    page.get_by_role("link", name=re.compile("^Please enter a correct username")).click()
    assert page.evaluate(FOCUSED_ID) == "id_username"
    browser.check_accessibility()
