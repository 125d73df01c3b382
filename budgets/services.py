"""Changes to budgets. Views check who may act (permissions.py); these functions keep the rules."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from budgets import fiscal
from budgets.models import Budget, Contribution, Expenditure, Grant, GrantReport, Transfer
from budgets.permissions import transfer_receiver_ids
from partnerships.models import Participation

MAX_YEARS = 20
ZERO = Decimal("0")


def partnership_has_contributions(partnership):
    """For the phase gate: has any ministry pledged money to this partnership's budget?"""
    return Contribution.objects.filter(budget__partnership=partnership, pledged__gt=0).exists()


def committed_by_ministry(partnership):
    """What each ministry has committed to the partnership's budget over all its years: {ministry id: amount}.

    Registered with meetings, for a vote weighted by the money each partner commits.
    """
    rows = (
        Contribution.objects.filter(budget__partnership=partnership)
        .values("ministry_id")
        .annotate(total=Sum("committed"))
        .order_by()
    )
    return {row["ministry_id"]: row["total"] for row in rows}


def budget_years_for(partnership, start_month):
    """The fiscal years a budget needs to span the partnership's life, or None without its dates."""
    if not (partnership.start_date and partnership.end_date):
        return None
    return (
        fiscal.fiscal_year_of(partnership.start_date, start_month),
        fiscal.fiscal_year_of(partnership.end_date, start_month),
    )


def _check_years(partnership, first_year, last_year, start_month):
    if last_year < first_year:
        raise ValidationError({"last_year": _("The last fiscal year cannot come before the first. Swap them.")})
    if last_year - first_year + 1 > MAX_YEARS:
        raise ValidationError(
            {
                "last_year": _("A budget covers at most %(count)s fiscal years. Choose a nearer last year.")
                % {"count": MAX_YEARS}
            }
        )
    needed = budget_years_for(partnership, start_month)
    if needed and (first_year > needed[0] or last_year < needed[1]):
        raise ValidationError(
            _(
                "The partnership runs from %(start)s to %(end)s, so its budget must cover fiscal years "
                "%(first)s to %(last)s. Widen the years."
            )
            % {
                "start": partnership.start_date.isoformat(),
                "end": partnership.end_date.isoformat(),
                "first": fiscal.label(needed[0], start_month),
                "last": fiscal.label(needed[1], start_month),
            }
        )


def _check_management(partnership, managed_by, committee):
    participating = partnership.ministry_ids
    if managed_by == Budget.ManagedBy.LEAD:
        if partnership.lead is None:
            raise ValidationError(
                {"managed_by": _("The partnership has no lead organisation. Choose a committee to manage the budget.")}
            )
        return []
    committee = list(committee)
    if len(committee) < 2:
        raise ValidationError({"committee": _("Choose at least two organisations for the committee.")})
    strangers = [m.name for m in committee if m.pk not in participating]
    if strangers:
        raise ValidationError(
            {
                "committee": _("%(names)s do not take part in the partnership. Choose participating organisations.")
                % {"names": ", ".join(strangers)}
            }
        )
    return committee


def budget_check(*, partnership, fields, committee=()):
    """The rules a new budget follows (its years, who manages it), without saving: returns the committee's
    members, or raises ValidationError. An import checks its rows with it before anything is written."""
    if partnership.is_closed:
        raise ValidationError(_("The partnership is closed; its budget can no longer be set up."))
    _check_years(partnership, fields["first_year"], fields["last_year"], fields["fiscal_year_start_month"])
    return _check_management(partnership, fields["managed_by"], committee)


@transaction.atomic
def budget_create(*, partnership, by, fields, committee=()):
    """Set up the partnership's budget. `fields`: currency, fiscal_year_start_month, first_year,
    last_year, managed_by, field_units_may_record."""
    if Budget.objects.filter(partnership=partnership).exists():
        raise ValidationError(_("This partnership already has a budget."))
    members = budget_check(partnership=partnership, fields=fields, committee=committee)
    budget = Budget.objects.create(partnership=partnership, created_by=by, **fields)
    budget.committee.set(members)
    return budget


def _records_outside(budget, first_year, last_year):
    outside = ~Q(fiscal_year__gte=first_year, fiscal_year__lte=last_year)
    years = set()
    for model in (Contribution, Transfer, Expenditure):
        qs = model.objects.filter(budget=budget).filter(outside)
        if model is Contribution:
            qs = qs.filter(Q(pledged__gt=0) | Q(committed__gt=0))
        years.update(qs.values_list("fiscal_year", flat=True))
    return sorted(years)


