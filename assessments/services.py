"""Answers to the points for thought, worksheets, and the phase gates."""

from dataclasses import dataclass
from datetime import date

import nh3
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.template.defaultfilters import linebreaks
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.gate_checks import charter_caution, evaluate_gate
from assessments.models import (
    PHASE_ORDER,
    GateDecision,
    GatePosition,
    GateRequest,
    GateWaiver,
    Point,
    PointAnswer,
    PointPosition,
    next_phase,
)
from assessments.permissions import (
    can_decide_gate,
    decided_by_committee,
    gate_deciders,
    gate_speaker_ids,
    is_approving_level,
    position_ministry_ids,
    value_ministry_ids,
)
from charters.models import CharterVersion
from charters.services import charter_new_version
from meetings.models import ConflictArrangement
from meetings.services import action_item_create, decision_rules, decision_rules_change
from ministries.models import Ministry
from ministries.permissions import ministry_ids
from partnerships.models import Partnership, Phase
from partnerships.services import structure_propose, structure_snapshot
from security.models import SecurityEvent
from security.services import security_event_record

# Formatted answers keep only simple structure: paragraphs, emphasis, lists and links.
ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "a", "h3", "h4", "blockquote"}


def sanitize_answer(text):
    """Clean formatted text; plain text (no tags at all) becomes paragraphs."""
    text = (text or "").strip()
    if not text:
        return ""
    if "<" not in text:
        text = linebreaks(text)
    return nh3.clean(text, tags=ALLOWED_TAGS, attributes={"a": {"href"}}, link_rel="noopener noreferrer").strip()


def point_answers_start(*, partnership, by, created):
    """A new partnership gets its 15 blank answers (registered with partnerships.services.follow_parties),
    so that reading the points never writes."""
    if created:
        _answers_create_missing(partnership)


def _answers_create_missing(partnership):
    existing = set(PointAnswer.objects.filter(partnership=partnership).values_list("point_id", flat=True))
    missing = [p for p in Point.objects.all() if p.pk not in existing]
    if missing:
        PointAnswer.objects.bulk_create(
            [PointAnswer(partnership=partnership, point=p) for p in missing], ignore_conflicts=True
        )


def answers_for(partnership):
    """The partnership's 15 answers, with everything the page shows.

    Every partnership gets them when it is created (point_answers_start; migration 0004 for older
    ones). Should a point have been added since, its blank answer is made here once.
    """
    answers = list(PointAnswer.objects.for_partnership(partnership))
    if len(answers) < Point.objects.count():
        _answers_create_missing(partnership)
        answers = list(PointAnswer.objects.for_partnership(partnership))
    return answers


def point_answers_copy(*, partnership, source, by):
    """Give a new partnership the text of the answers of `source` (registered with
    partnerships.services.follow_copies): a start for its own thinking, so not the statuses,
    owners, positions or evidence, which the new partners must give again."""
    for answer in PointAnswer.objects.filter(partnership=source).exclude(answer=""):
        PointAnswer.objects.update_or_create(
            partnership=partnership, point_id=answer.point_id, defaults={"answer": answer.answer, "updated_by": by}
        )


@dataclass
class PhaseProgress:
    phase: str
    label: str
    settled: int
    total: int
    answers: list

    @property
    def percent(self):
        return round(100 * self.settled / self.total) if self.total else 100


def progress_by_phase(answers):
    """Answers grouped by the phase by which they must be settled, with a completeness count."""
    groups = []
    for phase, label in Phase.choices:
        in_phase = [a for a in answers if a.point.phase == phase]
        if in_phase:
            groups.append(PhaseProgress(phase, label, sum(a.is_settled for a in in_phase), len(in_phase), in_phase))
    return groups


class PointConflict(Exception):
    """Someone else saved this answer after the editor opened it."""

    def __init__(self, answer):
        super().__init__("answer changed since it was opened")
        self.answer = answer


