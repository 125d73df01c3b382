"""A partnership's budget: contributions per ministry and fiscal year, transfers between them, spending.

Money is a `DecimalField` with two places everywhere and is summed in the database;
nothing here ever becomes a float.
"""

import uuid
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from budgets import fiscal
from ministries.models import FieldUnit, Ministry
from partnerships.models import Participation, Partnership

MONEY = {"max_digits": 14, "decimal_places": 2}
NOT_NEGATIVE = [MinValueValidator(Decimal("0"), message=_("Enter an amount of zero or more."))]
MORE_THAN_ZERO = [MinValueValidator(Decimal("0.01"), message=_("Enter an amount greater than zero."))]


class Currency(models.TextChoices):
    CAD = "CAD", _("Canadian dollar (CAD)")
    ILS = "ILS", _("Israeli new shekel (ILS)")
    USD = "USD", _("US dollar (USD)")
    EUR = "EUR", _("Euro (EUR)")
    GBP = "GBP", _("Pound sterling (GBP)")


def default_currency():
    return settings.INTERLOCK_DEFAULT_CURRENCY


class Budget(models.Model):
    """The money of one partnership over the fiscal years of its life."""

    class ManagedBy(models.TextChoices):
        COMMITTEE = "committee", _("An inter-ministry committee")
        LEAD = "lead", _("The lead ministry")

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="budget", verbose_name=_("partnership")
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=default_currency)
    fiscal_year_start_month = models.PositiveSmallIntegerField(
        _("first month of the fiscal year"),
        choices=sorted(MONTHS.items()),
        default=fiscal.default_start_month,
        help_text=_("April in Ontario, January in Israel."),
    )
    first_year = models.PositiveSmallIntegerField(_("first fiscal year"))
    last_year = models.PositiveSmallIntegerField(_("last fiscal year"))
    managed_by = models.CharField(
        _("who manages the budget"), max_length=20, choices=ManagedBy.choices, default=ManagedBy.LEAD
    )
    committee = models.ManyToManyField(
        Ministry,
        related_name="budget_committees",
        blank=True,
        verbose_name=_("committee members"),
        help_text=_("The ministries whose coordinators and executives manage the budget together."),
    )
    field_units_may_record = models.BooleanField(
        _("field staff may record spending"),
        default=False,
        help_text=_("Field staff of the participating ministries record expenditures for their own unit."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__gte=models.F("first_year")),
                name="budget_years_in_order",
                violation_error_message=_("The last fiscal year cannot come before the first. Swap them."),
            ),
            models.CheckConstraint(
                condition=Q(fiscal_year_start_month__gte=1, fiscal_year_start_month__lte=12),
                name="budget_start_month_is_a_month",
            ),
        ]

    def __str__(self):
        return _("Budget of %(partnership)s") % {"partnership": self.partnership}

    def get_absolute_url(self):
        return reverse("budgets:budget", args=[self.partnership_id])

    @property
    def years(self):
        return list(range(self.first_year, self.last_year + 1))

    def year_label(self, year):
        return fiscal.label(year, self.fiscal_year_start_month)

    @property
    def year_choices(self):
        return [(year, self.year_label(year)) for year in self.years]

    @property
    def first_day(self):
        return fiscal.first_day(self.first_year, self.fiscal_year_start_month)

    @property
    def last_day(self):
        return fiscal.last_day(self.last_year, self.fiscal_year_start_month)

    @property
    def span_label(self):
        return _("%(first)s to %(last)s") % {
            "first": self.year_label(self.first_year),
            "last": self.year_label(self.last_year),
        }

    def fiscal_year_of(self, day):
        return fiscal.fiscal_year_of(day, self.fiscal_year_start_month)

    @property
    def is_committee(self):
        return self.managed_by == self.ManagedBy.COMMITTEE

    @property
    def managing_ministry_ids(self):
        """The ministries whose coordinators and executives manage the budget.

        Uses the partnership's prefetched participations and the prefetched committee.
        """
        if self.is_committee:
            return {m.pk for m in self.committee.all()}
        lead = self.partnership.lead
        return {lead.ministry_id} if lead else set()


