from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from budgets import exports, services
from budgets.forms import BudgetForm, ContributionsForm, ExpenditureForm, GrantForm, TransferForm
from budgets.models import Budget, Contribution, Expenditure, Grant, Transfer
from budgets.permissions import (
    can_cancel_transfer,
    can_confirm_transfer,
    can_manage_budget,
    can_manage_grants,
    can_mark_transfer_sent,
    can_propose_transfer,
    can_record_expenditure,
    can_remove_expenditure,
    can_set_up_budget,
    expenditure_places,
    get_budget_for_user,
    load_budget,
    transfer_senders,
)
from budgets.summary import budget_summary, burn_rows, open_transfer_totals, share_rows
from common.numbers import parse_positive_int
from partnerships.models import Participation
from partnerships.permissions import get_partnership_for_user
from partnerships.tabs import tab_context
from security.models import SecurityEvent
from security.services import security_event_record

PAGE_SIZE = 50
RECENT = 10


def _add_errors(form, error):
    """Put a service's ValidationError next to the fields it names, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _budget_context(request, budget, key="budget"):
    return {**tab_context(request, budget.partnership, key), "budget": budget}


def _table(budget, summary):
    """The year × ministry table as plain rows for the template."""
    years = [
        {
            "label": budget.year_label(year),
            "rows": [(summary.names[key], summary.cell(year, key)) for key in summary.keys],
            "total": summary.year_total(year),
        }
        for year in summary.years
    ]
    totals = [(summary.names[key], summary.key_total(key)) for key in summary.keys]
    return years, totals


def _chart_data(budget, burn):
    return {
        "currency": budget.currency,
        "labels": [budget.year_label(row["year"]) for row in burn],
        "committed": [row["committed"] for row in burn],
        "spent": [row["spent"] for row in burn],
        "remaining": [row["remaining"] for row in burn],
        "names": {
            "committed": _("Committed"),
            "spent": _("Spent"),
            "remaining": _("Left to spend (running total)"),
        },
    }


def _grants_context(user, partnership):
    """The funders and their grants for the Budget tab; no query when there is no funder."""
    funders = [p for p in partnership.participants if p.kind == Participation.Kind.FUNDER]
    grants = {}
    if funders:
        for grant in Grant.objects.filter(funder__in=funders).prefetch_related("reports"):
            grants.setdefault(grant.funder_id, []).append(grant)
    return {
        "funders": [(funder, grants.get(funder.pk, [])) for funder in funders],
        "may_manage_grants": can_manage_grants(user, partnership),
    }


def budget(request, pk):
    """The Budget tab: the figures, or how to set the budget up; a funder's grants either way."""
    partnership = get_partnership_for_user(request, pk)
    budget = load_budget(partnership)
    if budget is None:
        return render(
            request,
            "budgets/budget_none.html",
            {
                **tab_context(request, partnership, "budget"),
                "may_set_up": can_set_up_budget(request.user, partnership),
                **_grants_context(request.user, partnership),
            },
        )
    participants = partnership.participants
    summary = budget_summary(budget, participants)
    years, totals = _table(budget, summary)
    burn = burn_rows(summary)
    basis, shares = share_rows(summary, participants)
    planned, in_flight = open_transfer_totals(budget)
    open_transfers = list(Transfer.objects.open().filter(budget=budget).for_listing().order_by("created_at"))
    user = request.user
    for transfer in open_transfers:
        transfer.may_send = can_mark_transfer_sent(user, transfer, budget)
        transfer.may_confirm = can_confirm_transfer(user, transfer, budget)
        transfer.may_cancel = can_cancel_transfer(user, transfer, budget)
    needed = services.budget_years_for(partnership, budget.fiscal_year_start_month)
    return render(
        request,
        "budgets/budget.html",
        {
            **_budget_context(request, budget),
            "years": years,
            "totals": totals,
            "total": summary.total,
            "overspent": [
                (summary.names[key], budget.year_label(year))
                for year in summary.years
                for key in summary.keys
                if summary.cell(year, key).overspent
            ],
            "burn": [{**row, "label": budget.year_label(row["year"])} for row in burn],
            "chart_data": _chart_data(budget, burn),
            "share_basis": basis,
            "shares": shares,
            "planned": planned,
            "in_flight": in_flight,
            "open_transfers": open_transfers,
            "recent": Expenditure.objects.filter(budget=budget).for_listing()[:RECENT],
            "not_covered": needed and (needed[0] < budget.first_year or needed[1] > budget.last_year),
            "committee_names": [ministry.short_name for ministry in budget.committee.all()],
            "may_manage": can_manage_budget(user, budget),
            "may_record": can_record_expenditure(user, budget),
            "may_propose": can_propose_transfer(user, budget),
            **_grants_context(user, partnership),
        },
    )


