import uuid

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ministries.models import Ministry
from partnerships.models import Participation, Partnership, prefetch_participations, waited_since

# The charter's own text fields, in the order the charter reads. Used for
# snapshots, comparisons, the PDF and copying into a new version.
CHARTER_TEXT_FIELDS = [
    "shared_vision",
    "goals",
    "professional_lead",
    "procedural_lead",
    "head_figure",
    "membership_and_responsibilities",
    "meeting_schedule",
    "decision_protocol",
    "conflict_protocol",
    "information_what",
    "information_how",
    "information_frequency",
    "information_where",
    "reporting_schedule",
]


class CharterVersionQuerySet(models.QuerySet):
    def out_for_signature(self):
        """Sent to the participants for signature and not yet signed by all of them, however long ago."""
        return self.filter(status=CharterVersion.Status.SIGNING)

    def waiting_for_signatures(self, today):
        """Out for signature for INTERLOCK_CHARTER_SIGNATURE_DAYS local days or more in a partnership at work: late."""
        return self.out_for_signature().filter(
            partnership__status=Partnership.Status.ACTIVE,
            sent_for_signature_at__lt=waited_since(today, settings.INTERLOCK_CHARTER_SIGNATURE_DAYS),
        )

    def nobody_can_sign(self):
        """Out for signature with a party that has not signed and has nobody who can sign for it: stuck at once,
        whatever the date, until someone is invited or given the right to sign."""
        signed = CharterSignature.objects.filter(version=OuterRef(OuterRef("pk"))).values("ministry_id")
        stuck = (
            Participation.objects.signing()
            .nobody_signs()
            .filter(partnership=OuterRef("partnership"))
            .exclude(ministry_id__in=signed)
        )
        return self.out_for_signature().filter(Exists(stuck))

    def out_for_signature_to(self, ministry_ids):
        """Versions out for signature that one of these ministries takes part in and has not signed yet.

        Loads what a list of them shows, not the charters' text.
        """
        taking_part = Participation.objects.signing().filter(ministry_id__in=ministry_ids)
        signed = CharterSignature.objects.filter(version=OuterRef(OuterRef("pk"))).values("ministry_id")
        unsigned = taking_part.filter(partnership=OuterRef("partnership")).exclude(ministry_id__in=signed)
        return (
            # The first filter lets the database start from these ministries' partnerships.
            self.out_for_signature()
            .filter(partnership__in=taking_part.values("partnership_id"))
            .filter(Exists(unsigned))
            .select_related("partnership")
            .only("number", "status", "sent_for_signature_at", "partnership", "partnership__title")
            .prefetch_related("signatures", prefetch_participations("partnership__participations"))
            .order_by("sent_for_signature_at", "pk")
        )

    def current(self):
        """Newest first, without the versions that have been replaced: `.first()` is the one people work on."""
        return self.exclude(status=CharterVersion.Status.SUPERSEDED).order_by("-number")

    def current_for(self, partnership):
        """The version people work on now: the newest that has not been replaced."""
        return self.filter(partnership=partnership).current()


