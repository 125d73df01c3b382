"""Partnerships that may offer the same service twice, and what their partners said about each pair.

One text per partnership, `PartnershipText`, gathers the need, the public value, the audience, the current
charter's goals and the indicators' names; `services.overlap_texts_refresh` rebuilds it and finds that
partnership's `SimilarPair`s again. On PostgreSQL a GIN trigram index on the text (migration 0001) makes that
one lookup among tens of thousands of partnerships; the finder (overlaps/finder.py) reads the pairs.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from charters.models import CharterVersion
from ministries.models import Ministry
from partnerships.models import Partnership
from results.models import Indicator


class PartnershipText(models.Model):
    """What a partnership does and for whom, lower case: the parts the reasons compare, and all of them."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, primary_key=True, related_name="overlap_text"
    )
    audience = models.TextField(blank=True)
    purpose = models.TextField(blank=True)  # the need, the public value and the goals
    indicators = models.TextField(blank=True)  # one name a line
    text = models.TextField(blank=True)  # all of the above: the trigram index is on this one
    refreshed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("text compared for duplicates")
        verbose_name_plural = _("texts compared for duplicates")

    def __str__(self):
        return str(self.partnership_id)

    @property
    def indicator_names(self):
        return [name for name in self.indicators.split("\n") if name]


def stale_partnerships():
    """Partnerships whose text is missing or older than a change to what it gathers.

    Every change to the need, the public value and the audience bumps the partnership's `updated_at`;
    indicators and charter versions carry their own. A deleted indicator is dropped at the partnership's
    next change.
    """
    # Uncorrelated subqueries: the database hashes each once instead of probing it for every partnership.
    built = F("partnership__overlap_text__refreshed_at")
    return Partnership.objects.filter(
        Q(overlap_text__isnull=True)
        | Q(updated_at__gt=F("overlap_text__refreshed_at"))
        | Q(pk__in=Indicator.objects.filter(updated_at__gt=built).values("partnership_id"))
        | Q(pk__in=CharterVersion.objects.filter(updated_at__gt=built).values("partnership_id"))
    )


class SimilarPair(models.Model):
    """Two partnerships whose texts are at least INTERLOCK_OVERLAP_SIMILARITY alike, `first` with the lower id.

    Kept by `services.overlap_texts_refresh`: when a partnership's text is rebuilt, its pairs are found again
    (one trigram lookup), so the finder only reads this table, however large the portfolio.
    """

    first = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="one_similar_pair"),
            models.CheckConstraint(condition=Q(first__lt=F("second")), name="similar_pair_in_order"),
        ]
        indexes = [models.Index(fields=["second"])]

    def __str__(self):
        return f"{self.first_id}/{self.second_id}: {self.score:.2f}"


class Verdict(models.TextChoices):
    NOT_DUPLICATE = "not_duplicate", _("Not a duplicate")
    COORDINATE = "coordinate", _("Coordinate the two")
    MERGE = "merge", _("Merge them")


class DuplicateMarkQuerySet(models.QuerySet):
    def of_pairs(self, pairs):
        """The marks of these (first id, second id) pairs, newest first, with who marked them."""
        wanted = Q(pk__in=[])
        for first, second in pairs:
            wanted |= Q(first_id=first, second_id=second)
        return self.filter(wanted).select_related("ministry", "marked_by").order_by("-marked_at", "-pk")


class DuplicateMark(models.Model):
    """What a partner of one of two partnerships said about them: not a duplicate, coordinate, or merge.

    Every mark is kept (the pair's history); the newest of each side stands. `first` has the lower id.
    """

    first = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    ministry = models.ForeignKey(
        Ministry, on_delete=models.PROTECT, related_name="+", verbose_name=_("for the organisation")
    )
    verdict = models.CharField(_("what to do"), max_length=20, choices=Verdict.choices)
    note = models.TextField(_("note"), blank=True)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    marked_at = models.DateTimeField(auto_now_add=True)

    objects = DuplicateMarkQuerySet.as_manager()

    class Meta:
        ordering = ["-marked_at", "-pk"]
        verbose_name = _("duplicate mark")
        verbose_name_plural = _("duplicate marks")
        constraints = [
            models.CheckConstraint(condition=Q(first__lt=F("second")), name="duplicate_pair_in_order"),
        ]
        indexes = [models.Index(fields=["first", "second"])]

    def __str__(self):
        return f"{self.first_id}/{self.second_id}: {self.verdict}"
