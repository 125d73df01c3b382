"""An executive opens the portfolio, filters by cluster and drills down to a partnership that needs attention,
then opens the cooperation map, weighs it by money and chooses a ministry on it."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import HealthCheck
from budgets import services as budget_services
from ministries.models import Role
from partnerships.models import Partnership
from tests.builders import budget_fields, indicator_for, make_partnership
from tests.factories import PASSWORD, ClusterFactory, MinistryFactory, person


def test_executive_filters_the_portfolio_and_drills_down(journey, db):
    human = ClusterFactory(name="Human Services")
    resources = ClusterFactory(name="Resources")
    mcss = MinistryFactory(name="Ministry of Community and Social Services", short_name="MCSS")
    mcss.clusters.add(human)
    mnr = MinistryFactory(name="Ministry of Natural Resources", short_name="MNR")
    mnr.clusters.add(resources)
    health = MinistryFactory(name="Ministry of Health", short_name="MOH")
    person(mcss, Role.EXECUTIVE, user__username="daniel")
    person(mnr, Role.EXECUTIVE, user__username="daniel")
    children = make_partnership([mcss, health], title="Integrated services for children")
    river = make_partnership([mnr, health], title="Madawaska River plan")
    overdue = timezone.localdate() - timedelta(days=12)
    Partnership.objects.filter(pk__in=[children.pk, river.pk]).update(next_review_due=overdue)
    indicator_for(children, mcss, target=Decimal("100"))
    today = timezone.localdate()
    # Closed yesterday: only closed checks have figures.
    HealthCheck.objects.create(
        partnership=river,
        due_date=today,
        opens_on=today - timedelta(days=15),
        closes_on=today - timedelta(days=1),
        response_count=4,
        average=Decimal("3.6"),
    )
    Partnership.objects.filter(pk=children.pk).update(start_date=today.replace(month=4, day=1) - timedelta(days=366))
    children.refresh_from_db()
    budget = budget_services.budget_create(
        partnership=children,
        by=None,
        fields=budget_fields(first_year=children.start_date.year, last_year=children.start_date.year + 2),
    )
    budget_services.contributions_save(
        budget=budget,
        by=None,
        amounts={(mcss.pk, children.start_date.year): (Decimal("5000"), Decimal("4000"))},
    )

    executive = journey("dashboard-executive")
    executive.sign_in("daniel", PASSWORD)
    page = executive.page
    expect(page.get_by_role("heading", name="Where the portfolio needs you")).to_be_visible()
    expect(page.get_by_role("heading", name="2 things need attention")).to_be_visible()
    expect(page.get_by_role("heading", name="Indicators on and off track")).to_be_visible()
    expect(page.get_by_role("row", name="No approved result yet 1 100%")).to_be_visible()
    expect(page.locator("canvas[data-chart='health-trend-data']")).to_be_visible()
    executive.check_accessibility()
    executive.screenshot("portfolio")

    page.get_by_label("Cluster", exact=True).select_option(label="Resources")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="1 thing needs attention")).to_be_visible()
    assert f"cluster={resources.pk}" in page.url
    executive.screenshot("filtered")

    page.get_by_role("link", name="Madawaska River plan").click()
    expect(page.get_by_role("heading", name="Madawaska River plan")).to_be_visible()
    executive.check_accessibility()
    executive.screenshot("drilled-down")

    page.goto(executive.url("/portfolio/map/"))
    expect(page.locator("#cooperation-map line")).to_have_count(2)
    page.get_by_label("Lines and circles show").select_option(label="The money committed")
    page.get_by_role("button", name="Show").click()
    assert "weight=budget" in page.url
    expect(page.locator("#cooperation-map line")).to_have_count(1)  # only MCSS and MOH share money
    expect(
        page.get_by_role("row", name="Ministry of Community and Social Services — Ministry of Health 1 4,000")
    ).to_be_visible()
    executive.check_accessibility()
    executive.screenshot("map-by-money")

    page.get_by_role("link", name="Ministry of Natural Resources: 1").click()
    expect(page.get_by_role("heading", name="1 thing needs attention")).to_be_visible()
    assert f"ministry={mnr.pk}" in page.url
