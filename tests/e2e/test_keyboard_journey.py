"""Keyboard only: an executive signs in, skips to the content, finds the charter and signs it — no mouse."""

from django_otp.oath import totp
from playwright.sync_api import expect

from accounts.services import two_factor_enable, two_factor_key
from charters import services
from charters.models import CharterVersion
from ministries.models import Role
from tests.builders import COMPLETE_CHARTER, make_partnership
from tests.factories import PASSWORD, MinistryFactory, person

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const label = el.labels && el.labels.length ? el.labels[0].innerText : '';
  return {
    name: (el.getAttribute('aria-label') || label || el.innerText || el.value || '').trim(),
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


def follow(page):
    """Press Enter on a link or a submit button, and wait for the page it opens."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_an_executive_signs_the_charter_with_the_keyboard_alone(journey, db):
    mcss = MinistryFactory(name="Ministry of Community and Social Services", short_name="MCSS")
    health = MinistryFactory(name="Ministry of Health", short_name="MOH")
    daniel = person(mcss, Role.EXECUTIVE, user__username="daniel")
    key = two_factor_key()
    recovery_codes = two_factor_enable(user=daniel, key=key, code=f"{totp(bytes.fromhex(key)):06d}")
    partnership = make_partnership([mcss, health], title="Integrated services for children")
    version = partnership.charter_versions.get()
    services.charter_save(
        version=version, by=None, expected_revision=1, fields=COMPLETE_CHARTER, assignments=[], milestones=[]
    )
    services.charter_send_for_signature(version=version, by=None)

    executive = journey("keyboard-executive")
    page = executive.page
    page.goto(executive.url("/login/"))
    expect(page.get_by_label("Username")).to_be_focused()  # the username field has focus when the page opens
    page.keyboard.type("daniel")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    # An executive's second step: the code field has focus when the page opens. (The set-up turned on
    # above used the current code; a recovery code does not wait for the app's next 30 seconds.)
    code = page.get_by_role("textbox", name="Code")
    expect(code).to_be_focused()
    code.press_sequentially(recovery_codes[0])
    code.press("Enter")
    page.wait_for_url(executive.url("/"))
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
    tab_to(page, "Sign for Ministry of Community and Social Services")
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Signed for")
    executive.screenshot("signed")

    assert version.signatures.get().ministry == mcss
    assert CharterVersion.objects.get(pk=version.pk).status == CharterVersion.Status.SIGNING


def test_a_coordinator_starts_a_partnership_with_the_keyboard_alone(journey, db):
    from partnerships.models import Partnership

    mcss = MinistryFactory(name="Ministry of Community and Social Services", short_name="MCSS")
    MinistryFactory(name="Ministry of Health", short_name="MOH")
    person(mcss, Role.COORDINATOR, user__username="claire")

    coordinator = journey("keyboard-coordinator")
    page = coordinator.page
    page.goto(coordinator.url("/login/"))
    expect(page.get_by_label("Username")).to_be_focused()
    page.keyboard.type("claire")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    follow(page)
    tab_to(page, "Partnerships")
    follow(page)
    tab_to(page, "Start a partnership")
    follow(page)

    for label, text in (
        ("Name", "Children first"),
        ("The problem", "Families fall between programs."),
        ("Public value", "One door for families."),
    ):
        tab_to(page, label)
        page.keyboard.type(text)
    tab_to(page, "Continue")
    follow(page)

    # The first ministry (the coordinator's own, as lead) is filled in; choose the second by typing its name.
    tab_to(page, "Organisations")  # the navigation's link, on the way
    tab_to(page, "Organisation")  # the first row's organisation select
    tab_to(page, "Organisation")  # the second row's
    page.keyboard.type("Ministry of Health")
    tab_to(page, "Continue")
    follow(page)
    tab_to(page, "Create the partnership")
    follow(page)

    expect(page.get_by_role("status")).to_contain_text("The partnership is created.")
    coordinator.screenshot("created")
    partnership = Partnership.objects.get(title="Children first")
    assert sorted(p.ministry.short_name for p in partnership.participations.all()) == ["MCSS", "MOH"]
