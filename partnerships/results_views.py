"""Results: the indicators tab, measurements from the field and their approval."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import results_services
from .models import Indicator, Measurement, MeasurementStep, ReportingPeriod
from .models.results import compute_progress
from .permissions import (
    can_edit_measurement,
    can_manage_fieldwork,
    can_report_measurement,
    can_review_measurements,
    get_partnership_for_user,
    reporting_places,
)
from .results_forms import IndicatorForm, MeasurementForm, ReviewForm
from .tabs import tab_context


def _form_errors(form, error):
    """Put a service's ValidationError next to the form's fields where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _indicator(partnership, indicator_pk):
    return get_object_or_404(
        Indicator.objects.select_related("owner_ministry"), partnership=partnership, pk=indicator_pk
    )


def results(request, pk):
    partnership = get_partnership_for_user(request, pk)
    indicators = list(Indicator.objects.filter(partnership=partnership).with_results())
    for indicator in indicators:
        indicator.partnership = partnership  # loaded once, with its participations
    reviewable = [i.pk for i in indicators if can_review_measurements(request.user, i)]
    waiting = (
        Measurement.objects.waiting_for_review()
        .filter(indicator_id__in=reviewable)
        .select_related("indicator", "period", "ministry", "field_unit", "reported_by")
        .order_by("submitted_at")
    )
    return render(
        request,
        "partnerships/results_tab.html",
        {
            **tab_context(request, partnership, "results"),
            "rows": [(indicator, indicator.progress()) for indicator in indicators],
            "waiting": waiting,
            "may_manage": can_manage_fieldwork(request.user, partnership),
            "may_report": bool(reporting_places(request.user, partnership)),
        },
    )


@require_http_methods(["GET", "POST"])
def indicator_edit(request, pk, indicator_pk=None):
    partnership = get_partnership_for_user(request, pk)
    if not can_manage_fieldwork(request.user, partnership):
        raise PermissionDenied
    indicator = _indicator(partnership, indicator_pk) if indicator_pk else None
    form = IndicatorForm(request.POST or None, instance=indicator, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in results_services.INDICATOR_FIELDS}
        try:
            if indicator is None:
                indicator = results_services.indicator_create(partnership=partnership, by=request.user, fields=fields)
            else:
                results_services.indicator_update(indicator=indicator, by=request.user, fields=fields)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The indicator is saved."))
            return redirect("partnerships:indicator", pk=partnership.pk, indicator_pk=indicator.pk)
    return render(
        request,
        "partnerships/fieldwork_form.html",
        {
            "partnership": partnership,
            "form": form,
            "title": _("Change the indicator") if indicator else _("New indicator"),
            "intro": _(
                "Agree with the partners on what is measured, how, and by whom: point 8 of the model, "
                "agreement over results."
            ),
            "submit_label": _("Save the indicator"),
            "cancel_url": reverse("partnerships:indicator", args=[partnership.pk, indicator.pk])
            if indicator
            else reverse("partnerships:results", args=[partnership.pk]),
            "back_tab": "results",
        },
    )


def indicator_detail(request, pk, indicator_pk):
    partnership = get_partnership_for_user(request, pk)
    indicator = _indicator(partnership, indicator_pk)
    periods = ReportingPeriod.objects.filter(indicator=indicator).prefetch_related(
        Prefetch(
            "measurements",
            queryset=Measurement.objects.select_related(
                "ministry", "field_unit", "reported_by", "reviewed_by", "period"
            ).prefetch_related(Prefetch("steps", queryset=MeasurementStep.objects.select_related("by"))),
        ),
        "locked_by",
    )
    periods = [p for p in periods if p.measurements.all()]
    for period in periods:
        for measurement in period.measurements.all():
            measurement.indicator = indicator  # with the partnership already loaded: no query per row
    approved = [m for p in periods for m in p.measurements.all() if m.status == Measurement.Status.APPROVED]
    may_review = can_review_measurements(request.user, indicator)
    editable = {m.pk for p in periods for m in p.measurements.all() if can_edit_measurement(request.user, m)}
    return render(
        request,
        "partnerships/indicator_detail.html",
        {
            **tab_context(request, partnership, "results"),
            "indicator": indicator,
            "progress": compute_progress(indicator, approved),
            "periods": periods,
            "may_review": may_review,
            "may_report": can_report_measurement(request.user, indicator),
            "may_manage": can_manage_fieldwork(request.user, partnership),
            "editable": editable,
            "review_form": ReviewForm(),
        },
    )