@require_http_methods(["GET", "POST"])
def budget_setup(request, pk):
    partnership = get_partnership_for_user(request, pk)
    if not can_set_up_budget(request.user, partnership):
        raise PermissionDenied
    if load_budget(partnership) is not None:
        return redirect("budgets:budget", pk=pk)
    initial = {"managed_by": Budget.ManagedBy.LEAD if partnership.lead else Budget.ManagedBy.COMMITTEE}
    month = Budget._meta.get_field("fiscal_year_start_month").get_default()
    needed = services.budget_years_for(partnership, month)
    if needed:
        initial.update(first_year=needed[0], last_year=needed[1])
    form = BudgetForm(request.POST or None, partnership=partnership, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "committee"}
        try:
            budget = services.budget_create(
                partnership=partnership, by=request.user, fields=fields, committee=form.cleaned_data["committee"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The budget is set up. Next, enter what each organisation pledges."))
            return redirect("budgets:contributions", pk=budget.partnership_id)
    return render(
        request,
        "budgets/budget_form.html",
        {**tab_context(request, partnership, "budget"), "form": form, "heading": _("Set up the budget")},
    )


@require_http_methods(["GET", "POST"])
def budget_edit(request, pk):
    budget = get_budget_for_user(request, pk, write=True)
    form = BudgetForm(
        request.POST or None,
        instance=budget,
        partnership=budget.partnership,
        initial={"committee": list(budget.committee.all())},
    )
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "committee"}
        try:
            # The form validated a copy of the budget in place; start again from the stored one.
            budget = get_budget_for_user(request, pk, write=True)
            services.budget_update(
                budget=budget, by=request.user, fields=fields, committee=form.cleaned_data["committee"]
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The budget's settings are saved."))
            return redirect("budgets:budget", pk=pk)
    return render(
        request,
        "budgets/budget_form.html",
        {**_budget_context(request, budget), "form": form, "heading": _("Change the budget's settings")},
    )


@require_http_methods(["GET", "POST"])
def contributions_edit(request, pk):
    budget = get_budget_for_user(request, pk, write=True)
    stored = {(c.ministry_id, c.fiscal_year): c for c in Contribution.objects.filter(budget=budget)}
    form = ContributionsForm(
        request.POST or None, budget=budget, participants=budget.partnership.participants, stored=stored
    )
    if request.method == "POST" and form.is_valid():
        # The form checks every rule contributions_save() does, on the same participations and years.
        if services.contributions_save(budget=budget, by=request.user, amounts=form.amounts):
            messages.success(request, _("The contributions are saved."))
        else:
            messages.info(request, _("Nothing changed."))
        return redirect("budgets:budget", pk=pk)
    return render(request, "budgets/contributions_form.html", {**_budget_context(request, budget), "form": form})


def transfers(request, pk):
    budget = get_budget_for_user(request, pk)
    page = Paginator(Transfer.objects.filter(budget=budget).for_listing(), PAGE_SIZE).get_page(
        parse_positive_int(request.GET.get("page"), 1)
    )
    for transfer in page.object_list:
        transfer.may_send = can_mark_transfer_sent(request.user, transfer, budget)
        transfer.may_confirm = can_confirm_transfer(request.user, transfer, budget)
        transfer.may_cancel = can_cancel_transfer(request.user, transfer, budget)
    return render(
        request,
        "budgets/transfers.html",
        {**_budget_context(request, budget), "page": page, "may_propose": can_propose_transfer(request.user, budget)},
    )


@require_http_methods(["GET", "POST"])
def transfer_add(request, pk):
    budget = get_budget_for_user(request, pk)
    senders = transfer_senders(request.user, budget)
    if not senders:
        raise PermissionDenied
    form = TransferForm(request.POST or None, budget=budget, senders=senders)
    if request.method == "POST" and form.is_valid():
        try:
            services.transfer_propose(budget=budget, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("The transfer is recorded. It counts once the sender marks it sent and the receiver confirms it."),
            )
            return redirect("budgets:transfers", pk=pk)
    return render(request, "budgets/transfer_form.html", {**_budget_context(request, budget), "form": form})


TRANSFER_ACTIONS = {
    "send": (can_mark_transfer_sent, services.transfer_mark_sent),
    "confirm": (can_confirm_transfer, services.transfer_confirm_received),
    "cancel": (can_cancel_transfer, services.transfer_cancel),
}


@require_POST
def transfer_action(request, pk, transfer_pk, action):
    budget = get_budget_for_user(request, pk)
    if action not in TRANSFER_ACTIONS:
        raise Http404
    transfer = get_object_or_404(Transfer, pk=transfer_pk, budget=budget)
    allowed, service = TRANSFER_ACTIONS[action]
    if not allowed(request.user, transfer, budget):
        raise PermissionDenied
    try:
        service(transfer=transfer, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            {
                "send": _("Marked as sent. The receiver now confirms receipt."),
                "confirm": _("Receipt confirmed. The transfer is complete."),
                "cancel": _("The transfer is withdrawn."),
            }[action],
        )
    back_to = "budgets:budget" if request.POST.get("next") == "budget" else "budgets:transfers"
    return redirect(back_to, pk=pk)


def expenditures(request, pk):
    budget = get_budget_for_user(request, pk)
    entries = Expenditure.objects.filter(budget=budget).for_listing()
    year = parse_positive_int(request.GET.get("year"))
    if year in budget.years:
        entries = entries.filter(fiscal_year=year)
    else:
        year = None
    page = Paginator(entries, PAGE_SIZE).get_page(parse_positive_int(request.GET.get("page"), 1))
    for entry in page.object_list:
        entry.may_remove = can_remove_expenditure(request.user, entry, budget)
    return render(
        request,
        "budgets/expenditures.html",
        {
            **_budget_context(request, budget),
            "page": page,
            "year": year,
            "query": f"year={year}" if year else "",
            "may_record": can_record_expenditure(request.user, budget),
        },
    )


@require_http_methods(["GET", "POST"])
def expenditure_add(request, pk):
    budget = get_budget_for_user(request, pk)
    places = expenditure_places(request.user, budget)
    if not places:
        raise PermissionDenied
    form = ExpenditureForm(
        request.POST or None,
        request.FILES or None,
        budget=budget,
        places=places,
        may_use_joint_funds=budget.is_committee and can_manage_budget(request.user, budget),
        initial={"date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        ministry, unit = form.spender_target
        data = form.cleaned_data
        try:
            expenditure = services.expenditure_record(
                budget=budget,
                by=request.user,
                date=data["date"],
                category=data["category"],
                amount=data["amount"],
                ministry=ministry,
                field_unit=unit,
                description=data["description"],
                attachment=data.get("attachment"),
                attachment_type=getattr(form, "attachment_type", ""),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The expenditure is recorded."))
            _warn_if_overspent(request, budget, expenditure)
            return redirect("budgets:budget", pk=pk)
    return render(request, "budgets/expenditure_form.html", {**_budget_context(request, budget), "form": form})


def _warn_if_overspent(request, budget, expenditure):
    summary = budget_summary(budget, budget.partnership.participants)
    key = expenditure.ministry_id
    cell = summary.cell(expenditure.fiscal_year, key)
    if cell.overspent:
        messages.warning(
            request,
            _(
                "%(who)s has now spent %(spent)s %(currency)s in %(year)s, more than the %(funds)s it has "
                "(committed, plus transfers received, less transfers sent). The managers will see it flagged."
            )
            % {
                "who": summary.names[key],
                "spent": cell.spent,
                "currency": budget.currency,
                "year": budget.year_label(expenditure.fiscal_year),
                "funds": cell.available,
            },
        )


@require_POST
def expenditure_remove(request, pk, expenditure_pk):
    budget = get_budget_for_user(request, pk)
    expenditure = get_object_or_404(Expenditure, pk=expenditure_pk, budget=budget)
    if not can_remove_expenditure(request.user, expenditure, budget):
        raise PermissionDenied
    services.expenditure_remove(expenditure=expenditure, by=request.user)
    messages.success(request, _("The expenditure is removed."))
    return redirect("budgets:expenditures", pk=pk)


def expenditure_attachment(request, pk, expenditure_pk):
    """Receipts are served only to people who see the budget, and always as a download."""
    budget = get_budget_for_user(request, pk)
    expenditure = get_object_or_404(Expenditure, pk=expenditure_pk, budget=budget)
    if not expenditure.attachment:
        raise Http404
    try:
        handle = expenditure.attachment.open("rb")
    except FileNotFoundError:  # the row outlived its file (a restore from different times, say)
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=expenditure.attachment_name or Path(expenditure.attachment.name).name,
        content_type=expenditure.attachment_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _export_name(budget, extension, sheet=""):
    stamp = timezone.localdate().isoformat()
    part = f"-{sheet}" if sheet else ""
    return f"budget-{budget.partnership_id}{part}-{stamp}.{extension}"


def _log_export(request, budget, name):
    security_event_record(
        kind=SecurityEvent.Kind.EXPORTED,
        user=request.user,
        request=request,
        partnership=budget.partnership,
        detail=name,
    )


def export_csv(request, pk, sheet):
    budget = get_budget_for_user(request, pk)
    if sheet not in exports.SHEETS:
        raise Http404
    summary = budget_summary(budget, budget.partnership.participants)
    response = HttpResponse(exports.as_csv(budget, summary, sheet), content_type="text/csv; charset=utf-8")
    name = _export_name(budget, "csv", sheet)
    _log_export(request, budget, name)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def export_xlsx(request, pk):
    budget = get_budget_for_user(request, pk)
    summary = budget_summary(budget, budget.partnership.participants)
    response = HttpResponse(
        exports.as_xlsx(budget, summary),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = _export_name(budget, "xlsx")
    _log_export(request, budget, name)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_http_methods(["GET", "POST"])
def grant_edit(request, pk, funder_pk, grant_pk=None):
    """Record or change a funder's grant: the coordinators of the participants."""
    partnership = get_partnership_for_user(request, pk)
    if not can_manage_grants(request.user, partnership):
        raise PermissionDenied
    funder = get_object_or_404(
        Participation.objects.select_related("ministry"), partnership=partnership, pk=funder_pk, kind="funder"
    )
    grant = get_object_or_404(Grant, funder=funder, pk=grant_pk) if grant_pk else None
    budget = load_budget(partnership)
    initial = {"currency": budget.currency} if budget and grant is None else {}
    form = GrantForm(request.POST or None, instance=grant, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.GRANT_FIELDS}
        dates = form.cleaned_data["reporting_dates"]
        services.grant_save(funder=funder, by=request.user, fields=fields, reporting_dates=dates, grant=grant)
        messages.success(request, _("The grant is saved."))
        return redirect("budgets:budget", pk=partnership.pk)
    return render(
        request, "budgets/grant_form.html", {"form": form, "partnership": partnership, "funder": funder, "grant": grant}
    )