@transaction.atomic
def point_answer_save(*, answer, by, expected_revision, text, status, not_applicable_reason, owner):
    """Save the shared answer unless someone else saved it since `expected_revision`."""
    if status == PointAnswer.Status.NOT_APPLICABLE and not not_applicable_reason.strip():
        raise ValidationError({"not_applicable_reason": _("Say why this point does not apply.")})
    updated = PointAnswer.objects.filter(pk=answer.pk, revision=expected_revision).update(
        answer=sanitize_answer(text),
        status=status,
        not_applicable_reason=not_applicable_reason.strip() if status == PointAnswer.Status.NOT_APPLICABLE else "",
        owner=owner,
        revision=F("revision") + 1,
        updated_by=by,
        updated_at=timezone.now(),
    )
    if not updated:
        raise PointConflict(PointAnswer.objects.select_related("updated_by").get(pk=answer.pk))
    return PointAnswer.objects.get(pk=answer.pk)


@transaction.atomic
def point_position_set(*, answer, ministry, by, stance, comment):
    """Record whether a ministry agrees with the shared answer. Disagreeing needs a reason."""
    if ministry.pk not in position_ministry_ids(by, answer.partnership):
        raise PermissionDenied(_("You cannot speak for this organisation."))
    if stance == PointPosition.Stance.DISAGREE and not comment.strip():
        raise ValidationError({"comment": _("Say what your organisation disagrees with, so the others can respond.")})
    position, _created = PointPosition.objects.update_or_create(
        answer=answer, ministry=ministry, defaults={"stance": stance, "comment": comment.strip(), "by": by}
    )
    return position


@transaction.atomic
def conflict_arrangement_save(*, arrangement, by, reason):
    """Save the point-11 worksheet (`arrangement`, not saved yet). Returns None, or the proposal it made.

    A change to how votes weigh or when a committee's decision carries would let one partner
    overrule the others: it becomes a proposal every partner's executive agrees to (with `reason`),
    and the rules in force stay until then. The rest of the worksheet is saved at once.
    """
    partnership = arrangement.partnership
    current = decision_rules(partnership)
    change = decision_rules_change(partnership, {name: getattr(arrangement, name) for name in current})
    proposal = None
    if change is not None:
        after = structure_snapshot(partnership, rules={"decision_rules": change})
        proposal = structure_propose(partnership=partnership, by=by, after=after, reason=reason)
        for name, value in current.items():
            setattr(arrangement, name, value)
    arrangement.updated_by = by
    arrangement.save()
    return proposal


@transaction.atomic
def value_assessment_save(*, assessment, by):
    """Point 2: save one organisation's side (validated by its form), only by that organisation's people."""
    if assessment.ministry_id not in value_ministry_ids(by, assessment.partnership):
        raise PermissionDenied(_("Only the organisation's own coordinators fill in its side."))
    assessment.updated_by = by
    assessment.save()
    return assessment


def gate_cautions(partnership):
    """What the decision page asks the approving level to consider beyond the requirements."""
    return [caution for caution in (charter_caution(partnership),) if caution]


def gate_results(partnership, answers=None):
    return evaluate_gate(partnership, answers if answers is not None else answers_for(partnership))


def _snapshot(results):
    return [r.as_dict() for r in results]


@transaction.atomic
def gate_request(*, partnership, by, note=""):
    """Ask the approving level to let the partnership leave its phase.

    Refused while a requirement is missing.
    """
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    pending = partnership.gate_requests.pending().first()
    if pending:
        return pending
    if partnership.is_closed:
        raise ValidationError(_("This partnership is closed."))
    results = gate_results(Partnership.objects.with_participants().get(pk=partnership.pk))
    missing = [r.label for r in results if r.blocks]
    if missing:
        raise ValidationError([_("This requirement is not met yet: %(what)s.") % {"what": label} for label in missing])
    return GateRequest.objects.create(
        partnership=partnership,
        cycle=partnership.cycle,
        from_phase=partnership.phase,
        note=note,
        requested_by=by,
        requirements_snapshot=_snapshot(results),
    )


