"""A field officer without a signal: logs progress with a photo and a measurement on a phone, reloads,
comes back online, and the server has each entry once; a refused one stays with its reason."""

import io

from playwright.sync_api import expect

from ministries.models import Role
from partnerships.models import Partnership
from results.models import Measurement, ProgressLog, SyncReceipt
from tests.builders import indicator_for, make_partnership
from tests.factories import PASSWORD, FieldUnitFactory, MinistryFactory, person

STORED = """async () => {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open("interlock-offline", 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore("entries", { keyPath: "key" });
      request.result.createObjectStore("meta");
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const entries = await new Promise((resolve) => {
    const request = db.transaction("entries").objectStore("entries").getAll();
    request.onsuccess = () => resolve(request.result);
  });
  db.close();
  return { entries: entries.length, pages: await caches.has("interlock-pages") };
}"""

KEPT_PAGES = """async () => {
  const kept = await caches.open("interlock-pages");
  return (await kept.keys()).map((request) => new URL(request.url).pathname);
}"""


def photo_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (3200, 2400), (30, 120, 200)).save(buffer, format="JPEG")
    return buffer.getvalue()


def test_field_officer_logs_offline_and_each_entry_reaches_the_server_once(journey, db):
    from PIL import Image

    mcss = MinistryFactory(name="Ministry of Community and Social Services", short_name="MCSS")
    health = MinistryFactory(name="Ministry of Health", short_name="MOH")
    office = FieldUnitFactory(ministry=mcss, name="Thunder Bay Office", kind="office")
    person(
        mcss,
        Role.FIELD_STAFF,
        field_unit=office,
        user__username="marie",
        user__first_name="Marie",
        user__last_name="Tremblay",
    )
    northern = make_partnership([mcss, health], title="Northern sites outreach")
    closing = make_partnership([mcss, health], title="Winter road pilot")
    indicator = indicator_for(northern, mcss, name="Families with a shared case plan")
    report = f"/partnerships/{northern.pk}/results/{indicator.pk}/report/"

    officer = journey("offline", phone=True)
    page = officer.page
    officer.sign_in("marie", PASSWORD)
    # Online once: the service worker takes over and keeps the officer's pages.
    page.goto(officer.url("/partnerships/progress/new/"))
    # (Polled from here: the page's Content-Security-Policy forbids wait_for_function's eval.)
    kept = {"/", "/partnerships/progress/new/", report}
    for _ in range(100):
        # The worker keeps its pages one by one, in no set order: wait for all of them.
        if set(page.evaluate(KEPT_PAGES)) >= kept and page.evaluate("() => !!navigator.serviceWorker.controller"):
            break
        page.wait_for_timeout(200)
    assert set(page.evaluate(KEPT_PAGES)) >= kept

    officer.context.set_offline(True)
    outbox = page.locator("#offline-outbox")
    page.get_by_label("Partnership").select_option(label="Northern sites outreach")
    page.get_by_label("What happened").fill("Typed at the northern site.")
    page.get_by_label("Photos").set_input_files(
        files=[{"name": "site.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}]
    )
    page.get_by_role("button", name="Save the entry").click()
    expect(outbox.locator("li")).to_have_count(1)
    expect(outbox.locator("li").first).to_contain_text("Waiting to send.")
    page.get_by_label("Partnership").select_option(label="Winter road pilot")
    page.get_by_label("What happened").fill("Checked the winter road crossing.")
    page.get_by_role("button", name="Save the entry").click()
    expect(outbox.locator("li")).to_have_count(2)

    # Changed before it is sent: it goes back into the form, and saving replaces it.
    outbox.locator("li").first.get_by_role("button", name="Change").click()
    expect(page.get_by_label("What happened")).to_have_value("Typed at the northern site.")
    page.get_by_label("What happened").fill("Met 12 families at the northern site.")
    page.get_by_role("button", name="Save the entry").click()
    expect(outbox.locator("li").first).to_contain_text("Met 12 families at the northern site.")
    expect(outbox.locator("li")).to_have_count(2)

    # The measurement form was kept too.
    page.goto(officer.url(report))
    page.get_by_label("Value").fill("12")
    page.get_by_role("button", name="Send for approval").click()
    expect(page.locator("#offline-outbox li")).to_have_count(3)

    # Reloaded without a signal: the page comes from the phone, with every entry still waiting.
    page.goto(officer.url("/partnerships/progress/new/"))
    page.reload()
    expect(outbox.locator("li")).to_have_count(3)
    expect(outbox.locator("li", has_text="Waiting to send.")).to_have_count(3)
    assert not ProgressLog.objects.exists()
    assert not Measurement.objects.exists()
    officer.screenshot("waiting")
    officer.check_accessibility()

    # Meanwhile the pilot closed; then the signal returns.
    Partnership.objects.filter(pk=closing.pk).update(status=Partnership.Status.CLOSED)
    officer.context.set_offline(False)
    expect(outbox.locator("li", has_text="Sent.")).to_have_count(2, timeout=15000)
    refused = outbox.locator("li", has_text="Not sent:")
    expect(refused).to_contain_text("This partnership was closed while you were offline")
    expect(refused.get_by_role("button", name="Copy the text")).to_be_visible()
    officer.screenshot("sent")

    log = ProgressLog.objects.get()
    assert (log.partnership, log.field_unit, log.text) == (northern, office, "Met 12 families at the northern site.")
    with log.attachments.get().file.open("rb") as kept, Image.open(kept) as image:
        assert max(image.size) == 1600  # made smaller on the phone before it was kept
    measurement = Measurement.objects.get()
    assert (measurement.status, measurement.value, measurement.field_unit) == ("submitted", 12, office)

    # A sending replayed (a timeout after the server had it) creates nothing new.
    replayed = page.evaluate(
        """async () => {
          const entries = await InterlockOffline.all();
          for (const entry of entries.filter((e) => e.state === "sent")) {
            entry.state = "waiting";
            await InterlockOffline.put(entry);
          }
          return InterlockOffline.send();
        }"""
    )
    assert replayed == 2
    assert (ProgressLog.objects.count(), Measurement.objects.count(), SyncReceipt.objects.count()) == (1, 1, 2)
    page.reload()
    expect(refused).to_contain_text("This partnership was closed while you were offline")

    # Signing out on a shared phone clears the entries and the pages kept (the refused one is asked about).
    assert page.evaluate(STORED) == {"entries": 3, "pages": True}
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Show the menu").click()
    page.get_by_role("button", name="Marie Tremblay").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login/**")
    assert page.evaluate(STORED) == {"entries": 0, "pages": False}
    # Offline, the browser reports what it could not load; those are expected here.
    officer.console_errors = [e for e in officer.console_errors if "ERR_INTERNET_DISCONNECTED" not in e]
