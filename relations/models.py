"""The relationship survey: how the parties of a partnership rate each other (issue 22, item 1).

Modelled on PARTNER CPRM: each participating organisation's people rate every other participant on
trust (shared mission, openness to communication, reliability) and value (power and influence,
resources brought, level of involvement), 1 to 4. Ratings are anonymous as health checks are: who
answered is kept apart from what was answered (RelationshipRespondent), and figures appear only once
the round has closed, for groups of at least assessments' ANONYMITY_THRESHOLD raters (services.py).

A round belongs to a partnership (its participants rate each other) or to a cluster (its member
organisations rate each other, on the cluster's own cadence); everything after that is the same.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.dates import day_label
from ministries.models import Cluster, Ministry
from partnerships.models import Partnership

SCALE = (1, 4)
TRUST = [
    ("trust_mission", _("Shares our mission")),
    ("trust_openness", _("Open to communication")),
    ("trust_reliability", _("Reliable")),
]
VALUE = [
    ("value_power", _("Power and influence")),
    ("value_resources", _("Resources it brings")),
    ("value_involvement", _("Level of involvement")),
]
SCORES = TRUST + VALUE
SCORE_NAMES = [name for name, _label in SCORES]
TRUST_NAMES = [name for name, _label in TRUST]
VALUE_NAMES = [name for name, _label in VALUE]


def _score(label):
    validators = [MinValueValidator(SCALE[0]), MaxValueValidator(SCALE[1])]
    return models.PositiveSmallIntegerField(label, validators=validators)


class RelationshipSurveyQuerySet(models.QuerySet):
    def of(self, home):
        """The rounds of a partnership or of a cluster."""
        return self.filter(cluster=home) if isinstance(home, Cluster) else self.filter(partnership=home)

    def open_on(self, day):
        return self.filter(opens_on__lte=day, closes_on__gte=day)

    def closed_on(self, day):
        """Rounds whose answering has closed: the only ones with figures."""
        return self.filter(closes_on__lt=day)


class RelationshipSurvey(models.Model):
    """One round of the relationship survey in a partnership or in a cluster."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="relationship_surveys", null=True, blank=True
    )
    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, related_name="relationship_surveys", null=True, blank=True
    )
    due_date = models.DateField(_("due on"))
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("answers close on"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RelationshipSurveyQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "-due_date"]
        verbose_name = _("relationship survey")
        verbose_name_plural = _("relationship surveys")
        constraints = [
            # The cadence scan may run twice; the second run finds this round and opens nothing.
            models.UniqueConstraint(fields=["partnership", "due_date"], name="one_relationship_survey_per_due_date"),
            models.UniqueConstraint(
                fields=["cluster", "due_date"], name="one_cluster_relationship_survey_per_due_date"
            ),
            # Exactly one home, as a standing team has (partnerships.models.StandingTeam).
            models.CheckConstraint(
                condition=Q(partnership__isnull=False, cluster__isnull=True)
                | Q(partnership__isnull=True, cluster__isnull=False),
                name="relationship_survey_of_a_partnership_or_a_cluster",
            ),
            models.CheckConstraint(condition=Q(closes_on__gte=F("opens_on")), name="relationship_survey_closes_later"),
        ]

    def __str__(self):
        return _("Relationship survey of %(partnership)s, %(date)s") % {
            "partnership": self.partnership or self.cluster,
            "date": day_label(self.due_date),
        }

    @property
    def parties(self):
        """The organisations that rate each other now: the partnership's participants (lead first) or the
        cluster's organisations (by name). Load them first: `with_participants()` or `with_members()`."""
        if self.cluster_id is not None:
            return list(self.cluster.ministries.all())
        return [p.ministry for p in self.partnership.deciding_parties]

    @property
    def party_ids(self):
        return {m.pk for m in self.parties}

    @property
    def home_is_closed(self):
        """A closed partnership takes no more answers; a cluster does not close."""
        return self.cluster_id is None and self.partnership.is_closed

    def is_open(self, day=None):
        return self.opens_on <= (day or timezone.localdate()) <= self.closes_on

    def is_closed(self, day=None):
        return (day or timezone.localdate()) > self.closes_on


class RelationshipRespondent(models.Model):
    """That a person has answered a round (never what they answered): one answer per person."""

    survey = models.ForeignKey(RelationshipSurvey, on_delete=models.CASCADE, related_name="respondents")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    answered_on = models.DateField(default=timezone.localdate)

    class Meta:
        verbose_name = _("relationship survey respondent")
        verbose_name_plural = _("relationship survey respondents")
        constraints = [models.UniqueConstraint(fields=["survey", "user"], name="one_relationship_answer_per_person")]

    def __str__(self):
        return f"{self.user} — {self.survey}"


class RelationshipRating(models.Model):
    """One person's anonymous rating of one party, for the organisation they answered for.

    A random primary key, so that not even the order of rows ties a rating to a respondent.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(RelationshipSurvey, on_delete=models.CASCADE, related_name="ratings")
    rater = models.ForeignKey(Ministry, on_delete=models.PROTECT, related_name="+", verbose_name=_("rated by"))
    rated = models.ForeignKey(Ministry, on_delete=models.PROTECT, related_name="+", verbose_name=_("party rated"))
    trust_mission = _score(TRUST[0][1])
    trust_openness = _score(TRUST[1][1])
    trust_reliability = _score(TRUST[2][1])
    value_power = _score(VALUE[0][1])
    value_resources = _score(VALUE[1][1])
    value_involvement = _score(VALUE[2][1])
    comment = models.TextField(_("comment"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("relationship rating")
        verbose_name_plural = _("relationship ratings")
        constraints = [
            models.CheckConstraint(condition=~Q(rater=F("rated")), name="relationship_rates_another_party"),
            models.CheckConstraint(
                condition=Q(**{f"{name}__range": SCALE for name in SCORE_NAMES}),
                name="relationship_scores_between_1_and_4",
            ),
        ]
        indexes = [models.Index(fields=["survey", "rater", "rated"])]

    def __str__(self):
        return f"{self.rater} → {self.rated}"
