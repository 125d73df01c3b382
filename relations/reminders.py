"""Reminders of the relationship survey: a cluster's people are asked to answer its open round.

A partnership's team meets its rounds on the Relations tab, beside its health checks; a cluster has
no such page in anyone's day, so its round comes to the people who answer it.
"""

from django.db.models import Exists, F, OuterRef
from django.utils.translation import gettext_lazy as _

from assessments.health_permissions import TEAM_ROLES
from notifications import claims, messages, services
from notifications.models import Kind
from relations.models import RelationshipRespondent, RelationshipSurvey

TEXTS = {
    Kind.RELATIONSHIP_SURVEY_OPEN: (
        _("How do the organisations of %(cluster)s work together? Answer the relationship survey"),
        _(
            "The relationship survey of the %(cluster)s cluster is open until %(closes)s. Rate each other "
            "organisation of the cluster from 1 to 4. Your name is not kept with your ratings."
        ),
    ),
}
messages.register(TEXTS)

CLUSTER_TEAM_PATH = "cluster__ministries__memberships__"


def cluster_surveys_remind(*, today):
    """Ask the team (coordinators, executives, field staff) of each organisation of a cluster whose round is
    open and who has not answered. Once per person and round (the claim's unique key); one statement."""
    person = OuterRef(f"{CLUSTER_TEAM_PATH}user_id")
    answered = RelationshipRespondent.objects.filter(survey=OuterRef("pk"), user=person)
    rounds = RelationshipSurvey.objects.filter(cluster__isnull=False).open_on(today)
    asked, member = claims.told(rounds, CLUSTER_TEAM_PATH, *TEAM_ROLES, where=~Exists(answered))
    return services.reminders_claim(
        rows=claims.rows(
            asked,
            kind=Kind.RELATIONSHIP_SURVEY_OPEN,
            due_date=F("due_date"),
            recipient=member,
            context=claims.context(cluster=F("cluster__name"), closes=F("closes_on")),
            url=claims.link("relations:cluster_survey_answer", F("cluster_id"), F("pk")),
        )
    )
