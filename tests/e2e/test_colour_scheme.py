"""The colour scheme in a real browser: "follow my device" follows it, live; a chosen scheme ignores it; axe finds
no contrast failure in the dark scheme (static/js/theme.js runs under the Content-Security-Policy)."""

import pytest

from ministries.models import Role
from notifications.models import Kind, Notification
from partnerships.tabs import TABS
from tests.builders import make_partnership
from tests.factories import PASSWORD, MinistryFactory, person

THEME = "() => document.documentElement.dataset.bsTheme"


@pytest.fixture
def coordinator(db):
    mcss = MinistryFactory(name="Ministry of Community and Social Services", short_name="MCSS")
    health = MinistryFactory(name="Ministry of Health", short_name="MOH")
    user = person(mcss, Role.COORDINATOR, user__username="claire")
    partnership = make_partnership([mcss, health], title="Integrated services for children")
    Notification.objects.create(
        recipient=user, kind=Kind.MILESTONE_DUE, title="Milestone due soon", partnership=partnership
    )
    return user, partnership


def test_colour_scheme_follows_the_device_until_the_person_chooses(journey, coordinator):
    user, partnership = coordinator
    browser = journey("colour-scheme")
    page = browser.page
    page.emulate_media(color_scheme="dark")
    browser.sign_in("claire", PASSWORD)

    # colour-contrast is a serious rule: every text on these dark pages is checked, an unread notification too.
    for tab in TABS:
        page.goto(browser.url(tab.url(partnership)))
        assert page.evaluate(THEME) == "dark"
        browser.check_accessibility()
    for path in ("/", "/inbox/", "/profile/"):
        page.goto(browser.url(path))
        browser.check_accessibility()
    browser.screenshot("dark-profile")

    # The device changes its setting: the open page follows without a reload.
    page.emulate_media(color_scheme="light")
    page.wait_for_function(f"() => ({THEME})() === 'light'")

    # Chosen "Dark" in My details: dark whatever the device says.
    page.get_by_label("Dark", exact=True).check()
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state()
    user.refresh_from_db()
    assert user.colour_scheme == "dark"
    assert page.evaluate(THEME) == "dark"
    browser.check_accessibility()
