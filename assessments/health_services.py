"""Team health checks: opening them on the cadence, answering, results, and the concern flags."""

import calendar
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.health_permissions import TEAM_ROLES, team_ministry_ids
from assessments.models import ANONYMITY_THRESHOLD, HealthCheck, HealthCheckParticipant, HealthCheckResponse
from assessments.models.health import RATING_NAMES, RATINGS
from ministries.permissions import ministry_ids
from partnerships.models import Partnership

# A latest average under LOW_AVERAGE, or one rating's average at or under LOW_RATING, flags a partnership;
# so does an average that fell by FALLING_BY or more since the check before.
LOW_AVERAGE = Decimal("2.50")
LOW_RATING = Decimal("2.00")
FALLING_BY = Decimal("0.50")


def add_months(day, months):
    """The same day `months` later, or the month's last day when it is shorter (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_on_cadence(start, months, *, after):
    """The first date on the cadence from `start` that comes after `after`."""
    due, steps = start, 0
    while due <= after:
        steps += 1
        due = add_months(start, months * steps)
    return due


def answer_days():
    return settings.INTERLOCK_HEALTH_CHECK_ANSWER_DAYS


def partnerships_schedule_fill(*, today=None):
    """Give active partnerships that have started their first health-check and review dates.

    Nothing else sets these dates, so without this the cadence would never begin. The first
    date is the first one on the cadence from the start date that is still ahead.
    """
    today = today or timezone.localdate()
    started = Partnership.objects.active().filter(start_date__lte=today)
    count = 0
    for partnership in started.filter(next_health_check_due__isnull=True):
        due = next_on_cadence(partnership.start_date, partnership.health_check_cadence, after=today - timedelta(1))
        count += Partnership.objects.filter(pk=partnership.pk, next_health_check_due__isnull=True).update(
            next_health_check_due=due
        )
    for partnership in started.filter(next_review_due__isnull=True):
        due = next_on_cadence(partnership.start_date, partnership.review_cadence, after=today - timedelta(1))
        count += Partnership.objects.filter(pk=partnership.pk, next_review_due__isnull=True).update(next_review_due=due)
    return count


@transaction.atomic
def health_check_open(*, partnership, opened_by=None, today=None):
    """Open a health check now; a no-op returning the open one when a check is already open.

    The check answers for the partnership's due date when that has come (else for today), and
    the next due date moves along the cadence past today. The unique (partnership, due date)
    makes a second scan find the check it opened before instead of opening another.
    """
    today = today or timezone.localdate()
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    if partnership.is_closed:
        raise ValidationError(_("This partnership is closed: no more health checks."))
    already = HealthCheck.objects.filter(partnership=partnership).open_on(today).first()
    if already is not None:
        return already
    due = partnership.next_health_check_due
    if due is None or due > today:
        due = today
    check, _created = HealthCheck.objects.get_or_create(
        partnership=partnership,
        due_date=due,
        defaults={
            "cycle": partnership.cycle,
            "opens_on": today,
            "closes_on": today + timedelta(days=answer_days()),
            "opened_by": opened_by,
        },
    )
    anchor = partnership.next_health_check_due or today
    Partnership.objects.filter(pk=partnership.pk).update(
        next_health_check_due=next_on_cadence(anchor, partnership.health_check_cadence, after=today)
    )
    return check


def health_checks_open_due(*, today=None):
    """Open the checks whose due date has come, in every active partnership. Returns how many opened."""
    today = today or timezone.localdate()
    due = Partnership.objects.active().filter(next_health_check_due__lte=today)
    opened = 0
    for partnership in due:
        before = HealthCheck.objects.filter(partnership=partnership).count()
        health_check_open(partnership=partnership, today=today)
        opened += HealthCheck.objects.filter(partnership=partnership).count() - before
    return opened


def _rounded(value):
    return None if value is None else Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _flag(averages, overall, previous):
    if overall is None:
        return HealthCheck.Flag.NONE
    if overall < LOW_AVERAGE or any(value <= LOW_RATING for value in averages.values()):
        return HealthCheck.Flag.LOW
    if previous is not None and overall <= previous - FALLING_BY:
        return HealthCheck.Flag.FALLING
    return HealthCheck.Flag.NONE


def health_check_summarise(health_check):
    """Recount a check's responses and set its average and flag (both stay empty under the threshold)."""
    totals = HealthCheckResponse.objects.filter(health_check=health_check).aggregate(
        count=Count("pk"), **{name: Avg(name) for name in RATING_NAMES}
    )
    count = totals.pop("count")
    averages = {name: _rounded(value) for name, value in totals.items()}
    overall = None
    if count >= ANONYMITY_THRESHOLD:
        overall = _rounded(sum(averages.values()) / len(averages))
    previous = (
        HealthCheck.objects.filter(
            partnership_id=health_check.partnership_id,
            due_date__lt=health_check.due_date,
            average__isnull=False,
        )
        .order_by("-due_date")
        .values_list("average", flat=True)
        .first()
    )
    health_check.response_count = count
    health_check.average = overall
    health_check.flag = _flag(averages, overall, previous) if overall is not None else HealthCheck.Flag.NONE
    health_check.save(update_fields=["response_count", "average", "flag"])
    return health_check


