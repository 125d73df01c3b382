from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lessons.models import Lesson


@transaction.atomic
def lesson_record(*, partnership, by, source, review=None, gate_decision=None, **text):
    """Record what the team learned at one of the partnership's reviews, gate decisions or its closing."""
    if source == Lesson.Source.REVIEW and (review is None or review.partnership_id != partnership.pk):
        raise ValidationError({"review": _("Choose the review this lesson comes from.")})
    decided_here = gate_decision is not None and gate_decision.request.partnership_id == partnership.pk
    if source == Lesson.Source.GATE and not decided_here:
        raise ValidationError({"gate_decision": _("Choose the gate decision this lesson comes from.")})
    if source == Lesson.Source.CLOSING and not partnership.is_closed:
        raise ValidationError({"source": _("The partnership is not closed yet. Record this at a review instead.")})
    return Lesson.objects.create(
        partnership=partnership,
        source=source,
        review=review if source == Lesson.Source.REVIEW else None,
        gate_decision=gate_decision if source == Lesson.Source.GATE else None,
        recorded_by=by,
        **text,
    )