class Contribution(models.Model):
    """What one ministry puts into the budget in one fiscal year: first pledged, then committed."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="contributions")
    ministry = models.ForeignKey(
        Ministry, on_delete=models.PROTECT, related_name="budget_contributions", verbose_name=_("ministry")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    pledged = models.DecimalField(_("pledged"), **MONEY, default=Decimal("0"), validators=NOT_NEGATIVE)
    committed = models.DecimalField(_("committed"), **MONEY, default=Decimal("0"), validators=NOT_NEGATIVE)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["fiscal_year", "ministry__name"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "ministry", "fiscal_year"], name="one_contribution_per_ministry_and_year"
            ),
            models.CheckConstraint(condition=Q(pledged__gte=0, committed__gte=0), name="contribution_not_negative"),
            models.CheckConstraint(
                condition=Q(committed__lte=models.F("pledged")), name="contribution_committed_within_pledge"
            ),
        ]

    def __str__(self):
        return f"{self.ministry} {self.fiscal_year}: {self.pledged} / {self.committed}"


class TransferQuerySet(models.QuerySet):
    def complete(self):
        return self.filter(received_at__isnull=False)

    def open(self):
        return self.filter(received_at__isnull=True)

    def for_listing(self):
        return self.select_related("from_ministry", "to_ministry", "sent_by", "received_by", "created_by")


class Transfer(models.Model):
    """Money moving from one ministry to another or to the committee.

    Complete only when the sender has marked it sent AND the receiver has confirmed receipt.
    """

    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        SENT = "sent", _("Sent, awaiting confirmation")
        COMPLETE = "complete", _("Received")

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="transfers")
    from_ministry = models.ForeignKey(
        Ministry, on_delete=models.PROTECT, related_name="budget_transfers_sent", verbose_name=_("from")
    )
    to_ministry = models.ForeignKey(
        Ministry,
        on_delete=models.PROTECT,
        related_name="budget_transfers_received",
        null=True,
        blank=True,
        verbose_name=_("to"),
        help_text=_("Leave empty for a transfer to the committee's joint funds."),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    amount = models.DecimalField(_("amount"), **MONEY, validators=MORE_THAN_ZERO)
    description = models.CharField(_("what it is for"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    received_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = TransferQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="transfer_amount_positive"),
            models.CheckConstraint(
                condition=~Q(from_ministry=models.F("to_ministry")), name="transfer_not_to_the_sender"
            ),
            models.CheckConstraint(
                condition=Q(received_at__isnull=True) | Q(sent_at__isnull=False), name="transfer_received_after_sent"
            ),
        ]
        indexes = [models.Index(fields=["budget", "received_at"])]

    def __str__(self):
        return f"{self.from_ministry} → {self.receiver_name}: {self.amount}"

    @property
    def state(self):
        if self.received_at:
            return self.State.COMPLETE
        if self.sent_at:
            return self.State.SENT
        return self.State.PLANNED

    def get_state_display(self):
        return self.State(self.state).label

    @property
    def receiver_name(self):
        return self.to_ministry.name if self.to_ministry_id else _("The committee's joint funds")


def _attachment_path(expenditure, filename):
    # A random folder: names people choose never collide or reveal each other.
    return f"budgets/{expenditure.budget_id}/{uuid.uuid4().hex}/{filename[-100:]}"


class ExpenditureQuerySet(models.QuerySet):
    def for_listing(self):
        return self.select_related("ministry", "field_unit", "recorded_by").order_by("-date", "-pk")


class Expenditure(models.Model):
    """Money spent by a ministry, one of its field units, or the committee from the joint funds."""

    class Category(models.TextChoices):
        STAFF = "staff", _("Staff and salaries")
        SERVICES = "services", _("Contracted services")
        EQUIPMENT = "equipment", _("Equipment and supplies")
        TRAVEL = "travel", _("Travel")
        FACILITIES = "facilities", _("Facilities and rent")
        TRAINING = "training", _("Training")
        COMMUNICATIONS = "communications", _("Communications and outreach")
        GRANTS = "grants", _("Grants to others")
        OTHER = "other", _("Other")

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="expenditures")
    date = models.DateField(_("date"))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), editable=False)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    amount = models.DecimalField(_("amount"), **MONEY, validators=MORE_THAN_ZERO)
    ministry = models.ForeignKey(
        Ministry,
        on_delete=models.PROTECT,
        related_name="budget_expenditures",
        null=True,
        blank=True,
        verbose_name=_("spent by"),
        help_text=_("Empty when the committee spent it from the joint funds."),
    )
    field_unit = models.ForeignKey(
        FieldUnit,
        on_delete=models.PROTECT,
        related_name="budget_expenditures",
        null=True,
        blank=True,
        verbose_name=_("field unit"),
    )
    description = models.CharField(_("description"), max_length=500)
    attachment = models.FileField(_("receipt or invoice"), upload_to=_attachment_path, max_length=200, blank=True)
    attachment_name = models.CharField(max_length=200, blank=True, editable=False)
    attachment_type = models.CharField(max_length=100, blank=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ExpenditureQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("expenditure")
        verbose_name_plural = _("expenditures")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="expenditure_amount_positive"),
            models.CheckConstraint(
                condition=Q(field_unit__isnull=True) | Q(ministry__isnull=False),
                name="expenditure_unit_belongs_to_a_ministry",
            ),
        ]
        indexes = [models.Index(fields=["budget", "fiscal_year"])]

    def __str__(self):
        return f"{self.date} {self.amount} {self.description[:40]}"


class Grant(models.Model):
    """A funder's grant to the partnership: how much, on what conditions, for what only, and when
    the partners report to the funder. It belongs to a party of the kind "funder"."""

    funder = models.ForeignKey(Participation, on_delete=models.CASCADE, related_name="grants", verbose_name=_("funder"))
    title = models.CharField(_("name of the grant"), max_length=200)
    amount = models.DecimalField(_("amount"), **MONEY, validators=MORE_THAN_ZERO)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=default_currency)
    conditions = models.TextField(_("conditions"), blank=True, help_text=_("What the funder asks in return."))
    restricted_uses = models.TextField(
        _("restricted uses"), blank=True, help_text=_("What the money may be spent on only, such as stipends.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="grant_amount_more_than_zero"),
        ]

    def __str__(self):
        return self.title


class GrantReportQuerySet(models.QuerySet):
    def due_soon(self, today):
        """Reports of active partnerships due from `today` to INTERLOCK_GRANT_REPORT_NOTICE_DAYS ahead.

        A range, not a day: a scan that missed a day still finds them; a date that has passed is the
        partners' conversation with the funder, no longer a reminder.
        """
        notice = today + timedelta(days=settings.INTERLOCK_GRANT_REPORT_NOTICE_DAYS)
        return self.filter(
            due_on__gte=today, due_on__lte=notice, grant__funder__partnership__status=Partnership.Status.ACTIVE
        )


class GrantReport(models.Model):
    """A date by which the partners report to a funder on its grant."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="reports", verbose_name=_("grant"))
    due_on = models.DateField(_("report due"))

    objects = GrantReportQuerySet.as_manager()

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("report to a funder")
        verbose_name_plural = _("reports to funders")
        constraints = [models.UniqueConstraint(fields=["grant", "due_on"], name="one_report_a_day_per_grant")]

    def __str__(self):
        return f"{self.grant}: {self.due_on}"
