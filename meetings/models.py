"""Meetings, the decisions taken at them, action items, and conflicts with their escalation ladder.

Point 11 of the model: a conflict is first boiled down to a definition every partner
agrees on; every alternative is heard; then it is decided by consensus, by the
approving level, or by a vote weighted by each party's relative size.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ministries.models import Ministry
from partnerships.models import Partnership, PartnershipItem, PartnershipItemQuerySet, StandingTeam


class Meeting(models.Model):
    class Kind(models.TextChoices):
        STEERING_COMMITTEE = "steering_committee", _("Steering committee")
        LEAD_COMMITTEE = "lead_committee", _("Lead committee")
        WORKING_GROUP = "working_group", _("Working group")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("kind of meeting"), max_length=30, choices=Kind.choices)
    team = models.ForeignKey(
        StandingTeam,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("standing team"),
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("subject"), max_length=200, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    # The iCalendar SEQUENCE of its invitation: moved on each time the meeting moves, so that calendars
    # replace the event they hold (same UID) instead of keeping the old date.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        label = self.title or self.get_kind_display()
        return f"{label}, {self.date:%Y-%m-%d}"


class MeetingAttendance(models.Model):
    """A ministry at a meeting, and who came for it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    ministry = models.ForeignKey(Ministry, on_delete=models.PROTECT, related_name="+")
    people = models.CharField(_("who came"), max_length=500)

    class Meta:
        ordering = ["ministry__name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "ministry"], name="ministry_attends_once")]

    def __str__(self):
        return f"{self.ministry.short_name}: {self.people}"

    @property
    def names(self):
        """Who came, as comparable names: the page asks for names separated by commas."""
        return {name.strip().casefold() for name in self.people.split(",") if name.strip()}


class Mechanism(models.TextChoices):
    CONSENSUS = "consensus", _("Consensus")
    APPROVING_LEVEL = "approving_level", _("Decision by the approving level")
    WEIGHTED_VOTE = "weighted_vote", _("Vote weighted by each party's relative size")


class DecisionQuerySet(models.QuerySet):
    def with_votes(self):
        return self.select_related("meeting", "conflict", "created_by").prefetch_related(
            models.Prefetch("votes", queryset=Vote.objects.select_related("ministry", "recorded_by", "confirmed_by")),
            "meeting__attendances",
        )

    def waiting_for_votes(self):
        """Weighted votes in which some party's vote does not count yet."""
        return self.filter(outcome=Decision.Outcome.WAITING)


class Decision(models.Model):
    """A decision taken at a meeting, or to settle a conflict, with how it was reached."""

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", _("Adopted")
        REJECTED = "rejected", _("Not adopted")
        TIE = "tie", _("Tie — goes to the approving level")
        NO_CONSENSUS = "no_consensus", _("No consensus — goes to the approving level")
        WAITING = "waiting", _("Waiting for votes")

    class Verdict(models.TextChoices):
        ADOPTED = "adopted", _("Adopted by the approving level")
        REJECTED = "rejected", _("Not adopted by the approving level")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="decisions")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions", verbose_name=_("meeting")
    )
    conflict = models.ForeignKey("Conflict", on_delete=models.CASCADE, null=True, blank=True, related_name="decisions")
    title = models.CharField(_("what was to be decided"), max_length=300)
    text = models.TextField(_("the proposal or decision"), blank=True)
    mechanism = models.CharField(_("how it was decided"), max_length=20, choices=Mechanism.choices)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    decided_on = models.DateField(_("decided on"), default=timezone.localdate)
    approving_level = models.CharField(
        _("approving level"),
        max_length=200,
        blank=True,
        help_text=_("Who decided, for a decision by the approving level: for example the deputy ministers."),
    )
    verdict = models.CharField(_("verdict of the approving level"), max_length=20, choices=Verdict.choices, blank=True)
    verdict_by = models.CharField(_("given by"), max_length=200, blank=True)
    verdict_on = models.DateField(_("given on"), null=True, blank=True)
    verdict_note = models.TextField(_("reasons"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(verdict="") | Q(outcome__in=["tie", "no_consensus"]),
                name="verdict_only_for_referred_decisions",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def awaits_approving_level(self):
        return self.outcome in (self.Outcome.TIE, self.Outcome.NO_CONSENSUS) and not self.verdict

    @property
    def final_label(self):
        return self.get_verdict_display() if self.verdict else self.get_outcome_display()

    @property
    def is_adopted(self):
        return self.verdict == self.Verdict.ADOPTED or (not self.verdict and self.outcome == self.Outcome.ADOPTED)

    @property
    def waits_for_votes(self):
        return self.outcome == self.Outcome.WAITING

    @property
    def waiting_votes(self):
        """The parties whose vote is not cast and confirmed yet; uses the prefetched votes."""
        return [vote for vote in self.votes.all() if not vote.is_confirmed]

    @property
    def waiting_parties(self):
        return [vote.ministry for vote in self.waiting_votes]

    @property
    def vote_count(self):
        """The weighted totals of the votes that count (cast and confirmed) and the outcome they give."""
        return weighted_vote_outcome([(vote.choice, vote.weight) for vote in self.votes.all() if vote.is_confirmed])


class Vote(models.Model):
    """A party's vote on a decision, with the weight it carried (its relative size, as agreed at point 11).

    Every participant has a row from the moment the vote opens, with its weight fixed then. A vote
    counts once it is confirmed by someone who speaks for the party: cast by them, or recorded by a
    coordinator and confirmed by them. `choice` is empty until the vote is cast.
    """

    class Choice(models.TextChoices):
        FOR = "for", pgettext_lazy("vote", "For")
        AGAINST = "against", _("Against")
        ABSTAIN = "abstain", _("Abstains")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="votes")
    ministry = models.ForeignKey(Ministry, on_delete=models.PROTECT, related_name="+", verbose_name=_("ministry"))
    choice = models.CharField(_("vote"), max_length=10, choices=Choice.choices, blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["ministry__name"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "ministry"], name="one_vote_per_ministry"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="vote_weight_not_negative"),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True) | ~Q(choice=""), name="only_a_cast_vote_is_confirmed"
            ),
        ]

    def __str__(self):
        return f"{self.ministry.short_name}: {self.get_choice_display() or '—'} ({self.weight})"

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