@require_http_methods(["GET", "POST"])
def measurement_new(request, pk, indicator_pk):
    partnership = get_partnership_for_user(request, pk)
    indicator = _indicator(partnership, indicator_pk)
    places = reporting_places(request.user, partnership)
    if not places:
        raise PermissionDenied
    initial = {"period": request.GET.get("period")} if request.GET.get("period") else {}
    form = MeasurementForm(request.POST or None, indicator=indicator, places=places, initial=initial)
    if request.method == "POST" and form.is_valid():
        ministry, unit = form.cleaned_data["place"]
        try:
            measurement = results_services.measurement_save(
                indicator=indicator,
                by=request.user,
                ministry=ministry,
                field_unit=unit,
                day=form.cleaned_data["period"],
                value=form.cleaned_data.get("value"),
                value_text=form.cleaned_data.get("value_text", ""),
                note=form.cleaned_data["note"],
                submit="submit" in request.POST,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "day" in error.error_dict:
                error = ValidationError({"period": error.error_dict.pop("day"), **error.error_dict})
            _form_errors(form, error)
        else:
            messages.success(request, _submitted_message(measurement))
            return redirect("partnerships:indicator", pk=partnership.pk, indicator_pk=indicator.pk)
    return render(
        request,
        "partnerships/measurement_form.html",
        {**tab_context(request, partnership, "results"), "indicator": indicator, "form": form},
    )


def _submitted_message(measurement):
    if measurement.status == Measurement.Status.SUBMITTED:
        return _("Sent to %(ministry)s for approval.") % {"ministry": measurement.indicator.owner_ministry}
    return _("Saved as a draft. Send it for approval when it is ready.")


def _measurement(partnership, measurement_pk):
    measurement = get_object_or_404(
        Measurement.objects.select_related("indicator__owner_ministry", "period"),
        indicator__partnership=partnership,
        pk=measurement_pk,
    )
    measurement.indicator.partnership = partnership
    return measurement


@require_http_methods(["GET", "POST"])
def measurement_edit(request, pk, measurement_pk):
    partnership = get_partnership_for_user(request, pk)
    measurement = _measurement(partnership, measurement_pk)
    if not can_edit_measurement(request.user, measurement):
        raise PermissionDenied
    indicator = measurement.indicator
    initial = {"value": measurement.value, "value_text": measurement.value_text, "note": measurement.note}
    if indicator.unit == Indicator.Unit.YES_NO and measurement.value is not None:
        initial["value"] = str(int(measurement.value))
    form = MeasurementForm(
        request.POST or None, indicator=indicator, places=[], fixed_period=measurement.period, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            measurement = results_services.measurement_update(
                measurement=measurement,
                by=request.user,
                value=form.cleaned_data.get("value"),
                value_text=form.cleaned_data.get("value_text", ""),
                note=form.cleaned_data["note"],
                submit="submit" in request.POST,
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _submitted_message(measurement))
            return redirect("partnerships:indicator", pk=partnership.pk, indicator_pk=indicator.pk)
    return render(
        request,
        "partnerships/measurement_form.html",
        {
            **tab_context(request, partnership, "results"),
            "indicator": indicator,
            "measurement": measurement,
            "form": form,
        },
    )


@require_POST
def measurement_submit(request, pk, measurement_pk):
    partnership = get_partnership_for_user(request, pk)
    measurement = _measurement(partnership, measurement_pk)
    if not can_edit_measurement(request.user, measurement):
        raise PermissionDenied
    try:
        measurement = results_services.measurement_submit(measurement=measurement, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _submitted_message(measurement))
    return redirect("partnerships:indicator", pk=partnership.pk, indicator_pk=measurement.indicator_id)


@require_POST
def measurement_review(request, pk, measurement_pk):
    partnership = get_partnership_for_user(request, pk)
    measurement = _measurement(partnership, measurement_pk)
    if not can_review_measurements(request.user, measurement.indicator):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    try:
        if request.POST.get("action") == "return":
            results_services.measurement_return(measurement=measurement, by=request.user, comment=comment)
            messages.success(
                request, _("Returned to %(unit)s with your comment.") % {"unit": measurement.reporter_label}
            )
        else:
            results_services.measurement_approve(measurement=measurement, by=request.user, comment=comment)
            messages.success(request, _("Approved: it now counts toward the results."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    next_url = request.POST.get("next")
    if next_url == "results":
        return redirect("partnerships:results", pk=partnership.pk)
    return redirect("partnerships:indicator", pk=partnership.pk, indicator_pk=measurement.indicator_id)


@require_POST
def period_lock(request, pk, period_pk):
    partnership = get_partnership_for_user(request, pk)
    period = get_object_or_404(
        ReportingPeriod.objects.select_related("indicator__partnership"),
        indicator__partnership=partnership,
        pk=period_pk,
    )
    if not can_review_measurements(request.user, period.indicator):
        raise PermissionDenied
    try:
        results_services.reporting_period_lock(period=period, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The period is locked: its results are final."))
    return redirect("partnerships:indicator", pk=partnership.pk, indicator_pk=period.indicator_id)
