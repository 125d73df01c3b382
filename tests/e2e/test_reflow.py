"""Reflow (WCAG 1.4.10) and text spacing (1.4.12) in a real browser.

At 320 CSS pixels wide no page scrolls sideways, in English and in Hebrew (right to left): wide tables scroll
in their own named region that the keyboard reaches. With the spacing of 1.4.12 forced on, no text is cut off
and no page scrolls sideways: on the same main pages at 320 pixels in English and Hebrew, and on a few pages
in French (the longest words) at 320 and 1280.
The partnership's tab strip wraps: every tab stays whole and on screen, in French at 1280 pixels too.
"""

from django.urls import reverse

from partnerships.tabs import TABS
from tests.security.pages import PAGES

NARROW = {"viewport": {"width": 320, "height": 640}}
WIDE = {"viewport": {"width": 1280, "height": 900}}

# The main pages of every app, each as the role that sees the most on it (tests/security/pages.py: 200).
MAIN_PAGES = {
    "executive": [
        "dashboards:home",
        "dashboards:executive",
        "dashboards:map",
        "notifications:inbox",
        "budgets:budget",
        "budgets:transfers",
        "assessments:gate",
        "assessments:gate_decide",
    ],
    "coordinator": [
        *[tab.url_name for tab in TABS],
        "partnerships:list",
        "partnerships:teams",
        "partnerships:proposal",
        "assessments:point_edit",
        "assessments:worksheet_partners",
        "charters:charter_compare",
        "meetings:meeting",
        "meetings:conflict",
        "budgets:expenditures",
        "budgets:contributions",
        "results:indicator",
        "lessons:library",
        "search:results",
        "ministries:clusters",
        "relations:cluster",
        "relations:cluster_survey_answer",
        "ministries:sites",
        "ministries:detail",
        "calendars:calendar",
    ],
    "field_officer": ["results:progress_new", "results:progress_mine", "results:progress_targets"],
    "administrator": [
        "ministries:people",
        "ministries:person",
        "ministries:invitations",
        "ministries:invite",
        "ministries:regions",
        "ministries:unit_edit",
        "security:log",
        "imports:new",
        "imports:preview",
    ],
}
# What a search finds fills its page.
QUERIES = {"search:results": "?q=children"}

# The page's width, and what sticks out past an edge (for the failure message). Regions that scroll on
# their own and text hidden for screen readers may be wider than the page.
OVERFLOW = """() => {
  const root = document.scrollingElement;
  const width = root.clientWidth;
  const out = [];
  document.querySelectorAll('body *').forEach((el) => {
    const box = el.getBoundingClientRect();
    if (box.width && (box.right > width + 1 || box.left < -1) && !el.closest('.table-responsive, .visually-hidden')) {
      out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + '.' + [...el.classList].join('.'));
    }
  });
  return {scrollWidth: root.scrollWidth, clientWidth: width, outside: out.slice(0, 5)};
}"""

# Every scrolling table region is reachable with the keyboard and named.
UNLABELLED_REGIONS = """() => [...document.querySelectorAll('.table-responsive')]
  .filter((r) => r.scrollWidth > r.clientWidth)
  .filter((r) => r.getAttribute('role') !== 'region' || r.getAttribute('tabindex') !== '0'
    || !(r.getAttribute('aria-labelledby') || r.getAttribute('aria-label')))
  .map((r) => r.outerHTML.slice(0, 120))"""

# WCAG 1.4.12: the spacing a reader may set for themselves, forced on every element.
TEXT_SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""

# Elements that cut off their own text: content taller or wider than the box, which hides the rest.
CLIPPED = """() => [...document.querySelectorAll('body *')]
  .filter((el) => !el.closest('.visually-hidden, .table-responsive, svg, canvas'))
  .filter((el) => !el.closest('.visually-hidden-focusable:not(:focus)'))
  .filter((el) => el.innerText && el.innerText.trim())
  .filter((el) => {
    const style = getComputedStyle(el);
    const hides = (v) => v === 'hidden' || v === 'clip';
    return (hides(style.overflowX) && el.scrollWidth > el.clientWidth + 1)
      || (hides(style.overflowY) && el.scrollHeight > el.clientHeight + 1);
  })
  .map((el) => el.tagName.toLowerCase() + '.' + [...el.classList].join('.') + ': ' + el.innerText.slice(0, 40))"""