@dataclass(frozen=True)
class VoteCount:
    weight_for: Decimal
    weight_against: Decimal
    weight_abstaining: Decimal
    outcome: str


def weighted_vote_outcome(votes):
    """The outcome of a vote weighted by each party's relative size.

    `votes` are (choice, weight) pairs. The side with more weight wins; abstentions
    count for neither side. Equal weights (also when nobody votes for or against) are
    a tie, and a tie goes to the approving level, as point 11 of the model says.
    """
    totals = {Vote.Choice.FOR: Decimal(0), Vote.Choice.AGAINST: Decimal(0), Vote.Choice.ABSTAIN: Decimal(0)}
    for choice, weight in votes:
        totals[Vote.Choice(choice)] += Decimal(weight)
    weight_for, weight_against = totals[Vote.Choice.FOR], totals[Vote.Choice.AGAINST]
    if weight_for > weight_against:
        outcome = Decision.Outcome.ADOPTED
    elif weight_against > weight_for:
        outcome = Decision.Outcome.REJECTED
    else:
        outcome = Decision.Outcome.TIE
    return VoteCount(weight_for, weight_against, totals[Vote.Choice.ABSTAIN], outcome)


class ActionItemQuerySet(PartnershipItemQuerySet):
    """open(), due_soon(today), overdue(today), escalated(today): when an action item needs attention."""

    def for_display(self):
        # The partnership too: whether an item is overdue depends on it being at work.
        return self.select_related("owner", "owner_ministry", "meeting", "partnership")

    def owned_by(self, user, ministry_ids):
        """Items this person owns, or one of these ministries owns with no one named: theirs to do."""
        return self.filter(Q(owner=user) | Q(owner__isnull=True, owner_ministry_id__in=ministry_ids))


