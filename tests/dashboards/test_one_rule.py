"""One rule, one place: the attention list, the digest, the homes and the scans name the same late things.

A generated portfolio (reviews, milestones, action items, charters out for signature, gate requests and
health checks at random dates, in partnerships active, on hold or closed) is read by each of them, and
each must name the same things. Where they differ on purpose, the test says the rule:

- The scans also remind before a thing is late (review, milestone or action item due soon, a health check
  to answer, a renewal, a field report) and escalate what is long late: those are compared with the
  models' own rules (`due_soon`, `escalated`), not with the attention list, which shows only what is late.
- Budgets are on the attention list only: no scan reminds about money.
- The digest lists the attention list of the partnerships of the executive's own ministries (the
  executive's dashboard shows the same for someone who is only an executive), at most MAX_ITEMS.
"""

import random
from datetime import datetime, time, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from assessments import reminders as assessments_reminders
from assessments.models import GateRequest, HealthCheck
from assessments.review_services import reviews_due_for
from charters import reminders as charters_reminders
from charters.models import CharterSignature, CharterVersion
from dashboards import attention, digest
from dashboards import reminders as dashboards_reminders
from meetings import reminders as meetings_reminders
from meetings.models import ActionItem
from ministries.models import Role
from notifications.models import Kind, Reminder
from notifications.services import reminder_send
from partnerships import services as partnership_services
from partnerships.models import Partnership, Phase
from results import reminders as results_reminders
from results.models import Milestone
from tests.factories import MinistryFactory, person

TODAY = timezone.localdate()


def send_digests():
    """The digest scan, then each digest sent as the worker sends it (its list is made then)."""
    dashboards_reminders.scan_weekly_digest(today=TODAY)
    for reminder in Reminder.objects.filter(kind=Kind.DIGEST, sent_at__isnull=True):
        reminder_send(reminder_id=reminder.pk)


# What the scans send about a late thing, by the attention list's kind of exception.
LATE_KINDS = {
    Kind.CHARTER_SIGNATURE: "charter",
    Kind.GATE_WAITING: "gate",
    Kind.REVIEW_OVERDUE: "review",
    Kind.MILESTONE_OVERDUE: "milestone",
    Kind.ACTION_ITEM_OVERDUE: "action",
    Kind.HEALTH_FLAGGED: "health",
}


def local_moment(day, hour):
    """A moment of a local day: waiting is counted in local days, whatever the hour."""
    return timezone.make_aware(datetime.combine(day, time(hour)))


def new_partnership(title, ministries, **fields):
    """A partnership led by the first ministry (its creation also starts charter version 1 as a draft)."""
    return partnership_services.partnership_create(
        created_by=None,
        fields={"title": title, "problem": "Families fall between programs.", "public_value": "One door.", **fields},
        regions=[],
        participations=[
            {"ministry": m, "role": "lead" if i == 0 else "supporting", "gain_share": 0, "risk_share": 0}
            for i, m in enumerate(ministries)
        ],
    )


def coordinator_of(ministry):
    return get_user_model().objects.get(username=f"coordinator{ministry.short_name}")


def executive_of(ministry):
    return get_user_model().objects.get(username=f"executive{ministry.short_name}")


def out_for_signature(partnership, sent, signed_by=()):
    version = CharterVersion.objects.create(
        partnership=partnership, number=2, status=CharterVersion.Status.SIGNING, sent_for_signature_at=sent
    )
    for ministry in signed_by:
        CharterSignature.objects.create(version=version, ministry=ministry, signed_by=executive_of(ministry))
    return version


def gate_request(partnership, requested_at, status=GateRequest.Status.PENDING):
    request = GateRequest.objects.create(partnership=partnership, cycle=1, from_phase=partnership.phase, status=status)
    GateRequest.objects.filter(pk=request.pk).update(requested_at=requested_at)
    return request


def health_check(partnership, due, *, closes_in, flag, average="3.00"):
    return HealthCheck.objects.create(
        partnership=partnership,
        due_date=due,
        opens_on=due,
        closes_on=due + timedelta(days=closes_in),
        response_count=5,
        average=average,
        flag=flag,
    )


