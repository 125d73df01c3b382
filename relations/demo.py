"""Demo relationship surveys: two closed rounds per active demo partnership, so the Relations tab, the map's
trust and the portfolio's "trust fell" have something to show, and one closed round per cluster of two
organisations or more, for the cluster's page. Safe to run twice: a partnership or cluster with a survey is
left alone.

The ratings are written as rows: the demo has one person per role, fewer than the three raters per
organisation that a figure needs, and no respondent is named (as in a real round).
"""

from datetime import timedelta
from itertools import permutations

from django.utils import timezone

from ministries.models import Cluster
from partnerships.models import Partnership
from relations.models import SCORE_NAMES, RelationshipRating, RelationshipSurvey

STEADY = [(3, 3, 3, 3, 3, 3), (3, 4, 3, 3, 2, 3), (4, 3, 3, 3, 3, 4)]
# What the lead's people say of its first partner in the newer round: trust has fallen.
STRAINED = [(2, 2, 3, 3, 2, 3), (2, 3, 2, 3, 3, 3), (2, 2, 2, 3, 3, 2)]


def seed_demo(stdout):
    today = timezone.localdate()
    created = 0
    for partnership in Partnership.objects.active().with_participants().exclude(relationship_surveys__isnull=False):
        parties = [p.ministry for p in partnership.deciding_parties]
        if len(parties) < 2:
            continue
        for days, strained in ((200, False), (30, True)):
            survey = RelationshipSurvey.objects.create(
                partnership=partnership,
                due_date=today - timedelta(days=days),
                opens_on=today - timedelta(days=days),
                closes_on=today - timedelta(days=days - 21),
            )
            rows = []
            for rater, rated in permutations(parties, 2):
                answers = STRAINED if strained and (rater, rated) == (parties[0], parties[1]) else STEADY
                rows += [
                    RelationshipRating(
                        survey=survey, rater=rater, rated=rated, **dict(zip(SCORE_NAMES, a, strict=True))
                    )
                    for a in answers
                ]
            created += 1 + len(RelationshipRating.objects.bulk_create(rows))
    return created + _seed_clusters(today)


def _seed_clusters(today):
    """One closed round per cluster, every member rated by three people of each other member: figures show."""
    created = 0
    for cluster in Cluster.objects.with_members().exclude(relationship_surveys__isnull=False):
        members = list(cluster.ministries.all())
        if len(members) < 2:
            continue
        survey = RelationshipSurvey.objects.create(
            cluster=cluster,
            due_date=today - timedelta(days=60),
            opens_on=today - timedelta(days=60),
            closes_on=today - timedelta(days=39),
        )
        rows = [
            RelationshipRating(survey=survey, rater=rater, rated=rated, **dict(zip(SCORE_NAMES, a, strict=True)))
            for rater, rated in permutations(members, 2)
            for a in STEADY
        ]
        created += 1 + len(RelationshipRating.objects.bulk_create(rows))
    return created
