"""Reviews, evaluations, evaluator assignments and the expectations register (point 15 and point 9)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.health_services import add_months
from assessments.models import Evaluation, EvaluatorAssignment, Expectation, ExpectationRating, Review
from ministries.models import Role
from ministries.permissions import ministry_ids
from notifications.models import Kind
from notifications.services import remind
from partnerships.models import Partnership


def partnership_reviews_held(partnership, *, cycle=None):
    """How many reviews were held in the partnership's cycle (the current one unless given)."""
    return Review.objects.filter(partnership=partnership, cycle=cycle or partnership.cycle).count()


def partnership_latest_evaluation(partnership, *, cycle=None):
    """The newest evaluation of the cycle (the current one unless given), or None.

    Its `recommendation` (continue, adjust, renew, close) is what the renewal gate reads.
    """
    return (
        Evaluation.objects.filter(partnership=partnership, cycle=cycle or partnership.cycle)
        .select_related("recorded_by")
        .order_by("-completed_on", "-pk")
        .first()
    )


def active_expectations(partnership):
    return list(
        Expectation.objects.filter(partnership=partnership, is_active=True)
        .select_related("ministry")
        .order_by("ministry__name", "direction", "pk")
    )


@transaction.atomic
def expectation_add(*, partnership, ministry, direction, text, by):
    if partnership.is_closed:
        raise ValidationError(_("This partnership is closed."))
    if ministry.pk not in partnership.ministry_ids:
        raise ValidationError(_("Only a participating organisation can record expectations."))
    return Expectation.objects.create(
        partnership=partnership,
        ministry=ministry,
        direction=direction,
        text=text.strip(),
        cycle=partnership.cycle,
        created_by=by,
    )


@transaction.atomic
def expectation_withdraw(*, expectation):
    """Take an expectation off the register; its past ratings stay with the reviews that made them."""
    if not expectation.is_active:
        return expectation
    expectation.is_active = False
    expectation.save(update_fields=["is_active"])
    return expectation


@transaction.atomic
def review_record(*, partnership, by, held_on, findings, rating, recommendation, participants="", ratings=None):
    """Record a review, rate each expectation, and move the next review date along the cadence.

    `ratings` maps an active expectation's id to (rating, note).
    """
    today = timezone.localdate()
    if partnership.is_closed:
        raise ValidationError(_("This partnership is closed."))
    if held_on > today:
        raise ValidationError({"held_on": _("A review is recorded after it is held: choose today or an earlier day.")})
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    review = Review.objects.create(
        partnership=partnership,
        cycle=partnership.cycle,
        held_on=held_on,
        due_date=partnership.next_review_due,
        findings=findings,
        rating=rating,
        recommendation=recommendation,
        participants=participants,
        recorded_by=by,
    )
    expectations = {e.pk: e for e in Expectation.objects.filter(partnership=partnership, is_active=True)}
    ExpectationRating.objects.bulk_create(
        ExpectationRating(expectation=expectations[pk], review=review, rating=value, note=note)
        for pk, (value, note) in (ratings or {}).items()
        if pk in expectations and value
    )
    anchor = max(held_on, partnership.next_review_due or held_on)
    next_due = add_months(anchor, partnership.review_cadence)
    Partnership.objects.filter(pk=partnership.pk).update(next_review_due=next_due)
    partnership.next_review_due = next_due
    return review


@transaction.atomic
def evaluation_record(*, partnership, by, completed_on, scope, findings, rating, recommendation):
    """Record an evaluation. It counts as external when the evaluator's ministries take no part."""
    if partnership.is_closed:
        raise ValidationError(_("This partnership is closed."))
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": _("Choose the day the evaluation was completed: today or earlier.")})
    return Evaluation.objects.create(
        partnership=partnership,
        cycle=partnership.cycle,
        completed_on=completed_on,
        scope=scope,
        findings=findings,
        rating=rating,
        recommendation=recommendation,
        is_external=not (ministry_ids(by) & partnership.ministry_ids),
        recorded_by=by,
    )


@transaction.atomic
def evaluator_assign(*, partnership, evaluator, by):
    """Ask an evaluator to evaluate the partnership, and tell them. A no-op when already assigned."""
    if partnership.is_closed:
        raise ValidationError(_("This partnership is closed."))
    if not evaluator.memberships.filter(role=Role.EVALUATOR).exists():
        raise ValidationError({"evaluator": _("Choose a person who holds the evaluator role.")})
    try:
        with transaction.atomic():
            assignment = EvaluatorAssignment.objects.create(
                partnership=partnership, evaluator=evaluator, assigned_by=by
            )
    except IntegrityError:
        return EvaluatorAssignment.objects.get(partnership=partnership, evaluator=evaluator)
    from django.urls import reverse

    remind(
        subject=assignment,
        kind=Kind.EVALUATOR_ASSIGNED,
        due_date=timezone.localdate(),
        recipients=[evaluator],
        partnership=partnership,
        context={"partnership": partnership.title},
        url=reverse("assessments:reviews", args=[partnership.pk]),
    )
    return assignment


@transaction.atomic
def evaluator_unassign(*, assignment):
    assignment.delete()


def reviews_due_for(user, *, today=None):
    """Partnerships this person coordinates whose review is due within the notice period or overdue.

    The same partnerships the review scan reminds their coordinators of.
    """
    today = today or timezone.localdate()
    ids = ministry_ids(user, Role.COORDINATOR)
    if not ids:
        return []
    return list(
        Partnership.objects.review_due_soon(today)
        .filter(pk__in=Partnership.objects.filter(participations__ministry_id__in=ids).values("pk"))
        .order_by("next_review_due", "title")
    )


def evaluations_to_do(user):
    """Partnerships an evaluator is assigned to that have no evaluation in their current cycle yet."""
    assignments = EvaluatorAssignment.objects.filter(evaluator=user, partnership__in=Partnership.objects.active())
    partnerships = [a.partnership for a in assignments.select_related("partnership")]
    done = set(
        Evaluation.objects.filter(partnership__in=partnerships).values_list("partnership_id", "cycle").distinct()
    )
    return [p for p in partnerships if (p.pk, p.cycle) not in done]


@transaction.atomic
def evaluator_assignments_hand_over(*, person, successor):
    """A person leaving: the evaluations asked of them in partnerships at work go to `successor` when the
    successor holds the evaluator role (an evaluation needs one); otherwise they stay for the partners to
    assign someone else. With `successor=None` they are only counted."""
    assignments = EvaluatorAssignment.objects.filter(evaluator=person, partnership__in=Partnership.objects.active())
    if successor is None:
        count = assignments.count()
    elif not successor.memberships.filter(role=Role.EVALUATOR).exists():
        return []
    else:
        already = set(EvaluatorAssignment.objects.filter(evaluator=successor).values_list("partnership_id", flat=True))
        count = 0
        for assignment in assignments:
            if assignment.partnership_id in already:
                assignment.delete()
            else:
                assignment.evaluator = successor
                assignment.save(update_fields=["evaluator"])
            count += 1
    if not count:
        return []
    return [ngettext("%(count)d evaluation to do", "%(count)d evaluations to do", count) % {"count": count}]
