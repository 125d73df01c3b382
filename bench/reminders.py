# ruff: noqa: S608 -- the hand-written SQL is the point here; only our own names go into it, values are parameters.
"""The reminder scans at portfolio scale: each scan's time and queries beside the raw SQL claim of the same rows.

    bin/bench --reminders [--partnerships 100000] [--ministries 100]
    .venv/bin/python bench/reminders.py [--partnerships 100000]

Starts a throwaway PostgreSQL (as bin/test does), fills it with `--partnerships` partnerships of two
ministries each (bulk inserts of 10,000 rows), with about 1 % of them due for each set-based scan and
the rest not due (every partnership also has a milestone and an action item due far ahead), then for
each scan prints:

- the raw SQL: one hand-written INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING that creates the
  same reminders, timed in a transaction that is rolled back (the best of three);
- the scan, timed the same way (best of three, rolled back), and its ratio to the raw SQL;
- the scan once more for real, as the worker runs it (its claims commit; new reminders are queued to an
  in-memory broker): its time and its number of queries;

and all scans' total. Goal: every scan within 2x its raw SQL, all of them under 5 s at 100,000.
tests/notifications/test_bench_reminders.py runs `fill` and `measure` at 50 partnerships.
"""

import argparse
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import django_on_fresh_postgres  # noqa: E402 - needs the path above

BATCH = 10_000
# Partnership number i is due for a scan when i % 100 is its bucket.
BUCKETS = {
    "reviews": 0,
    "renewals": 1,
    "gates": 2,
    "charter_signatures": 3,
    "health_checks": 4,
    "health_flagged": 5,
    "milestones": 6,
    "action_items": 7,
    "field_reports": 8,
}
# Partnerships whose indicator's last period both partners have reported (the field-report scan reads
# their indicators and measurements and finds nothing due): i % 100 in this range.
REPORTED = range(10, 15)
ROLES = ("coordinator", "executive", "field_staff")


