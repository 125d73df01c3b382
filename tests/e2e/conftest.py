"""Browser journeys: Playwright's Python package driving Debian's chromium against the live server.

bin/test installs chromium with apt-get when it is missing; a browser is never downloaded.
axe-core comes from the npm registry the first time (kept under .cache/e2e, ignored by git).
"""

import os
import shutil
import subprocess
from base64 import b32decode
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.conf import settings as django_settings
from django.db import connections
from django.test import Client
from django_otp.oath import totp

from tests.builders import signed_in

# pytest-django's live server runs in a thread beside sync Playwright, which Django
# would otherwise refuse as "async unsafe". Set here, for the test process only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
# The recovery codes each person was shown at set-up, for their later sign-ins in other browsers of the test.
RECOVERY_CODES = {}
AXE_VERSION = "4.14.1"
# One folder per version: a cached older axe-core is never used after an upgrade.
AXE_DIR = ROOT / ".cache" / "e2e" / f"axe-core-{AXE_VERSION}"
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="package")
def browser():
    """One chromium for the journeys, stopped when they end.

    While Playwright's event loop runs, asgiref keeps Django's database connections of this thread in a
    context-local store instead of the thread's own; a connection opened there is invisible to the test
    database's teardown and was left open ("test_interlock is being accessed by other users"). So the
    browser lives only as long as the journeys, and their connections are closed before the loop stops.
    """
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run bin/test, which installs it (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=BROWSER_ARGS)
        yield browser
        browser.close()
        connections.close_all()


@pytest.fixture(scope="session")
def axe_source():
    script = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
    if not script.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is needed to fetch axe-core for the accessibility checks.")
        AXE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--prefix", str(AXE_DIR), f"axe-core@{AXE_VERSION}"],
            check=True,
            capture_output=True,
        )
    return script.read_text()


@pytest.fixture
def site(django_db_serialized_rollback, live_server, settings):
    """The live server, with cookies the plain-HTTP test browser can send back.

    Serialized rollback brings back the reference data (the 15 points, gate requirements)
    that an earlier test with real transactions may have flushed away.
    """
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_SSL_REDIRECT = False
    # Serialized rollback does not bring them back after every kind of earlier test (seen in the
    # whole suite under coverage): load them again; each loader leaves existing rows as they are.
    reference_data = import_module("assessments.migrations.0002_reference_data")
    for load in (reference_data.load_points, reference_data.load_translations, reference_data.add_defaults):
        load(django_apps, None)
    return live_server


# Moderate results fail too: they are real barriers (a name that hides the visible label, a region
# without a name); minor ones are only reported.
FAILING_IMPACTS = ("moderate", "serious", "critical")


# Every rule on the whole page; only the violations are worked out in full (not the passes, which cost as much).
AXE_OPTIONS = "{resultTypes: ['violations']}"


def axe_load(page, axe_source):
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source)


def axe_findings(result):
    """axe-core's result as (failing violations, minor ones), each as `rule (impact): help — nodes`."""
    found = {True: [], False: []}
    for v in result["violations"]:
        nodes = [n["target"] for n in v["nodes"]][:3]
        found[v["impact"] in FAILING_IMPACTS].append(f"{v['id']} ({v['impact']}): {v['help']} — {nodes}")
    return found[True], found[False]


def axe_check(page, axe_source):
    """axe-core on the page: (failing violations, minor ones), each as `rule (impact): help — nodes`."""
    axe_load(page, axe_source)
    return axe_findings(page.evaluate(f"() => axe.run(document, {AXE_OPTIONS})"))


class AxeInBackground:
    """axe-core on a page without waiting for it: `start(page)` returns at once, `findings(page)` waits for the
    result, as axe_check gives it. The walks load the next page in another tab meanwhile."""

    def __init__(self, axe_source):
        self.axe_source = axe_source

    def prepare(self, context):
        """axe-core in every page of the context as it loads: sent to the browser once, not once a page."""
        context.add_init_script(self.axe_source)

    def start(self, page):
        axe_load(page, self.axe_source)
        page.evaluate(f"() => {{ window.__axeRun = axe.run(document, {AXE_OPTIONS}); }}")

    def findings(self, page):
        return axe_findings(page.evaluate("() => window.__axeRun"))


