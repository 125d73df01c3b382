from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ministries.models import Ministry
from partnerships.models import Partnership, Phase


class Point(models.Model):
    """One of the 15 points for thought: reference data, the same for every partnership."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    guidance = models.TextField(_("guidance"))
    questions = models.TextField(_("questions to ask"), help_text=_("One question a line."))
    phase = models.CharField(_("to settle by the end of"), max_length=20, choices=Phase.choices)
    reopen_on_renewal = models.BooleanField(
        _("look at it again at renewal"), default=False, help_text=_("Reopened when a partnership starts a new cycle.")
    )
    # The reference text in the other languages people read Interlock in. English stays in
    # title/guidance/questions; an empty translation falls back to it.
    title_fr = models.CharField(_("title in French"), max_length=200, blank=True)
    guidance_fr = models.TextField(_("guidance in French"), blank=True)
    questions_fr = models.TextField(_("questions in French"), blank=True, help_text=_("One question a line."))
    title_he = models.CharField(_("title in Hebrew"), max_length=200, blank=True)
    guidance_he = models.TextField(_("guidance in Hebrew"), blank=True)
    questions_he = models.TextField(_("questions in Hebrew"), blank=True, help_text=_("One question a line."))

    TRANSLATED_LANGUAGES = ("fr", "he")

    class Meta:
        ordering = ["number"]
        verbose_name = _("point for thought")
        verbose_name_plural = _("points for thought")

    def __str__(self):
        return f"{self.number}. {self.localized_title}"

    def _localized(self, field):
        """The field in the active language, or in English when that translation is empty."""
        language = (get_language() or "").split("-")[0]
        if language in self.TRANSLATED_LANGUAGES:
            return getattr(self, f"{field}_{language}") or getattr(self, field)
        return getattr(self, field)

    @property
    def localized_title(self):
        return self._localized("title")

    @property
    def localized_guidance(self):
        return self._localized("guidance")

    @property
    def question_list(self):
        """The questions to ask, in the active language."""
        return [line.strip() for line in self._localized("questions").splitlines() if line.strip()]


class PointAnswerQuerySet(models.QuerySet):
    def for_partnership(self, partnership):
        return (
            self.filter(partnership=partnership)
            .select_related("point", "owner", "updated_by")
            .prefetch_related("positions__ministry", "positions__by", "evidence")
            .order_by("point__number")
        )


class PointAnswer(models.Model):
    """A partnership's shared answer to one point, with its status and evidence."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        ADDRESSED = "addressed", _("Addressed")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="point_answers")
    point = models.ForeignKey(Point, on_delete=models.PROTECT, related_name="answers")
    answer = models.TextField(_("our answer"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    not_applicable_reason = models.TextField(_("why it does not apply"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_points",
        verbose_name=_("owner"),
    )
    revision = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(null=True, blank=True)

    objects = PointAnswerQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "point__number"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "point"], name="one_answer_per_point_and_partnership"),
        ]

    def __str__(self):
        return f"{self.partnership}: {self.point}"

    @property
    def disagreements(self):
        return [p for p in self.positions.all() if p.stance == PointPosition.Stance.DISAGREE]

    @property
    def is_in_progress(self):
        return self.status == self.Status.IN_PROGRESS

    @property
    def is_not_applicable(self):
        return self.status == self.Status.NOT_APPLICABLE

    @property
    def is_settled(self):
        """Counts toward completeness: addressed (or not applicable) with no open disagreement."""
        done = self.status in (self.Status.ADDRESSED, self.Status.NOT_APPLICABLE)
        return done and not self.disagreements


class PointPosition(models.Model):
    """A ministry's stance on the shared answer: we agree, or we disagree and say why."""

    class Stance(models.TextChoices):
        AGREE = "agree", _("We agree")
        DISAGREE = "disagree", _("We disagree")

    answer = models.ForeignKey(PointAnswer, on_delete=models.CASCADE, related_name="positions")
    ministry = models.ForeignKey(Ministry, on_delete=models.CASCADE, related_name="+")
    stance = models.CharField(_("our position"), max_length=10, choices=Stance.choices)
    comment = models.TextField(_("comment"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["ministry__name"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "ministry"], name="one_position_per_ministry_and_answer"),
        ]

    def __str__(self):
        return f"{self.ministry}: {self.get_stance_display()}"


def evidence_path(instance, filename):
    return f"evidence/{instance.answer.partnership_id}/{instance.answer.point.number}/{filename}"


class PointEvidence(models.Model):
    """A link or a file that shows how a point was addressed."""

    answer = models.ForeignKey(PointAnswer, on_delete=models.CASCADE, related_name="evidence")
    label = models.CharField(_("what it is"), max_length=200)
    link = models.URLField(_("link"), blank=True)
    file = models.FileField(_("file"), upload_to=evidence_path, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at"]
        verbose_name_plural = _("evidence")

    def __str__(self):
        return self.label


class ValueAssessment(models.Model):
    """Point 2 worksheet: what one ministry expects to gain against what it will spend."""

    SCALE = [(1, _("Very low")), (2, _("Low")), (3, _("Medium")), (4, _("High")), (5, _("Very high"))]

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="value_assessments")
    ministry = models.ForeignKey(Ministry, on_delete=models.CASCADE, related_name="+")
    expected_value = models.TextField(_("what we expect to gain"), blank=True)
    # Empty while the organisation does not know yet: an honest answer early in planning.
    value_level = models.PositiveSmallIntegerField(
        _("how much it is worth to us"),
        choices=SCALE,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    time_and_cost = models.TextField(_("what it will cost us in time and money"), blank=True)
    cost_level = models.PositiveSmallIntegerField(
        _("how much it costs us"),
        choices=SCALE,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["ministry__name"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "ministry"], name="one_value_assessment_per_ministry"),
        ]

    def __str__(self):
        return f"{self.ministry} in {self.partnership}"

    @property
    def costs_more_than_it_gives(self):
        """Only when both are known: a level not known yet warns of nothing."""
        return self.cost_level is not None and self.value_level is not None and self.cost_level > self.value_level