@pytest.fixture
def ministries(db):
    """Four ministries, each with a coordinator and an executive (who signs for it)."""
    made = [MinistryFactory(short_name=f"M{i}", name=f"Ministry {i}") for i in range(4)]
    for ministry in made:
        person(ministry, Role.COORDINATOR, user__username=f"coordinator{ministry.short_name}")
        person(ministry, Role.EXECUTIVE, user__username=f"executive{ministry.short_name}")
    return made


def generate_portfolio(ministries, seed, size=12):
    """Partnerships with late and not-yet-late things of every kind, a few on hold or closed."""
    rng = random.Random(seed)
    for i in range(size):
        partners = rng.sample(ministries, rng.choice([2, 3]))
        p = new_partnership(f"P{i:02d}", partners, phase=rng.choice(list(Phase)))
        status = rng.choices(list(Partnership.Status), weights=[7, 2, 2])[0]
        review = TODAY + timedelta(days=rng.randint(-20, 20)) if rng.random() < 0.8 else None
        Partnership.objects.filter(pk=p.pk).update(status=status, next_review_due=review)
        for n in range(rng.randint(0, 2)):
            done = rng.random() < 0.25
            Milestone.objects.create(
                partnership=p,
                title=f"P{i:02d} milestone {n}",
                due_date=TODAY + timedelta(days=rng.randint(-15, 10)),
                owner_ministry=rng.choice([None, *partners]),
                status=Milestone.Status.DONE if done else Milestone.Status.OPEN,
                done_at=timezone.now() if done else None,
            )
        for n in range(rng.randint(0, 2)):
            ActionItem.objects.create(
                partnership=p,
                title=f"P{i:02d} action {n}",
                due_date=rng.choice([None, TODAY + timedelta(days=rng.randint(-15, 10))]),
                owner_ministry=rng.choice([None, *partners]),
                status=rng.choices(list(ActionItem.Status), weights=[6, 1, 1])[0],
            )
        if rng.random() < 0.5:
            sent = local_moment(TODAY - timedelta(days=rng.randint(0, 12)), rng.choice([0, 9, 23]))
            out_for_signature(p, sent, signed_by=rng.sample(partners, rng.randint(0, len(partners) - 1)))
        if rng.random() < 0.7:
            requested = local_moment(TODAY - timedelta(days=rng.randint(0, 6)), rng.choice([0, 9, 23]))
            gate_request(p, requested, rng.choice([GateRequest.Status.PENDING] * 3 + [GateRequest.Status.DECIDED]))
        for n in range(rng.randint(0, 2)):
            # The older check first; a flag counts only once answering has closed, from the newest such check.
            due = TODAY - timedelta(days=rng.randint(1, 60) + 90 * (1 - n))
            flag = rng.choice(list(HealthCheck.Flag))
            health_check(p, due, closes_in=rng.choice([7, 100]), flag=flag)


def late_counted_one_by_one(gate_days, charter_days):
    """What is late on TODAY, read row by row in Python: the rules written out, apart from the code under test."""
    active = {p.pk for p in Partnership.objects.all() if p.status == "active"}
    late = {
        ("review", p.pk) for p in Partnership.objects.all() if p.pk in active and (p.next_review_due or TODAY) < TODAY
    }
    for kind, model in (("milestone", Milestone), ("action", ActionItem)):
        late |= {
            (kind, item.pk)
            for item in model.objects.all()
            if item.partnership_id in active and item.status == "open" and (item.due_date or TODAY) < TODAY
        }
    late |= {
        ("gate", g.pk)
        for g in GateRequest.objects.all()
        if g.partnership_id in active
        and g.status == "pending"
        and (TODAY - timezone.localdate(g.requested_at)).days >= gate_days
    }
    late |= {
        ("charter", v.pk)
        for v in CharterVersion.objects.all()
        if v.partnership_id in active
        and v.status == "signing"
        and (TODAY - timezone.localdate(v.sent_for_signature_at)).days >= charter_days
    }
    newest = {}
    for check in HealthCheck.objects.order_by("due_date"):
        if check.closes_on < TODAY and check.average is not None:
            newest[check.partnership_id] = check
    late |= {("health", c.pk) for c in newest.values() if c.partnership_id in active and c.flag in ("low", "falling")}
    return late


