"""Team health checks and the expectations register.

A health check asks the people of every participating ministry how the partnership is doing
(seed 002): what is going well, what is not, what is bothering us, what we should adjust, and
five ratings from 1 to 5. Answers are anonymous: a response does not point at its author,
results are only shown once answering has closed (live figures would show what each new answer
changed), and only for groups of at least `ANONYMITY_THRESHOLD` responses (see
health_services.shown_groups for the groups hidden so that a smaller one cannot be worked out).
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.dates import day_label
from ministries.models import Ministry
from partnerships.models import Partnership

# Fewer answers than this and nothing is shown: with two people, each could tell the other's answers.
ANONYMITY_THRESHOLD = 3

# The five ratings, in the order the form asks them: (field name, label).
RATINGS = [
    ("trust", _("Trust")),
    ("communication", _("Communication")),
    ("shared_goals", _("Shared goals")),
    ("progress", _("Progress")),
    ("resources", _("Resources")),
]
# The written questions, in the order the form asks them.
TEXT_QUESTIONS = ["going_well", "not_going_well", "bothering_us", "adjust", "learning"]
RATING_NAMES = [name for name, _label in RATINGS]


class HealthCheckQuerySet(models.QuerySet):
    def open_on(self, day):
        return self.filter(opens_on__lte=day, closes_on__gte=day)

    def to_answer(self, today):
        """Open for answers today in a partnership at work: the team is asked to answer these."""
        return self.open_on(today).filter(partnership__status=Partnership.Status.ACTIVE)

    def closed_with_results(self, today):
        """Checks whose answering has closed with enough answers for results: their figures are final,
        and the only ones whose average and concern anyone sees."""
        return self.closed_on(today).filter(average__isnull=False)

    def flagged(self, today):
        """Each active partnership's newest closed check with results, where it shows a concern (low or falling).

        This is "a team in poor health": a concern stands until a newer check says otherwise.
        """
        newer = HealthCheck.objects.closed_with_results(today).filter(
            partnership=OuterRef("partnership"), due_date__gt=OuterRef("due_date")
        )
        return (
            self.closed_with_results(today)
            .filter(partnership__status=Partnership.Status.ACTIVE)
            .filter(flag__in=[HealthCheck.Flag.LOW, HealthCheck.Flag.FALLING])
            .exclude(Exists(newer))
        )

    def closed_on(self, day):
        return self.filter(closes_on__lt=day)


class HealthCheck(models.Model):
    """One round of the team health check in a partnership."""

    class Flag(models.TextChoices):
        NONE = "", _("No concern")
        LOW = "low", _("Low score")
        FALLING = "falling", _("Falling trend")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="health_checks")
    cycle = models.PositiveSmallIntegerField(_("cycle"), default=1)
    due_date = models.DateField(
        _("due on"), help_text=_("The date on the partnership's health-check cadence this check answers for.")
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("answers close on"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Kept up to date by health_services.health_check_summarise so lists and scans need no aggregation.
    # The average and the concern stay empty until answering has closed, and under the threshold.
    response_count = models.PositiveIntegerField(default=0)
    average = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    flag = models.CharField(_("concern"), max_length=10, choices=Flag.choices, blank=True, default="")

    objects = HealthCheckQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "-due_date"]
        verbose_name = _("team health check")
        verbose_name_plural = _("team health checks")
        constraints = [
            # The cadence scan may run twice; the second run finds this check and opens nothing.
            models.UniqueConstraint(fields=["partnership", "due_date"], name="one_health_check_per_due_date"),
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="health_check_closes_later"),
        ]
        indexes = [models.Index(fields=["closes_on"])]

    def __str__(self):
        return _("Health check of %(partnership)s, %(date)s") % {
            "partnership": self.partnership,
            "date": day_label(self.due_date),
        }

    def is_open(self, day=None):
        day = day or timezone.localdate()
        return self.opens_on <= day <= self.closes_on

    def is_closed(self, day=None):
        return (day or timezone.localdate()) > self.closes_on


class HealthCheckResponse(models.Model):
    """One person's anonymous answers. Who answered is kept apart, in HealthCheckParticipant.

    A random primary key, so that not even the order of rows ties an answer to a participant.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    health_check = models.ForeignKey(HealthCheck, on_delete=models.CASCADE, related_name="responses")
    ministry = models.ForeignKey(Ministry, on_delete=models.PROTECT, related_name="+", verbose_name=_("ministry"))
    going_well = models.TextField(_("What is going well?"), blank=True)
    not_going_well = models.TextField(_("What is not going so well?"), blank=True)
    bothering_us = models.TextField(_("What is bothering some of us?"), blank=True)
    adjust = models.TextField(_("What should we adjust in how we work together?"), blank=True)
    learning = models.TextField(_("What are we learning?"), blank=True)
    trust = models.PositiveSmallIntegerField(_("Trust"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    communication = models.PositiveSmallIntegerField(
        _("Communication"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    shared_goals = models.PositiveSmallIntegerField(
        _("Shared goals"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    progress = models.PositiveSmallIntegerField(_("Progress"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    resources = models.PositiveSmallIntegerField(
        _("Resources"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        verbose_name = _("health check response")
        verbose_name_plural = _("health check responses")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    trust__range=(1, 5),
                    communication__range=(1, 5),
                    shared_goals__range=(1, 5),
                    progress__range=(1, 5),
                    resources__range=(1, 5),
                ),
                name="health_ratings_between_1_and_5",
            ),
        ]

    def __str__(self):
        return _("Response to %(check)s") % {"check": self.health_check}

    @property
    def average(self):
        return sum(getattr(self, name) for name in RATING_NAMES) / len(RATING_NAMES)


class HealthCheckParticipant(models.Model):
    """That a person has answered a check (never what they answered): one response per person."""

    health_check = models.ForeignKey(HealthCheck, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    answered_on = models.DateField(default=timezone.localdate)

    class Meta:
        verbose_name = _("health check participant")
        verbose_name_plural = _("health check participants")
        constraints = [
            models.UniqueConstraint(fields=["health_check", "user"], name="one_health_response_per_person"),
        ]

    def __str__(self):
        return f"{self.user} — {self.health_check}"


class Expectation(models.Model):
    """What a ministry expects to give to, or get from, the partnership (point 9)."""

    class Direction(models.TextChoices):
        GIVE = "give", _("We expect to give")
        GET = "get", _("We expect to get")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="expectations")
    ministry = models.ForeignKey(Ministry, on_delete=models.PROTECT, related_name="+", verbose_name=_("ministry"))
    direction = models.CharField(_("give or get"), max_length=4, choices=Direction.choices)
    text = models.TextField(_("expectation"))
    cycle = models.PositiveSmallIntegerField(_("cycle"), default=1)
    is_active = models.BooleanField(_("still expected"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["partnership", "ministry__name", "direction", "pk"]
        verbose_name = _("expectation")
        verbose_name_plural = _("expectations")

    def __str__(self):
        return f"{self.ministry.short_name}: {self.text[:60]}"


class ExpectationRating(models.Model):
    """At a review, whether an expectation was met."""

    class Rating(models.TextChoices):
        MET = "met", _("Met")
        PARTLY = "partly", _("Partly met")
        NOT_MET = "not_met", _("Not met")

    expectation = models.ForeignKey(Expectation, on_delete=models.CASCADE, related_name="ratings")
    review = models.ForeignKey("assessments.Review", on_delete=models.CASCADE, related_name="expectation_ratings")
    rating = models.CharField(_("rating"), max_length=10, choices=Rating.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["expectation"]
        verbose_name = _("expectation rating")
        verbose_name_plural = _("expectation ratings")
        constraints = [
            models.UniqueConstraint(fields=["expectation", "review"], name="one_rating_per_expectation_and_review"),
        ]

    def __str__(self):
        return f"{self.expectation}: {self.get_rating_display()}"
