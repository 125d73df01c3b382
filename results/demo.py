"""Demo field work for the demo partnerships: indicators with measurements in every state,
milestones (one reached), progress logs from the field, a meeting with decisions, action items
and a conflict on its way up the ladder. Built through the services; safe to run twice.
"""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from meetings import services as meeting_services
from meetings.models import Mechanism, Meeting
from ministries.models import FieldUnit, Ministry
from partnerships.models import Partnership
from results import services as results_services
from results.models import Indicator

CHILDREN = "Integrated services for children in Northern Ontario"
RIVER = "Madawaska River water management plan"


def _users(*usernames):
    found = {u.username: u for u in get_user_model().objects.filter(username__in=usernames)}
    return [found.get(name) for name in usernames]


def _report(indicator, by, ministry, unit, day, value=None, text="", approve_by=None):
    measurement = results_services.measurement_save(
        indicator=indicator,
        by=by,
        ministry=ministry,
        field_unit=unit,
        day=day,
        value=None if value is None else Decimal(str(value)),
        value_text=text,
        submit=True,
    )
    if approve_by is not None:
        results_services.measurement_approve(measurement=measurement, by=approve_by)
    return measurement


def seed(today):
    created = 0
    created += _seed_children(today)
    created += _seed_river(today)
    return created


