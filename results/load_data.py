"""Milestones, progress logs and measurements in bulk, for `manage.py generate_load_data` (benchmarks only)."""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from ministries.models import FieldUnit, Role
from partnerships.models import Participation
from results.models import Indicator, Measurement, Milestone, ProgressLog, ReportingPeriod

BATCH = 5_000
NOTES = [
    "Met the families referred this week; intake forms now shared.",
    "Joint site visit with the regional office; two obstacles noted.",
    "Training session held for front-line staff of both ministries.",
    "Data exchange tested between the two case systems.",
]
STEPS = ["shared intake form", "data-sharing agreement", "joint training", "first joint report", "service launch"]


def _quarters_back(today, count):
    """(start, end) of the last `count` quarters that have ended, oldest first."""
    start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    quarters = []
    for _ in range(count):
        end = start - timedelta(days=1)
        start = date(end.year, 3 * ((end.month - 1) // 3) + 1, 1)
        quarters.append((start, end))
    return list(reversed(quarters))


def milestones(*, partnerships, ministries_of, rng):
    """Four milestones spread over each partnership's life; most of those already due are done."""
    now = timezone.now()
    today = timezone.localdate()
    rows = []
    for p in partnerships:
        span = (p.end_date - p.start_date).days
        for n in range(1, 5):
            due = p.start_date + timedelta(days=span * n // 5)
            done = due < today and rng.random() < 0.85
            rows.append(
                Milestone(
                    partnership=p,
                    title=f"Step {n}: {rng.choice(STEPS)}",
                    due_date=due,
                    owner_ministry_id=rng.choice(ministries_of[p.pk]),
                    status=Milestone.Status.DONE if done else Milestone.Status.OPEN,
                    done_at=now if done else None,
                )
            )
    Milestone.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def generate(*, partnerships, people, count, rng):
    """About half progress logs, half approved or submitted measurements; returns how many rows were made."""
    if count <= 0:
        return 0
    today = timezone.localdate()
    ministries_of = {}
    for partnership_id, ministry_id in Participation.objects.filter(partnership__in=partnerships).values_list(
        "partnership_id", "ministry_id"
    ):
        ministries_of.setdefault(partnership_id, []).append(ministry_id)
    unit_of = {}
    for unit in FieldUnit.objects.filter(ministry_id__in={m for ms in ministries_of.values() for m in ms}):
        unit_of.setdefault(unit.ministry_id, unit.pk)

    ministries_total = sum(len(ms) for ms in ministries_of.values()) or 1
    quarters = max(1, round(count / 2 / ministries_total))
    spans = _quarters_back(today, quarters)
    # Targets around what the reports will add up to, so some indicators are ahead and some behind.
    indicators = Indicator.objects.bulk_create(
        [
            Indicator(
                partnership=p,
                name="Families with a shared case plan",
                definition="Families whose case plan all partners follow.",
                baseline=Decimal("0"),
                target=Decimal(max(10, round(quarters * len(ministries_of[p.pk]) * 20 * rng.uniform(0.6, 1.8), -1))),
                target_date=p.end_date,
                cumulative=True,
                owner_ministry_id=ministries_of[p.pk][0],
            )
            for p in partnerships
        ],
        batch_size=BATCH,
    )
    approved_total = dict.fromkeys((i.pk for i in indicators), Decimal(0))
    measured_until = {}
    periods = ReportingPeriod.objects.bulk_create(
        [ReportingPeriod(indicator=i, start=s, end=e) for i in indicators for s, e in spans], batch_size=BATCH
    )
    made = 0
    rows = []
    for period in periods:
        partnership_id = period.indicator.partnership_id
        for ministry_id in ministries_of[partnership_id]:
            reviewer = people[(period.indicator.owner_ministry_id, Role.EXECUTIVE)]
            approved = rng.random() < 0.85
            value = Decimal(rng.randint(0, 40))
            if approved:
                approved_total[period.indicator_id] += value
                measured_until[period.indicator_id] = max(
                    period.end, measured_until.get(period.indicator_id, period.end)
                )
            rows.append(
                Measurement(
                    indicator_id=period.indicator_id,
                    period=period,
                    ministry_id=ministry_id,
                    value=value,
                    status=Measurement.Status.APPROVED if approved else Measurement.Status.SUBMITTED,
                    reported_by=people[(ministry_id, Role.FIELD_STAFF)],
                    reviewed_by=reviewer if approved else None,
                    reviewed_at=timezone.now() if approved else None,
                )
            )
            if len(rows) >= BATCH:
                Measurement.objects.bulk_create(rows)
                made += len(rows)
                rows = []
    Measurement.objects.bulk_create(rows)
    made += len(rows)
    for indicator in indicators:  # what refresh_progress() would store, without recounting
        indicator.measured_until = measured_until.get(indicator.pk)
        if indicator.measured_until:
            share = 100 * approved_total[indicator.pk] / indicator.target
            indicator.progress_percent = int(share.quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    Indicator.objects.bulk_update(indicators, ["progress_percent", "measured_until"], batch_size=BATCH)

    logs_wanted = max(0, count - made)
    per_partnership = max(1, logs_wanted // max(1, len(partnerships)))
    rows = []
    for p in partnerships:
        ministries = ministries_of[p.pk]
        for _ in range(per_partnership):
            ministry_id = rng.choice(ministries)
            rows.append(
                ProgressLog(
                    partnership=p,
                    author=people[(ministry_id, Role.FIELD_STAFF)],
                    ministry_id=ministry_id,
                    field_unit_id=unit_of.get(ministry_id),
                    date=today - timedelta(days=rng.randint(0, 1000)),
                    text=rng.choice(NOTES),
                )
            )
            if len(rows) >= BATCH:
                ProgressLog.objects.bulk_create(rows)
                made += len(rows)
                rows = []
    ProgressLog.objects.bulk_create(rows)
    return made + len(rows)