def run_scans(today):
    assessments_reminders.scan_reviews(today=today)
    assessments_reminders.scan_gates(today=today)
    assessments_reminders.scan_health_checks(today=today)
    charters_reminders.scan_charter_signatures(today=today)
    results_reminders.scan_milestones(today=today)
    meetings_reminders.scan_action_items(today=today)


def subjects(*kinds, recipient=None):
    """(kind, subject id) of what the scans reminded someone of."""
    reminders = Reminder.objects.filter(kind__in=kinds)
    if recipient is not None:
        reminders = reminders.filter(recipient=recipient)
    return {(kind, pk) for kind, pk in reminders.values_list("kind", "subject_id")}


def late_by_scans():
    return {(LATE_KINDS[kind], pk) for kind, pk in subjects(*LATE_KINDS)}


def named(items):
    """(kind, subject id) of attention items, leaving out budgets (no scan reminds about money)."""
    return {(item.kind, item.subject.pk) for item in items if item.kind != "budget"}


def worded(kind, context):
    """What a digest line or a reminder names: its kind, partnership, thing and date."""
    thing = context.get("title") or context.get("version") or context.get("flag") or context.get("phase")
    return (kind, context["partnership"], thing, context.get("due") or context.get("sent") or context.get("requested"))


@pytest.mark.parametrize(
    ("seed", "gate_days", "charter_days", "escalate_days", "item_notice_days"),
    [(1, 2, 7, 7, 7), (2, 1, 3, 3, 14), (3, 4, 10, 10, 3)],
)
def test_attention_list_digest_homes_and_scans_name_the_same_late_things(
    client_for, settings, ministries, seed, gate_days, charter_days, escalate_days, item_notice_days
):
    settings.INTERLOCK_GATE_WAITING_DAYS = gate_days
    settings.INTERLOCK_CHARTER_SIGNATURE_DAYS = charter_days
    settings.INTERLOCK_ESCALATE_AFTER_DAYS = escalate_days
    settings.INTERLOCK_ITEM_NOTICE_DAYS = item_notice_days
    generate_portfolio(ministries, seed)
    first = ministries[0]
    executive, coordinator = executive_of(first), coordinator_of(first)

    everything = attention.attention_items(Partnership.objects.all(), today=TODAY)
    page = client_for(executive).get(reverse("dashboards:executive"), {"all": "1"}).context
    assert page["attention_count"] == len(page["attention"])  # one page holds them all
    home = client_for(coordinator).get(reverse("dashboards:home")).context
    run_scans(TODAY)
    send_digests()

    # The attention list over every partnership names exactly what the scans remind of as late.
    assert named(everything) == late_by_scans()
    assert named(everything)  # the generated portfolio has late things to compare
    # The same things counted one by one from the rows, and nothing of a partnership on hold or closed.
    assert named(everything) == late_counted_one_by_one(gate_days, charter_days)
    assert all(item.partnership.status == Partnership.Status.ACTIVE for item in everything)

    # The executive's dashboard: the attention list of the partnerships their ministry takes part in.
    theirs = Partnership.objects.filter(participations__ministry=first)
    assert {(i.kind, i.subject.pk) for i in page["attention"]} == {
        (i.kind, i.subject.pk) for i in everything if i.partnership in theirs
    }
    # The digest: the same list (less budgets), worded like the scans' reminders about the same things.
    items = Reminder.objects.get(kind=Kind.DIGEST, recipient=executive).context["items"]
    assert len(items) < digest.MAX_ITEMS  # nothing was cut off
    in_digest = {worded(i["kind"], i["context"]) for i in items}
    shown = {worded(i.reminder_kind, i.context) for i in page["attention"] if i.kind != "budget"}
    assert in_digest == shown
    reminded = Reminder.objects.filter(kind__in=LATE_KINDS, partnership__in=theirs).exclude(
        kind=Kind.CHARTER_SIGNATURE  # one reminder per ministry still to sign; the digest names them together
    )
    assert {worded(r.kind, r.context) for r in reminded} == {w for w in in_digest if w[0] != Kind.CHARTER_SIGNATURE}

    # Reminders before things are late, and escalations, follow the models' rules too.
    assert subjects(Kind.MILESTONE_DUE, Kind.MILESTONE_OVERDUE) == {
        (Kind.MILESTONE_OVERDUE if m.is_overdue_on(TODAY) else Kind.MILESTONE_DUE, m.pk)
        for m in Milestone.objects.due_soon(TODAY).select_related("partnership")
    }
    assert subjects(Kind.ACTION_ITEM_ESCALATED) == {
        (Kind.ACTION_ITEM_ESCALATED, a.pk) for a in ActionItem.objects.escalated(TODAY)
    }
    assert subjects(Kind.MILESTONE_ESCALATED) == {
        (Kind.MILESTONE_ESCALATED, m.pk) for m in Milestone.objects.escalated(TODAY)
    }
    assert subjects(Kind.REVIEW_ESCALATED) == {
        (Kind.REVIEW_ESCALATED, p.pk) for p in Partnership.objects.review_escalated(TODAY)
    }
    # The coordinator's home lists the reviews the review scan reminded them of.
    reminded_reviews = subjects(Kind.REVIEW_DUE, Kind.REVIEW_OVERDUE, recipient=coordinator)
    assert {p.pk for p in home["reviews_due"]} == {pk for _kind, pk in reminded_reviews}