# A tab cut off (its text wider than its box) or off the screen; the strip must wrap instead.
CUT_TABS = """() => [...document.querySelectorAll('nav .nav-tabs .nav-link')]
  .filter((a) => {
    const box = a.getBoundingClientRect();
    return a.scrollWidth > a.clientWidth + 1 || box.left < -1 || box.right > document.scrollingElement.clientWidth + 1;
  })
  .map((a) => a.innerText)"""


def url_of(world, name):
    kwargs_for, _expected = PAGES[name]
    return reverse(name, kwargs=kwargs_for(world)) + QUERIES.get(name, "")


def in_language(world, language):
    for user in (world.executive, world.coordinator, world.field_officer, world.administrator):
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])


def test_the_table_of_main_pages_names_pages_each_role_opens():
    for role, names in MAIN_PAGES.items():
        assert [name for name in names if PAGES[name][1][role] != 200] == [], role


def spacing_failures(page, where):
    """Text cut off, or the page scrolling sideways, once the spacing of 1.4.12 is forced on the page."""
    # The reader's own style sheet, as a browser extension adds it: the page's CSP forbids inline styles
    # (the context bypasses it).
    page.add_style_tag(content=TEXT_SPACING)
    failures = []
    clipped = page.evaluate(CLIPPED)
    found = page.evaluate(OVERFLOW)
    if clipped:
        failures.append(f"text spacing, {where}: text cut off {clipped[:5]}")
    if found["scrollWidth"] > found["clientWidth"]:
        failures.append(f"text spacing, {where}: scrolls sideways {found}")
    return failures


def reflow_failures(context_as, site, world, language):
    """What scrolls sideways at 320 pixels on the main pages, each as its role, then with more text spacing."""
    in_language(world, language)
    failures = []
    for role, names in MAIN_PAGES.items():
        context = context_as(getattr(world, role), bypass_csp=True, **NARROW)
        page = context.new_page()
        for name in names:
            url = site.url + url_of(world, name)
            response = page.goto(url)
            page.wait_for_load_state("networkidle")
            assert response.status == 200, f"{url} as {role}: {response.status}"
            found = page.evaluate(OVERFLOW)
            if found["scrollWidth"] > found["clientWidth"]:
                failures.append(f"{language} {name} as {role}: {found}")
            unlabelled = page.evaluate(UNLABELLED_REGIONS)
            if unlabelled:
                failures.append(f"{language} {name} as {role}: unlabelled table regions {unlabelled}")
            cut = page.evaluate(CUT_TABS)
            if cut:
                failures.append(f"{language} {name} as {role}: tabs cut off {cut}")
            failures += spacing_failures(page, f"{language} at 320 px, {name} as {role}")
        context.close()
    return failures


def text_spacing_failures(context_as, site, world, viewport):
    """Text cut off, or a page scrolling sideways, with the spacing of 1.4.12 forced on (in French, the longest)."""
    in_language(world, "fr")
    names = ["dashboards:executive", "partnerships:detail", "budgets:budget", "assessments:points", "meetings:meeting"]
    # The reader's own style sheet, as a browser extension adds it: the page's CSP forbids inline styles.
    context = context_as(world.executive, viewport=viewport, bypass_csp=True)
    page = context.new_page()
    failures = []
    for name in names:
        page.goto(site.url + url_of(world, name))
        page.wait_for_load_state("networkidle")
        failures += spacing_failures(page, f"fr at {viewport['width']} px, {name}")
    context.close()
    return failures


def test_pages_reflow_at_320_pixels_and_keep_their_text_with_more_spacing(context_as, site, live_world):
    # One test, so that the world of objects is built once (in a real transaction, for the live server).
    failures = reflow_failures(context_as, site, live_world, "en") + reflow_failures(context_as, site, live_world, "he")
    print("\n".join(failures), flush=True)
    failures += text_spacing_failures(context_as, site, live_world, WIDE["viewport"])
    failures += text_spacing_failures(context_as, site, live_world, NARROW["viewport"])

    # The tab strip wraps: in French on a wide screen, every tab is whole, "Historique" (history) the last.
    in_language(live_world, "fr")
    context = context_as(live_world.coordinator, **WIDE)
    page = context.new_page()
    page.goto(site.url + url_of(live_world, "partnerships:detail"))
    assert page.locator("nav .nav-tabs .nav-link").count() == len(TABS)
    assert page.evaluate(CUT_TABS) == []
    assert page.get_by_role("link", name="Historique").is_visible()
    context.close()

    assert failures == [], "\n".join(failures)
