"""Writes for meetings, decisions (with weighted votes) and conflicts with their escalation ladder."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from meetings.models import (
    ActionItem,
    Conflict,
    ConflictArrangement,
    ConflictEscalation,
    Decision,
    EscalationLevel,
    Mechanism,
    Meeting,
    MeetingAttendance,
    Vote,
)
from meetings.permissions import vote_ministry_ids
from ministries.models import Role
from ministries.permissions import people_holding
from notifications.models import Kind, Reminder
from notifications.services import remind

MEETING_FIELDS = ["kind", "team", "date", "title", "minutes"]


def _check_team(partnership, team):
    if team is not None and team.partnership_id != partnership.pk:
        raise ValidationError({"team": _("Choose a standing team of this partnership, or none.")})


@transaction.atomic
def meeting_save(*, partnership, by, fields, attendance, meeting=None):
    """Create or change a meeting. `attendance` maps each participating ministry to who came ("" = nobody)."""
    if fields.get("date") and fields["date"] > timezone.localdate() and fields.get("minutes", "").strip():
        raise ValidationError({"minutes": _("Minutes can only be written for a meeting that has taken place.")})
    _check_team(partnership, fields.get("team"))
    new = meeting is None
    if new:
        meeting = Meeting(partnership=partnership, created_by=by)
    # The date as stored: a ModelForm has already copied the new one onto the instance it was given.
    stored = None if new else Meeting.objects.filter(pk=meeting.pk).values_list("date", flat=True).first()
    moved = not new and "date" in fields and fields["date"] != stored
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.full_clean()
    if moved:
        meeting.sequence += 1
    meeting.save()
    participating = partnership.ministry_ids
    meeting.attendances.all().delete()
    MeetingAttendance.objects.bulk_create(
        MeetingAttendance(meeting=meeting, ministry=ministry, people=people.strip()[:500])
        for ministry, people in attendance.items()
        if people.strip() and ministry.pk in participating
    )
    if (new or moved) and meeting.date >= timezone.localdate():
        meeting_invite(meeting=meeting)
    return meeting


@transaction.atomic
def meeting_invite(*, meeting):
    """E-mail the participants' coordinators and executives an invitation (.ics) to the meeting on its date.

    One invitation per person and date (the reminder's key): a meeting that moves is announced again
    with its new date, and the attached event's higher SEQUENCE replaces the old one in their calendars.
    """
    partnership = meeting.partnership
    # A meeting moved back to a date it had before is announced again: forget the earlier promise.
    Reminder.objects.filter(
        subject_type=ContentType.objects.get_for_model(Meeting),
        subject_id=meeting.pk,
        kind=Kind.MEETING_INVITATION,
        due_date=meeting.date,
    ).delete()
    return remind(
        subject=meeting,
        kind=Kind.MEETING_INVITATION,
        due_date=meeting.date,
        recipients=people_holding(partnership.participant_ministry_ids, Role.COORDINATOR, Role.EXECUTIVE),
        partnership=partnership,
        context={
            "title": meeting.title or str(meeting.get_kind_display()),
            "partnership": partnership.title,
            "start": meeting.date.isoformat(),
        },
        url=reverse("meetings:meeting", args=[partnership.pk, meeting.pk]),
    )


# Weighted votes


@dataclass(frozen=True)
class VoteWeights:
    """The weight of each ministry's vote in a weighted vote, in %, lead ministry first."""

    weighting: str  # a ConflictArrangement.Weighting
    agreed: bool  # False while point 11 is not agreed: then the risk shares count
    rows: list  # (ministry, weight)

    @property
    def weighting_label(self):
        return ConflictArrangement.Weighting(self.weighting).label

    def by_ministry_id(self):
        return {ministry.pk: weight for ministry, weight in self.rows}


# Money is budgets' business, and budgets sits above meetings: it registers here, when it loads,
# the function that says what each ministry committed to a partnership ({ministry id: Decimal}).
_money_committed = []


def register_money_committed(source):
    _money_committed[:] = [source]


def _shares(amounts):
    """Amounts as shares of 100, to the cent; all equal when nothing is committed yet."""
    total = sum(amounts, Decimal(0))
    if not amounts:
        return []
    if not total:
        return [(Decimal(100) / len(amounts)).quantize(Decimal("0.01")) for _amount in amounts]
    return [(Decimal(100) * amount / total).quantize(Decimal("0.01")) for amount in amounts]


# How votes weigh and when a committee's gate decision carries: the partners change these only
# together, through a proposal (partnerships.services.follow_structure_rules, registered in apps.py).
DECISION_RULES = ("weighting", "committee_rule")


def decision_rules(partnership):
    """The point-11 rules in force, as plain values (the defaults until the partners set them)."""
    arrangement = ConflictArrangement.objects.filter(partnership=partnership).first() or ConflictArrangement()
    return {name: getattr(arrangement, name) for name in DECISION_RULES}


def decision_rules_write(partnership, values, by):
    """Put agreed rules in force (called when every partner agreed to the proposal)."""
    arrangement = ConflictArrangement.objects.filter(partnership=partnership).first()
    if arrangement is None:
        # The worksheet was never saved: the other answers stay to be given at point 11.
        arrangement = ConflictArrangement(partnership=partnership, mechanism=Mechanism.CONSENSUS)
    for name in DECISION_RULES:
        setattr(arrangement, name, values[name])
    arrangement.updated_by = by
    arrangement.save()


def decision_rules_describe(before, after):
    changes = []
    for name in DECISION_RULES:
        field = ConflictArrangement._meta.get_field(name)
        old, new = before.get(name, field.default), after[name]
        if old != new:
            choices = dict(field.flatchoices)
            changes.append(
                (str(field.verbose_name).capitalize(), str(choices.get(old, old)), str(choices.get(new, new)))
            )
    return changes


def decision_rules_change(partnership, values):
    """The rules in `values` when they differ from those in force (so every partner must agree), else None.

    A first worksheet that keeps the defaults (votes weigh the risk shares, every member approves) changes nothing.
    """
    wanted = {name: values[name] for name in DECISION_RULES}
    return wanted if wanted != decision_rules(partnership) else None


def vote_weights(partnership):
    """Each ministry's relative size for a weighted vote, as the partners agreed at point 11.

    The point-11 worksheet says whether a vote weighs by share of the risks (what each
    ministry stands to lose), by share of the gains, by share of the money committed to the
    budget, or equally. Until it is agreed, the risk shares count. Weights are copied onto
    each vote when the vote opens, so a later change of shares, money or agreement never
    rewrites a past outcome; nobody types a weight.
    """
    arrangement = ConflictArrangement.objects.filter(partnership=partnership).first()
    weighting = arrangement.weighting if arrangement else ConflictArrangement.Weighting.RISK_SHARE
    committed = None
    if weighting == ConflictArrangement.Weighting.MONEY_COMMITTED:
        committed = _money_committed[0](partnership) if _money_committed else {}
    return weights_for(partnership.deciding_parties, arrangement, committed)


def weights_for(participants, arrangement, committed):
    """The weights of `participants` under `arrangement` (None: not agreed, risk shares count), given
    what each committed ({ministry id: amount}, read only when the votes weigh money). The rule of
    vote_weights, for a page that loads many partnerships' arrangements and money at once."""
    weighting = arrangement.weighting if arrangement else ConflictArrangement.Weighting.RISK_SHARE
    if weighting == ConflictArrangement.Weighting.GAIN_SHARE:
        weights = [p.gain_share for p in participants]
    elif weighting == ConflictArrangement.Weighting.EQUAL:
        weights = _shares([Decimal(0)] * len(participants))
    elif weighting == ConflictArrangement.Weighting.MONEY_COMMITTED:
        weights = _shares([committed.get(p.ministry_id, Decimal(0)) for p in participants])
    else:
        weights = [p.risk_share for p in participants]
    rows = [(p.ministry, weight) for p, weight in zip(participants, weights, strict=True)]
    return VoteWeights(weighting=weighting, agreed=arrangement is not None, rows=rows)


@transaction.atomic
def decision_record(
    *,
    partnership,
    by,
    title,
    mechanism,
    text="",
    decided_on=None,
    meeting=None,
    conflict=None,
    consensus_reached=True,
    approving_level="",
    approving_outcome=Decision.Outcome.ADOPTED,
    votes=(),
):
    """Record a decision and work out its outcome from the mechanism.

    - consensus: adopted, or "no consensus — goes to the approving level";
    - approving level: what `approving_level` decided (adopted or not);
    - weighted vote: a vote opens for every participant, with the weight point 11 gives it.
      `votes` are the (ministry, choice) pairs the recorder heard; a vote the recorder may
      cast for that ministry counts at once, any other waits for the ministry to confirm it
      (see `vote_cast`). The outcome waits until every participant's vote counts.

    A decision on a conflict needs the conflict's agreed definition first; an adopted or
    rejected outcome resolves the conflict, a tie takes it to the approving level.
    """
    errors = {}
    if meeting is not None and meeting.partnership_id != partnership.pk:
        errors["meeting"] = _("Choose a meeting of this partnership.")
    if conflict is not None:
        if conflict.partnership_id != partnership.pk:
            errors["conflict"] = _("Choose a conflict of this partnership.")
        elif not conflict.is_open:
            errors["conflict"] = _("This conflict is already closed.")
        elif not conflict.agreed_definition.strip():
            errors["title"] = _("First write the definition of the conflict that every partner agrees on, then decide.")
    if mechanism == Mechanism.APPROVING_LEVEL and not approving_level.strip():
        errors["approving_level"] = _("Say who at the approving level decided.")
    participating = partnership.participant_ministry_ids
    if mechanism == Mechanism.WEIGHTED_VOTE and any(ministry.pk not in participating for ministry, _choice in votes):
        errors["votes"] = _("Only participating organisations vote.")
    if errors:
        raise ValidationError(errors)

    if mechanism == Mechanism.CONSENSUS:
        outcome = Decision.Outcome.ADOPTED if consensus_reached else Decision.Outcome.NO_CONSENSUS
    elif mechanism == Mechanism.APPROVING_LEVEL:
        if approving_outcome not in (Decision.Outcome.ADOPTED, Decision.Outcome.REJECTED):
            raise ValidationError({"approving_outcome": _("Choose whether it was adopted.")})
        outcome = approving_outcome
    elif mechanism == Mechanism.WEIGHTED_VOTE:
        outcome = Decision.Outcome.WAITING  # counted below, once the votes are in
    else:
        raise ValidationError({"mechanism": _("Choose how it was decided.")})

    decision = Decision.objects.create(
        partnership=partnership,
        meeting=meeting,
        conflict=conflict,
        title=title.strip(),
        text=text.strip(),
        mechanism=mechanism,
        outcome=outcome,
        decided_on=decided_on or timezone.localdate(),
        approving_level=approving_level.strip() if mechanism == Mechanism.APPROVING_LEVEL else "",
        created_by=by,
    )
    if mechanism == Mechanism.WEIGHTED_VOTE:
        heard = {ministry.pk: choice for ministry, choice in votes}
        speaks_for = vote_ministry_ids(by, decision)
        now = timezone.now()
        Vote.objects.bulk_create(
            Vote(
                decision=decision,
                ministry=ministry,
                weight=weight,
                choice=heard.get(ministry.pk, ""),
                recorded_by=by if ministry.pk in heard else None,
                confirmed_by=by if ministry.pk in heard and ministry.pk in speaks_for else None,
                confirmed_at=now if ministry.pk in heard and ministry.pk in speaks_for else None,
            )
            for ministry, weight in vote_weights(partnership).rows
        )
        _count_votes(decision, by)
    elif conflict is not None:
        _settle_conflict(conflict, decision, by)
    return decision


def _count_votes(decision, by):
    """Once every party's vote counts, the weighted vote gives the outcome; until then it waits."""
    if decision.waiting_votes:
        return
    decision.outcome = decision.vote_count.outcome
    decision.save(update_fields=["outcome"])
    if decision.conflict_id:
        _settle_conflict(decision.conflict, decision, by)


@transaction.atomic
def vote_cast(*, decision, ministry, by, choice):
    """Cast, or confirm, one party's vote on a decision that waits for votes.

    Only someone who speaks for the party may: its executive, a person it delegated signing to,
    or its representative at the meeting. A recorded vote they change is theirs to change; a
    vote that counts already is final, and whoever comes second is told who cast it and when.
    """
    decision = (
        Decision.objects.select_for_update(of=("self",)).select_related("partnership", "meeting").get(pk=decision.pk)
    )
    if ministry.pk not in vote_ministry_ids(by, decision):
        raise PermissionDenied(_("You cannot vote for this ministry."))
    vote = Vote.objects.select_related("confirmed_by").filter(decision=decision, ministry=ministry).first()
    if vote is None:
        raise ValidationError(_("This ministry has no vote on this decision."))
    if vote.is_confirmed:
        raise ValidationError(
            _("%(who)s already cast the vote of %(ministry)s on %(when)s: %(choice)s. It counts as it is.")
            % {
                "who": vote.confirmed_by or _("someone"),
                "ministry": ministry.short_name,
                "when": date_format(timezone.localtime(vote.confirmed_at), "DATETIME_FORMAT"),
                "choice": vote.get_choice_display(),
            }
        )
    if choice not in Vote.Choice.values:
        raise ValidationError({"choice": _("Choose for, against or abstains.")})
    if vote.recorded_by_id is None:
        vote.recorded_by = by
    vote.choice = choice
    vote.confirmed_by = by
    vote.confirmed_at = timezone.now()
    vote.save(update_fields=["choice", "recorded_by", "confirmed_by", "confirmed_at"])
    _count_votes(decision, by)
    return vote


@transaction.atomic
def decision_record_verdict(*, decision, by, verdict, verdict_by, verdict_on=None, note=""):
    """The approving level's verdict on a tie or on a decision without consensus."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if not decision.awaits_approving_level:
        raise ValidationError(_("This decision does not wait for the approving level."))
    if verdict not in Decision.Verdict.values:
        raise ValidationError({"verdict": _("Choose whether the approving level adopted it.")})
    if not verdict_by.strip():
        raise ValidationError({"verdict_by": _("Say who at the approving level decided.")})
    decision.verdict = verdict
    decision.verdict_by = verdict_by.strip()
    decision.verdict_on = verdict_on or timezone.localdate()
    decision.verdict_note = note.strip()
    decision.save(update_fields=["verdict", "verdict_by", "verdict_on", "verdict_note"])
    if decision.conflict_id:
        _settle_conflict(decision.conflict, decision, by)
    return decision


def _settle_conflict(conflict, decision, by):
    if decision.awaits_approving_level:
        _reach(conflict, EscalationLevel.APPROVING_LEVEL, by, decision.decided_on, decision.get_outcome_display())
        return
    Conflict.objects.filter(pk=conflict.pk, status=Conflict.Status.OPEN).update(
        status=Conflict.Status.RESOLVED, resolved_at=timezone.now(), updated_at=timezone.now()
    )


# Conflicts


def _reach(conflict, level, by, day, note=""):
    """Record that the conflict reached `level`, and every lower rung it skipped, on `day`."""
    reached = set(conflict.escalations.values_list("level", flat=True))
    for rung in EscalationLevel:
        if rung <= level and rung not in reached:
            ConflictEscalation.objects.create(
                conflict=conflict, level=rung, reached_on=day, note=note if rung == level else "", by=by
            )


@transaction.atomic
def conflict_raise(*, partnership, by, ministry, kind, title, description, raised_on=None):
    """Raise a conflict or an obstacle. It starts at the first rung: the working group, on `raised_on`
    (today by default; earlier for one raised before the partnership was recorded here)."""
    if ministry is None or ministry.pk not in partnership.ministry_ids:
        raise ValidationError({"ministry": _("Choose an organisation that takes part in the partnership.")})
    raised_on = raised_on or timezone.localdate()
    partnership.check_happened_on(raised_on, field="raised_on")
    conflict = Conflict(
        partnership=partnership,
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        raised_by=by,
        raised_by_ministry=ministry,
    )
    conflict.full_clean()
    conflict.save()
    _reach(conflict, EscalationLevel.WORKING_GROUP, by, raised_on)
    return conflict


@transaction.atomic
def conflict_update(*, conflict, by, fields):
    """The agreed definition and the alternatives, as the partners work the conflict through."""
    if not conflict.is_open:
        raise ValidationError(_("This conflict is closed."))
    for name in ("title", "description", "agreed_definition", "alternatives"):
        if name in fields:
            setattr(conflict, name, fields[name].strip())
    conflict.full_clean()
    conflict.save()
    return conflict


@transaction.atomic
def conflict_escalate(*, conflict, by, reached_on=None, note=""):
    """Take the conflict one rung up: working group → steering committee → approving level."""
    conflict = Conflict.objects.select_for_update().get(pk=conflict.pk)
    if not conflict.is_open:
        raise ValidationError(_("This conflict is closed."))
    current = max(conflict.escalations.values_list("level", flat=True), default=0)
    if current >= EscalationLevel.APPROVING_LEVEL:
        raise ValidationError(_("The conflict is already with the approving level, the top of the ladder."))
    day = reached_on or timezone.localdate()
    last = conflict.escalations.order_by("-level").first()
    if last is not None and day < last.reached_on:
        raise ValidationError({"reached_on": _("Choose a date on or after the previous step.")})
    if day > timezone.localdate():
        raise ValidationError({"reached_on": _("The date cannot be in the future.")})
    conflict.partnership.check_happened_on(day, field="reached_on")
    _reach(conflict, EscalationLevel(current + 1), by, day, note.strip())
    return conflict


@transaction.atomic
def conflict_withdraw(*, conflict, by):
    conflict = Conflict.objects.select_for_update().get(pk=conflict.pk)
    if conflict.status == Conflict.Status.WITHDRAWN:
        return conflict
    if not conflict.is_open:
        raise ValidationError(_("This conflict is closed."))
    conflict.status = Conflict.Status.WITHDRAWN
    conflict.save(update_fields=["status", "updated_at"])
    return conflict


@transaction.atomic
def action_item_create(
    *,
    partnership,
    title,
    owner=None,
    owner_ministry=None,
    due_date=None,
    created_by,
    source="",
    meeting=None,
    team=None,
):
    """Something someone agreed to do, by a date. Used by meetings and by gate conditions.

    `owner` is a person, `owner_ministry` a participating ministry; either, both or neither.
    """
    if not (title or "").strip():
        raise ValidationError({"title": _("Say what is to be done.")})
    if owner_ministry is not None and owner_ministry.pk not in set(
        partnership.participations.values_list("ministry_id", flat=True)
    ):
        raise ValidationError({"owner_ministry": _("Choose an organisation that takes part in the partnership.")})
    if meeting is not None and meeting.partnership_id != partnership.pk:
        raise ValidationError({"meeting": _("Choose a meeting of this partnership.")})
    _check_team(partnership, team)
    return ActionItem.objects.create(
        partnership=partnership,
        meeting=meeting,
        team=team if team is not None else getattr(meeting, "team", None),
        title=title.strip()[:300],
        owner=owner,
        owner_ministry=owner_ministry,
        due_date=due_date,
        created_by=created_by,
        source=(source or "")[:200],
    )


@transaction.atomic
def action_item_set_status(*, item, by, status):
    item = ActionItem.objects.select_for_update().order_by().get(pk=item.pk)
    if status not in ActionItem.Status.values:
        raise ValidationError(_("Choose open, done or cancelled."))
    if item.status == status:
        return item
    item.status = status
    item.closed_at = None if status == ActionItem.Status.OPEN else timezone.now()
    item.save(update_fields=["status", "closed_at"])
    return item


@transaction.atomic
def action_items_hand_over(*, person, successor):
    """A person leaving: their open action items go to `successor` (only counted when it is None)."""
    items = ActionItem.objects.open().filter(owner=person)
    count = items.update(owner=successor) if successor is not None else items.count()
    if not count:
        return []
    return [ngettext("%(count)d open action item", "%(count)d open action items", count) % {"count": count}]
