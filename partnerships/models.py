from datetime import datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.dates import day_label
from ministries.models import Cluster, FieldUnit, Membership, Ministry, NamedInLanguages, Region
from ministries.permissions import ministry_ids

SHARE_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class Phase(models.TextChoices):
    INITIATION = "initiation", _("Initiative and creation")
    PLANNING = "planning", _("Planning and forming")
    APPLICATION = "application", _("Application and maintenance")
    ASSESSMENT = "assessment", _("Assessment and renewal")


class Cadence(models.IntegerChoices):
    MONTHLY = 1, _("Every month")
    QUARTERLY = 3, _("Every three months")
    SEMI_ANNUAL = 6, _("Every six months")
    ANNUAL = 12, _("Every year")


# When things "need attention": late, due, waiting, escalated. The attention list, the reminder scans,
# the weekly digest, the homes and the templates all ask these, so that they name the same things.
# Only partnerships at work (active) need attention: on hold or closed, nothing is late.
# Every threshold is a setting; "today" is a local date.


def escalation_day(today):
    """Things due on or before this day have been late long enough to go to the executives."""
    return today - timedelta(days=settings.INTERLOCK_ESCALATE_AFTER_DAYS)


def waited_since(today, days):
    """The moment before which a wait must have begun to have lasted `days` whole local days by `today`.

    A request made on Monday (local time) has waited two days on Wednesday, whatever the hour:
    the same count as `notifications.claims.nudge_date`, which dates the reminders.
    """
    first_day_too_recent = today - timedelta(days=days - 1)
    return timezone.make_aware(datetime.combine(first_day_too_recent, time.min))


# Which partnerships a person's field unit works on is results' rule (its progress logs, measurements and
# focal people): results states it here when it loads, so that lists in apps below it put them first.
_unit_work = []


def unit_work_is(rule):
    """`rule(user)`: a queryset of the partnerships the user's field units work on (see results.permissions)."""
    _unit_work[:] = [rule]


class PartnershipQuerySet(models.QuerySet):
    def unit_first(self, user, *then):
        """The partnerships the user's field unit works on first (annotated `of_my_unit`), then by `then`."""
        (rule,) = _unit_work
        ours = models.Exists(rule(user).filter(pk=models.OuterRef("pk")))
        return self.annotate(of_my_unit=ours).order_by("-of_my_unit", *then)

    def active(self):
        """Partnerships at work: not on hold, not closed. Reminders and the attention list look at these."""
        return self.filter(status=Partnership.Status.ACTIVE)

    def not_closed(self):
        """Partnerships that can still be worked on (active or on hold): lists and homes show these."""
        return self.exclude(status=Partnership.Status.CLOSED)

    def review_due_by(self, day):
        """Active partnerships whose next review is due on or before `day` (overdue ones too)."""
        return self.active().filter(next_review_due__lte=day)

    def review_due_soon(self, today):
        """Reviews due within the notice period (INTERLOCK_REVIEW_NOTICE_DAYS) or overdue."""
        return self.review_due_by(today + timedelta(days=settings.INTERLOCK_REVIEW_NOTICE_DAYS))

    def review_overdue(self, today):
        """Active partnerships whose review was due before today and has not been recorded."""
        return self.active().filter(self.review_late(today))

    @staticmethod
    def review_late(today):
        """The condition of `review_overdue` besides being active: for a scan that words due and overdue apart."""
        return models.Q(next_review_due__lt=today)

    def review_escalated(self, today):
        """Reviews late by INTERLOCK_ESCALATE_AFTER_DAYS or more: the lead's executives hear of them."""
        return self.review_due_by(escalation_day(today))

    def visible_to(self, user):
        """Partnerships in which one of the user's ministries takes part."""
        if user.is_superuser:
            return self.all()
        ids = ministry_ids(user)
        return self.filter(pk__in=Participation.objects.filter(ministry_id__in=ids).values("partnership_id"))

    def with_participants(self):
        return self.prefetch_related(
            models.Prefetch(
                "participations",
                queryset=Participation.objects.select_related("ministry", "unit__ministry", "focal_person").order_by(
                    "ministry__name"
                ),
            )
        )


