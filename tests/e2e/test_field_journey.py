"""A field officer, on a phone, logs progress with a photo and reports a measurement — in well under a minute."""

import io
import time

from playwright.sync_api import expect

from ministries.models import Role
from results.models import Measurement, ProgressLog
from tests.builders import indicator_for, make_partnership
from tests.factories import PASSWORD, FieldUnitFactory, MinistryFactory, person


def jpeg_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 200)).save(buffer, format="JPEG")
    return buffer.getvalue()


def test_field_officer_logs_progress_with_a_photo_and_a_measurement_on_a_phone(journey, db):
    mcss = MinistryFactory(name="Ministry of Community and Social Services", short_name="MCSS")
    health = MinistryFactory(name="Ministry of Health", short_name="MOH")
    office = FieldUnitFactory(ministry=mcss, name="Thunder Bay Office", kind="office")
    person(mcss, Role.FIELD_STAFF, field_unit=office, user__username="marie")
    partnership = make_partnership([mcss, health], title="Integrated services for children")
    indicator = indicator_for(partnership, mcss, name="Families with a shared case plan")

    officer = journey("field-officer", phone=True)
    officer.sign_in("marie", PASSWORD)
    page = officer.page
    started = time.monotonic()

    # One tap from home to the progress log; the date is today and the only partnership is chosen.
    page.get_by_role("link", name="Log progress").click()
    officer.check_accessibility()
    page.get_by_label("What happened").fill("Opened the shared intake desk in Thunder Bay; 12 families came.")
    page.get_by_label("Photos").set_input_files(
        files=[{"name": "intake-desk.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}]
    )
    officer.screenshot("progress-filled")
    page.get_by_role("button", name="Save the entry").click()
    expect(page.get_by_role("status")).to_contain_text("Thank you")

    # Then the measurement due for last quarter, from the home page.
    page.get_by_role("link", name="Interlock", exact=True).click()  # the menu is folded on a phone
    page.get_by_role("link", name="Report").first.click()
    officer.check_accessibility()
    page.get_by_label("Value").fill("12")
    officer.screenshot("measurement")
    page.get_by_role("button", name="Send for approval").click()
    elapsed = time.monotonic() - started
    officer.screenshot("done")

    log = ProgressLog.objects.get()
    assert (log.field_unit, log.attachments.count()) == (office, 1)
    measurement = Measurement.objects.get(indicator=indicator)
    assert (measurement.status, measurement.value, measurement.field_unit) == ("submitted", 12, office)
    assert elapsed < 60, f"the journey took {elapsed:.0f} s"
