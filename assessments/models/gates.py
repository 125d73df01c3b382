from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common import phrases
from ministries.models import Ministry
from partnerships.models import Partnership, Phase, waited_since

# The phases in order. A gate leads from one phase to the next; the last gate
# decides renewal (a new cycle) or closing.
PHASE_ORDER = [Phase.INITIATION, Phase.PLANNING, Phase.APPLICATION, Phase.ASSESSMENT]


def requirements_as_read(snapshot):
    """A requirements snapshot's lines in the reader's language (see assessments.gate_checks): each line
    keeps its phrases, and a line stored before phrases were kept shows the words it was stored in."""
    return [
        {
            **item,
            "label": phrases.word(item.get("label_words"), item.get("label", "")),
            "detail": phrases.word(item.get("detail_words"), item.get("detail", "")),
        }
        for item in snapshot
    ]


def next_phase(phase):
    index = PHASE_ORDER.index(phase)
    return PHASE_ORDER[index + 1] if index + 1 < len(PHASE_ORDER) else None


class GateRequirement(models.Model):
    """One condition for leaving a phase. Administrators edit them; defaults come from migration 0003."""

    class Kind(models.TextChoices):
        POINTS_ADDRESSED = "points_addressed", _("Points for thought addressed")
        MIN_MINISTRIES = "min_ministries", _("Number of participating ministries")
        CHARTER_SIGNED = "charter_signed", _("Charter signed by every participating ministry")
        BUDGET_WITH_CONTRIBUTIONS = "budget_contributions", _("A budget with contributions")
        INDICATOR_WITH_TARGET = "indicator_target", _("At least one indicator with a target")
        REVIEW_HELD = "review_held", _("At least one review held")
        EVALUATION_DONE = "evaluation_done", _("An evaluation done")

    class AppliesTo(models.TextChoices):
        ALL = "all", _("Every partnership")
        WITH_MONEY = "with_money", _("Partnerships with money of their own")
        WITHOUT_MONEY = "without_money", _("Partnerships without money of their own")

    phase = models.CharField(_("to leave the phase"), max_length=20, choices=Phase.choices)
    kind = models.CharField(_("requirement"), max_length=30, choices=Kind.choices)
    applies_to = models.CharField(_("applies to"), max_length=20, choices=AppliesTo.choices, default=AppliesTo.ALL)
    points = models.CharField(
        _("points"), max_length=100, blank=True, help_text=_("For points: numbers and ranges, e.g. 1-3 or 4-14.")
    )
    number = models.PositiveSmallIntegerField(_("how many"), null=True, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["phase", "order", "pk"]
        verbose_name = _("gate requirement")
        verbose_name_plural = _("gate requirements")

    def __str__(self):
        return f"{self.get_phase_display()}: {self.get_kind_display()} {self.points or self.number or ''}".strip()

    def applies(self, partnership):
        """Whether this requirement is asked of this kind of partnership."""
        if self.applies_to == self.AppliesTo.WITH_MONEY:
            return not partnership.has_no_money
        if self.applies_to == self.AppliesTo.WITHOUT_MONEY:
            return partnership.has_no_money
        return True

    @property
    def point_numbers(self):
        """'1-3, 5' -> [1, 2, 3, 5]"""
        numbers = []
        for part in self.points.replace(" ", "").split(","):
            if not part:
                continue
            low, _sep, high = part.partition("-")
            numbers.extend(range(int(low), int(high or low) + 1))
        return numbers


class GateWaiver(models.Model):
    """The approving level sets one requirement aside for one partnership and cycle, with a reason.

    A waiver only lets the partnership ask for a decision: the gate is still decided by the approving
    level as a whole (under a steering committee, by the committee's rule), with the waiver in the
    requirements they see, so no member waives the partners' conditions alone.
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="gate_waivers")
    requirement = models.ForeignKey(GateRequirement, on_delete=models.CASCADE, related_name="waivers")
    cycle = models.PositiveSmallIntegerField()
    reason = models.TextField(_("why it is not needed"))
    waived_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    waived_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["waived_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "requirement", "cycle"], name="one_waiver_per_requirement_and_cycle"
            ),
        ]

    def __str__(self):
        return f"{self.partnership}: {self.requirement} waived"


class GateRequestQuerySet(models.QuerySet):
    def pending(self):
        """Waiting for the approving level's decision, however long."""
        return self.filter(status=GateRequest.Status.PENDING)

    def waiting(self, today):
        """Pending for INTERLOCK_GATE_WAITING_DAYS local days or more in a partnership at work: late."""
        return self.pending().filter(
            partnership__status=Partnership.Status.ACTIVE,
            requested_at__lt=waited_since(today, settings.INTERLOCK_GATE_WAITING_DAYS),
        )


class GateRequest(models.Model):
    """A coordinator asks the approving level to let the partnership leave its phase."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        DECIDED = "decided", _("Decided")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="gate_requests")
    cycle = models.PositiveSmallIntegerField()
    from_phase = models.CharField(max_length=20, choices=Phase.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    note = models.TextField(_("note to the approving level"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    requirements_snapshot = models.JSONField(default=list)
    # Under a steering committee a member proposes the committee's decision; it carries when
    # enough member ministries approve it (see assessments.services.committee_tally).
    proposed_outcome = models.CharField(_("proposed decision"), max_length=20, blank=True)
    proposed_reason = models.TextField(_("why"), blank=True)
    proposed_conditions = models.JSONField(default=list, blank=True)
    proposed_reopen_points = models.JSONField(default=list, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(null=True, blank=True)

    objects = GateRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership"], condition=Q(status="pending"), name="one_pending_gate_request"
            ),
        ]

    def __str__(self):
        return f"{self.partnership}: leave {self.get_from_phase_display()}"

    @property
    def requirements_at_the_time(self):
        return requirements_as_read(self.requirements_snapshot)

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING

    @property
    def has_proposal(self):
        return bool(self.proposed_outcome)

    @property
    def proposed_outcome_label(self):
        return GateDecision.Outcome(self.proposed_outcome).label if self.proposed_outcome else ""

    @property
    def requested_on(self):
        """The local day the decision was asked for: waiting is counted in days from it."""
        return timezone.localdate(self.requested_at)


class GateDecision(models.Model):
    """The approving level's decision on a gate, kept with who, when, why and what was met."""

    class Outcome(models.TextChoices):
        GO = "go", _("Go")
        GO_WITH_CONDITIONS = "go_conditions", _("Go, with conditions")
        HOLD = "hold", _("Hold")
        STOP = "stop", _("Stop")
        RENEW = "renew", _("Renew for a new cycle")
        CLOSE = "close", _("Close the partnership")

    request = models.OneToOneField(GateRequest, on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome.choices)
    reason = models.TextField(_("why"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)
    # The day the approving level decided, which for a partnership recorded after the fact is
    # earlier than `decided_at`, the moment it was recorded; the phase changed on this day.
    decided_on = models.DateField(_("decided on"), default=timezone.localdate)
    requirements_snapshot = models.JSONField(default=list)
    conditions = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-decided_at"]

    def __str__(self):
        return f"{self.request}: {self.get_outcome_display()}"

    @property
    def requirements_at_the_time(self):
        return requirements_as_read(self.requirements_snapshot)

    @property
    def recorded_later(self):
        """Recorded on another day than it was taken: pages show both dates."""
        return self.decided_on != timezone.localdate(self.decided_at)

    @property
    def dated_conditions(self):
        """The conditions with their due dates as dates (they are kept as ISO text), for the page to format."""
        return [
            {**condition, "due_date": date.fromisoformat(condition["due_date"]) if condition.get("due_date") else None}
            for condition in self.conditions
        ]


class GatePosition(models.Model):
    """A member ministry's position on the steering committee's proposed gate decision."""

    class Stance(models.TextChoices):
        APPROVE = "approve", _("Approves")
        REFUSE = "refuse", _("Refuses")
        ABSTAIN = "abstain", _("Abstains")

    request = models.ForeignKey(GateRequest, on_delete=models.CASCADE, related_name="positions")
    ministry = models.ForeignKey(Ministry, on_delete=models.PROTECT, related_name="+")
    stance = models.CharField(_("position"), max_length=10, choices=Stance.choices)
    comment = models.TextField(_("comment"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["ministry__name"]
        constraints = [
            models.UniqueConstraint(fields=["request", "ministry"], name="one_gate_position_per_ministry"),
        ]

    def __str__(self):
        return f"{self.request}: {self.ministry} {self.get_stance_display()}"