class Partnership(models.Model):
    """Two or more ministries working toward a common goal that creates public value."""

    class ActorConfiguration(models.TextChoices):
        DOMINANT_WITH_SUPPORTING = "dominant_supporting", _("One dominant ministry with supporting ones")
        SUPPORTING_MOTIVATES_DOMINANT = "supporting_motivates", _("A supporting ministry motivating dominant ones")
        TWO_DOMINANT = "two_dominant", _("Two dominant ministries")
        SYMMETRIC = "symmetric", _("A symmetric group")

    class StructureType(models.TextChoices):
        CREATIVE = "creative", _("Creative: joint ownership and creation")
        REACTIVE = "reactive", _("Reactive: coordinating and sharing information")
        LIMITED = "limited", _("Limited: mainly budgetary")
        WITHOUT_DECISIONS = "without_decisions", _("Without decisions: identical interests")

    class OperatingMechanism(models.TextChoices):
        STEERING_COMMITTEE = "steering_committee", _("Steering committee")
        CENTRAL_MANAGEMENT = "central_management", _("Central management body")
        OBSTACLE_COMMITTEE = "obstacle_committee", _("Obstacle committee")
        NO_CENTRAL_MECHANISM = "no_central_mechanism", _("No central mechanism: each ministry does its part")
        ONE_MINISTRY_POOLS = "one_ministry_pools", _("One ministry runs it, pooling the others' resources")

    class GovernmentStage(models.TextChoices):
        PLANNING_DECISIONS = "planning_decisions", _("Planning and decision-making")
        ORGANISATION = "organisation", _("Organisation and preparation")
        SERVICE = "service", _("Service and outcome")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ON_HOLD = "on_hold", _("On hold")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("name"), max_length=200)
    problem = models.TextField(_("the problem"), help_text=_("What problem do the ministries face together?"))
    public_value = models.TextField(
        _("public value"), help_text=_("What will people get from the ministries working together?")
    )
    target_audience = models.TextField(_("who it serves"), blank=True)
    regions = models.ManyToManyField(Region, related_name="partnerships", blank=True, verbose_name=_("regions"))
    actor_configuration = models.CharField(
        _("how the ministries relate"), max_length=30, choices=ActorConfiguration.choices, blank=True
    )
    structure_type = models.CharField(_("structure"), max_length=30, choices=StructureType.choices, blank=True)
    operating_mechanism = models.CharField(
        _("how it is run"), max_length=30, choices=OperatingMechanism.choices, blank=True
    )
    government_stage = models.CharField(
        _("place in government work"), max_length=30, choices=GovernmentStage.choices, blank=True
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.INITIATION)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    cycle = models.PositiveSmallIntegerField(_("cycle"), default=1, help_text=_("Goes up by one at each renewal."))
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    review_cadence = models.PositiveSmallIntegerField(_("reviews"), choices=Cadence.choices, default=Cadence.QUARTERLY)
    health_check_cadence = models.PositiveSmallIntegerField(
        _("team health checks"), choices=Cadence.choices, default=Cadence.QUARTERLY
    )
    next_review_due = models.DateField(_("next review due"), null=True, blank=True)
    next_health_check_due = models.DateField(_("next health check due"), null=True, blank=True)
    is_pilot = models.BooleanField(
        _("a pilot"), default=False, help_text=_("A trial run. When it ends, the ministries decide what comes next.")
    )
    pilot_ends_on = models.DateField(_("pilot ends on"), null=True, blank=True)
    # A policy partnership often has no money of its own: its gates then ask for no budget
    # (assessments.GateRequirement.applies_to).
    has_no_money = models.BooleanField(
        _("no money of its own"),
        default=False,
        help_text=_("Tick for a partnership with no budget of its own, such as a policy partnership."),
    )
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        editable=False,
        verbose_name=_("started from"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PartnershipQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[regions])

    #: What the partners change together, by a proposal every participating ministry agrees to
    #: (the operating mechanism decides who approves gates; closing ends the partnership).
    STRUCTURE_FIELDS = ("structure_type", "operating_mechanism", "status")

    class Meta:
        ordering = ["title"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gt=models.F("start_date")),
                name="partnership_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(is_pilot=True) | Q(pilot_ends_on__isnull=True), name="only_a_pilot_has_a_pilot_end"
            ),
        ]
        indexes = [models.Index(fields=["phase", "status"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partnerships:detail", args=[self.pk])

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.start_date and self.end_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": _("The end date must come after the start date.")})

    def check_happened_on(self, day, *, field):
        """Refuse a day an event of this partnership cannot have happened on: after today, or before
        the partnership began. Every dated event (a signature, a gate decision...) is checked here."""
        if day > timezone.localdate():
            raise ValidationError(
                {field: _("This date is in the future. Give the day it happened: today at the latest.")}
            )
        if self.start_date is not None and day < self.start_date:
            raise ValidationError(
                {
                    field: _("The partnership began on %(start)s. Give a date from that day on.")
                    % {"start": day_label(self.start_date)}
                }
            )

    @property
    def participants(self):
        """Every party, the lead first, then participants, funders and stakeholders; uses the prefetch
        from `with_participants()`."""
        order = list(Participation.Kind.values)
        return sorted(self.participations.all(), key=lambda p: (not p.is_lead, order.index(p.kind), p.ministry.name))

    @property
    def lead(self):
        return next((p for p in self.participations.all() if p.is_lead), None)

    @property
    def time_zone(self):
        """The time zone its documents are dated in: its lead organisation's (from the prefetch)."""
        lead = self.lead
        return lead.ministry.time_zone if lead is not None else settings.TIME_ZONE

    @property
    def ministry_ids(self):
        """Every party's organisation, stakeholders and funders included: who sees the partnership."""
        return {p.ministry_id for p in self.participations.all()}

    @property
    def leading_ministry_ids(self):
        """The lead's and the co-leads' organisations, from the prefetched participations."""
        return {p.ministry_id for p in self.participations.all() if p.leads}

    @property
    def participant_ministry_ids(self):
        """The participants' organisations: they share gains and risks, decide, vote and state positions."""
        return {p.ministry_id for p in self.participations.all() if p.is_participant}

    @property
    def signing_ministry_ids(self):
        """The organisations that sign the charter and agree to changes (`Participation.signs`)."""
        return {p.ministry_id for p in self.participations.all() if p.signs}

    @property
    def deciding_parties(self):
        """The participants, lead first (not funders or stakeholders): they vote and are weighted."""
        return [p for p in self.participants if p.is_participant]

    @property
    def signing_parties(self):
        """The parties that sign, lead first, from the prefetched participations."""
        return [p for p in self.participants if p.signs]

    @property
    def is_closed(self):
        return self.status == self.Status.CLOSED

    @property
    def holdings_missing(self):
        """Of `Participation.HOLDINGS`, those no participating ministry holds; uses the prefetched participations."""
        participations = list(self.participations.all())
        return [name for name in Participation.HOLDINGS if not any(getattr(p, name) for p in participations)]

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE

    def review_is_overdue(self, today=None):
        """The one-partnership form of `Partnership.objects.review_overdue(today)`; templates call it for today."""
        today = today or timezone.localdate()
        return self.is_active and self.next_review_due is not None and self.next_review_due < today

    def review_is_escalated(self, today):
        """The one-partnership form of `Partnership.objects.review_escalated(today)`."""
        return self.is_active and self.next_review_due is not None and self.next_review_due <= escalation_day(today)

    def pilot_has_ended(self, today=None):
        return self.is_pilot and self.pilot_ends_on is not None and self.pilot_ends_on < (today or timezone.localdate())

    def pilot_decision_awaited(self, latest_decision, today=None):
        """The pilot has ended and nothing was decided since: an "adjust" that moved the end date
        later is followed by a new decision once that date has passed too."""
        if not self.pilot_has_ended(today):
            return False
        return latest_decision is None or latest_decision.decided_on < self.pilot_ends_on


class PartnershipItemQuerySet(models.QuerySet):
    """Dated things to do in a partnership (milestones, action items): when they are due, late, escalated.

    The model has a `due_date`, a `partnership` and a `Status` with `OPEN`.
    """

    def open(self):
        return self.filter(status=self.model.Status.OPEN)

    def to_do(self):
        """Open, with a date, in a partnership at work: the only ones that can be due or late."""
        return self.open().filter(due_date__isnull=False, partnership__status=Partnership.Status.ACTIVE)

    def due_by(self, day):
        return self.to_do().filter(due_date__lte=day)

    def due_soon(self, today):
        """Due within the notice period (INTERLOCK_ITEM_NOTICE_DAYS) or overdue."""
        return self.due_by(today + timedelta(days=settings.INTERLOCK_ITEM_NOTICE_DAYS))

    def overdue(self, today):
        return self.to_do().filter(self.late(today))

    @staticmethod
    def late(today):
        """The condition of `overdue` besides being to do: for a scan that words due and overdue apart."""
        return models.Q(due_date__lt=today)

    def escalated(self, today):
        """Late by INTERLOCK_ESCALATE_AFTER_DAYS or more: the responsible ministry's executives hear of them."""
        return self.due_by(escalation_day(today))


class PartnershipItem:
    """The one-item forms of `PartnershipItemQuerySet`'s rules. They read `self.partnership`: select it."""

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    def is_to_do(self):
        return self.is_open and self.due_date is not None and self.partnership.is_active

    def is_overdue_on(self, today):
        return self.is_to_do() and self.due_date < today

    def is_escalated_on(self, today):
        return self.is_to_do() and self.due_date <= escalation_day(today)

    @property
    def is_overdue(self):
        """For templates: late today (in the local time zone)."""
        return self.is_overdue_on(timezone.localdate())


def signing_parties(path=""):
    """The condition on participations (from `path`) that must sign the charter and agree to changes:
    every participant, and a funder the partners asked to sign. Stakeholders never sign."""
    kinds = Participation.Kind
    return Q(**{f"{path}kind": kinds.PARTICIPANT}) | Q(**{f"{path}kind": kinds.FUNDER, f"{path}signs_charter": True})


class ParticipationQuerySet(models.QuerySet):
    def participants(self):
        """The parties that share gains and risks, decide and vote (not funders, not stakeholders)."""
        return self.filter(kind=Participation.Kind.PARTICIPANT)

    def signing(self):
        """The parties that sign the charter and agree to changes of the structure (see `signing_parties`)."""
        return self.filter(signing_parties())

    def nobody_signs(self):
        """Parties whose organisation has nobody active who can sign for it (no executive, no delegate)."""
        signers = Membership.objects.signatories().filter(ministry=models.OuterRef("ministry"))
        return self.exclude(models.Exists(signers))


class Participation(models.Model):
    """An organisation taking part in a partnership, or one of its units in its own name.

    An organisation takes part once (its unit, when named, speaks for it): its role, what it
    brings and what it gets.
    """

    class Kind(models.TextChoices):
        PARTICIPANT = "participant", _("Participant: shares gains and risks, decides and signs")
        FUNDER = "funder", _("Funder: brings money, signs only if the partners ask")
        STAKEHOLDER = "stakeholder", _("Stakeholder: consulted or informed, never signs")

    class Engagement(models.TextChoices):
        INFORM = "inform", _("Inform")
        CONSULT = "consult", _("Consult")
        INVOLVE = "involve", _("Involve")
        COLLABORATE = "collaborate", _("Collaborate")
        EMPOWER = "empower", _("Empower")

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        CO_LEAD = "co_lead", _("Co-lead")
        DOMINANT = "dominant", _("Dominant")
        SUPPORTING = "supporting", _("Supporting")
        SYMMETRIC = "symmetric", _("Equal partner")

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="participations", verbose_name=_("partnership")
    )
    ministry = models.ForeignKey(
        Ministry, on_delete=models.PROTECT, related_name="participations", verbose_name=_("organisation")
    )
    unit = models.ForeignKey(
        FieldUnit,
        on_delete=models.PROTECT,
        related_name="participations",
        null=True,
        blank=True,
        verbose_name=_("unit taking part in its own name"),
        help_text=_("Leave empty when the whole organisation takes part."),
    )
    kind = models.CharField(_("kind of party"), max_length=20, choices=Kind.choices, default=Kind.PARTICIPANT)
    signs_charter = models.BooleanField(
        _("signs the charter"),
        default=False,
        help_text=_("For a funder only: tick it when the partners want the funder to sign the charter."),
    )
    engagement = models.CharField(
        _("how it is engaged"),
        max_length=20,
        choices=Engagement.choices,
        blank=True,
        help_text=_("For a stakeholder only: from being informed to being given the decision."),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.SUPPORTING)
    holds_interests = models.BooleanField(_("has interests at stake"), default=False)
    holds_knowledge = models.BooleanField(_("brings knowledge"), default=False)
    holds_authority = models.BooleanField(_("holds authority"), default=False)
    # Point 3: between them the partners hold the interests at stake, the knowledge and the authority.
    HOLDINGS = ("holds_interests", "holds_knowledge", "holds_authority")
    contributes = models.TextField(_("what it contributes"), blank=True)
    receives = models.TextField(_("what it receives"), blank=True)
    responsibility = models.TextField(_("area of responsibility"), blank=True)
    gain_share = models.DecimalField(
        _("share of gains (%)"), max_digits=5, decimal_places=2, default=Decimal("0"), validators=SHARE_VALIDATORS
    )
    risk_share = models.DecimalField(
        _("share of risks (%)"), max_digits=5, decimal_places=2, default=Decimal("0"), validators=SHARE_VALIDATORS
    )
    focal_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="focal_participations",
        verbose_name=_("focal person"),
    )

    objects = ParticipationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["ministry__name"]
        verbose_name = _("participating organisation")
        verbose_name_plural = _("participating organisations")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "ministry"], name="ministry_takes_part_once"),
            models.UniqueConstraint(
                fields=["partnership"], condition=Q(role="lead"), name="one_lead_ministry_per_partnership"
            ),
            models.CheckConstraint(
                condition=Q(gain_share__gte=0, gain_share__lte=100, risk_share__gte=0, risk_share__lte=100),
                name="participation_shares_between_0_and_100",
            ),
            # Funders and stakeholders carry no shares and never lead; only a funder may be asked to
            # sign, and only a stakeholder has an engagement level.
            models.CheckConstraint(
                condition=Q(kind="participant") | (Q(gain_share=0, risk_share=0) & ~Q(role__in=["lead", "co_lead"])),
                name="only_participants_carry_shares_or_lead",
            ),
            models.CheckConstraint(
                condition=Q(kind="funder") | Q(signs_charter=False), name="only_a_funder_opts_to_sign"
            ),
            models.CheckConstraint(
                condition=Q(kind="stakeholder") | Q(engagement=""), name="only_a_stakeholder_has_an_engagement"
            ),
        ]

    def __str__(self):
        return f"{self.party_name} in {self.partnership}"

    @property
    def party_name(self):
        """Who takes part, as every page names the party: the unit with its organisation, or the organisation."""
        return self.unit.named_with_organisation if self.unit_id else str(self.ministry)

    #: What the partners change together, by a proposal (see StructureProposal).
    STRUCTURE_FIELDS = ("kind", "signs_charter", "role", "unit", "gain_share", "risk_share")
    #: What else a party's row holds: the lead's coordinators keep these without a proposal.
    DETAIL_FIELDS = ("engagement", "contributes", "receives", "responsibility", "focal_person", *HOLDINGS)
    #: What a snapshot made before a field existed means by its absence (proposals made before kinds).
    SNAPSHOT_DEFAULTS = {"kind": Kind.PARTICIPANT, "signs_charter": False, "engagement": ""}

    @property
    def is_lead(self):
        return self.role == self.Role.LEAD

    #: The lead and the co-leads the partners agreed to: they lead together (gates, details, teams).
    LEADING_ROLES = (Role.LEAD, Role.CO_LEAD)

    @property
    def leads(self):
        """The lead or a co-lead (`is_lead` is the one lead the partnership names first)."""
        return self.role in self.LEADING_ROLES

    @property
    def is_participant(self):
        return self.kind == self.Kind.PARTICIPANT

    @property
    def signs(self):
        """The one-party form of `signing_parties`: must sign the charter and agree to changes."""
        return self.is_participant or (self.kind == self.Kind.FUNDER and self.signs_charter)

    @property
    def kind_summary(self):
        """The kind in a few words for tables: "Funder, signs", "Stakeholder: consult"."""
        if self.kind == self.Kind.FUNDER:
            return _("Funder, signs the charter") if self.signs_charter else _("Funder, does not sign")
        if self.kind == self.Kind.STAKEHOLDER:
            return _("Stakeholder: %(level)s") % {"level": self.get_engagement_display().lower()}
        return _("Participant")

    @classmethod
    def row_signs(cls, row):
        """`signs` for a party as a structure snapshot holds it."""
        kind = row.get("kind", cls.Kind.PARTICIPANT)
        return kind == cls.Kind.PARTICIPANT or (kind == cls.Kind.FUNDER and bool(row.get("signs_charter")))

    @property
    def partner_kinds(self):
        kinds = [(self.holds_interests, _("interests")), (self.holds_knowledge, _("knowledge"))]
        kinds.append((self.holds_authority, _("authority")))
        return [label for held, label in kinds if held]


