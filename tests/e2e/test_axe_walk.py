"""axe-core over every page the URL walk reaches, as each role that gets the page, in English, French and Hebrew.

The journeys check the pages a person passes through; this walk checks all the others too. The pages and who
gets them come from the security walk's table (tests/security/pages.py), on the same world of objects.
Moderate, serious and critical results fail, each listed with its page, role, language, rule and nodes.

Affordable: one browser context per role and language, signed in without the sign-in pages, in which two tabs
take turns: axe checks a page in one while the next page loads in the other. axe works out only the
violations (not the passes), and runs once per URL and language for each distinct rendering: when another
role gets the very same main content (the same elements, classes, names and roles) and the same top bar
around it, it has been checked already; every top bar is checked at least once in each language. Every
role walks in English; in French and Hebrew, where the words and the direction change but not what each
role is shown, each page is walked once, as the first role that gets it (most pages: a coordinator).
Downloads (NOT_PAGES) are never asked for; a page waits for what htmx loads after it (the inbox badge),
not for half a second of quiet network; the service worker is blocked (tests/e2e/test_offline.py has it).

What it costs, measured with
  INTERLOCK_COVERAGE=0 bin/test --pytest-only tests/e2e/test_axe_walk.py -q -s -rf
on the shared 2-core machine (load average 1 to 5 before, about 6 after; pytest's own time):
  before: 1002 s. 588 pages visited, 542 checked; page load 632 s (half a second of quiet network after
          each, and the downloads, the charter's PDF among them), axe 315 s, markup shape 10 s, sign-in 2 s.
  after:  347 s (30 s of it building the world). 588 visited, 424 checked; page load 200 s, starting axe
          60 s (axe-core itself is given to each context once and is in every page as it loads), waiting for
          axe 27 s (the rest of its runs overlap the next page's load), shape 3 s, sign-in 2 s.
The walk prints the same breakdown at its end.
"""

import time

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from tests.builders import ROLES
from tests.security.pages import PAGES, URL_NAMES

# Minutes in a browser: `-m "not slow"` skips it locally; bin/test without arguments (CI) runs it.
pytestmark = pytest.mark.slow

LANGUAGES = ["en", "fr", "he"]
# The service worker (which keeps a field officer's pages for offline use, tests/e2e/test_offline.py) would
# fetch pages beside the walk and stand between it and the server; the markup is the same without it.
DESKTOP = {"viewport": {"width": 1280, "height": 900}, "service_workers": "block"}
# The first role to walk a page in French and Hebrew: the one that sees the most on most pages.
ORDER = ["coordinator", "executive", "administrator", "evaluator", "field_officer", "outsider", "anonymous"]
# The REST API answers JSON and its reference is the schema tool's own page; the Django admin is support
# staff's own tool, Django's pages, not ours.
NOT_OURS = ("api:", "admin:")
# Files, feeds and fragments, skipped without asking the server for them (visit() finds any other).
NOT_PAGES = {
    "healthz",
    "readyz",
    "metrics",
    "service_worker",
    "notifications:badge",
    "dashboards:export",
    "assessments:evidence_file",
    "budgets:export_csv",
    "budgets:export_xlsx",
    "budgets:expenditure_attachment",
    "charters:charter_pdf",
    "results:attachment",
    "imports:template",
}

# The markup's shape without its words, in two parts: the top bar and footer around the page's main
# content (the same on most pages of one person), and the main content itself.
SHAPE = """() => {
  const hashes = {chrome: 0, main: 0};
  const main = document.querySelector('main');
  for (const el of document.querySelectorAll('body *')) {
    const part = el.tagName + '#' + el.id + '.' + el.className + '@' + (el.getAttribute('role') || '')
      + (el.getAttribute('aria-label') ? '!' : '') + (el.disabled ? '-' : '');
    const which = main && main.contains(el) ? 'main' : 'chrome';
    let hash = hashes[which];
    for (let i = 0; i < part.length; i++) { hash = (hash * 31 + part.charCodeAt(i)) | 0; }
    hashes[which] = hash;
  }
  return [hashes.chrome, hashes.main];
}"""


# Counts the answers htmx has put in place (or given up on), so that a page whose parts load after it (the
# inbox badge of the top bar, on every page of a signed-in person) is checked once they are in, without
# waiting for the network to stay quiet for half a second on every page.
COUNT_HTMX_LOADS = """
window.__htmxLoads = 0;
for (const name of ['htmx:afterSettle', 'htmx:responseError', 'htmx:sendError']) {
  document.addEventListener(name, () => { window.__htmxLoads += 1; });
}
"""
HTMX_LOADED = "() => window.__htmxLoads >= document.querySelectorAll(\"[hx-trigger*='load']\").length"