@transaction.atomic
def health_check_respond(*, health_check, user, ministry, answers, today=None):
    """Record one person's anonymous answers. Raises ValidationError when they may not, or already did."""
    today = today or timezone.localdate()
    health_check = HealthCheck.objects.select_for_update().select_related("partnership").get(pk=health_check.pk)
    partnership = Partnership.objects.with_participants().get(pk=health_check.partnership_id)
    if partnership.is_closed or not health_check.is_open(today):
        raise ValidationError(_("This health check is closed: answers are no longer taken."))
    if ministry.pk not in team_ministry_ids(user, partnership):
        raise ValidationError(_("You can only answer for a ministry you work in that takes part."))
    try:
        with transaction.atomic():
            HealthCheckParticipant.objects.create(health_check=health_check, user=user, answered_on=today)
    except IntegrityError:
        raise ValidationError(_("You have already answered this health check. Thank you.")) from None
    fields = {name: answers[name] for name in RATING_NAMES}
    texts = {name: answers.get(name, "").strip() for name in ("going_well", "not_going_well", "bothering_us", "adjust")}
    response = HealthCheckResponse(health_check=health_check, ministry=ministry, **fields, **texts)
    response.full_clean()
    response.save()
    health_check_summarise(health_check)
    return response


def has_answered(user, health_check):
    return HealthCheckParticipant.objects.filter(health_check=health_check, user=user).exists()


def health_checks_to_answer(user, *, today=None):
    """Open checks in the partnerships whose team this person is in, that they have not answered yet."""
    today = today or timezone.localdate()
    ids = ministry_ids(user, *TEAM_ROLES)
    if not ids:
        return []
    return list(
        HealthCheck.objects.to_answer(today)
        .filter(partnership__participations__ministry_id__in=ids)
        .exclude(participants__user=user)
        .select_related("partnership")
        .distinct()
        .order_by("closes_on", "partnership__title")
    )


@dataclass
class Group:
    """The results of one group of respondents (a ministry, or everyone) in one check."""

    label: str
    count: int
    averages: dict = field(default_factory=dict)  # rating name -> Decimal, empty when hidden

    @property
    def visible(self):
        return self.count >= ANONYMITY_THRESHOLD

    @property
    def overall(self):
        if not self.visible:
            return None
        return _rounded(sum(self.averages.values()) / len(self.averages))

    @property
    def rows(self):
        return [(label, self.averages.get(name)) for name, label in RATINGS]


@dataclass
class CheckResults:
    check: HealthCheck
    everyone: Group
    ministries: list
    answers: dict = field(default_factory=dict)  # question label -> list of texts, only when visible


TEXT_QUESTIONS = ["going_well", "not_going_well", "bothering_us", "adjust"]


def health_results(partnership, *, limit=8):
    """The latest checks with results per ministry and for everyone, oldest first.

    Groups under the anonymity threshold carry only their count. The written answers are given
    for the newest check only, grouped by question and shuffled, never with a ministry or a name.
    Three queries whatever the number of checks.
    """
    checks = list(HealthCheck.objects.filter(partnership=partnership).order_by("-due_date")[:limit])
    checks.reverse()
    if not checks:
        return []
    ministries = {p.ministry_id: p.ministry for p in partnership.participations.all()}
    rows = (
        HealthCheckResponse.objects.filter(health_check__in=checks)
        .values("health_check_id", "ministry_id")
        .annotate(count=Count("pk"), **{name: Avg(name) for name in RATING_NAMES})
        .order_by()
    )
    per_check = {c.pk: [] for c in checks}
    for row in rows:
        per_check[row["health_check_id"]].append(row)
    results = []
    for check in checks:
        groups = []
        weighted = {name: Decimal(0) for name in RATING_NAMES}
        total = 0
        for row in per_check[check.pk]:
            total += row["count"]
            for name in RATING_NAMES:
                weighted[name] += Decimal(row[name]) * row["count"]
            ministry = ministries.get(row["ministry_id"])
            label = ministry.short_name if ministry else "?"
            averages = {n: _rounded(row[n]) for n in RATING_NAMES} if row["count"] >= ANONYMITY_THRESHOLD else {}
            groups.append(Group(label, row["count"], averages))
        groups.sort(key=lambda g: g.label)
        everyone_averages = (
            {n: _rounded(weighted[n] / total) for n in RATING_NAMES} if total >= ANONYMITY_THRESHOLD else {}
        )
        results.append(CheckResults(check, Group(_("Everyone"), total, everyone_averages), groups))
    newest = results[-1]
    if newest.everyone.visible:
        texts = HealthCheckResponse.objects.filter(health_check=newest.check).values_list(*TEXT_QUESTIONS)
        labels = {name: HealthCheckResponse._meta.get_field(name).verbose_name for name in TEXT_QUESTIONS}
        collected = {labels[name]: [] for name in TEXT_QUESTIONS}
        for row in texts:
            for name, text in zip(TEXT_QUESTIONS, row, strict=True):
                if text:
                    collected[labels[name]].append(text)
        for answers in collected.values():
            random.shuffle(answers)
        newest.answers = collected
    return results


def health_chart_data(results):
    """What static/js/health_chart.js draws: the overall average per check, and each rating's."""
    visible = [r for r in results if r.everyone.visible]
    return {
        "labels": [r.check.due_date.isoformat() for r in visible],
        "series": [
            {"label": str(label), "values": [str(r.everyone.averages[name]) for r in visible]}
            for name, label in RATINGS
        ],
        "overall": {"label": _("Average"), "values": [str(r.everyone.overall) for r in visible]},
        "axis": _("Rating (1 to 5)"),
    }