@transaction.atomic
def budget_update(*, budget, by, fields, committee=()):
    """Change the budget's settings. Years with money recorded cannot be dropped, and the fiscal
    year's first month cannot change once money is recorded (every entry would move years)."""
    partnership = budget.partnership
    has_records = (
        Contribution.objects.filter(budget=budget).exists()
        or Transfer.objects.filter(budget=budget).exists()
        or Expenditure.objects.filter(budget=budget).exists()
    )
    month = fields["fiscal_year_start_month"]
    if month != budget.fiscal_year_start_month and has_records:
        raise ValidationError(
            {
                "fiscal_year_start_month": _(
                    "Money is already recorded by fiscal year, so the first month of the fiscal year cannot change."
                )
            }
        )
    _check_years(partnership, fields["first_year"], fields["last_year"], month)
    outside = _records_outside(budget, fields["first_year"], fields["last_year"])
    if outside:
        raise ValidationError(
            _("Money is recorded in %(years)s, outside the new years. Keep those years or move the entries first.")
            % {"years": ", ".join(fiscal.label(year, month) for year in outside)}
        )
    members = _check_management(partnership, fields["managed_by"], committee)
    if fields["managed_by"] == Budget.ManagedBy.LEAD and (
        Transfer.objects.filter(budget=budget, to_ministry__isnull=True).exists()
        or Expenditure.objects.filter(budget=budget, ministry__isnull=True).exists()
    ):
        raise ValidationError(
            {"managed_by": _("The committee's joint funds hold money, so the committee must keep managing the budget.")}
        )
    for name, value in fields.items():
        setattr(budget, name, value)
    budget.save()
    budget.committee.set(members)
    return budget


def contributions_check(*, budget, amounts):
    """The rules of contributions, without saving: ValidationError ({(ministry id, year): message}, or one
    message for a place outside the budget). `amounts` as for `contributions_save`; `budget` may be unsaved."""
    participating = budget.partnership.ministry_ids
    years = set(budget.years)
    errors = {}
    for (ministry_id, year), (pledged, committed) in amounts.items():
        if ministry_id not in participating or year not in years:
            raise ValidationError(_("Contributions are for participating organisations within the budget's years."))
        if pledged is None or pledged < 0 or committed is None or committed < 0:
            errors[(ministry_id, year)] = _("Enter an amount of zero or more.")
        elif committed > pledged:
            errors[(ministry_id, year)] = _(
                "The committed amount cannot be more than the pledge (%(pledged)s). Raise the pledge first."
            ) % {"pledged": pledged}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def contributions_save(*, budget, by, amounts):
    """Store the pledged and committed amounts of the grid.

    `amounts`: {(ministry id, fiscal year): (pledged, committed)}. Only changed rows are
    written; a row of zeros removes a stored one. Returns how many rows changed.
    """
    contributions_check(budget=budget, amounts=amounts)

    stored = {(c.ministry_id, c.fiscal_year): c for c in Contribution.objects.filter(budget=budget)}
    changed = 0
    for key, (pledged, committed) in amounts.items():
        row = stored.get(key)
        if row is None:
            if pledged or committed:
                Contribution.objects.create(
                    budget=budget,
                    ministry_id=key[0],
                    fiscal_year=key[1],
                    pledged=pledged,
                    committed=committed,
                    updated_by=by,
                )
                changed += 1
        elif not pledged and not committed:
            row.delete()
            changed += 1
        elif (row.pledged, row.committed) != (pledged, committed):
            row.pledged, row.committed, row.updated_by = pledged, committed, by
            row.save(update_fields=["pledged", "committed", "updated_by", "updated_at"])
            changed += 1
    return changed


@transaction.atomic
def transfer_propose(*, budget, by, from_ministry, to_ministry, fiscal_year, amount, description=""):
    """Record a transfer the sender will make; it counts once sent and confirmed."""
    participating = budget.partnership.ministry_ids
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("Enter an amount greater than zero.")})
    if fiscal_year not in budget.years:
        raise ValidationError({"fiscal_year": _("Choose one of the budget's fiscal years.")})
    if from_ministry.pk not in participating or (to_ministry and to_ministry.pk not in participating):
        raise ValidationError(_("Transfers are between organisations that take part in the partnership."))
    if to_ministry is None and not budget.is_committee:
        raise ValidationError(
            {"to_ministry": _("The lead organisation manages this budget: send the money to an organisation.")}
        )
    if to_ministry is not None and to_ministry.pk == from_ministry.pk:
        raise ValidationError(
            {"to_ministry": _("An organisation cannot transfer money to itself. Choose another receiver.")}
        )
    transfer = Transfer(
        budget=budget,
        from_ministry=from_ministry,
        to_ministry=to_ministry,
        fiscal_year=fiscal_year,
        amount=amount,
        description=description,
        created_by=by,
    )
    if not transfer_receiver_ids(transfer, budget):
        raise ValidationError(
            {
                "to_ministry": _(
                    "Only the sender sits on the committee, so nobody could confirm receipt. Choose an organisation."
                )
            }
        )
    transfer.save()
    return transfer