def test_each_thing_alone_is_late_exactly_when_its_rule_says(ministries):
    """The badges on a partnership's pages ask the thing itself: the same answer as the lists."""
    generate_portfolio(ministries, seed=4, size=10)

    for m in Milestone.objects.select_related("partnership"):
        assert m.is_overdue_on(TODAY) == Milestone.objects.overdue(TODAY).filter(pk=m.pk).exists()
        assert m.is_overdue == m.is_overdue_on(TODAY)
    for a in ActionItem.objects.select_related("partnership"):
        assert a.is_overdue_on(TODAY) == ActionItem.objects.overdue(TODAY).filter(pk=a.pk).exists()
        assert a.is_escalated_on(TODAY) == ActionItem.objects.escalated(TODAY).filter(pk=a.pk).exists()
    for p in Partnership.objects.all():
        assert p.review_is_overdue(TODAY) == Partnership.objects.review_overdue(TODAY).filter(pk=p.pk).exists()
        assert p.review_is_escalated(TODAY) == Partnership.objects.review_escalated(TODAY).filter(pk=p.pk).exists()


def late_everywhere(executive, coordinator):
    """What the attention list, the digest, the scans and the coordinator's home name, after a fresh run."""
    Reminder.objects.all().delete()
    run_scans(TODAY)
    send_digests()
    digest_reminder = Reminder.objects.filter(kind=Kind.DIGEST, recipient=executive).first()
    return {
        "attention": named(attention.attention_items(Partnership.objects.all(), today=TODAY)),
        "digest": sorted(i["kind"] for i in digest_reminder.context["items"]) if digest_reminder else [],
        "scans": late_by_scans(),
        "due soon": subjects(Kind.REVIEW_DUE, Kind.MILESTONE_DUE, recipient=coordinator),
        "home": [p.title for p in reviews_due_for(coordinator, today=TODAY)],
    }


