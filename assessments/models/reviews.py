"""Supervision and evaluation (point 15).

A review is the partners' own supervision, held on the partnership's review cadence. An
evaluation is done by an evaluator, ideally from outside the partnership, and measures output
and results objectively. Both end in a red / amber / green rating and a recommendation that the
assessment-and-renewal gate reads.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.dates import day_label
from partnerships.models import Partnership


class Rating(models.TextChoices):
    GREEN = "green", _("Green: on track")
    AMBER = "amber", _("Amber: at risk")
    RED = "red", _("Red: off track")


class Recommendation(models.TextChoices):
    CONTINUE = "continue", _("Continue as planned")
    ADJUST = "adjust", _("Adjust")
    RENEW = "renew", _("Renew for a new cycle")
    CLOSE = "close", _("Close the partnership")


class Judgement(models.Model):
    """What a review and an evaluation have in common."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    cycle = models.PositiveSmallIntegerField(_("cycle"), default=1)
    findings = models.TextField(_("findings"), help_text=_("What you found, with the evidence for it."))
    rating = models.CharField(_("overall rating"), max_length=10, choices=Rating.choices)
    recommendation = models.CharField(_("recommendation"), max_length=10, choices=Recommendation.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Review(Judgement):
    """The partners' periodic supervision of the partnership."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField(_("held on"))
    due_date = models.DateField(_("was due on"), null=True, blank=True)
    participants = models.TextField(_("who took part"), blank=True)

    class Meta:
        ordering = ["partnership", "-held_on", "-pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        indexes = [models.Index(fields=["partnership", "cycle"])]

    def __str__(self):
        return _("Review of %(partnership)s on %(date)s") % {
            "partnership": self.partnership,
            "date": day_label(self.held_on),
        }


class Evaluation(Judgement):
    """An objective measurement of output and results, by an evaluator."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="evaluations")
    completed_on = models.DateField(_("completed on"))
    scope = models.TextField(_("what was evaluated and how"), help_text=_("The questions, the data and the methods."))
    is_external = models.BooleanField(
        _("external"), default=False, help_text=_("Set when the evaluator's ministry does not take part.")
    )

    class Meta:
        ordering = ["partnership", "-completed_on", "-pk"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        indexes = [models.Index(fields=["partnership", "cycle"])]

    def __str__(self):
        return _("Evaluation of %(partnership)s on %(date)s") % {
            "partnership": self.partnership,
            "date": day_label(self.completed_on),
        }


class EvaluatorAssignment(models.Model):
    """An evaluator, often from outside, asked to evaluate a partnership their ministry is not part of."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="evaluator_assignments")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="evaluator_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["partnership", "evaluator__last_name"]
        verbose_name = _("evaluator assignment")
        verbose_name_plural = _("evaluator assignments")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "evaluator"], name="evaluator_assigned_once"),
        ]

    def __str__(self):
        return f"{self.evaluator} — {self.partnership}"