def signed_in_context(browser, site, user, **options):
    """A browser context signed in as `user`, both steps passed, without the sign-in pages.

    For the walks over many pages as many people; the journeys sign in through the pages as a person does.
    """
    client = signed_in(Client(), user)
    context = browser.new_context(**options)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": site.url}])
    return context


@pytest.fixture
def context_as(browser, site):
    """`context_as(user, viewport=...)`: a browser context signed in as user (see signed_in_context)."""

    def open_context(user, **options):
        return signed_in_context(browser, site, user, **options)

    return open_context


@pytest.fixture
def axe(axe_source):
    """`axe(page)`: the page's (failing, minor) axe-core violations (see axe_check)."""
    return lambda page: axe_check(page, axe_source)


@pytest.fixture
def axe_in_background(axe_source):
    """`axe_in_background.start(page)`, later `.findings(page)` (see AxeInBackground)."""
    return AxeInBackground(axe_source)


@pytest.fixture
def live_world(site, settings, tmp_path):
    """The security walks' world (one of every object a page needs), committed for the live server."""
    # Its builder is shared with tests/security, whose pages table (tests/security/pages.py) names its objects.
    from tests.security.conftest import _build

    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return _build(tmp_path)


class Journey:
    """One person's browser: signs in, takes screenshots, checks accessibility and the console."""

    def __init__(self, browser, site, axe_source, name, *, phone=False):
        self.context = browser.new_context(**(PHONE if phone else DESKTOP))
        self.page = self.context.new_page()
        self.site = site
        self.axe_source = axe_source
        self.name = name
        self.shots = 0
        self.console_errors = []
        self.page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.console_errors.append(str(e)))

    def url(self, path):
        return self.site.url + path

    def sign_in(self, username, password):
        self.page.goto(self.url("/login/"))
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()
        self.page.wait_for_load_state()
        if "/two-step/set-up/" in self.page.url:
            # Executives and administrators set up two-step sign-in at their first sign-in, as a person would:
            # the key shown on the page goes into "the app", which gives the code.
            key = self.page.locator("code.user-select-all").inner_text().replace(" ", "")
            # Enter in the field submits its own form (the button's name is not unique on every layout).
            self.page.get_by_role("textbox", name="Code").fill(f"{totp(b32decode(key)):06d}")
            self.page.get_by_role("textbox", name="Code").press("Enter")
            codes = self.page.locator("ul.font-monospace li")
            codes.first.wait_for()  # the next page, not the set-up page still there on a busy machine
            RECOVERY_CODES[username] = codes.all_inner_texts()
            self.page.get_by_role("link", name="I have kept my codes").click()
            self.page.wait_for_load_state()
        elif "/two-step/" in self.page.url:
            # Signing in again in another browser: a recovery code, so no wait for the app's next 30 seconds.
            self.page.get_by_role("textbox", name="Code").fill(RECOVERY_CODES[username].pop())
            self.page.get_by_role("textbox", name="Code").press("Enter")
            self.page.wait_for_load_state()

    def screenshot(self, label):
        ARTIFACTS.mkdir(exist_ok=True)
        self.shots += 1
        self.page.screenshot(path=str(ARTIFACTS / f"{self.name}-{self.shots:02d}-{label}.png"), full_page=True)

    def check_accessibility(self):
        """axe-core: no moderate, serious or critical violation on the current page (minor ones are printed)."""
        failing, minor = axe_check(self.page, self.axe_source)
        if minor:
            print(f"{self.page.url}: minor: {minor}")
        assert failing == [], f"{self.page.url}: {failing}"

    def close(self):
        # The browser logs every 4xx answer; those the journey expects (a 409 conflict) are not errors.
        errors = [e for e in self.console_errors if "the server responded with a status of 4" not in e]
        assert errors == [], errors
        self.context.close()


@pytest.fixture
def journey(browser, site, axe_source):
    opened = []

    def open_journey(name, **kwargs):
        j = Journey(browser, site, axe_source, name, **kwargs)
        opened.append(j)
        return j

    yield open_journey
    for j in opened:
        j.close()
    RECOVERY_CODES.clear()