@transaction.atomic
def transfer_mark_sent(*, transfer, by):
    """The sender says the money has gone. A no-op when it is already marked."""
    now = timezone.now()
    updated = Transfer.objects.filter(pk=transfer.pk, sent_at__isnull=True).update(sent_at=now, sent_by=by)
    if updated:
        transfer.sent_at, transfer.sent_by = now, by
    return bool(updated)


@transaction.atomic
def transfer_confirm_received(*, transfer, by):
    """The receiver confirms the money arrived; only now does the transfer count.

    A no-op when already confirmed. Conditional UPDATE so two people confirming at once
    record one receipt.
    """
    if transfer.sent_at is None:
        raise ValidationError(_("The sender has not marked this transfer sent yet."))
    if transfer.sent_by_id == by.pk:
        raise ValidationError(_("Someone on the receiving side must confirm receipt, not the person who sent it."))
    now = timezone.now()
    updated = (
        Transfer.objects.filter(pk=transfer.pk, sent_at__isnull=False, received_at__isnull=True)
        .exclude(sent_by=by)
        .update(received_at=now, received_by=by)
    )
    if updated:
        transfer.received_at, transfer.received_by = now, by
    return bool(updated)


@transaction.atomic
def transfer_cancel(*, transfer, by):
    """Withdraw a transfer that has not been sent. Returns whether it was removed."""
    deleted, _rows = Transfer.objects.filter(pk=transfer.pk, sent_at__isnull=True).delete()
    if not deleted:
        raise ValidationError(_("This transfer is already sent; it can no longer be withdrawn."))
    return True


def outside_years_message(budget):
    return _("This date falls outside the budget's years (%(span)s). Choose a date between %(first)s and %(last)s.") % {
        "span": budget.span_label,
        "first": budget.first_day.isoformat(),
        "last": budget.last_day.isoformat(),
    }


@transaction.atomic
def expenditure_record(
    *, budget, by, date, category, amount, ministry, field_unit=None, description, attachment=None, attachment_type=""
):
    """Record spending. `ministry` None is the committee spending its joint funds."""
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("Enter an amount greater than zero.")})
    if not (budget.first_day <= date <= budget.last_day):
        raise ValidationError({"date": outside_years_message(budget)})
    if ministry is None and not budget.is_committee:
        raise ValidationError({"ministry": _("Choose the organisation that spent the money.")})
    if ministry is not None and ministry.pk not in budget.partnership.ministry_ids:
        raise ValidationError({"ministry": _("Choose an organisation that takes part in the partnership.")})
    if field_unit is not None and (ministry is None or field_unit.ministry_id != ministry.pk):
        raise ValidationError({"field_unit": _("Choose a unit of the organisation that spent the money.")})
    expenditure = Expenditure(
        budget=budget,
        date=date,
        fiscal_year=budget.fiscal_year_of(date),
        category=category,
        amount=amount,
        ministry=ministry,
        field_unit=field_unit,
        description=description,
        recorded_by=by,
    )
    if attachment:
        expenditure.attachment_name = (attachment.name or "")[-200:]
        expenditure.attachment_type = attachment_type
        expenditure.attachment = attachment
    expenditure.save()
    return expenditure


@transaction.atomic
def expenditure_remove(*, expenditure, by):
    """Take back an expenditure entered by mistake; its attachment goes with it once the removal commits."""
    storage, name = expenditure.attachment.storage, expenditure.attachment.name
    expenditure.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


GRANT_FIELDS = ["title", "amount", "currency", "conditions", "restricted_uses"]


@transaction.atomic
def grant_save(*, funder, by, fields, reporting_dates, grant=None):
    """Create or change a funder's grant and the dates by which the partners report on it."""
    if funder.kind != Participation.Kind.FUNDER:
        raise ValidationError(_("Only a funder gives grants. Make the organisation a funder first."))
    grant = grant or Grant(funder=funder, created_by=by)
    for name, value in fields.items():
        setattr(grant, name, value)
    grant.full_clean()
    grant.save()
    wanted = set(reporting_dates)
    grant.reports.exclude(due_on__in=wanted).delete()
    have = set(grant.reports.values_list("due_on", flat=True))
    GrantReport.objects.bulk_create(GrantReport(grant=grant, due_on=day) for day in sorted(wanted - have))
    return grant
