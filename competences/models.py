"""Collaboration competence (issue 22, item 3): each person's self-assessments and the shared profiles.

A person's assessments are theirs alone until they choose to share them (CompetenceSharing); what
is shared appears only in a team's or an organisation's profile, counted with others, never alone.
A profile is published (CompetenceProfile) only when it passes profiles.may_publish: at least
ANONYMITY_THRESHOLD people, and never one or two people away from any profile published before,
so that no two profiles can be subtracted to give one person's levels.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from competences.catalogue import LEVELS, Competency
from ministries.models import Ministry
from partnerships.models import Partnership


class CompetenceSharing(models.Model):
    """A person's choice to add their latest assessment to their teams' and organisations' profiles."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="competence_sharing")
    shared = models.BooleanField(_("share with my partnerships' teams and my organisation"), default=False)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("competence sharing choice")
        verbose_name_plural = _("competence sharing choices")

    def __str__(self):
        return f"{self.user}: {self.shared}"


class SelfAssessmentQuerySet(models.QuerySet):
    def latest_per_person(self):
        """Each person's most recent assessment (the one that counts in profiles)."""
        newest = self.model.objects.filter(user=OuterRef("user")).order_by("-assessed_on", "-pk").values("pk")[:1]
        return self.filter(pk=Subquery(newest))

    def shared(self):
        return self.filter(user__competence_sharing__shared=True, user__is_active=True)


class SelfAssessment(models.Model):
    """One person's judgement of their own levels on one day. Never edited: a new one shows the change."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="competence_assessments")
    assessed_on = models.DateField(_("assessed on"), default=timezone.localdate)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SelfAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["user", "-assessed_on", "-pk"]
        verbose_name = _("competence self-assessment")
        verbose_name_plural = _("competence self-assessments")

    def __str__(self):
        return f"{self.user}, {self.assessed_on}"

    @property
    def level_map(self):
        """{competency: level} from prefetched levels; a competency not assessed is absent."""
        return {row.competency: row.level for row in self.levels.all()}


class AssessedLevel(models.Model):
    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="levels")
    competency = models.CharField(_("competency"), max_length=20, choices=Competency.choices)
    level = models.PositiveSmallIntegerField(
        _("level"), validators=[MinValueValidator(LEVELS[0]), MaxValueValidator(LEVELS[-1])]
    )

    class Meta:
        verbose_name = _("assessed level")
        verbose_name_plural = _("assessed levels")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "competency"], name="one_level_per_competency"),
            models.CheckConstraint(condition=Q(level__range=(LEVELS[0], LEVELS[-1])), name="competence_level_1_to_5"),
        ]

    def __str__(self):
        return f"{self.get_competency_display()}: {self.level}"


class CompetenceProfile(models.Model):
    """A published profile of a partnership's team or of an organisation: counts per level, kept as shown.

    `counts` maps each competency to [not assessed, level 1, …, level 5]. The members are kept as
    plain numbers, not foreign keys, so that the record of what was once shown survives a deletion:
    the guard compares every new profile with it.
    """

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, null=True, blank=True, related_name="competence_profiles"
    )
    ministry = models.ForeignKey(
        Ministry, on_delete=models.CASCADE, null=True, blank=True, related_name="competence_profiles"
    )
    published_at = models.DateTimeField(default=timezone.now)
    size = models.PositiveIntegerField()
    counts = models.JSONField()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("competence profile")
        verbose_name_plural = _("competence profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(partnership__isnull=True) ^ Q(ministry__isnull=True), name="competence_profile_of_one"
            ),
        ]

    def __str__(self):
        return f"{self.partnership or self.ministry}, {self.published_at:%Y-%m-%d}"


class ProfileMember(models.Model):
    """Whose assessment a published profile counted."""

    profile = models.ForeignKey(CompetenceProfile, on_delete=models.CASCADE, related_name="members")
    person_pk = models.PositiveIntegerField()
    assessment_pk = models.PositiveIntegerField(db_index=True)

    class Meta:
        verbose_name = _("profile member")
        verbose_name_plural = _("profile members")
        constraints = [models.UniqueConstraint(fields=["profile", "person_pk"], name="one_member_per_person")]

    def __str__(self):
        return f"{self.profile_id}: {self.person_pk}"