def fill(partnerships, *, ministries=100, today):
    """The portfolio: `ministries` ministries with a coordinator, an executive and field staff each, and
    `partnerships` partnerships (lead i % ministries, one partner), 1 % due for each scan."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from assessments.models import GateRequest, HealthCheck
    from charters.models import CharterSignature, CharterVersion
    from meetings.models import ActionItem
    from ministries.models import Membership, Ministry
    from partnerships.models import Participation, Partnership
    from results.models import Indicator, Measurement, Milestone, ReportingPeriod
    from results.reminders import last_ended_periods

    day = timedelta(days=1)
    User = get_user_model()
    UNUSABLE = make_password(None)  # nobody signs in as these people
    made = Ministry.objects.bulk_create(
        [Ministry(name=f"Bench ministry {m}", short_name=f"BM{m}") for m in range(ministries)]
    )
    users = User.objects.bulk_create(
        [
            User(username=f"bench-{role}-{m}", email=f"{role}{m}@bench.example", password=UNUSABLE)
            for m in range(ministries)
            for role in ROLES
        ]
    )
    Membership.objects.bulk_create(
        [
            Membership(user=users[m * len(ROLES) + r], ministry=made[m], role=role)
            for m in range(ministries)
            for r, role in enumerate(ROLES)
        ]
    )
    executive = {m: users[m * len(ROLES) + 1] for m in range(ministries)}
    quarter = last_ended_periods(today)[Indicator.Frequency.QUARTERLY]
    for start in range(0, partnerships, BATCH):
        numbers = range(start, min(start + BATCH, partnerships))
        rows = Partnership.objects.bulk_create(
            [
                Partnership(
                    title=f"Bench partnership {i}",
                    problem="Families fall between programs.",
                    public_value="One door.",
                    start_date=today - 400 * day,
                    end_date=today + (20 if i % 100 == BUCKETS["renewals"] else 1000) * day,
                    next_review_due=today + (-30 if i % 100 == BUCKETS["reviews"] else 100) * day,
                    next_health_check_due=today + 60 * day,
                )
                for i in numbers
            ],
            batch_size=BATCH,
        )
        lead = {p.pk: i % ministries for i, p in zip(numbers, rows, strict=True)}
        Participation.objects.bulk_create(
            [Participation(partnership=p, ministry=made[lead[p.pk]], role=Participation.Role.LEAD) for p in rows]
            + [
                Participation(partnership=p, ministry=made[(lead[p.pk] * 7 + 1 + i) % ministries])
                for i, p in zip(numbers, rows, strict=True)
                if (lead[p.pk] * 7 + 1 + i) % ministries != lead[p.pk]
            ],
            batch_size=BATCH,
        )
        due = {name: [p for i, p in zip(numbers, rows, strict=True) if i % 100 == b] for name, b in BUCKETS.items()}
        Milestone.objects.bulk_create(
            [Milestone(partnership=p, title=f"Milestone of {p.pk}", due_date=today + 200 * day) for p in rows]
            + [
                Milestone(partnership=p, title=f"Late milestone {p.pk}", due_date=today - 30 * day)
                for p in due["milestones"]
            ],
            batch_size=BATCH,
        )
        ActionItem.objects.bulk_create(
            [ActionItem(partnership=p, title=f"Action of {p.pk}", due_date=today + 200 * day) for p in rows]
            + [
                ActionItem(
                    partnership=p,
                    title=f"Late action {p.pk}",
                    due_date=today - 30 * day,
                    owner_ministry=made[lead[p.pk]],
                )
                for p in due["action_items"]
            ],
            batch_size=BATCH,
        )
        GateRequest.objects.bulk_create(
            [GateRequest(partnership=p, cycle=1, from_phase=p.phase) for p in due["gates"]], batch_size=BATCH
        )
        HealthCheck.objects.bulk_create(
            [
                HealthCheck(partnership=p, due_date=today - day, opens_on=today - day, closes_on=today + 5 * day)
                for p in due["health_checks"]
            ]
            + [
                HealthCheck(
                    partnership=p,
                    due_date=today - 100 * day,
                    opens_on=today - 100 * day,
                    closes_on=today - 90 * day,
                    response_count=5,
                    average="2.00",
                    flag=HealthCheck.Flag.LOW,
                )
                for p in due["health_flagged"]
            ],
            batch_size=BATCH,
        )
        measured = [p for i, p in zip(numbers, rows, strict=True) if i % 100 in REPORTED]
        indicators = Indicator.objects.bulk_create(
            [
                Indicator(partnership=p, name=f"Families served {p.pk}", owner_ministry=made[lead[p.pk]])
                for p in due["field_reports"] + measured
            ],
            batch_size=BATCH,
        )
        reported = [i for i in indicators if i.partnership_id in {p.pk for p in measured}]
        periods = ReportingPeriod.objects.bulk_create(
            [ReportingPeriod(indicator=i, start=quarter[0], end=quarter[1]) for i in reported], batch_size=BATCH
        )
        partners = {}
        for participation in Participation.objects.filter(partnership__in=measured).values_list(
            "partnership_id", "ministry_id"
        ):
            partners.setdefault(participation[0], []).append(participation[1])
        Measurement.objects.bulk_create(
            [
                Measurement(
                    indicator=period.indicator,
                    period=period,
                    ministry_id=ministry_id,
                    value=5,
                    status=Measurement.Status.SUBMITTED,
                )
                for period in periods
                for ministry_id in partners[period.indicator.partnership_id]
            ],
            batch_size=BATCH,
        )
        versions = CharterVersion.objects.bulk_create(
            [
                CharterVersion(partnership=p, number=1, status=CharterVersion.Status.SIGNING)
                for p in due["charter_signatures"]
            ],
            batch_size=BATCH,
        )
        CharterSignature.objects.bulk_create(
            [
                CharterSignature(
                    version=v, ministry=made[lead[v.partnership_id]], signed_by=executive[lead[v.partnership_id]]
                )
                for v in versions
            ],
            batch_size=BATCH,
        )
    # Waiting since ten and twenty days ago (auto_now_add would say now).
    GateRequest.objects.update(requested_at=_days_ago(10))
    CharterVersion.objects.filter(status=CharterVersion.Status.SIGNING).update(sent_for_signature_at=_days_ago(20))


def _days_ago(days):
    from django.utils import timezone

    return timezone.now() - timedelta(days=days)


INSERT = (
    "INSERT INTO notifications_reminder (kind, subject_type_id, subject_id, due_date, recipient_id, partnership_id, "
    "context, url, created_at, next_attempt_at, emailed, attempts, last_error) "
    "SELECT r.*, now(), now(), false, 0, '' FROM ({}) r ON CONFLICT DO NOTHING RETURNING id"
)
MEMBERS = (
    "JOIN ministries_membership m ON m.ministry_id = pa.ministry_id AND m.role IN ({roles}) "
    "JOIN accounts_user u ON u.id = m.user_id AND u.is_active "
)
SIGNERS = (
    "JOIN ministries_membership m ON m.ministry_id = pa.ministry_id AND (m.role = 'executive' OR m.can_sign) "
    "JOIN accounts_user u ON u.id = m.user_id AND u.is_active "
)
TEAM = "JOIN partnerships_participation pa ON pa.partnership_id = {p} "
LEAD = "JOIN partnerships_participation pa ON pa.partnership_id = {p} AND pa.role = 'lead' "


def _members(*roles):
    return MEMBERS.format(roles=", ".join(f"'{role}'" for role in roles))


def _items_sql(table, kinds, url):
    """Milestones and action items by hand: the owner, else the responsible ministry's coordinators; late ones
    long enough also to its executives."""
    due, overdue, escalated = kinds
    ctx = "jsonb_build_object('partnership', p.title, 'title', i.title, 'due', i.due_date"
    link = f"'/partnerships/' || p.id || '{url}'"
    base = (
        f"FROM {table} i JOIN partnerships_partnership p ON p.id = i.partnership_id AND p.status = 'active' "
        "LEFT JOIN accounts_user o ON o.id = i.owner_id "
        "JOIN partnerships_participation pa ON pa.partnership_id = p.id "
        "AND pa.ministry_id = COALESCE(i.owner_ministry_id, "
        "(SELECT l.ministry_id FROM partnerships_participation l WHERE l.partnership_id = p.id AND l.role = 'lead')) "
        "JOIN ministries_ministry mi ON mi.id = pa.ministry_id "
    )
    return (
        f"SELECT DISTINCT CASE WHEN i.due_date < %(today)s THEN '{overdue}' ELSE '{due}' END, %(ct)s, i.id, "
        f"i.due_date, COALESCE(CASE WHEN o.is_active THEN o.id END, m.user_id), p.id, {ctx}), {link} "
        f"{base} LEFT JOIN ministries_membership m ON m.ministry_id = pa.ministry_id AND m.role = 'coordinator' "
        "AND NOT COALESCE(o.is_active, false) AND EXISTS (SELECT 1 FROM accounts_user u WHERE u.id = m.user_id "
        "AND u.is_active) "
        "WHERE i.status = 'open' AND i.due_date <= %(notice)s AND (o.is_active OR m.user_id IS NOT NULL) "
        f"UNION ALL SELECT '{escalated}', %(ct)s, i.id, i.due_date, m.user_id, p.id, "
        f"{ctx}, 'days', %(today)s - i.due_date, 'ministry', mi.name), {link} "
        f"{base} {_members('executive')} WHERE i.status = 'open' AND i.due_date <= %(escalate)s"
    )


def raw_claims(today):
    """Each scan's reminders as one hand-written INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING."""
    from django.conf import settings
    from django.urls import reverse

    from results.reminders import last_ended_periods

    gate_days = settings.INTERLOCK_GATE_WAITING_DAYS
    sign_days = settings.INTERLOCK_CHARTER_SIGNATURE_DAYS
    notice = today + timedelta(days=settings.INTERLOCK_REVIEW_NOTICE_DAYS)
    local = f"(%s AT TIME ZONE '{settings.TIME_ZONE}')::date"
    requested, sent = local % "g.requested_at", local % "v.sent_for_signature_at"
    reviews = (
        "SELECT DISTINCT CASE WHEN p.next_review_due < %(today)s THEN 'review_overdue' ELSE 'review_due' END, "
        "%(ct)s, p.id, p.next_review_due, m.user_id, p.id, "
        "jsonb_build_object('partnership', p.title, 'due', p.next_review_due), '/partnerships/' || p.id || '/reviews/' "
        f"FROM partnerships_partnership p {TEAM.format(p='p.id')} {_members('coordinator')} "
        "WHERE p.status = 'active' AND p.next_review_due <= %(notice)s "
        "UNION ALL SELECT 'review_escalated', %(ct)s, p.id, p.next_review_due, m.user_id, p.id, "
        "jsonb_build_object('partnership', p.title, 'due', p.next_review_due, 'days', %(today)s - p.next_review_due, "
        "'ministry', mi.name), '/partnerships/' || p.id || '/reviews/' "
        f"FROM partnerships_partnership p {LEAD.format(p='p.id')} "
        f"JOIN ministries_ministry mi ON mi.id = pa.ministry_id {_members('executive')} "
        "WHERE p.status = 'active' AND p.next_review_due <= %(escalate)s"
    )
    renewals = (
        "SELECT DISTINCT 'renewal', %(ct)s, p.id, p.end_date - CASE WHEN p.end_date <= %(today)s + 30 THEN 30 "
        "WHEN p.end_date <= %(today)s + 60 THEN 60 ELSE 90 END, m.user_id, p.id, jsonb_build_object('partnership', "
        "p.title, 'end', p.end_date, 'days', p.end_date - %(today)s), '/partnerships/' || p.id || '/reviews/' "
        f"FROM partnerships_partnership p {LEAD.format(p='p.id')} {_members('coordinator', 'executive')} "
        "WHERE p.status = 'active' AND p.end_date > %(today)s AND p.end_date <= %(today)s + 90"
    )
    gates = (
        f"SELECT DISTINCT 'gate_waiting', %(ct)s, g.id, {requested} + {gate_days} + "
        f"(%(today)s - {requested} - {gate_days}) / 7 * 7, m.user_id, p.id, jsonb_build_object('partnership', p.title, "
        f"'requested', {requested}, 'phase', g.from_phase), '/partnerships/' || p.id || '/gate/' "
        "FROM assessments_gaterequest g JOIN partnerships_partnership p ON p.id = g.partnership_id "
        "JOIN partnerships_participation pa ON pa.partnership_id = p.id "
        "AND (pa.role = 'lead' OR p.operating_mechanism = 'steering_committee') "
        f"{_members('executive')} WHERE g.status = 'pending' AND p.status = 'active' "
        "AND g.requested_at < %(gate_since)s"
    )
    charters = (
        f"SELECT DISTINCT 'charter_signature', %(ct)s, v.id, {sent} + {sign_days} + "
        f"(%(today)s - {sent} - {sign_days}) / {sign_days} * {sign_days}, m.user_id, p.id, "
        "jsonb_build_object('partnership', p.title, 'ministry', mi.name, 'version', v.number, "
        f"'sent', {sent}), '/partnerships/' || p.id || '/charter/' "
        "FROM charters_charterversion v JOIN partnerships_partnership p ON p.id = v.partnership_id "
        f"{TEAM.format(p='p.id')} JOIN ministries_ministry mi ON mi.id = pa.ministry_id {SIGNERS} "
        "WHERE v.status = 'signing' AND p.status = 'active' AND v.sent_for_signature_at < %(sign_since)s "
        "AND NOT EXISTS (SELECT 1 FROM charters_chartersignature s WHERE s.version_id = v.id "
        "AND s.ministry_id = pa.ministry_id)"
    )
    health = (
        "SELECT DISTINCT 'health_check_open', %(ct)s, h.id, h.due_date, m.user_id, p.id, "
        "jsonb_build_object('partnership', p.title, 'closes', h.closes_on), "
        "'/partnerships/' || p.id || '/health/' || h.id || '/answer/' "
        f"FROM assessments_healthcheck h JOIN partnerships_partnership p ON p.id = h.partnership_id "
        f"{TEAM.format(p='p.id')} {_members(*_team_roles())} "
        "WHERE h.opens_on <= %(today)s AND h.closes_on >= %(today)s AND p.status = 'active' AND NOT EXISTS "
        "(SELECT 1 FROM assessments_healthcheckparticipant a WHERE a.health_check_id = h.id AND a.user_id = m.user_id) "
        "UNION ALL SELECT DISTINCT 'health_flagged', %(ct)s, h.id, h.due_date, m.user_id, p.id, "
        "jsonb_build_object('partnership', p.title, 'due', h.due_date, 'flag', h.flag, 'average', h.average::text), "
        "'/partnerships/' || p.id || '/health/' "
        f"FROM assessments_healthcheck h JOIN partnerships_partnership p ON p.id = h.partnership_id "
        f"{TEAM.format(p='p.id')} {_members('coordinator', 'executive')} "
        "WHERE h.closes_on < %(today)s AND h.average IS NOT NULL AND h.flag IN ('low', 'falling') "
        "AND p.status = 'active' AND NOT EXISTS (SELECT 1 FROM assessments_healthcheck n WHERE "
        "n.partnership_id = h.partnership_id AND n.due_date > h.due_date AND n.closes_on < %(today)s "
        "AND n.average IS NOT NULL)"
    )
    item_notice = today + timedelta(days=settings.INTERLOCK_ITEM_NOTICE_DAYS)
    report_ctx = (
        "jsonb_build_object('partnership', p.title, 'indicator', i.name, 'start', rp.start::varchar, "
        "'end', rp.\"end\"::varchar), '/partnerships/' || p.id || '/results/'"
    )
    field_reports = (
        "SELECT DISTINCT 'field_report_due', %(ct)s, i.id, %(report_end)s::date, m.user_id, p.id, "
        "jsonb_build_object('partnership', p.title, 'indicator', i.name, 'start', %(report_start)s::date::varchar, "
        "'end', %(report_end)s::date::varchar), '/partnerships/' || p.id || '/results/' "
        "FROM results_indicator i JOIN partnerships_partnership p ON p.id = i.partnership_id "
        f"{TEAM.format(p='p.id')} {_members('field_staff')} "
        "WHERE p.status = 'active' AND i.frequency = 3 AND (p.start_date IS NULL OR p.start_date <= %(report_end)s) "
        "AND NOT EXISTS (SELECT 1 FROM results_measurement x JOIN results_reportingperiod r ON r.id = x.period_id "
        "WHERE x.indicator_id = i.id AND r.start = %(report_start)s AND x.ministry_id = m.ministry_id "
        "AND COALESCE(x.field_unit_id, 0) = COALESCE(m.field_unit_id, 0) AND x.status <> 'draft') "
        "UNION ALL SELECT DISTINCT 'field_report_due', %(ct)s, i.id, rp.\"end\", m.user_id, p.id, "
        f"{report_ctx} FROM results_measurement x JOIN results_reportingperiod rp ON rp.id = x.period_id "
        "JOIN results_indicator i ON i.id = x.indicator_id JOIN partnerships_partnership p ON p.id = i.partnership_id "
        "JOIN ministries_membership m ON m.ministry_id = x.ministry_id AND m.role = 'field_staff' "
        "AND COALESCE(m.field_unit_id, 0) = COALESCE(x.field_unit_id, 0) "
        "JOIN accounts_user u ON u.id = m.user_id AND u.is_active "
        "WHERE x.status = 'returned' AND p.status = 'active' AND rp.\"end\" >= %(today)s - 400"
    )
    quarter = last_ended_periods(today)[3]
    digest = (
        "SELECT DISTINCT 'digest', %(ct)s, u.id, %(monday)s::date, u.id, NULL::bigint, '{}'::jsonb, %(home)s "
        "FROM accounts_user u JOIN ministries_membership m ON m.user_id = u.id AND m.role = 'executive' "
        "WHERE u.is_active"
    )
    return {
        "reviews": (reviews, "partnerships.partnership", {"notice": notice}),
        "health_checks": (health, "assessments.healthcheck", {}),
        "gates": (gates, "assessments.gaterequest", {"gate_since": _since(today, gate_days)}),
        "renewals": (renewals, "partnerships.partnership", {}),
        "charter_signatures": (charters, "charters.charterversion", {"sign_since": _since(today, sign_days)}),
        "milestones": (
            _items_sql(
                "results_milestone", ("milestone_due", "milestone_overdue", "milestone_escalated"), "/progress/"
            ),
            "results.milestone",
            {"notice": item_notice},
        ),
        "action_items": (
            _items_sql(
                "meetings_actionitem",
                ("action_item_due", "action_item_overdue", "action_item_escalated"),
                "/meetings/",
            ),
            "meetings.actionitem",
            {"notice": item_notice},
        ),
        "field_reports": (
            field_reports,
            "results.indicator",
            {"report_start": quarter[0], "report_end": quarter[1]},
        ),
        "weekly_digest": (
            digest,
            "accounts.user",
            {"monday": today - timedelta(days=today.weekday()), "home": reverse("dashboards:home")},
        ),
    }


