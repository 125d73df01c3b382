"""Writes for meetings, decisions (with weighted votes) and conflicts with their escalation ladder."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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
    if meeting is None:
        meeting = Meeting(partnership=partnership, created_by=by)
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.full_clean()
    meeting.save()
    participating = partnership.ministry_ids
    meeting.attendances.all().delete()
    MeetingAttendance.objects.bulk_create(
        MeetingAttendance(meeting=meeting, ministry=ministry, people=people.strip()[:500])
        for ministry, people in attendance.items()
        if people.strip() and ministry.pk in participating
    )
    return meeting


# Weighted votes


@dataclass(frozen=True)
class VoteCount:
    weight_for: Decimal
    weight_against: Decimal
    weight_abstaining: Decimal
    outcome: str


def weighted_vote_outcome(votes):
    """The outcome of a vote weighted by each party's relative size.

    `votes` are (choice, weight) pairs. The side with more weight wins; abstentions
    count for neither side. Equal weights (also when nobody votes for or against) are
    a tie, and a tie goes to the approving level, as point 11 of the model says.
    """
    totals = {Vote.Choice.FOR: Decimal(0), Vote.Choice.AGAINST: Decimal(0), Vote.Choice.ABSTAIN: Decimal(0)}
    for choice, weight in votes:
        totals[Vote.Choice(choice)] += Decimal(weight)
    weight_for, weight_against = totals[Vote.Choice.FOR], totals[Vote.Choice.AGAINST]
    if weight_for > weight_against:
        outcome = Decision.Outcome.ADOPTED
    elif weight_against > weight_for:
        outcome = Decision.Outcome.REJECTED
    else:
        outcome = Decision.Outcome.TIE
    return VoteCount(weight_for, weight_against, totals[Vote.Choice.ABSTAIN], outcome)


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


def vote_weights(partnership):
    """Each ministry's relative size for a weighted vote, as the partners agreed at point 11.

    The point-11 worksheet says whether a vote weighs by share of the risks (what each
    ministry stands to lose), by share of the gains, or equally. Until it is agreed, the
    risk shares count. Weights are copied onto each vote, so a later change of shares or of
    the agreement never rewrites a past outcome; whoever records a vote may still correct one.
    """
    arrangement = ConflictArrangement.objects.filter(partnership=partnership).first()
    weighting = arrangement.weighting if arrangement else ConflictArrangement.Weighting.RISK_SHARE
    participants = partnership.participants
    if weighting == ConflictArrangement.Weighting.GAIN_SHARE:
        rows = [(p.ministry, p.gain_share) for p in participants]
    elif weighting == ConflictArrangement.Weighting.EQUAL:
        share = (Decimal(100) / len(participants)).quantize(Decimal("0.01")) if participants else Decimal(0)
        rows = [(p.ministry, share) for p in participants]
    else:
        rows = [(p.ministry, p.risk_share) for p in participants]
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
    - weighted vote: from `votes`, (ministry, choice, weight) triples, one per ministry that voted.

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
    participating = partnership.ministry_ids
    if mechanism == Mechanism.WEIGHTED_VOTE:
        if not votes:
            errors["votes"] = _("Record how each organisation voted.")
        elif any(ministry.pk not in participating for ministry, _choice, _weight in votes):
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
        outcome = weighted_vote_outcome([(choice, weight) for _ministry, choice, weight in votes]).outcome
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
        Vote.objects.bulk_create(
            Vote(decision=decision, ministry=ministry, choice=choice, weight=weight)
            for ministry, choice, weight in votes
        )
    if conflict is not None:
        _settle_conflict(conflict, decision, by)
    return decision


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
def conflict_raise(*, partnership, by, ministry, kind, title, description):
    """Raise a conflict or an obstacle. It starts at the first rung: the working group."""
    if ministry is None or ministry.pk not in partnership.ministry_ids:
        raise ValidationError({"ministry": _("Choose an organisation that takes part in the partnership.")})
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
    _reach(conflict, EscalationLevel.WORKING_GROUP, by, timezone.localdate())
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