def test_the_edges_of_late_due_and_escalated(settings, ministries):
    settings.INTERLOCK_ESCALATE_AFTER_DAYS, settings.INTERLOCK_ITEM_NOTICE_DAYS = 7, 3
    settings.INTERLOCK_REVIEW_NOTICE_DAYS = 10
    p = new_partnership("Shared intake", ministries[:2])
    Partnership.objects.filter(pk=p.pk).update(next_review_due=TODAY)
    p.refresh_from_db()
    items = {
        days: Milestone.objects.create(partnership=p, title=f"Due in {days}", due_date=TODAY + timedelta(days=days))
        for days in (-8, -7, -6, -1, 0, 3, 4)
    }

    def days_from_today(queryset):
        return sorted((m.due_date - TODAY).days for m in queryset)

    assert days_from_today(Milestone.objects.overdue(TODAY)) == [-8, -7, -6, -1]  # due today is not late yet
    assert days_from_today(Milestone.objects.escalated(TODAY)) == [-8, -7]  # late by seven days or more
    assert days_from_today(Milestone.objects.due_soon(TODAY)) == [-8, -7, -6, -1, 0, 3]  # within three days, or late
    assert [m.is_overdue for m in items.values()] == [True, True, True, True, False, False, False]
    # A review due today is due, not overdue; it is within the notice on the day itself.
    assert list(Partnership.objects.review_due_soon(TODAY)) == [p]
    assert [p.review_is_overdue(TODAY + timedelta(days=d)) for d in (0, 1)] == [False, True]
    assert [p.review_is_escalated(TODAY + timedelta(days=d)) for d in (6, 7)] == [False, True]


def test_changing_a_threshold_changes_the_list_the_digest_the_scans_and_the_home_together(settings, ministries):
    first, second = ministries[:2]
    executive, coordinator = executive_of(first), coordinator_of(first)
    p = new_partnership("Shared intake", [first, second])
    Partnership.objects.filter(pk=p.pk).update(next_review_due=TODAY + timedelta(days=10))
    # Asked for three local days ago just before midnight; sent for signature five days ago just after.
    gate = gate_request(p, local_moment(TODAY - timedelta(days=3), 23))
    charter = out_for_signature(p, local_moment(TODAY - timedelta(days=5), 0))
    milestone = Milestone.objects.create(partnership=p, title="Intake open", due_date=TODAY + timedelta(days=5))

    settings.INTERLOCK_GATE_WAITING_DAYS, settings.INTERLOCK_CHARTER_SIGNATURE_DAYS = 3, 6
    settings.INTERLOCK_REVIEW_NOTICE_DAYS, settings.INTERLOCK_ITEM_NOTICE_DAYS = 14, 4
    assert late_everywhere(executive, coordinator) == {
        "attention": {("gate", gate.pk)},
        "digest": [Kind.GATE_WAITING],
        "scans": {("gate", gate.pk)},
        "due soon": {(Kind.REVIEW_DUE, p.pk)},
        "home": ["Shared intake"],
    }

    settings.INTERLOCK_GATE_WAITING_DAYS, settings.INTERLOCK_CHARTER_SIGNATURE_DAYS = 4, 5
    settings.INTERLOCK_REVIEW_NOTICE_DAYS, settings.INTERLOCK_ITEM_NOTICE_DAYS = 9, 5
    assert late_everywhere(executive, coordinator) == {
        "attention": {("charter", charter.pk)},
        "digest": [Kind.CHARTER_SIGNATURE],
        "scans": {("charter", charter.pk)},
        "due soon": {(Kind.MILESTONE_DUE, milestone.pk)},
        "home": [],
    }


def test_the_review_tab_marks_an_overdue_review_only_while_the_partnership_is_at_work(client_for, ministries):
    first, second = ministries[:2]
    coordinator = coordinator_of(first)
    p = new_partnership("Shared intake", [first, second])
    Partnership.objects.filter(pk=p.pk).update(next_review_due=TODAY - timedelta(days=1))
    url = reverse("assessments:reviews", args=[p.pk])

    active = client_for(coordinator).get(url).content.decode()
    Partnership.objects.filter(pk=p.pk).update(status=Partnership.Status.ON_HOLD)
    on_hold = client_for(coordinator).get(url).content.decode()

    assert '<span class="badge text-bg-danger">Overdue</span>' in active
    assert '<span class="badge text-bg-danger">Overdue</span>' not in on_hold
