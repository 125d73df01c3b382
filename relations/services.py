"""The relationship survey's writes: opening rounds (by hand and on the cadence) and answering.

A partnership's rounds come on INTERLOCK_RELATIONSHIP_SURVEY_MONTHS after its start; a cluster's on
its own cadence (Cluster.relationship_survey_cadence), the first as soon as it has two organisations.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, Max, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.health_services import add_months
from ministries.models import Cluster
from ministries.permissions import ministry_ids
from partnerships.models import Partnership
from relations.models import SCORE_NAMES, RelationshipRating, RelationshipRespondent, RelationshipSurvey
from relations.permissions import TEAM_ROLES, answering_ministry_ids
from relations.reminders import cluster_surveys_remind


def cadence_months():
    return settings.INTERLOCK_RELATIONSHIP_SURVEY_MONTHS


def next_due(partnership, last_due):
    """When the next round is due: a cadence after the last one, or after the start for the first."""
    anchor = last_due or partnership.start_date
    return None if anchor is None else add_months(anchor, cadence_months())


def cluster_next_due(cluster, last_due, today):
    """When the cluster's next round is due: a cadence after the last one, today for the first; None when off."""
    months = cluster.relationship_survey_cadence
    if not months:
        return None
    return today if last_due is None else add_months(last_due, months)


def new_round(*, today, opened_by=None, **home):
    """A round of `home` (partnership= or cluster=) due, and opening, today."""
    closes_on = today + timedelta(days=settings.INTERLOCK_RELATIONSHIP_SURVEY_ANSWER_DAYS)
    return RelationshipSurvey(due_date=today, opens_on=today, closes_on=closes_on, opened_by=opened_by, **home)


def _open(*, today, opened_by, **home):
    """The round open today in `home`, or a new one: one round at a time, one per due date."""
    already = RelationshipSurvey.objects.filter(**home).open_on(today).first()
    if already is not None:
        return already
    fresh = new_round(today=today, opened_by=opened_by, **home)
    survey, _created = RelationshipSurvey.objects.get_or_create(
        **home,
        due_date=today,
        defaults={"opens_on": fresh.opens_on, "closes_on": fresh.closes_on, "opened_by": opened_by},
    )
    return survey


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
    return _open(partnership=partnership, opened_by=opened_by, today=today)


@transaction.atomic
def cluster_survey_open(*, cluster, opened_by=None, today=None):
    """Open a round among the cluster's organisations now; a no-op returning the open one when there is one."""
    today = today or timezone.localdate()
    cluster = Cluster.objects.select_for_update().get(pk=cluster.pk)
    if cluster.ministries.count() < 2:
        raise ValidationError(
            _("A relationship survey needs at least two organisations in the cluster. Ask an administrator to add one.")
        )
    return _open(cluster=cluster, opened_by=opened_by, today=today)


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


def cluster_surveys_open_due(*, today=None):
    """Open a round in every cluster of two organisations or more whose next round has come. Returns how many.

    Two queries whatever the number of clusters. Idempotent as for partnerships: a round due today
    moves the next due date a cadence ahead, and the unique (cluster, due date) turns a concurrent
    scan's second insert into nothing.
    """
    today = today or timezone.localdate()
    candidates = (
        Cluster.objects.annotate(
            member_count=Count("ministries", distinct=True), last_due=Max("relationship_surveys__due_date")
        )
        .filter(member_count__gte=2)
        .order_by("pk")
    )
    due = []
    for cluster in candidates:
        when = cluster_next_due(cluster, cluster.last_due, today)
        if when is not None and when <= today:
            due.append(new_round(cluster=cluster, today=today))
    if due:
        RelationshipSurvey.objects.bulk_create(due, ignore_conflicts=True)
    return len(due)


@transaction.atomic
def survey_respond(*, survey, user, ministry, ratings, today=None):
    """Record one person's anonymous ratings of the round's other parties, for `ministry`.

    `ratings` maps each rated organisation's id to its six scores (1 to 4) and an optional comment;
    every other party must be rated, so that each group of raters is the same people. The parties are
    the partnership's participants, or the cluster's organisations, as they are now.
    """
    today = today or timezone.localdate()
    survey = RelationshipSurvey.objects.select_for_update().get(pk=survey.pk)
    if survey.cluster_id is not None:
        survey.cluster = Cluster.objects.with_members().get(pk=survey.cluster_id)
    else:
        survey.partnership = Partnership.objects.with_participants().get(pk=survey.partnership_id)
    if survey.home_is_closed or not survey.is_open(today):
        raise ValidationError(_("This relationship survey is closed: answers are no longer taken."))
    if ministry.pk not in answering_ministry_ids(user, survey):
        raise ValidationError(_("You can only answer for an organisation you work in that takes part."))
    others = survey.party_ids - {ministry.pk}
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


def surveys_to_answer(user, *, today=None):
    """Open cluster rounds this person may answer and has not: for their home page. One query (two at first).

    A partnership's rounds are found on its Relations tab, as its health checks are on its own.
    """
    today = today or timezone.localdate()
    ids = ministry_ids(user, *TEAM_ROLES)
    if not ids:
        return []
    answered = RelationshipRespondent.objects.filter(survey=OuterRef("pk"), user=user)
    return list(
        RelationshipSurvey.objects.open_on(today)
        .filter(cluster__ministries__in=ids)
        .exclude(Exists(answered))
        .select_related("cluster")
        .distinct()
        .order_by("closes_on", "cluster__name")
    )


def scan_relationship_surveys():
    """The daily scan (relations.tasks): open the rounds that have come due, and ask the clusters' people."""
    today = timezone.localdate()
    opened = surveys_open_due(today=today) + cluster_surveys_open_due(today=today)
    return opened + len(cluster_surveys_remind(today=today))