def _team_roles():
    from assessments.health_permissions import TEAM_ROLES

    return [str(role) for role in TEAM_ROLES]


def _since(today, days):
    from partnerships.models import waited_since

    return waited_since(today, days)


def scans():
    from assessments import reminders as assessments_reminders
    from charters import reminders as charters_reminders
    from dashboards import reminders as dashboards_reminders
    from meetings import reminders as meetings_reminders
    from results import reminders as results_reminders

    return {
        "reviews": assessments_reminders.scan_reviews,
        "health_checks": assessments_reminders.scan_health_checks,
        "gates": assessments_reminders.scan_gates,
        "renewals": assessments_reminders.scan_renewals,
        "charter_signatures": charters_reminders.scan_charter_signatures,
        "milestones": results_reminders.scan_milestones,
        "action_items": meetings_reminders.scan_action_items,
        "field_reports": results_reminders.scan_field_reports,
        "weekly_digest": dashboards_reminders.scan_weekly_digest,
    }


class Rollback(Exception):
    pass


def best_of(run, repeats=3):
    """(best seconds, what the last run returned) of `run`, each run in a transaction rolled back."""
    from django.db import transaction

    best = result = None
    for _ in range(repeats):
        try:
            with transaction.atomic():
                started = time.perf_counter()
                result = run()
                took = time.perf_counter() - started
                raise Rollback
        except Rollback:
            best = took if best is None else min(best, took)
    return best, result


