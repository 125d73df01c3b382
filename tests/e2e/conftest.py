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
from django.db import connections
from django_otp.oath import totp

# pytest-django's live server runs in a thread beside sync Playwright, which Django
# would otherwise refuse as "async unsafe". Set here, for the test process only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
# The recovery codes each person was shown at set-up, for their later sign-ins in other browsers of the test.
RECOVERY_CODES = {}
AXE_DIR = ROOT / ".cache" / "e2e"
AXE_VERSION = "4.10.3"
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
            RECOVERY_CODES[username] = self.page.locator("ul.font-monospace li").all_inner_texts()
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
        """axe-core: no serious or critical violation on the current page."""
        self.page.evaluate(self.axe_source)
        result = self.page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == [], f"{self.page.url}: {serious}"

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
