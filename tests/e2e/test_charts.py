"""The charts beside the figures' tables draw in a real browser (static/js/charts.js under the Content-Security-
Policy): on the Relations tab, the Competence tab, one's own competence page and the executive's portfolio, in
English, in French and in Hebrew (right to left, in the dark scheme), with no axe failure on those pages."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from competences import services as competences
from competences.catalogue import Competency
from ministries.models import Role
from partnerships.models import Participation
from tests.builders import make_partnership
from tests.factories import (
    PASSWORD,
    BudgetFactory,
    ContributionFactory,
    MinistryFactory,
    RelationshipRatingFactory,
    RelationshipSurveyFactory,
    person,
)

TODAY = timezone.localdate()
# Each canvas on the page: its id, whether a Chart is drawn on it, and how many figures it draws.
CHARTS = """() => [...document.querySelectorAll("canvas[data-chart]")].map((canvas) => {
  const chart = Chart.getChart(canvas);
  const figures = chart ? chart.data.datasets.reduce((n, d) => n + d.data.filter((v) => v !== null).length, 0) : 0;
  return [canvas.dataset.chart, figures > 0 && canvas.width > 0];
})"""
COLOUR = "(id) => Chart.getChart(document.querySelector(`canvas[data-chart='${id}']`)).data.datasets[0].borderColor"
TICKS = """([id, axis]) => Chart.getChart(document.querySelector(`canvas[data-chart='${id}']`))
  .scales[axis].ticks.map((t) => t.label)"""
REVERSED = "(id) => Chart.getChart(document.querySelector(`canvas[data-chart='${id}']`)).options.scales.x.reverse"


@pytest.fixture
def world(db):
    mcss = MinistryFactory(name="Ministry of Community and Social Services", short_name="MCSS")
    health = MinistryFactory(name="Ministry of Health", short_name="MOH")
    person(mcss, Role.COORDINATOR, user__username="claire")
    person(mcss, Role.EXECUTIVE, user__username="erin")
    partnership = make_partnership([mcss, health], title="Integrated services for children")
    Participation.objects.filter(partnership=partnership, ministry=mcss).update(gain_share=20, risk_share=20)
    Participation.objects.filter(partnership=partnership, ministry=health).update(gain_share=80, risk_share=80)
    budget = BudgetFactory(partnership=partnership)
    ContributionFactory(budget=budget, ministry=mcss, pledged=Decimal("70000"), committed=Decimal("70000"))
    ContributionFactory(budget=budget, ministry=health, pledged=Decimal("30000"), committed=Decimal("30000"))
    older = RelationshipSurveyFactory(
        partnership=partnership, due_date=TODAY - timedelta(days=120), closes_on=TODAY - timedelta(days=100)
    )
    newer = RelationshipSurveyFactory(partnership=partnership)
    for survey, score in ((older, 2), (newer, 4)):
        for rater, rated in ((mcss, health), (health, mcss)):
            for _ in range(3):
                RelationshipRatingFactory(survey=survey, rater=rater, rated=rated, trust_mission=score)
    for n in range(3):
        user = person(health, Role.FIELD_STAFF, user__username=f"moh.{n}")
        competences.assessment_record(user=user, levels={c.value: 1 + (n + i) % 5 for i, c in enumerate(Competency)})
        competences.sharing_set(user=user, shared=True)
    claire = mcss.memberships.get(user__username="claire").user
    competences.assessment_record(user=claire, levels={"relationships": 2}, assessed_on=TODAY - timedelta(days=60))
    competences.assessment_record(user=claire, levels={"relationships": 4, "information": 3})
    return partnership


def drawn(browser, path, expected):
    page = browser.page
    page.goto(browser.url(path))
    page.wait_for_function("() => typeof Chart !== 'undefined'")
    assert page.evaluate(CHARTS) == [[chart_id, True] for chart_id in expected]
    browser.check_accessibility()


def test_every_chart_draws_in_english_and_in_hebrew(journey, world):
    partnership = world
    relations = f"/partnerships/{partnership.pk}/relations/"
    team = f"/partnerships/{partnership.pk}/competence/"
    coordinator = journey("charts")
    coordinator.sign_in("claire", PASSWORD)
    page = coordinator.page

    drawn(coordinator, relations, ["relations-rounds-chart", "relations-pairs-chart", "balance-chart"])
    assert page.evaluate(REVERSED, "relations-rounds-chart") is False
    coordinator.screenshot("relations")
    drawn(coordinator, team, ["profile-chart"])
    coordinator.screenshot("competence")
    drawn(coordinator, "/competence/", ["history-chart"])
    coordinator.screenshot("mine")
    assert page.evaluate(COLOUR, "history-chart") == "#0b3a75"
    # The device turns dark while the page is open: the chart follows, without a reload.
    page.emulate_media(color_scheme="dark")
    page.wait_for_function(f"() => ({COLOUR})('history-chart') === '#8bb9fe'")

    # In Hebrew and the dark scheme: the axis reads from the right, the charts draw in the dark palette.
    page.locator("#language-choice").select_option("he")
    page.locator("#language-choice").locator("xpath=ancestor::form").locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.dir") == "rtl"
    drawn(coordinator, relations, ["relations-rounds-chart", "relations-pairs-chart", "balance-chart"])
    assert page.evaluate(REVERSED, "relations-rounds-chart") is True
    assert page.evaluate(REVERSED, "balance-chart") is True  # horizontal bars grow from the right
    assert page.evaluate(COLOUR, "relations-rounds-chart") == "#8bb9fe"
    coordinator.screenshot("relations-he-dark")
    # On a 320-pixel phone the charts shrink with the page: nothing scrolls sideways.
    page.set_viewport_size({"width": 320, "height": 640})
    drawn(coordinator, relations, ["relations-rounds-chart", "relations-pairs-chart", "balance-chart"])
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    coordinator.screenshot("relations-he-320")
    page.set_viewport_size({"width": 1280, "height": 900})
    drawn(coordinator, team, ["profile-chart"])
    drawn(coordinator, "/competence/", ["history-chart"])

    # In French the axes write numbers the French way.
    page.locator("#language-choice").select_option("fr")
    page.locator("#language-choice").locator("xpath=ancestor::form").locator("button[type=submit]").click()
    page.wait_for_load_state()
    drawn(coordinator, relations, ["relations-rounds-chart", "relations-pairs-chart", "balance-chart"])
    assert "3,5" in page.evaluate(TICKS, ["relations-rounds-chart", "y"])
    # 50 %, with the narrow or the plain no-break space before the sign, as the browser's French has it.
    fifty = [t for t in page.evaluate(TICKS, ["balance-chart", "x"]) if t.startswith("50")]
    assert fifty in (["50\u202f%"], ["50\u00a0%"])

    executive = journey("charts-executive")
    executive.sign_in("erin", PASSWORD)
    drawn(executive, "/portfolio/", ["phase-cluster-data", "trust-changes-chart", "power-flags-chart"])