class ActionItem(PartnershipItem, models.Model):
    """Something someone agreed to do, with a date. Meetings create them; so do gate conditions."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="action_items")
    meeting = models.ForeignKey(Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="action_items")
    team = models.ForeignKey(
        StandingTeam,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("standing team"),
    )
    title = models.CharField(_("what is to be done"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("owner"),
    )
    owner_ministry = models.ForeignKey(
        Ministry, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("owner ministry")
    )
    due_date = models.DateField(_("due by"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    source = models.CharField(_("from"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = [models.F("due_date").asc(nulls_last=True), "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        indexes = [models.Index(fields=["partnership", "status"])]

    def __str__(self):
        return self.title


class EscalationLevel(models.IntegerChoices):
    WORKING_GROUP = 1, _("Working group")
    STEERING_COMMITTEE = 2, _("Steering committee")
    APPROVING_LEVEL = 3, _("Approving level")


class ConflictQuerySet(models.QuerySet):
    def for_display(self):
        return self.select_related("raised_by", "raised_by_ministry").prefetch_related("escalations")


class Conflict(models.Model):
    """A conflict between partners, or an obstacle in their way, taken to a decision."""

    class Kind(models.TextChoices):
        CONFLICT = "conflict", _("Conflict between partners")
        OBSTACLE = "obstacle", _("Obstacle")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="conflicts")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CONFLICT)
    title = models.CharField(_("short title"), max_length=200)
    description = models.TextField(_("description"), help_text=_("What happened, as the person raising it sees it."))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("raised by"),
    )
    raised_by_ministry = models.ForeignKey(
        Ministry, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("for the ministry")
    )
    agreed_definition = models.TextField(
        _("definition all partners agree on"),
        blank=True,
        help_text=_("The conflict boiled down to its basics, in words every partner accepts."),
    )
    alternatives = models.TextField(
        _("alternatives considered"),
        blank=True,
        help_text=_("One alternative a line. Each is presented and given equal consideration."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    resolved_at = models.DateTimeField(_("resolved on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConflictQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("conflict or obstacle")
        verbose_name_plural = _("conflicts and obstacles")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="resolved") | Q(resolved_at__isnull=False), name="resolved_conflict_has_date"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def alternative_list(self):
        return [line.strip() for line in self.alternatives.splitlines() if line.strip()]

    @property
    def level(self):
        """The highest rung of the ladder reached; uses the prefetched escalations."""
        steps = list(self.escalations.all())
        return max((s.level for s in steps), default=EscalationLevel.WORKING_GROUP)

    @property
    def level_label(self):
        return EscalationLevel(self.level).label

    @property
    def is_open(self):
        return self.status == self.Status.OPEN


class ConflictEscalation(models.Model):
    """A rung of the escalation ladder the conflict reached, and when."""

    conflict = models.ForeignKey(Conflict, on_delete=models.CASCADE, related_name="escalations")
    level = models.PositiveSmallIntegerField(_("level"), choices=EscalationLevel.choices)
    reached_on = models.DateField(_("reached on"))
    note = models.TextField(_("why it goes up"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # When it was recorded here, apart from the day it happened (`reached_on`); unknown for rungs
    # recorded before this was kept.
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True, null=True)

    class Meta:
        ordering = ["level"]
        constraints = [models.UniqueConstraint(fields=["conflict", "level"], name="each_rung_reached_once")]

    def __str__(self):
        return f"{self.get_level_display()} {self.reached_on:%Y-%m-%d}"


class ConflictArrangement(models.Model):
    """Point 11 worksheet: how the partners agreed to settle what they cannot agree on."""

    class Weighting(models.TextChoices):
        RISK_SHARE = "risk_share", _("Each ministry's share of the risks")
        GAIN_SHARE = "gain_share", _("Each ministry's share of the gains")
        EQUAL = "equal", _("Equal votes")
        MONEY_COMMITTED = "money_committed", _("Each ministry's share of the money committed to the budget")

    class CommitteeRule(models.TextChoices):
        ALL = "all", _("Every member ministry approves")
        MAJORITY = "majority", _("A majority of the member ministries approves")

    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE, related_name="conflict_arrangement")
    mechanism = models.CharField(_("how conflicts are decided"), max_length=20, choices=Mechanism.choices)
    approving_level = models.CharField(
        _("approving level"), max_length=300, blank=True, help_text=_("Who decides when the partners cannot agree.")
    )
    weighting = models.CharField(
        _("weight of each vote"), max_length=20, choices=Weighting.choices, default=Weighting.RISK_SHARE
    )
    committee_rule = models.CharField(
        _("when a steering committee's gate decision carries"),
        max_length=10,
        choices=CommitteeRule.choices,
        default=CommitteeRule.ALL,
        help_text=_("For a partnership run by a steering committee: how many member ministries must approve."),
    )
    escalation = models.TextField(_("how a conflict moves up"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.partnership}: {self.get_mechanism_display()}"
