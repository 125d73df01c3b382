"""Team health checks: opening them on the cadence, answering, results, and the concern flags."""

import calendar
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.health_permissions import TEAM_ROLES, team_ministry_ids
from assessments.models import ANONYMITY_THRESHOLD, HealthCheck, HealthCheckParticipant, HealthCheckResponse
from assessments.models.health import RATING_NAMES, RATINGS, TEXT_QUESTIONS
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


def _opening(partnership, *, today, opened_by=None):
    """The check a partnership opens today, unsaved, and the partnership's next due date after it.

    The check answers for the due date when that has come (else for today); the next due date moves
    along the cadence past today. One rule for the coordinator's button and the daily scan.
    """
    due = partnership.next_health_check_due
    if due is None or due > today:
        due = today
    check = HealthCheck(
        partnership=partnership,
        due_date=due,
        cycle=partnership.cycle,
        opens_on=today,
        closes_on=today + timedelta(days=answer_days()),
        opened_by=opened_by,
    )
    anchor = partnership.next_health_check_due or today
    return check, next_on_cadence(anchor, partnership.health_check_cadence, after=today)


@transaction.atomic
def health_check_open(*, partnership, opened_by=None, today=None):
    """Open a health check now; a no-op returning the open one when a check is already open.

    The unique (partnership, due date) makes a second scan find the check it opened before instead
    of opening another.
    """
    today = today or timezone.localdate()
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    if partnership.is_closed:
        raise ValidationError(_("This partnership is closed: no more health checks."))
    already = HealthCheck.objects.filter(partnership=partnership).open_on(today).first()
    if already is not None:
        return already
    opening, next_due = _opening(partnership, today=today, opened_by=opened_by)
    check, _created = HealthCheck.objects.get_or_create(
        partnership=partnership,
        due_date=opening.due_date,
        defaults={field: getattr(opening, field) for field in ("cycle", "opens_on", "closes_on", "opened_by")},
    )
    Partnership.objects.filter(pk=partnership.pk).update(next_health_check_due=next_due)
    return check


# Partnerships opened per statement by the daily scan (each batch one short transaction).
OPEN_BATCH = 500


def health_checks_open_due(*, today=None):
    """Open the checks whose due date has come, in every active partnership. Returns how many opened.

    Set-based: a batch of due partnerships is locked, their checks made in one INSERT and their next
    due dates moved in one UPDATE, so opening costs the same few statements for 3 or 3,000 checks.
    A partnership whose check is already open (opened by hand) waits, as on the page, until it closes.
    The daily scan calls this: it first settles the checks whose answering has closed since (their
    final average and concern, see health_checks_settle), so a concern is reported the same day.
    """
    today = today or timezone.localdate()
    health_checks_settle(today=today)
    already_open = HealthCheck.objects.filter(partnership=OuterRef("pk")).open_on(today)
    due = (
        Partnership.objects.active()
        .filter(next_health_check_due__lte=today)
        .exclude(Exists(already_open))
        .only("pk", "cycle", "next_health_check_due", "health_check_cadence")
        .order_by("pk")
    )
    opened = 0
    while True:
        with transaction.atomic():
            batch = list(due.select_for_update()[:OPEN_BATCH])
            openings = [_opening(partnership, today=today) for partnership in batch]
            before = HealthCheck.objects.filter(partnership__in=batch).count()
            # A check for the same due date made meanwhile (by hand, or another scan) is kept as it is.
            HealthCheck.objects.bulk_create([check for check, _next in openings], ignore_conflicts=True)
            opened += HealthCheck.objects.filter(partnership__in=batch).count() - before
            for partnership, (_check, next_due) in zip(batch, openings, strict=True):
                partnership.next_health_check_due = next_due
            Partnership.objects.bulk_update(batch, ["next_health_check_due"])
        if len(batch) < OPEN_BATCH:
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


def health_check_summarise(health_check, *, today=None):
    """Recount a check's responses; once answering has closed, set its average and concern.

    While the check is open the average and the concern stay empty: figures that moved with each
    answer would show what that answer was. They stay empty under the threshold too.
    """
    today = today or timezone.localdate()
    totals = HealthCheckResponse.objects.filter(health_check=health_check).aggregate(
        count=Count("pk"), **{name: Avg(name) for name in RATING_NAMES}
    )
    count = totals.pop("count")
    averages = {name: _rounded(value) for name, value in totals.items()}
    overall = None
    if count >= ANONYMITY_THRESHOLD and health_check.is_closed(today):
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


def health_checks_settle(*, today=None):
    """Give each check whose answering has closed, with enough answers, its average and concern.

    A no-op for checks already settled; the oldest first, so that a "falling" concern compares
    with the check before. Returns how many were settled.
    """
    today = today or timezone.localdate()
    waiting = HealthCheck.objects.closed_on(today).filter(average__isnull=True, response_count__gte=ANONYMITY_THRESHOLD)
    settled = 0
    for check in waiting.order_by("partnership_id", "due_date"):
        settled += health_check_summarise(check, today=today).average is not None
    return settled