class EngagementEntry(models.Model):
    """A dated contact with a stakeholder: a meeting, a consultation or a notice, and what came of it.

    The partnership's coordinators keep this log (see `engagement_record`), so that the partners can
    show whom they consulted or informed, when, and about what.
    """

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        CONSULTATION = "consultation", _("Consultation")
        NOTICE = "notice", _("Notice")

    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="engagement_entries", verbose_name=_("stakeholder")
    )
    happened_on = models.DateField(_("date"))
    kind = models.CharField(_("what was done"), max_length=20, choices=Kind.choices)
    summary = models.TextField(_("summary"), help_text=_("What was shared or asked, and what the stakeholder said."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-happened_on", "-pk"]
        verbose_name = _("contact with a stakeholder")
        verbose_name_plural = _("contacts with stakeholders")

    def __str__(self):
        return f"{self.get_kind_display()} {self.happened_on}"


class PilotDecisionQuerySet(models.QuerySet):
    def latest_first(self):
        return self.select_related("decided_by").order_by("-decided_on", "-pk")


class PilotDecision(models.Model):
    """What the ministries decided once a pilot ended: scale it up, adjust it, or stop it."""

    class Outcome(models.TextChoices):
        SCALE_UP = "scale_up", _("Scale it up")
        ADJUST = "adjust", _("Adjust it and go on")
        STOP = "stop", _("Stop it")

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="pilot_decisions", verbose_name=_("partnership")
    )
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome.choices)
    reason = models.TextField(_("why"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    decided_on = models.DateField(_("decided on"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PilotDecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("decision after the pilot")
        verbose_name_plural = _("decisions after the pilot")

    def __str__(self):
        return f"{self.partnership}: {self.get_outcome_display()}"


def prefetch_participations(lookup="participations"):
    """Participations with their ministries, in one query (a plain prefetch of `…__ministry` takes two)."""
    return models.Prefetch(lookup, queryset=Participation.objects.select_related("ministry", "unit__ministry"))


class StructureProposalQuerySet(models.QuerySet):
    def open(self):
        """Proposed and not yet agreed, refused or withdrawn: at most one per partnership."""
        return self.filter(status=StructureProposal.Status.OPEN)


class StructureProposal(models.Model):
    """A change to who takes part, who leads, the shares, the structure, how it is run or the status.

    No coordinator changes these alone: the change is proposed with a reason and takes effect once
    the executive (or a delegated signatory) of every participating ministry agreed, as with a
    charter version. `before` and `after` hold the structure as `structure_snapshot` writes it.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for the partners")
        AGREED = "agreed", _("Agreed by every partner and in effect")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="structure_proposals", verbose_name=_("partnership")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    reason = models.TextField(_("why"))
    before = models.JSONField()
    after = models.JSONField()
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("proposed by")
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # Who refused, for which ministry and why; empty unless refused.
    refused_for = models.ForeignKey(Ministry, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    refusal = models.TextField(_("why it was refused"), blank=True)

    objects = StructureProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("proposed change to the structure")
        verbose_name_plural = _("proposed changes to the structure")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership"], condition=Q(status="open"), name="one_open_structure_proposal"
            ),
        ]

    def __str__(self):
        return _("Proposed change to %(partnership)s") % {"partnership": self.partnership}

    def get_absolute_url(self):
        return reverse("partnerships:proposal", args=[self.partnership_id, self.pk])

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    @property
    def ministry_ids_to_agree(self):
        """Every ministry that signed for the partnership when it was proposed (participants and funders
        asked to sign), those it would remove included. Stakeholders and other funders are not asked."""
        return {row["ministry"] for row in self.before["parties"] if Participation.row_signs(row)}


class StructureAgreement(models.Model):
    """A ministry's agreement to a proposed change, given by one who signs for it."""

    proposal = models.ForeignKey(StructureProposal, on_delete=models.CASCADE, related_name="agreements")
    ministry = models.ForeignKey(Ministry, on_delete=models.PROTECT, related_name="+")
    agreed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # As on a charter signature: the name and role the person had when agreeing.
    agreed_by_name = models.CharField(max_length=300)
    agreed_by_role = models.CharField(max_length=200, blank=True)
    agreed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "ministry"], name="one_agreement_per_ministry_and_proposal"),
        ]

    def __str__(self):
        return f"{self.ministry} agreed to {self.proposal}"

    @property
    def agreed_as(self):
        return ", ".join(part for part in (self.agreed_by_name, self.agreed_by_role) if part)


class StandingTeamQuerySet(models.QuerySet):
    def current(self, today):
        """Teams whose term has begun and not ended by `today`."""
        return self.filter(Q(starts_on__isnull=True) | Q(starts_on__lte=today)).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today)
        )