def _seed_children(today):
    partnership = Partnership.objects.filter(title=CHILDREN).first()
    if partnership is None or partnership.indicators.exists():
        return 0
    field, health_field, coordinator, executive, health_coordinator, health_executive = _users(
        "field", "health.field", "coordinator", "executive", "health.coordinator", "health.executive"
    )
    if None in (field, coordinator, executive, health_executive):
        return 0
    mcss, moh, edu = (Ministry.objects.get(short_name=s) for s in ("MCSS", "MOHLTC", "EDU"))
    thunder_bay = FieldUnit.objects.get(ministry=mcss, name="Thunder Bay Office")
    sudbury = FieldUnit.objects.get(ministry=mcss, name="Sudbury Office")
    this_quarter = Indicator(frequency=3).period_containing(today)[0]
    last_quarter = this_quarter - timedelta(days=45)
    quarter_before = this_quarter - timedelta(days=135)

    families = results_services.indicator_create(
        partnership=partnership,
        by=coordinator,
        fields={
            "name": "Families with a shared case plan",
            "definition": "Families with children under six whose case plan is shared by at least two ministries.",
            "unit": Indicator.Unit.NUMBER,
            "unit_label": "families",
            "baseline": Decimal("0"),
            "target": Decimal("500"),
            "target_date": today.replace(month=3, day=31) + timedelta(days=365),
            "cumulative": True,
            "frequency": Indicator.Frequency.QUARTERLY,
            "means_of_verification": "Case management system extract, checked by the regional office.",
            "owner_ministry": mcss,
        },
    )
    screened = results_services.indicator_create(
        partnership=partnership,
        by=health_coordinator or coordinator,
        fields={
            "name": "Children screened before school entry",
            "definition": "Share of children entering kindergarten who had a developmental screen.",
            "unit": Indicator.Unit.PERCENTAGE,
            "baseline": Decimal("55"),
            "target": Decimal("85"),
            "frequency": Indicator.Frequency.QUARTERLY,
            "means_of_verification": "Public health screening records.",
            "owner_ministry": moh,
        },
    )
    intake = results_services.indicator_create(
        partnership=partnership,
        by=coordinator,
        fields={
            "name": "Single intake open in the four northern offices",
            "definition": "Families can start with any of the three ministries at one desk.",
            "unit": Indicator.Unit.YES_NO,
            "baseline": Decimal("0"),
            "target": Decimal("1"),
            "frequency": Indicator.Frequency.SEMI_ANNUAL,
            "owner_ministry": mcss,
        },
    )
    results_services.indicator_create(
        partnership=partnership,
        by=coordinator,
        fields={
            "name": "How families describe the intake",
            "definition": "What families say about starting services, from short exit interviews.",
            "unit": Indicator.Unit.QUALITATIVE,
            "target_description": "Families say they told their story once.",
            "frequency": Indicator.Frequency.SEMI_ANNUAL,
            "owner_ministry": edu,
        },
    )
    _report(families, field, mcss, thunder_bay, quarter_before, 48, approve_by=executive)
    _report(families, coordinator, mcss, sudbury, quarter_before, 31, approve_by=executive)
    _report(families, field, mcss, thunder_bay, last_quarter, 66, approve_by=executive)
    _report(families, coordinator, mcss, sudbury, last_quarter, 40)  # waits for the executive's approval
    _report(screened, field, mcss, thunder_bay, quarter_before, 61, approve_by=health_executive)
    if health_field is not None:
        _report(screened, health_field, moh, None, last_quarter, 64, approve_by=health_executive)
    returned = results_services.measurement_save(
        indicator=intake,
        by=field,
        ministry=mcss,
        field_unit=thunder_bay,
        day=last_quarter,
        value=Decimal("1"),
        note="Desk opened in September.",
        submit=True,
    )
    results_services.measurement_return(
        measurement=returned,
        by=executive,
        comment="Only two of four offices have the desk yet: report for your office.",
    )

    first_meeting = results_services.milestone_create(
        partnership=partnership,
        by=coordinator,
        fields={"title": "Lead committee's first meeting", "due_date": quarter_before, "owner": coordinator},
    )
    results_services.milestone_complete(
        milestone=first_meeting,
        by=coordinator,
        note="All three ministries came, with their focal persons. The shared vision was read out and kept.",
    )
    first_families = results_services.milestone_create(
        partnership=partnership,
        by=coordinator,
        fields={"title": "First 50 families with a shared plan", "due_date": last_quarter, "owner_ministry": mcss},
    )
    results_services.milestone_complete(
        milestone=first_families, by=coordinator, note="Thunder Bay and Sudbury passed 50 families together."
    )
    form = results_services.milestone_create(
        partnership=partnership,
        by=coordinator,
        fields={"title": "Shared intake form agreed", "due_date": today + timedelta(days=21), "owner": field},
    )
    results_services.milestone_create(
        partnership=partnership,
        by=coordinator,
        fields={"title": "First joint report", "due_date": today + timedelta(days=110), "owner_ministry": mcss},
    )
    for days_ago, text, milestone, indicator in [
        (
            12,
            "Met the school board liaison in Thunder Bay: they will send kindergarten lists each month.",
            None,
            screened,
        ),
        (5, "Tried the draft intake form with six families. Two questions confuse parents; notes sent.", form, None),
        (1, "Twelve new families with a shared plan this week, most referred by public health nurses.", None, families),
    ]:
        results_services.progress_log_create(
            partnership=partnership,
            author=field,
            ministry=mcss,
            field_unit=thunder_bay,
            date=today - timedelta(days=days_ago),
            text=text,
            milestone=milestone,
            indicator=indicator,
        )

    meeting = meeting_services.meeting_save(
        partnership=partnership,
        by=coordinator,
        fields={
            "kind": Meeting.Kind.LEAD_COMMITTEE,
            "date": today - timedelta(days=14),
            "title": "Lead committee, autumn",
            "minutes": "Reviewed the first quarter's figures. Agreed to test the intake form in Thunder Bay.\n"
            "Public health nurses will refer families directly to the shared desk.",
        },
        attendance={
            mcss: "Claire Tremblay, Daniel Okafor",
            moh: "Samuel Chen",
            edu: "Nadia Haddad",
        },
    )
    meeting_services.decision_record(
        partnership=partnership,
        by=coordinator,
        meeting=meeting,
        title="Test the shared intake form in Thunder Bay first",
        mechanism=Mechanism.CONSENSUS,
        decided_on=meeting.date,
    )
    # The coordinator records what each ministry said: MCSS's vote counts at once (she represented
    # MCSS at the meeting), MOH's executive confirms MOH's, and EDU's still waits for EDU.
    vote = meeting_services.decision_record(
        partnership=partnership,
        by=coordinator,
        meeting=meeting,
        title="Open the shared desk on Saturdays",
        text="Two mornings a month, staffed in turn by each ministry.",
        mechanism=Mechanism.WEIGHTED_VOTE,
        decided_on=meeting.date,
        votes=[(mcss, "for"), (moh, "against"), (edu, "for")],
    )
    meeting_services.vote_cast(decision=vote, ministry=moh, by=health_executive, choice="against")
    meeting_services.action_item_create(
        partnership=partnership,
        meeting=meeting,
        title="Send the draft intake form to every office",
        owner=field,
        owner_ministry=mcss,
        due_date=today + timedelta(days=7),
        created_by=coordinator,
        source="Lead committee",
    )
    meeting_services.action_item_create(
        partnership=partnership,
        meeting=meeting,
        title="List the public health nurses who will refer families",
        owner_ministry=moh,
        due_date=today - timedelta(days=2),
        created_by=coordinator,
        source="Lead committee",
    )
    conflict = meeting_services.conflict_raise(
        partnership=partnership,
        by=coordinator,
        ministry=mcss,
        kind="conflict",
        title="Who pays for the shared intake worker",
        description="The health ministry expects MCSS to fund the worker; MCSS expects the cost to be shared.",
    )
    meeting_services.conflict_update(
        conflict=conflict,
        by=coordinator,
        fields={
            "agreed_definition": "Nobody budgeted a worker who serves all three ministries' clients at one desk.",
            "alternatives": "MCSS pays and the others give staff time\nSplit by risk share\nAsk Cabinet Office for a "
            "one-year grant",
        },
    )
    meeting_services.conflict_escalate(conflict=conflict, by=coordinator, note="The working group could not agree.")
    return 1


