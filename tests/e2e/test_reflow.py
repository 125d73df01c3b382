"""Reflow (WCAG 1.4.10): at 320 CSS pixels wide no page scrolls sideways; wide tables scroll in their own region."""

from datetime import timedelta
from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_otp.oath import totp

from accounts.services import two_factor_enable, two_factor_key
from accounts.two_factor import two_factor_required
from budgets import services as budget_services
from ministries.models import Role
from notifications.models import Kind, Notification
from partnerships.models import Partnership
from partnerships.tabs import TABS
from tests.builders import budget_fields, indicator_for, make_partnership
from tests.factories import PASSWORD, MinistryFactory, person

NARROW = {"viewport": {"width": 320, "height": 640}}

# The page's width, and what sticks out past the right edge (for the failure message).
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  document.querySelectorAll('body *').forEach((el) => {
    const box = el.getBoundingClientRect();
    if (box.width && (box.right > width + 1 || box.left < -1) && !el.closest('.table-responsive, .visually-hidden')) {
      out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + '.' + [...el.classList].join('.'));
    }
  });
  return {scrollWidth: document.documentElement.scrollWidth, outside: out.slice(0, 5)};
}"""

# Every scrolling table region is reachable with the keyboard and named.
UNLABELLED_REGIONS = """() => [...document.querySelectorAll('.table-responsive')]
  .filter((r) => r.getAttribute('role') !== 'region' || r.getAttribute('tabindex') !== '0'
    || !(r.getAttribute('aria-labelledby') || r.getAttribute('aria-label')))
  .map((r) => r.outerHTML.slice(0, 120))"""


@pytest.fixture
def portfolio(db):
    import_module("assessments.migrations.0002_reference_data").load_points(apps, None)
    mcss = MinistryFactory(name="Ministry of Community and Social Services", short_name="MCSS")
    health = MinistryFactory(name="Ministry of Health", short_name="MOH")
    executive = person(mcss, Role.EXECUTIVE, user__username="daniel")
    person(mcss, Role.COORDINATOR, user__username="claire")
    person(mcss, Role.FIELD_STAFF, user__username="farid")
    person(mcss, Role.EVALUATOR, user__username="eve")
    person(mcss, Role.ADMINISTRATOR, user__username="adam", user__is_staff=True)
    children = make_partnership([mcss, health], title="Integrated services for children and their families")
    today = timezone.localdate()
    Partnership.objects.filter(pk=children.pk).update(
        start_date=today.replace(month=4, day=1) - timedelta(days=366), next_review_due=today - timedelta(days=12)
    )
    children.refresh_from_db()
    indicator_for(children, mcss, target=Decimal("100"))
    budget = budget_services.budget_create(
        partnership=children,
        by=None,
        fields=budget_fields(first_year=children.start_date.year, last_year=children.start_date.year + 2),
    )
    budget_services.contributions_save(
        budget=budget, by=None, amounts={(mcss.pk, children.start_date.year): (Decimal("5000000"), Decimal("4000"))}
    )
    # A transfer under way puts a table with a hidden "Actions" header on the budget page.
    budget_services.transfer_propose(
        budget=budget,
        by=None,
        from_ministry=mcss,
        to_ministry=health,
        fiscal_year=children.start_date.year,
        amount=Decimal("250000"),
        description="Case workers' training for the four offices taking part",
    )
    Notification.objects.create(
        recipient=executive, kind=Kind.REVIEW_DUE, title="The review of a partnership with a long name is due"
    )
    return children


def assert_reflows(page, url, failures):
    page.goto(url)
    page.wait_for_load_state("networkidle")
    found = page.evaluate(OVERFLOW)
    if found["scrollWidth"] > 321:
        failures.append(f"{url}: {found}")
    unlabelled = page.evaluate(UNLABELLED_REGIONS)
    if unlabelled:
        failures.append(f"{url}: unlabelled table regions {unlabelled}")


def test_reflow_main_pages_at_320_pixels(browser, site, portfolio):
    failures = []
    pages = {
        "daniel": ["/", "/portfolio/", "/inbox/"]
        + [tab.url(portfolio) for tab in TABS]
        + [f"/partnerships/{portfolio.pk}/budget/transfers/"],
        "claire": ["/"],
        "farid": ["/"],
        "eve": ["/"],
        "adam": ["/"],
    }
    # Executives and administrators sign in in two steps: their app is set up, and a recovery code
    # is the second step here (no wait for the app's next 30 seconds).
    recovery = {}
    for user in get_user_model().objects.filter(username__in=pages):
        if two_factor_required(user):
            key = two_factor_key()
            recovery[user.username] = two_factor_enable(user=user, key=key, code=f"{totp(bytes.fromhex(key)):06d}")
    for username, urls in pages.items():
        context = browser.new_context(**NARROW)
        page = context.new_page()
        page.goto(site.url + "/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        if username in recovery:
            page.get_by_role("textbox", name="Code").fill(recovery[username][0])
            page.get_by_role("textbox", name="Code").press("Enter")
            page.wait_for_load_state()
        for url in urls:
            assert_reflows(page, site.url + url, failures)
        context.close()

    assert failures == [], "\n".join(failures)
