"""An executive opens the portfolio, filters by cluster and drills down to a partnership that needs attention."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from ministries.models import Role
from partnerships.models import Partnership
from tests.factories import PASSWORD, ClusterFactory, MinistryFactory, person
from tests.partnerships.test_views import make_partnership


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

    executive = journey("dashboard-executive")
    executive.sign_in("daniel", PASSWORD)
    page = executive.page
    expect(page.get_by_role("heading", name="Where the portfolio needs you")).to_be_visible()
    expect(page.get_by_role("heading", name="2 things need attention")).to_be_visible()
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
