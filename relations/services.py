"""The relationship survey's writes: opening rounds (by hand and on the cadence) and answering."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.health_permissions import team_ministry_ids
from assessments.health_services import add_months
from partnerships.models import Partnership
from relations.models import SCORE_NAMES, RelationshipRating, RelationshipRespondent, RelationshipSurvey


def cadence_months():
    return settings.INTERLOCK_RELATIONSHIP_SURVEY_MONTHS


def next_due(partnership, last_due):
    """When the next round is due: a cadence after the last one, or after the start for the first."""
    anchor = last_due or partnership.start_date
    return None if anchor is None else add_months(anchor, cadence_months())


@transaction.atomic
def survey_open(*, partnership, opened_by=None, today=None):
    """Open a round of the relationship survey now; a no-op returning the open one when there is one."""
    today = today or timezone.localdate()
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    if partnership.is_closed:
        raise ValidationError(_("This partnership is closed: no more relationship surveys."))
    partnership = Partnership.objects.with_participants().get(pk=partnership.pk)
    if len(partnership.participant_ministry_ids) < 2:
        raise ValidationError(_("A relationship survey needs at least two participants. Add a partner first."))
    already = RelationshipSurvey.objects.filter(partnership=partnership).open_on(today).first()
    if already is not None:
        return already
    survey, _created = RelationshipSurvey.objects.get_or_create(
        partnership=partnership,
        due_date=today,
        defaults={
            "opens_on": today,
            "closes_on": today + timedelta(days=settings.INTERLOCK_RELATIONSHIP_SURVEY_ANSWER_DAYS),
            "opened_by": opened_by,
        },
    )
    return survey


def surveys_open_due(*, today=None):
    """Open a round in every active partnership whose next round has come. Returns how many opened.

    Idempotent: a round opened today (by hand or by an earlier run) moves the next due date a
    cadence ahead, so a second run finds nothing due.
    """
    today = today or timezone.localdate()
    candidates = (
        Partnership.objects.active()
        .filter(start_date__lte=add_months(today, -cadence_months()))
        .annotate(last_due=Max("relationship_surveys__due_date"))
    )
    opened = 0
    for partnership in candidates:
        due = next_due(partnership, partnership.last_due)
        if due is None or due > today:
            continue
        try:
            survey_open(partnership=partnership, today=today)
        except ValidationError:
            continue  # too few participants for now: the next run tries again
        opened += 1
    return opened


@transaction.atomic
def survey_respond(*, survey, user, ministry, ratings, today=None):
    """Record one person's anonymous ratings of the other participants, for `ministry`.

    `ratings` maps each rated organisation's id to its six scores (1 to 4) and an optional comment;
    every other participant must be rated, so that each group of raters is the same people.
    """
    today = today or timezone.localdate()
    survey = RelationshipSurvey.objects.select_for_update().get(pk=survey.pk)
    partnership = Partnership.objects.with_participants().get(pk=survey.partnership_id)
    if partnership.is_closed or not survey.is_open(today):
        raise ValidationError(_("This relationship survey is closed: answers are no longer taken."))
    if ministry.pk not in team_ministry_ids(user, partnership):
        raise ValidationError(_("You can only answer for an organisation you work in that takes part."))
    others = partnership.participant_ministry_ids - {ministry.pk}
    if set(ratings) != others:
        raise ValidationError(_("Rate every other participant, then send your answers."))
    try:
        with transaction.atomic():
            RelationshipRespondent.objects.create(survey=survey, user=user, answered_on=today)
    except IntegrityError:
        raise ValidationError(_("You have already answered this relationship survey. Thank you.")) from None
    rows = []
    for rated_id in sorted(others):
        scores = ratings[rated_id]
        row = RelationshipRating(
            survey=survey,
            rater=ministry,
            rated_id=rated_id,
            comment=scores.get("comment", "").strip(),
            **{name: scores[name] for name in SCORE_NAMES},
        )
        row.full_clean()
        rows.append(row)
    RelationshipRating.objects.bulk_create(rows)
    return rows


def has_answered(user, survey):
    return RelationshipRespondent.objects.filter(survey=survey, user=user).exists()


def scan_relationship_surveys():
    """The daily scan (relations.tasks): open the rounds that have come due."""
    return surveys_open_due()
