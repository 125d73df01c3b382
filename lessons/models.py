from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessments.models import GateDecision, Review
from common.dates import day_label
from common.textsearch import matching
from partnerships.models import Partnership

SIGNIFICANT_WORD = 5
# What makes two partnerships alike for the suggestions: what they do and for whom.
SIMILAR_BY = ("partnership__title", "partnership__problem", "partnership__target_audience")


class LessonQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Lessons of the partnerships the user sees: a lesson is as private as its partnership."""
        return self.filter(partnership__in=Partnership.objects.visible_to(user).values("pk"))

    def for_display(self):
        return self.select_related("partnership", "review", "gate_decision__request", "recorded_by")

    def tagged(self, tag):
        """Lessons carrying `tag`: tags are kept lower case between commas (",budget,staffing,")."""
        return self.filter(tags__contains=f",{tag.strip().lower()},")

    def similar_to(self, partnership, user, *, language, limit=5):
        """Lessons of other partnerships the user sees that share words with this one's name, need and audience."""
        text = " ".join(
            word
            for word in dict.fromkeys(
                f"{partnership.title} {partnership.problem} {partnership.target_audience}".lower().split()
            )
            # Short words (the, de, of) say nothing about what a partnership does.
            if len(word) >= SIGNIFICANT_WORD and word.isalpha()
        )
        if not text:
            return self.none()
        others = self.visible_to(user).exclude(partnership=partnership).for_display()
        return matching(others, SIMILAR_BY, text, language=language, any_word=True)[:limit]


class Lesson(models.Model):
    """What a partnership's team learned, recorded at a review, a gate decision or the closing."""

    class Source(models.TextChoices):
        REVIEW = "review", _("A review")
        GATE = "gate", _("A gate decision")
        CLOSING = "closing", _("The closing")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="lessons")
    source = models.CharField(_("learned at"), max_length=10, choices=Source.choices)
    review = models.ForeignKey(
        Review, on_delete=models.SET_NULL, null=True, blank=True, related_name="lessons", verbose_name=_("review")
    )
    gate_decision = models.ForeignKey(
        GateDecision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lessons",
        verbose_name=_("gate decision"),
    )
    worked = models.TextField(_("what worked"), blank=True)
    did_not_work = models.TextField(_("what did not work"), blank=True)
    do_differently = models.TextField(_("what to do differently"), blank=True)
    tags = models.CharField(
        _("tags"), max_length=300, blank=True, help_text=_("Words to find it by, separated by commas.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded on"), auto_now_add=True)

    objects = LessonQuerySet.as_manager()

    #: The text the library and the search look through.
    TEXT_FIELDS = ("worked", "did_not_work", "do_differently", "tags")

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        constraints = [
            models.CheckConstraint(
                condition=~Q(worked="", did_not_work="", do_differently=""),
                name="lesson_says_something",
                violation_error_message=_("Write what worked, what did not, or what to do differently."),
            ),
            models.CheckConstraint(
                condition=~Q(source="review", review__isnull=True),
                name="lesson_at_a_review_names_it",
                violation_error_message=_("Choose the review this lesson comes from."),
            ),
            models.CheckConstraint(
                condition=~Q(source="gate", gate_decision__isnull=True),
                name="lesson_at_a_gate_names_the_decision",
                violation_error_message=_("Choose the gate decision this lesson comes from."),
            ),
        ]

    def __str__(self):
        return _("Lesson from %(partnership)s") % {"partnership": self.partnership}

    @property
    def tag_list(self):
        # Stored as ",budget,staffing," (see LessonQuerySet.tagged).
        return [tag for tag in self.tags.split(",") if tag]

    @property
    def source_label(self):
        """Where it was learned, in words: "A review on 2026-05-01"."""
        if self.source == self.Source.REVIEW and self.review_id:
            return _("The review of %(date)s") % {"date": day_label(self.review.held_on)}
        if self.source == self.Source.GATE and self.gate_decision_id:
            return _("The gate decision of %(date)s: %(outcome)s") % {
                "date": day_label(self.gate_decision.decided_on),
                "outcome": self.gate_decision.get_outcome_display(),
            }
        return self.get_source_display()