def raw_claim(sql, params):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return len(cursor.fetchall())


def measure(today):
    """For each scan: (raw seconds, raw rows, scan seconds, scan queries, reminders made, committed run seconds).

    The raw SQL and the scan are each timed the same way, the best of three runs rolled back; then the
    scan runs once for real (its claims commit, its reminders are queued), counting its queries.
    """
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    raw = raw_claims(today)
    escalate = today - timedelta(days=settings.INTERLOCK_ESCALATE_AFTER_DAYS)
    results = {}
    for name, scan in scans().items():
        sql, model, extra = raw[name]
        ct = ContentType.objects.get_by_natural_key(*model.split(".")).pk
        params = {"today": today, "ct": ct, "escalate": escalate, **extra}
        raw_seconds, raw_rows = best_of(lambda sql=sql, params=params: raw_claim(INSERT.format(sql), params))
        scan_seconds, _made = best_of(lambda scan=scan: scan(today=today))
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            made = scan(today=today)
            committed = time.perf_counter() - started
        results[name] = (raw_seconds, raw_rows, scan_seconds, len(queries), made, committed)
    return results


def report(results):
    print(
        f"\n{'scan':<20}{'reminders':>10}{'queries':>9}{'scan ms':>10}{'raw SQL ms':>12}{'ratio':>8}"
        f"{'committed run ms':>18}"
    )
    total_scan = total_raw = total_committed = 0
    for name, (raw_seconds, raw_rows, took, queries, made, committed) in results.items():
        total_scan += took
        total_raw += raw_seconds
        total_committed += committed
        same = "" if raw_rows == made else f"  (raw SQL made {raw_rows})"
        print(
            f"{name:<20}{made:>10}{queries:>9}{took * 1000:>10.1f}{raw_seconds * 1000:>12.1f}"
            f"{took / raw_seconds:>7.2f}x{committed * 1000:>18.1f}{same}"
        )
    print(
        f"{'all scans':<39}{total_scan * 1000:>10.1f}{total_raw * 1000:>12.1f}{total_scan / total_raw:>7.2f}x"
        f"{total_committed * 1000:>18.1f}"
    )
    print("Scan and raw SQL: best of 3 runs rolled back; committed run: the scan once for real, as the worker runs it.")
    print("Goal: every scan within 2x its raw SQL; all scans under 5 s at 100,000 partnerships.")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--partnerships", type=int, default=100_000)
    parser.add_argument("--ministries", type=int, default=100)
    args = parser.parse_args()

    with django_on_fresh_postgres():
        from django.db import connection
        from django.utils import timezone

        today = timezone.localdate()
        started = time.monotonic()
        fill(args.partnerships, ministries=args.ministries, today=today)
        connection.cursor().execute("ANALYZE")
        print(f"{args.partnerships} partnerships made in {time.monotonic() - started:.0f} s", flush=True)
        report(measure(today))


if __name__ == "__main__":
    main()