@transaction.atomic
def health_check_respond(*, health_check, user, ministry, answers, today=None):
    """Record one person's anonymous answers. Raises ValidationError when they may not, or already did."""
    today = today or timezone.localdate()
    health_check = HealthCheck.objects.select_for_update().select_related("partnership").get(pk=health_check.pk)
    partnership = Partnership.objects.with_participants().get(pk=health_check.partnership_id)
    if partnership.is_closed or not health_check.is_open(today):
        raise ValidationError(_("This health check is closed: answers are no longer taken."))
    if ministry.pk not in team_ministry_ids(user, partnership):
        raise ValidationError(_("You can only answer for an organisation you work in that takes part."))
    try:
        with transaction.atomic():
            HealthCheckParticipant.objects.create(health_check=health_check, user=user, answered_on=today)
    except IntegrityError:
        raise ValidationError(_("You have already answered this health check. Thank you.")) from None
    fields = {name: answers[name] for name in RATING_NAMES}
    texts = {name: answers.get(name, "").strip() for name in TEXT_QUESTIONS}
    response = HealthCheckResponse(health_check=health_check, ministry=ministry, **fields, **texts)
    response.full_clean()
    response.save()
    health_check_summarise(health_check, today=today)
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


def shown_groups(counts, threshold=ANONYMITY_THRESHOLD):
    """The groups whose figures and number of answers may be shown, from each group's number of answers.

    A group under the threshold is hidden. "Everyone" (shown from `threshold` answers on) minus
    the groups shown gives the hidden groups taken together, so while those are some but fewer
    than `threshold` answers, the smallest group shown is hidden as well. Four answers, three from
    one ministry and one from another: only "Everyone" is shown.
    """
    shown = {key for key, count in counts.items() if count >= threshold}

    def hidden_together():
        return sum(counts.values()) - sum(counts[key] for key in shown)

    while shown and 0 < hidden_together() < threshold:
        shown.remove(min(shown, key=lambda key: (counts[key], str(key))))
    return shown


@dataclass
class Group:
    """The results of one group of respondents (a ministry, or everyone) in one closed check.

    Hidden groups carry no figure and no number of answers: either could be used to work out a
    small group's answers.
    """

    label: str
    count: int | None = None  # None when hidden
    averages: dict = field(default_factory=dict)  # rating name -> Decimal, empty when hidden

    @property
    def visible(self):
        return bool(self.averages)

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
    closed: bool
    everyone: Group
    ministries: list = field(default_factory=list)  # empty while the check is open
    answers: dict = field(default_factory=dict)  # question label -> list of texts, only when visible

    @property
    def has_hidden_group(self):
        """Some organisation's figures are held back: the page then says why."""
        return any(not group.visible for group in self.ministries)


def _group(label, row, shown):
    if not shown:
        return Group(label)
    return Group(label, row["count"], {name: _rounded(row[name]) for name in RATING_NAMES})


def health_results(partnership, *, limit=8, today=None):
    """The latest checks, oldest first, with results per ministry and for everyone once closed.

    An open check has no results at all. In a closed one, every participating ministry is listed;
    the groups hidden by shown_groups carry neither figures nor a number of answers. The written
    answers are given for the newest closed check only when "Everyone" is shown, grouped by
    question and shuffled, never with a ministry or a name. Three queries whatever the number of checks.
    """
    today = today or timezone.localdate()
    checks = list(HealthCheck.objects.filter(partnership=partnership).order_by("-due_date")[:limit])
    checks.reverse()
    if not checks:
        return []
    closed = [check for check in checks if check.is_closed(today)]
    rows = (
        HealthCheckResponse.objects.filter(health_check__in=closed)
        .values("health_check_id", "ministry_id", "ministry__short_name")
        .annotate(count=Count("pk"), **{name: Avg(name) for name in RATING_NAMES})
        .order_by()
    )
    per_check = {c.pk: {} for c in closed}
    for row in rows:
        per_check[row["health_check_id"]][row["ministry_id"]] = row
    partners = {p.ministry_id: p.ministry.short_name for p in partnership.participations.all()}
    results = []
    for check in checks:
        if check not in closed:
            results.append(CheckResults(check, False, Group(_("Everyone"))))
            continue
        by_ministry = per_check[check.pk]
        shown = shown_groups({ministry_id: row["count"] for ministry_id, row in by_ministry.items()})
        labels = {**partners, **{pk: row["ministry__short_name"] for pk, row in by_ministry.items()}}
        groups = sorted(
            (_group(label, by_ministry.get(pk), pk in shown) for pk, label in labels.items()),
            key=lambda group: group.label,
        )
        total = sum(row["count"] for row in by_ministry.values())
        everyone = Group(_("Everyone"))
        if total >= ANONYMITY_THRESHOLD:
            weighted = {
                name: sum(Decimal(row[name]) * row["count"] for row in by_ministry.values()) / total
                for name in RATING_NAMES
            }
            everyone = Group(_("Everyone"), total, {name: _rounded(value) for name, value in weighted.items()})
        results.append(CheckResults(check, True, everyone, groups))
    latest = next((r for r in reversed(results) if r.closed), None)
    if latest is not None and latest.everyone.visible:
        texts = HealthCheckResponse.objects.filter(health_check=latest.check).values_list(*TEXT_QUESTIONS)
        labels = {name: HealthCheckResponse._meta.get_field(name).verbose_name for name in TEXT_QUESTIONS}
        collected = {labels[name]: [] for name in TEXT_QUESTIONS}
        for row in texts:
            for name, text in zip(TEXT_QUESTIONS, row, strict=True):
                if text:
                    collected[labels[name]].append(text)
        # Each question's answers in their own random order: neither the order people answered in
        # nor one person's answers to the four questions can be lined up.
        for answers in collected.values():
            random.shuffle(answers)
        latest.answers = collected
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