def _seed_river(today):
    partnership = Partnership.objects.filter(title=RIVER).first()
    if partnership is None or partnership.indicators.exists():
        return 0
    mnr_field, mnr_coordinator, mnr_executive = _users("mnr.field", "mnr.coordinator", "mnr.executive")
    if None in (mnr_field, mnr_coordinator, mnr_executive):
        return 0
    mnr = Ministry.objects.get(short_name="MNR")
    sault = FieldUnit.objects.get(ministry=mnr, name="Sault Ste. Marie District")
    days = results_services.indicator_create(
        partnership=partnership,
        by=mnr_coordinator,
        fields={
            "name": "Days the water level left the agreed band",
            "definition": "Days in the month when the level at the Palmer Rapids gauge was outside the band.",
            "unit": Indicator.Unit.NUMBER,
            "unit_label": "days",
            "baseline": Decimal("12"),
            "target": Decimal("2"),
            "direction": Indicator.Direction.DECREASE,
            "frequency": Indicator.Frequency.MONTHLY,
            "means_of_verification": "Gauge readings published by the conservation authority.",
            "owner_ministry": mnr,
        },
    )
    for months_ago, value in [(3, 10), (2, 7)]:
        _report(days, mnr_field, mnr, sault, today - timedelta(days=30 * months_ago), value, approve_by=mnr_executive)
    results_services.milestone_create(
        partnership=partnership,
        by=mnr_coordinator,
        fields={
            "title": "Public meeting in Pembroke",
            "due_date": today + timedelta(days=40),
            "owner": mnr_coordinator,
        },
    )
    results_services.progress_log_create(
        partnership=partnership,
        author=mnr_field,
        ministry=mnr,
        field_unit=sault,
        date=today - timedelta(days=3),
        text="Walked the shore below the dam with two cottage associations; photos of the spring erosion to follow.",
    )
    meeting_services.conflict_raise(
        partnership=partnership,
        by=mnr_coordinator,
        ministry=mnr,
        kind="obstacle",
        title="Gauge data arrives three weeks late",
        description="The power utility sends gauge data monthly, too late to act on a low-water week.",
    )
    return 1


def seed_demo(stdout):
    """Field work and results for the demo partnerships (run after charters' demo)."""
    return seed(timezone.localdate())