def pages_of(role):
    return [
        name
        for name in URL_NAMES
        if not name.startswith(NOT_OURS) and name not in NOT_PAGES and name in PAGES and PAGES[name][1][role] == 200
    ]


def open_as(browser, context_as, site, world, role, language):
    if role == "anonymous":
        context = browser.new_context(**DESKTOP)
        context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": site.url}])
    else:
        user = getattr(world, role)
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
        context = context_as(user, **DESKTOP)
    context.add_init_script(COUNT_HTMX_LOADS)
    return context


def visit(page, url):
    """The page at url, or None for what is no page: a download, a file, JSON, a fragment for htmx."""
    try:
        response = page.goto(url, wait_until="domcontentloaded")
    except PlaywrightError as error:
        if "Download is starting" in str(error):
            return None
        raise
    assert response.status == 200, f"{url}: {response.status}"
    if not response.headers.get("content-type", "").startswith("text/html"):
        return None
    if not response.text().lstrip().lower().startswith("<!doctype html"):
        return None
    page.wait_for_function(HTMX_LOADED)
    return page


class Walker:
    """One person's walk in one language, in two tabs: axe checks a page in one while the next loads in the other."""

    def __init__(self, context, axe, spent):
        self.tabs = [context.new_page(), context.new_page()]
        self.axe = axe
        self.spent = spent
        self.running = None  # (tab, what) while axe runs on a page
        self.failures = []

    def timed(self, phase, call, *args):
        began = time.monotonic()
        try:
            return call(*args)
        finally:
            self.spent[phase] += time.monotonic() - began

    def free_tab(self):
        return self.tabs[0] if self.running is None or self.running[0] is self.tabs[1] else self.tabs[1]

    def load(self, url):
        return self.timed("page load", visit, self.free_tab(), url)

    def check(self, tab, what):
        """Starts axe on the tab's page, once the one running in the other tab has finished."""
        self.finish()
        self.timed("axe start", self.axe.start, tab)
        self.running = (tab, what)

    def finish(self):
        if self.running is None:
            return
        tab, what = self.running
        self.running = None
        failing, _minor = self.timed("axe wait", self.axe.findings, tab)
        found = [f"{what}: {violation}" for violation in failing]
        # Printed as found too: a long walk that is stopped still tells what it saw.
        for line in found:
            print(line, flush=True)
        self.failures += found


def test_axe_finds_nothing_on_any_page_as_any_role_in_any_language(
    browser, context_as, site, live_world, axe_in_background
):
    started = time.monotonic()
    spent = dict.fromkeys(["sign-in", "page load", "shape", "axe start", "axe wait"], 0.0)
    failures = []
    visited = checked = 0
    assert sorted(ORDER) == sorted(ROLES)
    for language in LANGUAGES:
        # What axe has seen in this language: the main content of each page, and the parts around it.
        mains = {}
        chromes = set()
        walked = set()
        for role in ORDER:
            names = [n for n in pages_of(role) if language == "en" or n not in walked]
            walked.update(names)
            began = time.monotonic()
            context = open_as(browser, context_as, site, live_world, role, language)
            spent["sign-in"] += time.monotonic() - began
            axe_in_background.prepare(context)
            walker = Walker(context, axe_in_background, spent)
            for name in names:
                kwargs_for, _expected = PAGES[name]
                url = site.url + reverse(name, kwargs=kwargs_for(live_world))
                page = walker.load(url)
                if page is None:
                    continue
                visited += 1
                chrome, main = walker.timed("shape", page.evaluate, SHAPE)
                if main in mains.setdefault(name, set()) and chrome in chromes:
                    continue
                mains[name].add(main)
                chromes.add(chrome)
                checked += 1
                walker.check(page, f"{name} as {role} in {language}")
            walker.finish()
            failures += walker.failures
            context.close()
    print(f"axe walk: {visited} pages visited, {checked} checked, in {time.monotonic() - started:.0f} s")
    print("axe walk time: " + ", ".join(f"{phase} {seconds:.0f} s" for phase, seconds in spent.items()))

    assert checked > 100
    assert failures == [], "\n".join(failures)
