"""Keyboard only: an executive signs in, skips to the content, finds the charter and signs it — no mouse."""

from playwright.sync_api import expect

from ministries.models import Role
from partnerships import services
from partnerships.models import CharterVersion
from tests.factories import PASSWORD, MinistryFactory, person
from tests.partnerships.test_views import COMPLETE_CHARTER, make_partnership

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    name: (el.getAttribute('aria-label') || el.innerText || el.value || '').trim(),
    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
  };
}"""


def tab_to(page, name, limit=80):
    """Press Tab until the focused element is called `name`; focus must be visible on it."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["name"].startswith(name):
            assert focused["outline"], f"focus is not visible on {name!r}"
            return
    raise AssertionError(f"{name!r} cannot be reached with the Tab key")


def test_an_executive_signs_the_charter_with_the_keyboard_alone(journey, db):
    mcss = MinistryFactory(name="Ministry of Community and Social Services", short_name="MCSS")
    health = MinistryFactory(name="Ministry of Health", short_name="MOH")
    person(mcss, Role.EXECUTIVE, user__username="daniel")
    partnership = make_partnership([mcss, health], title="Integrated services for children")
    version = partnership.charter_versions.get()
    services.charter_save(
        version=version, by=None, expected_revision=1, fields=COMPLETE_CHARTER, assignments=[], milestones=[]
    )
    services.charter_send_for_signature(version=version, by=None)

    executive = journey("keyboard-executive")
    page = executive.page
    page.goto(executive.url("/login/"))
    page.keyboard.type("daniel")  # the username field has focus when the page opens
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Where the portfolio needs you")).to_be_visible()

    tab_to(page, "Skip to main content")
    page.keyboard.press("Enter")
    tab_to(page, "Integrated services for children")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Charters waiting for your signature")).to_have_count(0)
    expect(page.get_by_role("heading", name="Integrated services for children")).to_be_visible()
    tab_to(page, "Charter")
    page.keyboard.press("Enter")
    executive.screenshot("charter")
    page.once("dialog", lambda dialog: dialog.accept())
    tab_to(page, "Sign for MCSS")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Signed for")
    executive.screenshot("signed")

    assert version.signatures.get().ministry == mcss
    assert CharterVersion.objects.get(pk=version.pk).status == CharterVersion.Status.SIGNING