class CharterVersion(models.Model):
    """One version of a partnership's written agreement. Ministries sign a specific version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNING = "signing", _("Out for signature")
        SIGNED = "signed", _("Signed by every ministry")
        SUPERSEDED = "superseded", _("Replaced by a later version")

    class ChangeReason(models.TextChoices):
        NEW_PARTNER = "new_partner", _("A new partner")
        BUDGET = "budget", _("A change to the budget")
        GOALS = "goals", _("Changed goals")
        DELAYS = "delays", _("Delays")
        OTHER = "other", _("Something else")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="charter_versions")
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)

    shared_vision = models.TextField(
        _("shared vision"), blank=True, help_text=_("What the partners want to achieve together, in a few sentences.")
    )
    goals = models.TextField(_("goals"), blank=True, help_text=_("One goal a line, each one you could measure."))
    professional_lead = models.CharField(
        _("professional lead"),
        max_length=300,
        blank=True,
        help_text=_("The body with the most professional authority on the subject."),
    )
    procedural_lead = models.CharField(
        _("procedural lead"),
        max_length=300,
        blank=True,
        help_text=_("The person or group who runs the joint process, with no stake of their own."),
    )
    head_figure = models.CharField(
        _("head of the partnership"),
        max_length=300,
        blank=True,
        help_text=_("The one person committed to the common goals who leads the lead committee."),
    )
    membership_and_responsibilities = models.TextField(_("members and their responsibilities"), blank=True)
    meeting_schedule = models.TextField(_("meeting schedule"), blank=True)
    decision_protocol = models.TextField(_("how decisions are made"), blank=True)
    conflict_protocol = models.TextField(_("how conflicts are resolved"), blank=True)
    information_what = models.TextField(_("information to share"), blank=True)
    information_how = models.TextField(_("how it is shared"), blank=True)
    information_frequency = models.CharField(_("how often"), max_length=200, blank=True)
    information_where = models.CharField(_("where it is kept"), max_length=300, blank=True)
    reporting_schedule = models.TextField(_("reporting schedule"), blank=True)

    change_reason = models.CharField(
        _("reason for the change"), max_length=20, choices=ChangeReason.choices, blank=True
    )
    change_note = models.TextField(_("what changed and why"), blank=True)

    # Goes up by one at every save; a save that names an older revision is refused.
    revision = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    sent_for_signature_at = models.DateTimeField(null=True, blank=True)
    signed_at = models.DateTimeField(_("signed by all on"), null=True, blank=True)

    objects = CharterVersionQuerySet.as_manager()

    class Meta:
        ordering = ["partnership", "-number"]
        verbose_name = _("charter version")
        verbose_name_plural = _("charter versions")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "number"], name="charter_version_number_unique"),
            models.UniqueConstraint(
                fields=["partnership"], condition=Q(status="draft"), name="one_charter_draft_at_a_time"
            ),
        ]
        # Homes and reminders look for the few versions out for signature among every version ever made.
        indexes = [
            models.Index(
                fields=["partnership", "sent_for_signature_at"],
                condition=Q(status="signing"),
                name="charter_out_for_signature",
            )
        ]

    def __str__(self):
        return _("Charter of %(partnership)s, version %(number)s") % {
            "partnership": self.partnership,
            "number": self.number,
        }

    @property
    def is_editable(self):
        return self.status == self.Status.DRAFT

    @property
    def sent_on(self):
        """The local day the version went out for signature: waiting is counted in days from it."""
        return timezone.localdate(self.sent_for_signature_at) if self.sent_for_signature_at else None

    @property
    def sections(self):
        """(heading, text) pairs in the order the charter reads."""
        return [
            (str(self._meta.get_field(name).verbose_name).capitalize(), getattr(self, name))
            for name in CHARTER_TEXT_FIELDS
        ]

    def snapshot(self):
        """The whole charter as plain data: its text, assignments and milestones."""
        return {
            "fields": {name: getattr(self, name) for name in CHARTER_TEXT_FIELDS},
            "assignments": [
                {
                    "task": a.task,
                    "ministry": str(a.ministry) if a.ministry_id else "",
                    "due_date": a.due_date.isoformat() if a.due_date else "",
                }
                for a in self.assignments.all()
            ],
            "milestones": [
                {"title": m.title, "due_date": m.due_date.isoformat(), "description": m.description}
                for m in self.milestones.all()
            ],
        }


class CharterAssignment(models.Model):
    """A first task agreed in the charter, with who does it and by when."""

    version = models.ForeignKey(CharterVersion, on_delete=models.CASCADE, related_name="assignments")
    task = models.CharField(_("task"), max_length=300)
    ministry = models.ForeignKey(
        Ministry, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("done by")
    )
    due_date = models.DateField(_("due by"), null=True, blank=True)

    class Meta:
        # Undated tasks last, on every database.
        ordering = [models.F("due_date").asc(nulls_last=True), "pk"]
        verbose_name = _("initial assignment")
        verbose_name_plural = _("initial assignments")

    def __str__(self):
        return self.task


class CharterMilestone(models.Model):
    """A dated milestone of the partnership's timeline, as agreed in the charter."""

    version = models.ForeignKey(CharterVersion, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=300)
    due_date = models.DateField(_("date"))
    description = models.TextField(_("details"), blank=True)
    # The same milestone through every version of the charter: a new version copies it, and the
    # partnership's live milestone (results.Milestone.charter_key) follows it by this key.
    key = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("charter milestone")
        verbose_name_plural = _("charter milestones")

    def __str__(self):
        return self.title


class CharterSignature(models.Model):
    """A ministry's signature on one charter version."""

    version = models.ForeignKey(CharterVersion, on_delete=models.CASCADE, related_name="signatures")
    ministry = models.ForeignKey(Ministry, on_delete=models.PROTECT, related_name="charter_signatures")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The name and role as they were at signing: a later rename must not change who signed.
    signer_name = models.CharField(_("signed by"), max_length=300)
    signer_role = models.CharField(_("as"), max_length=200, blank=True)
    signed_at = models.DateTimeField(auto_now_add=True)
    # The day the signatory signed, on paper perhaps, before the partnership was recorded here;
    # `signed_at` stays the moment it was recorded.
    signed_on = models.DateField(_("signed on"), default=timezone.localdate)

    class Meta:
        ordering = ["signed_on", "signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["version", "ministry"], name="one_signature_per_ministry_and_version"),
        ]

    def __str__(self):
        return f"{self.ministry} signed {self.version}"

    @property
    def signed_as(self):
        """Who signed, as they were named then: "Name, role"."""
        return ", ".join(part for part in (self.signer_name, self.signer_role) if part)


class CharterRevision(models.Model):
    """What a charter version looked like after each save: for history, conflicts and comparisons."""

    version = models.ForeignKey(CharterVersion, on_delete=models.CASCADE, related_name="revisions")
    revision = models.PositiveIntegerField()
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    saved_at = models.DateTimeField(auto_now_add=True)
    content = models.JSONField()

    class Meta:
        ordering = ["version", "revision"]
        constraints = [
            models.UniqueConstraint(fields=["version", "revision"], name="charter_revision_unique"),
        ]

    def __str__(self):
        return f"{self.version}, revision {self.revision}"
