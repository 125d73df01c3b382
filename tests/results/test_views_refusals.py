"""The results pages when the form is filled in well but the service refuses: the page says why, nothing is saved."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from results import services
from results.models import Measurement, ProgressAttachment, ProgressLog, ReportingPeriod
from tests.builders import approved, indicator_for, pdf


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def this_period_start(indicator):
    return indicator.period_containing(timezone.localdate())[0]


def draft(indicator, reporter, value):
    return services.measurement_save(
        indicator=indicator,
        by=reporter,
        ministry=indicator.owner_ministry,
        field_unit=None,
        day=timezone.localdate(),
        value=Decimal(value),
        submit=False,
    )


def test_measurement_new_in_a_locked_period_is_refused_next_to_the_period(
    client_for, partnership, ministry, field_officer, executive
):
    indicator = indicator_for(partnership, ministry)
    approved(indicator, field_officer, executive, timezone.localdate(), value=7)
    period = ReportingPeriod.objects.get(indicator=indicator)
    services.reporting_period_lock(period=period, by=executive)
    url = reverse("results:measurement_new", args=[partnership.pk, indicator.pk])

    response = client_for(field_officer).post(
        url,
        {"period": this_period_start(indicator).isoformat(), "place": f"{ministry.pk}-0", "value": "9", "submit": "1"},
    )

    form = response.context["form"]
    assert response.status_code == 200
    assert form.errors == {"period": ["This period is locked: its results are final. Choose another date."]}
    assert form["value"].value() == "9"
    assert list(Measurement.objects.values_list("value", flat=True)) == [Decimal("7.00")]


def test_measurement_new_below_zero_on_a_cumulative_indicator_is_refused_next_to_the_value(
    client_for, partnership, ministry, field_officer
):
    indicator = indicator_for(partnership, ministry, cumulative=True)
    url = reverse("results:measurement_new", args=[partnership.pk, indicator.pk])

    response = client_for(field_officer).post(
        url,
        {"period": this_period_start(indicator).isoformat(), "place": f"{ministry.pk}-0", "value": "-3", "draft": "1"},
    )

    form = response.context["form"]
    assert response.status_code == 200
    assert form.errors == {"value": ["Enter what was achieved in the period: zero or more."]}
    assert form["value"].value() == "-3"
    assert not Measurement.objects.exists()


def test_measurement_edit_below_zero_on_a_cumulative_indicator_is_refused_next_to_the_value(
    client_for, partnership, ministry, field_officer
):
    indicator = indicator_for(partnership, ministry, cumulative=True)
    measurement = draft(indicator, field_officer, "12")
    url = reverse("results:measurement_edit", args=[partnership.pk, measurement.pk])

    response = client_for(field_officer).post(url, {"value": "-3", "note": "Counted twice.", "submit": "1"})

    form = response.context["form"]
    measurement.refresh_from_db()
    assert response.status_code == 200
    assert form.errors == {"value": ["Enter what was achieved in the period: zero or more."]}
    assert (form["value"].value(), form["note"].value()) == ("-3", "Counted twice.")
    assert (measurement.value, measurement.note, measurement.status) == (Decimal("12.00"), "", Measurement.Status.DRAFT)


def test_locking_a_period_with_a_measurement_not_yet_approved_is_refused(
    client_for, partnership, ministry, field_officer, executive
):
    indicator = indicator_for(partnership, ministry)
    measurement = draft(indicator, field_officer, "12")
    services.measurement_submit(measurement=measurement, by=field_officer)
    period = measurement.period

    response = client_for(executive).post(reverse("results:period_lock", args=[partnership.pk, period.pk]))

    period.refresh_from_db()
    assert response.url == reverse("results:indicator", args=[partnership.pk, indicator.pk])
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Approve or return every measurement of this period before locking it."
    ]
    assert (period.locked_at, period.locked_by) == (None, None)


def test_attachment_whose_file_is_gone_is_not_found(client_for, partnership, unit_officer):
    client = client_for(unit_officer)
    client.post(
        reverse("results:progress_new"),
        {"partnership": partnership.pk, "date": timezone.localdate().isoformat(), "text": "Met.", "files": [pdf()]},
    )
    attachment = ProgressAttachment.objects.get()
    attachment.file.storage.delete(attachment.file.name)

    response = client.get(reverse("results:attachment", args=[partnership.pk, attachment.pk]))

    assert response.status_code == 404
    assert ProgressLog.objects.count() == 1
