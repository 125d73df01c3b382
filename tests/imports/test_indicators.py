"""Importing indicators with past measurements: each organisation's own figures, checked with the results' rules
and sent for approval as on the Results tab."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from imports.models import ImportRun
from results.models import Indicator, Measurement, MeasurementStep
from tests.builders import make_partnership
from tests.factories import IndicatorFactory, MeasurementFactory, ParticipationFactory, ReportingPeriodFactory, person

HEADER = "partnership,indicator,definition,unit,direction,baseline,target,date,value,note\n"
START = datetime.date(2023, 1, 1)


def upload(client, ministry, text):
    return client.post(
        reverse("imports:new"),
        {"kind": "indicators", "ministry": ministry.pk, "file": SimpleUploadedFile("indicators.csv", text.encode())},
    ).url


def outcomes(response):
    return [(o.line, o.action, o.name, o.reason) for o in response.context["outcomes"]]


@pytest.fixture
def roads(ministry, other_ministry):
    """Led by MCSS with MOH, begun on 1 January 2023."""
    return make_partnership([ministry, other_ministry], title="Safe Roads", start_date=START)


@pytest.fixture
def coordinating(client_for, coordinator):
    return client_for(coordinator)


def test_indicators_and_measurements_are_created_and_a_second_run_changes_nothing(
    coordinating, coordinator, ministry, other_ministry, roads
):
    theirs = IndicatorFactory(partnership=roads, name="Crashes", owner_ministry=other_ministry, baseline=None)
    text = HEADER + (
        "Safe Roads,Families served,Families with a plan,number,increase,10,50,2023-03-31,40,Counted by hand\n"
        "Safe Roads,Families served,,,,,,2023-06-30,45.5,\n"
        "safe roads,CRASHES,,number,,,,2023-02-01,7,\n"
    )
    url = upload(coordinating, ministry, text)
    assert outcomes(coordinating.get(url)) == [
        (2, "created", "Families served: 2023-03-31", ""),
        (3, "created", "Families served: 2023-06-30", ""),
        (4, "created", "CRASHES: 2023-02-01", ""),
    ]
    assert not Indicator.objects.filter(name="Families served").exists()

    coordinating.post(url, {})

    families = Indicator.objects.get(name="Families served")
    assert (families.owner_ministry, families.baseline, families.target, families.created_by) == (
        ministry,
        Decimal("10"),
        Decimal("50"),
        coordinator,
    )
    measurements = Measurement.objects.order_by("indicator__name", "period__start")
    assert list(
        measurements.values_list("indicator", "period__start", "ministry", "value", "note", "status", "reported_by")
    ) == [
        (theirs.pk, datetime.date(2023, 1, 1), ministry.pk, Decimal("7"), "", "submitted", coordinator.pk),
        (
            families.pk,
            datetime.date(2023, 1, 1),
            ministry.pk,
            Decimal("40"),
            "Counted by hand",
            "submitted",
            coordinator.pk,
        ),
        (families.pk, datetime.date(2023, 4, 1), ministry.pk, Decimal("45.5"), "", "submitted", coordinator.pk),
    ]
    assert MeasurementStep.objects.filter(action="submitted", by=coordinator).count() == 3

    again = coordinating.get(upload(coordinating, ministry, text))
    assert [o[1] for o in outcomes(again)] == ["unchanged"] * 3


def test_a_draft_is_corrected_and_a_submitted_value_is_left_alone(coordinating, coordinator, ministry, roads):
    indicator = IndicatorFactory(partnership=roads, name="Crashes", owner_ministry=ministry)
    draft = MeasurementFactory(
        indicator=indicator, period=ReportingPeriodFactory(indicator=indicator, start=START), ministry=ministry
    )
    submitted = MeasurementFactory(
        indicator=indicator,
        period=ReportingPeriodFactory(indicator=indicator, start=datetime.date(2023, 4, 1)),
        ministry=ministry,
        status="submitted",
    )
    text = HEADER + "Safe Roads,Crashes,,,,,,2023-02-01,12,\nSafe Roads,Crashes,,,,,,2023-05-01,13,\n"

    url = upload(coordinating, ministry, text)
    assert outcomes(coordinating.get(url)) == [
        (
            3,
            "refused",
            "Crashes: 2023-05-01",
            "A different value is already waiting for approval for this period. Leave the line out.",
        ),
        (2, "changed", "Crashes: 2023-02-01", "value or note"),
    ]
    coordinating.post(url, {"good_rows_only": "on"})

    draft.refresh_from_db()
    submitted.refresh_from_db()
    assert (draft.value, draft.status, submitted.value) == (Decimal("12"), "submitted", Decimal("10"))


def test_measurement_rows_are_refused_with_how_to_fix_them(coordinating, ministry, roads):
    IndicatorFactory(partnership=roads, name="Crashes", owner_ministry=ministry)
    IndicatorFactory(partnership=roads, name="Share on time", owner_ministry=ministry, unit="percentage")
    future = (timezone.localdate() + datetime.timedelta(days=40)).isoformat()
    text = HEADER + (
        "Nowhere,Crashes,,,,,,2023-02-01,7,\n"
        "Safe Roads,Crashes,,,,,,2022-12-31,7,\n"
        f"Safe Roads,Crashes,,,,,,{future},7,\n"
        "Safe Roads,Crashes,,,,,,31/01/2023,7,\n"
        "Safe Roads,Crashes,,,,,,2023-02-01,abc,\n"
        "Safe Roads,Crashes,,,,,,2023-02-02,²,\n"
        "Safe Roads,Crashes,,,,,,2023-02-03,8,\n"
        "Safe Roads,Crashes,,,,,,2023-03-01,9,\n"
        "Safe Roads,Share on time,,,,,,2023-02-01,150,\n"
        "Safe Roads,Share on time,,number,,,,2023-05-01,50,\n"
        "Safe Roads,Falls,Falls counted,,increase,50,10,2023-02-01,5,\n"
        "Safe Roads,,,,,,,2023-02-01,5,\n"
        "Safe Roads,Slips,,,,,,2023-02-01,5,\n"
    )

    response = coordinating.get(upload(coordinating, ministry, text))

    assert [(o[0], o[3]) for o in outcomes(response) if o[1] == "refused"] == [
        (
            2,
            "Your organisation takes part in no partnership called “Nowhere”. "
            "Write its name as the partnership's page shows it.",
        ),
        (3, "The partnership began on Jan. 1, 2023. Give a date from that day on."),
        (4, "This date is in the future. Give the day it happened: today at the latest."),
        (5, "Write the date as year-month-day, such as 2024-06-30."),
        (6, "Enter a number, such as 12 or 12.5, without letters or symbols."),
        (7, "Enter a number, such as 12 or 12.5, without letters or symbols."),
        (9, "Line 8 already gives this indicator's value for the period of this date."),
        (10, "Ensure this value is less than or equal to 100."),  # the Results tab says the same
        (
            11,
            "This indicator already exists with another unit. Change it on the Results tab, "
            "or leave these columns empty.",
        ),
        (12, "target: The target must be above the baseline for a result that should go up."),
        (13, "The indicator's name is empty. Write it on every line."),
        (14, "A new indicator needs its definition: write what exactly is counted, on its first line."),
    ]
    assert ImportRun.objects.get().counts == {"created": 1, "changed": 0, "unchanged": 0, "refused": 12}


def test_each_partner_imports_only_its_own_figures(
    client_for, partner_coordinator, ministry, other_ministry, third_ministry, roads
):
    indicator = IndicatorFactory(partnership=roads, name="Crashes", owner_ministry=ministry)
    ours = MeasurementFactory(
        indicator=indicator,
        period=ReportingPeriodFactory(indicator=indicator, start=START),
        ministry=ministry,
        status="approved",
    )
    client = client_for(partner_coordinator)

    client.post(upload(client, other_ministry, HEADER + "Safe Roads,Crashes,,,,,,2023-02-01,99,\n"), {})

    ours.refresh_from_db()
    assert ours.value == Decimal("10")
    assert list(Measurement.objects.filter(ministry=other_ministry).values_list("value", "period")) == [
        (Decimal("99"), ours.period_id)
    ]


def test_a_funder_an_outsider_and_a_closed_partnership_are_refused(
    client_for, ministry, other_ministry, third_ministry, outsider, outsider_ministry, roads, coordinator
):
    ParticipationFactory(partnership=roads, ministry=third_ministry, kind="funder", role="supporting")
    funder = person(third_ministry, "coordinator", user__username="funder")
    row = HEADER + "Safe Roads,Crashes,,,,,,2023-02-01,5,\n"
    refusals = {}
    for user, organisation in ((funder, third_ministry), (outsider, outsider_ministry)):
        client = client_for(user)
        refusals[user.username] = outcomes(client.get(upload(client, organisation, row)))[0][3]
    roads.status = "closed"
    roads.save()
    client = client_for(coordinator)
    refusals["closed"] = outcomes(client.get(upload(client, ministry, row)))[0][3]

    only = "Only the coordinators of a participant report on this partnership, and not once it is closed."
    assert refusals == {
        "funder": only,
        "outsider": "Your organisation takes part in no partnership called “Safe Roads”. "
        "Write its name as the partnership's page shows it.",
        "closed": only,
    }
    assert not Indicator.objects.exists()


def test_ten_thousand_measurements_are_saved_by_the_worker(
    coordinating, ministry, roads, eager_celery, django_capture_on_commit_callbacks
):
    # 100 indicators, each measured every quarter for 25 years (the partnership began long ago).
    roads.start_date = datetime.date(2000, 1, 1)
    roads.save()
    lines = [HEADER.strip()]
    for number in range(100):
        for quarter in range(100):
            day = datetime.date(2000 + quarter // 4, quarter % 4 * 3 + 1, 15)
            lines.append(f"Safe Roads,Indicator {number},Counted,number,increase,0,1000,{day},{quarter},")
    url = upload(coordinating, ministry, "\n".join(lines) + "\n")
    run = ImportRun.objects.get()
    assert run.counts == {"created": 10000, "changed": 0, "unchanged": 0, "refused": 0}

    with django_capture_on_commit_callbacks(execute=True):
        coordinating.post(url, {})

    run.refresh_from_db()
    assert (run.status, run.processed) == ("done", 10000)
    assert Indicator.objects.filter(partnership=roads).count() == 100
    assert Measurement.objects.filter(ministry=ministry, status="submitted").count() == 10000
    assert "Imported: 10000 created" in coordinating.get(reverse("imports:progress", args=[run.pk])).content.decode()