class StandingTeam(NamedInLanguages):
    """A standing working group, committee, secretariat or steering committee with members of several organisations.

    It belongs to a partnership (or, for a body that serves several, to a cluster); meetings,
    action items and field reports can be filed under it.
    """

    class Kind(models.TextChoices):
        WORKING_GROUP = "working_group", _("Working group")
        COMMITTEE = "committee", _("Committee")
        SECRETARIAT = "secretariat", _("Secretariat")
        STEERING_COMMITTEE = "steering_committee", _("Steering committee")

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name="teams",
        null=True,
        blank=True,
        verbose_name=_("partnership"),
    )
    cluster = models.ForeignKey(
        Cluster, on_delete=models.CASCADE, related_name="teams", null=True, blank=True, verbose_name=_("cluster")
    )
    kind = models.CharField(_("kind of team"), max_length=30, choices=Kind.choices, default=Kind.WORKING_GROUP)
    name = models.CharField(_("name"), max_length=200)
    remit = models.TextField(_("remit"), help_text=_("What the team is asked to do, and what it decides."))
    starts_on = models.DateField(_("term starts"), null=True, blank=True)
    ends_on = models.DateField(_("term ends"), null=True, blank=True)
    organisations = models.ManyToManyField(
        Ministry, related_name="teams", blank=True, verbose_name=_("organisations represented")
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="teams", blank=True, verbose_name=_("members")
    )

    objects = StandingTeamQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("standing team")
        verbose_name_plural = _("standing teams")
        constraints = [
            # Exactly one home: a partnership or a cluster.
            models.CheckConstraint(
                condition=Q(partnership__isnull=False, cluster__isnull=True)
                | Q(partnership__isnull=True, cluster__isnull=False),
                name="team_belongs_to_a_partnership_or_a_cluster",
                violation_error_message=_("A team belongs to a partnership or to a cluster, not both."),
            ),
            models.UniqueConstraint(
                fields=["partnership", "name"],
                name="team_name_unique_in_partnership",
                violation_error_message=_("The partnership has a team of this name already. Choose another name."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gt=models.F("starts_on")),
                name="team_term_ends_after_it_starts",
                violation_error_message=_("The term must end after it starts. Change one of the dates."),
            ),
        ]

    def __str__(self):
        return self.translated_name