@transaction.atomic
def gate_requirement_waive(*, partnership, requirement, by, reason):
    """The approving level sets a requirement of the current gate aside for this partnership and cycle.

    The waiver is kept with who and why, and goes into the snapshot of the request and the decision.
    """
    if not can_decide_gate(by, partnership):
        raise PermissionDenied(_("Only the approving level can waive a requirement."))
    if requirement.phase != partnership.phase or not requirement.is_active or not requirement.applies(partnership):
        raise ValidationError(_("This requirement is not one of this gate's. Reload the gate page."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the partnership does not need it.")})
    if partnership.gate_requests.pending().exists():
        raise ValidationError(_("A decision is already asked for. Withdraw the request first, then waive."))
    waiver, _created = GateWaiver.objects.get_or_create(
        partnership=partnership,
        requirement=requirement,
        cycle=partnership.cycle,
        defaults={"reason": reason.strip(), "waived_by": by},
    )
    return waiver


@transaction.atomic
def gate_waiver_withdraw(*, partnership, requirement, by):
    """The approving level asks for a waived requirement again. Refused while a decision is asked for:
    the request was made with the waiver."""
    if not can_decide_gate(by, partnership):
        raise PermissionDenied(_("Only the approving level can withdraw a waiver."))
    if partnership.gate_requests.pending().exists():
        raise ValidationError(_("A decision is already asked for with this waiver. Decide it first."))
    GateWaiver.objects.filter(partnership=partnership, requirement=requirement, cycle=partnership.cycle).delete()


@transaction.atomic
def gate_withdraw(*, request, by):
    GateRequest.objects.pending().filter(pk=request.pk).update(status=GateRequest.Status.WITHDRAWN)


def outcomes_for(phase):
    """The decisions the approving level can take at the gate out of `phase`."""
    Outcome = GateDecision.Outcome
    if phase == Phase.ASSESSMENT:
        return [Outcome.RENEW, Outcome.CLOSE, Outcome.HOLD]
    return [Outcome.GO, Outcome.GO_WITH_CONDITIONS, Outcome.HOLD, Outcome.STOP]


@transaction.atomic
def gate_decide(*, request, by, outcome, reason, conditions=(), reopen_points=()):
    """Decide a pending gate request. Only an approved gate moves the phase, one phase at a time.

    Under a steering committee this proposes the committee's decision instead, as the position
    of the proposer's ministry: it carries when the committee's rule is met (see `gate_position_set`).
    Returns the decision, or None while a proposal waits for the other members.
    """
    request = GateRequest.objects.select_for_update().select_related("partnership").get(pk=request.pk)
    partnership = Partnership.objects.with_participants().get(pk=request.partnership_id)
    if request.status == GateRequest.Status.DECIDED and is_approving_level(by, partnership):
        # Two of the approving level decided at once (or from a stale page): the second is told
        # what the first decided, before anything else (a closing decision closes the partnership).
        raise ValidationError(gate_decided_already(request.decision))
    if not can_decide_gate(by, partnership):
        raise PermissionDenied(_("Only the approving level can decide this gate."))
    _check_still_open(request, partnership)
    if outcome not in outcomes_for(partnership.phase):
        raise ValidationError({"outcome": _("Choose one of the decisions offered for this gate.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why, so the partners understand the decision.")})
    if outcome == GateDecision.Outcome.GO_WITH_CONDITIONS and not conditions:
        raise ValidationError({"outcome": _("Add at least one condition, or choose Go.")})
    if decided_by_committee(partnership):
        return _propose(request, partnership, by, outcome, reason, conditions, reopen_points)
    return _record_decision(request, partnership, by, outcome, reason.strip(), conditions, reopen_points)


def past_gates(partnership):
    """The gates out of the phases the partnership went through before it was recorded here, with no
    decision kept yet this cycle: those the approving level may record after the fact."""
    decided = set(
        GateDecision.objects.filter(request__partnership=partnership, request__cycle=partnership.cycle).values_list(
            "request__from_phase", flat=True
        )
    )
    earlier = PHASE_ORDER[: PHASE_ORDER.index(partnership.phase)] if partnership.phase in PHASE_ORDER else []
    return [phase for phase in earlier if phase not in decided]


#: What a decision recorded after the fact may have been: the partnership went on (it is past that
#: gate now), or it was held there for a while first.
PAST_OUTCOMES = [GateDecision.Outcome.GO, GateDecision.Outcome.HOLD]


@transaction.atomic
def gate_decision_record_past(*, partnership, by, from_phase, outcome, reason, decided_on):
    """Record a gate decision taken before the partnership was recorded here, on the day it was taken.

    Only the approving level records it, as it would have decided it; under a steering committee no
    single member may (the committee decides together, and Interlock cannot hear it after the fact).
    The phase does not move: the partnership was recorded at the phase it had reached.
    """
    partnership = Partnership.objects.with_participants().select_for_update(of=("self",)).get(pk=partnership.pk)
    if decided_by_committee(partnership):
        raise PermissionDenied(
            _(
                "Under a steering committee every member decides together: one member cannot record the "
                "committee's past decisions alone. Ask for a decision on the current gate instead."
            )
        )
    if not can_decide_gate(by, partnership):
        raise PermissionDenied(_("Only the approving level can record its past decisions."))
    if from_phase not in past_gates(partnership):
        raise ValidationError(
            {"from_phase": _("Choose a gate the partnership has already passed and that has no decision yet.")}
        )
    if outcome not in PAST_OUTCOMES:
        raise ValidationError({"outcome": _("Choose go or hold.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why, so the partners understand the decision.")})
    partnership.check_happened_on(decided_on, field="decided_on")
    request = GateRequest.objects.create(
        partnership=partnership,
        cycle=partnership.cycle,
        from_phase=from_phase,
        status=GateRequest.Status.DECIDED,
        note=_("Recorded after the fact."),
        requested_by=by,
    )
    decision = GateDecision.objects.create(
        request=request, outcome=outcome, reason=reason.strip(), decided_by=by, decided_on=decided_on
    )
    security_event_record(
        kind=SecurityEvent.Kind.GATE_DECIDED,
        user=by,
        ministries=ministry_ids(by) & partnership.ministry_ids,
        partnership=partnership,
        detail=decision.get_outcome_display(),
    )
    return decision


def _check_still_open(request, partnership):
    if request.status != GateRequest.Status.PENDING:
        raise ValidationError(_("This request is already decided or withdrawn."))
    if request.from_phase != partnership.phase or request.cycle != partnership.cycle:
        raise ValidationError(_("The partnership has moved on since this request. Ask for a new decision."))


def _record_decision(request, partnership, by, outcome, reason, conditions, reopen_points):
    results = gate_results(partnership)
    moves_on = outcome in (GateDecision.Outcome.GO, GateDecision.Outcome.GO_WITH_CONDITIONS, GateDecision.Outcome.RENEW)
    if moves_on:
        missing = [r.label for r in results if r.blocks]
        if missing:
            raise ValidationError(
                [_("This requirement is no longer met: %(what)s.") % {"what": label} for label in missing]
            )
    decision = GateDecision.objects.create(
        request=request,
        outcome=outcome,
        reason=reason,
        decided_by=by,
        requirements_snapshot=_snapshot(results),
        conditions=[_condition_as_data(c) for c in conditions],
    )
    request.status = GateRequest.Status.DECIDED
    request.save(update_fields=["status"])
    security_event_record(
        kind=SecurityEvent.Kind.GATE_DECIDED,
        user=by,
        ministries=ministry_ids(by) & partnership.ministry_ids,
        partnership=partnership,
        detail=decision.get_outcome_display(),
    )
    _apply(decision, partnership, by, conditions, reopen_points)
    return decision


# The steering committee's decision


@dataclass
class CommitteeTally:
    """Where the committee stands on a proposal: each member's position and what is still needed."""

    rule: str  # a ConflictArrangement.CommitteeRule
    rows: list  # (ministry, GatePosition or None), in the partnership's order
    needed: int  # approvals needed for the proposal to carry

    @property
    def approvals(self):
        return sum(1 for _m, p in self.rows if p and p.stance == GatePosition.Stance.APPROVE)

    @property
    def refusals(self):
        return [m for m, p in self.rows if p and p.stance == GatePosition.Stance.REFUSE]

    @property
    def waiting(self):
        return [m for m, p in self.rows if p is None]

    @property
    def carried(self):
        if self.rule == ConflictArrangement.CommitteeRule.ALL:
            return not self.waiting and not self.refusals and self.approvals >= 1
        return self.approvals >= self.needed

    @property
    def failed(self):
        if self.rule == ConflictArrangement.CommitteeRule.ALL:
            return bool(self.refusals)
        return self.approvals + len(self.waiting) < self.needed

    @property
    def still_needed(self):
        """How many more approvals the proposal needs, at best."""
        if self.rule == ConflictArrangement.CommitteeRule.ALL:
            return len(self.waiting)
        return max(self.needed - self.approvals, 0)


def committee_rule(partnership):
    """The partners' rule for the committee's gate decisions, from the point-11 worksheet; all until agreed."""
    arrangement = ConflictArrangement.objects.filter(partnership=partnership).first()
    return arrangement.committee_rule if arrangement else ConflictArrangement.CommitteeRule.ALL


def committee_tally(request, partnership):
    """The committee's positions on the request's proposal. `partnership` has its participants loaded."""
    members = gate_deciders(partnership)
    positions = {p.ministry_id: p for p in request.positions.select_related("by")} if request.has_proposal else {}
    rule = committee_rule(partnership)
    needed = len(members) if rule == ConflictArrangement.CommitteeRule.ALL else len(members) // 2 + 1
    return CommitteeTally(rule=rule, rows=[(m, positions.get(m.pk)) for m in members], needed=needed)


def _propose(request, partnership, by, outcome, reason, conditions, reopen_points):
    """Put a decision to the committee, approved by the proposer's own ministry."""
    if request.has_proposal and not committee_tally(request, partnership).failed:
        raise ValidationError(
            _(
                "%(who)s already proposed on %(when)s: %(outcome)s. Record your ministry's position on that "
                "proposal on the gate page; a new one can be made if it does not carry."
            )
            % {
                "who": request.proposed_by or _("someone"),
                "when": date_format(timezone.localtime(request.proposed_at), "DATETIME_FORMAT"),
                "outcome": request.proposed_outcome_label,
            }
        )
    request.positions.all().delete()  # a failed proposal's positions are not on the new one
    request.proposed_outcome = outcome
    request.proposed_reason = reason.strip()
    request.proposed_conditions = [_condition_as_data(c) for c in conditions]
    request.proposed_reopen_points = list(reopen_points)
    request.proposed_by = by
    request.proposed_at = timezone.now()
    request.save(
        update_fields=[
            "proposed_outcome",
            "proposed_reason",
            "proposed_conditions",
            "proposed_reopen_points",
            "proposed_by",
            "proposed_at",
        ]
    )
    for ministry_id in gate_speaker_ids(by, partnership):
        GatePosition.objects.create(
            request=request, ministry_id=ministry_id, stance=GatePosition.Stance.APPROVE, comment=reason.strip(), by=by
        )
    return _carry_if_met(request, partnership, by)


@transaction.atomic
def gate_position_set(*, request, ministry, by, stance, comment=""):
    """A member ministry's position on the committee's proposal; the last one needed carries it.

    A ministry may change its position until the proposal carries or fails. Whoever comes after
    the decision is told what was decided, by whom and when.
    """
    request = (
        GateRequest.objects.select_for_update(of=("self",))
        .select_related("partnership", "proposed_by")
        .get(pk=request.pk)
    )
    partnership = Partnership.objects.with_participants().get(pk=request.partnership_id)
    if request.status == GateRequest.Status.DECIDED:
        raise ValidationError(gate_decided_already(request.decision))
    if ministry.pk not in gate_speaker_ids(by, partnership) or partnership.is_closed:
        raise PermissionDenied(_("You cannot speak for this ministry on the steering committee."))
    _check_still_open(request, partnership)
    if not request.has_proposal:
        raise ValidationError(_("Nothing is proposed yet. Propose the committee's decision first."))
    if committee_tally(request, partnership).failed:
        raise ValidationError(_("This proposal cannot carry any more. Propose a new decision instead."))
    if stance not in GatePosition.Stance.values:
        raise ValidationError({"stance": _("Choose approve, refuse or abstain.")})
    if stance == GatePosition.Stance.REFUSE and not comment.strip():
        raise ValidationError({"comment": _("Say why your ministry refuses, so the others can respond.")})
    GatePosition.objects.update_or_create(
        request=request, ministry=ministry, defaults={"stance": stance, "comment": comment.strip(), "by": by}
    )
    return _carry_if_met(request, partnership, by)


def _carry_if_met(request, partnership, by):
    if not committee_tally(request, partnership).carried:
        return None
    conditions = [
        {
            "text": c["text"],
            "ministry": Ministry.objects.filter(pk=c["ministry"]).first() if c["ministry"] else None,
            "due_date": date.fromisoformat(c["due_date"]) if c["due_date"] else None,
        }
        for c in request.proposed_conditions
    ]
    return _record_decision(
        request,
        partnership,
        by,
        request.proposed_outcome,
        request.proposed_reason,
        conditions,
        request.proposed_reopen_points,
    )


def gate_decided_already(decision):
    """What someone of the approving level is told when the gate was decided before them."""
    if decision.request.proposed_by_id:
        return _(
            "On %(when)s the steering committee decided this gate: %(outcome)s; %(who)s gave the last position "
            "needed. Nothing was changed."
        ) % {
            "who": decision.decided_by,
            "when": date_format(timezone.localtime(decision.decided_at), "DATETIME_FORMAT"),
            "outcome": decision.get_outcome_display(),
        }
    return _("On %(when)s, %(who)s decided this gate: %(outcome)s. Your decision was not saved.") % {
        "who": decision.decided_by,
        "when": date_format(timezone.localtime(decision.decided_at), "DATETIME_FORMAT"),
        "outcome": decision.get_outcome_display(),
    }


def _condition_as_data(condition):
    return {
        "text": condition["text"],
        "ministry": condition["ministry"].pk if condition.get("ministry") else None,
        "due_date": condition["due_date"].isoformat() if condition.get("due_date") else None,
    }


def _apply(decision, partnership, by, conditions, reopen_points):
    Outcome = GateDecision.Outcome
    if decision.outcome in (Outcome.GO, Outcome.GO_WITH_CONDITIONS):
        Partnership.objects.filter(pk=partnership.pk).update(phase=next_phase(partnership.phase))
        if decision.outcome == Outcome.GO_WITH_CONDITIONS:
            _create_action_items(partnership, by, conditions)
    elif decision.outcome in (Outcome.STOP, Outcome.CLOSE):
        Partnership.objects.filter(pk=partnership.pk).update(status=Partnership.Status.CLOSED)
    elif decision.outcome == Outcome.RENEW:
        partnership_renew(partnership=partnership, by=by, reopen_points=reopen_points)


def _create_action_items(partnership, by, conditions):
    """Each condition of a "go with conditions" becomes an action item."""
    for condition in conditions:
        action_item_create(
            partnership=partnership,
            title=condition["text"],
            owner_ministry=condition.get("ministry"),
            due_date=condition.get("due_date"),
            created_by=by,
            source=_("Gate condition"),
        )


@transaction.atomic
def partnership_renew(*, partnership, by, reopen_points=()):
    """Start a new cycle: back to planning, a new charter version, and the chosen points reopened."""
    Partnership.objects.filter(pk=partnership.pk).update(phase=Phase.PLANNING, cycle=F("cycle") + 1)
    partnership.refresh_from_db()
    current = CharterVersion.objects.current_for(partnership).first()
    if current is not None and not current.is_editable:
        charter_new_version(
            partnership=partnership,
            by=by,
            reason=CharterVersion.ChangeReason.OTHER,
            note=_("Renewal for cycle %(cycle)s.") % {"cycle": partnership.cycle},
        )
    reopened = PointAnswer.objects.filter(partnership=partnership, point__number__in=list(reopen_points))
    PointPosition.objects.filter(answer__in=reopened).delete()
    reopened.update(
        status=PointAnswer.Status.IN_PROGRESS, revision=F("revision") + 1, updated_by=by, updated_at=timezone.now()
    )
    return partnership


@transaction.atomic
def point_owners_hand_over(*, person, successor):
    """A person leaving: the points for thought they own and that are still open go to `successor`."""
    answers = PointAnswer.objects.filter(owner=person).exclude(
        status__in=[PointAnswer.Status.ADDRESSED, PointAnswer.Status.NOT_APPLICABLE]
    )
    count = answers.update(owner=successor) if successor is not None else answers.count()
    if not count:
        return []
    return [ngettext("%(count)d open point for thought", "%(count)d open points for thought", count) % {"count": count}]
