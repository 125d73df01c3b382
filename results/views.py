"""Results: the indicators tab, measurements from the field and their approval.

Field work: the one-minute progress log from a phone, files, milestones and the partnership's feed."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from common.forms import form_errors
from common.numbers import parse_positive_int
from partnerships.permissions import can_manage_fieldwork, get_partnership_for_user
from partnerships.tabs import tab_context
from results import services
from results.feed import feed_page, recent_entries
from results.forms import (
    IndicatorForm,
    MeasurementForm,
    MilestoneDoneForm,
    MilestoneForm,
    ProgressLogEditForm,
    ProgressLogForm,
    ReviewForm,
)
from results.models import (
    Indicator,
    Measurement,
    MeasurementStep,
    Milestone,
    ProgressAttachment,
    ProgressLog,
    ReportingPeriod,
)
from results.models.indicators import compute_progress
from results.permissions import (
    can_complete_milestone,
    can_edit_measurement,
    can_edit_progress_log,
    can_log_progress,
    can_report_measurement,
    can_review_measurements,
    partnerships_for_reporting,
    progress_edit_window,
    reporting_places,
)


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
        "results/results_tab.html",
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
        fields = {name: form.cleaned_data[name] for name in services.INDICATOR_FIELDS}
        try:
            if indicator is None:
                indicator = services.indicator_create(partnership=partnership, by=request.user, fields=fields)
            else:
                services.indicator_update(indicator=indicator, by=request.user, fields=fields)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("The indicator is saved."))
            return redirect("results:indicator", pk=partnership.pk, indicator_pk=indicator.pk)
    return render(
        request,
        "results/fieldwork_form.html",
        {
            "partnership": partnership,
            "form": form,
            "title": _("Change the indicator") if indicator else _("New indicator"),
            "intro": _(
                "Agree with the partners on what is measured, how, and by whom: point 8 of the model, "
                "agreement over results."
            ),
            "submit_label": _("Save the indicator"),
            "cancel_url": reverse("results:indicator", args=[partnership.pk, indicator.pk])
            if indicator
            else reverse("results:results", args=[partnership.pk]),
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
        "results/indicator_detail.html",
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
            measurement = services.measurement_save(
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
            form_errors(form, error)
        else:
            messages.success(request, _submitted_message(measurement))
            return redirect("results:indicator", pk=partnership.pk, indicator_pk=indicator.pk)
    return render(
        request,
        "results/measurement_form.html",
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
            measurement = services.measurement_update(
                measurement=measurement,
                by=request.user,
                value=form.cleaned_data.get("value"),
                value_text=form.cleaned_data.get("value_text", ""),
                note=form.cleaned_data["note"],
                submit="submit" in request.POST,
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _submitted_message(measurement))
            return redirect("results:indicator", pk=partnership.pk, indicator_pk=indicator.pk)
    return render(
        request,
        "results/measurement_form.html",
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
        measurement = services.measurement_submit(measurement=measurement, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _submitted_message(measurement))
    return redirect("results:indicator", pk=partnership.pk, indicator_pk=measurement.indicator_id)


@require_POST
def measurement_review(request, pk, measurement_pk):
    partnership = get_partnership_for_user(request, pk)
    measurement = _measurement(partnership, measurement_pk)
    if not can_review_measurements(request.user, measurement.indicator):
        raise PermissionDenied
    if request.POST.get("next") == "results":
        back = redirect("results:results", pk=partnership.pk)
    else:
        back = redirect("results:indicator", pk=partnership.pk, indicator_pk=measurement.indicator_id)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        # Neither approved nor returned: a comment that cannot be kept must not be dropped silently.
        for error in form.errors["comment"]:
            messages.error(request, error)
        return back
    comment = form.cleaned_data["comment"]
    try:
        if request.POST.get("action") == "return":
            services.measurement_return(measurement=measurement, by=request.user, comment=comment)
            messages.success(
                request, _("Returned to %(unit)s with your comment.") % {"unit": measurement.reporter_label}
            )
        else:
            services.measurement_approve(measurement=measurement, by=request.user, comment=comment)
            messages.success(request, _("Approved: it now counts toward the results."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return back


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
        services.reporting_period_lock(period=period, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The period is locked: its results are final."))
    return redirect("results:indicator", pk=partnership.pk, indicator_pk=period.indicator_id)


@require_http_methods(["GET", "POST"])
def progress_new(request):
    """The field officer's progress log: one column, big targets, today's date, only their partnerships."""
    partnerships = list(partnerships_for_reporting(request.user))
    if not partnerships:
        return render(request, "results/progress_form.html", {"form": None})
    initial = {"date": timezone.localdate()}
    if request.GET.get("partnership"):
        initial["partnership"] = request.GET["partnership"]
    form = ProgressLogForm(request.POST or None, request.FILES or None, partnerships=partnerships, initial=initial)
    if request.method == "POST" and form.is_valid():
        partnership = form.cleaned_data["partnership"]
        places = reporting_places(request.user, partnership)
        if not places:
            raise PermissionDenied
        ministry, unit = places[0]
        # The form checks all the service does (date, text, that the milestone and indicator are the
        # partnership's), on objects no one else can change meanwhile: the service cannot refuse here.
        log = services.progress_log_create(
            partnership=partnership,
            author=request.user,
            ministry=ministry,
            field_unit=unit,
            date=form.cleaned_data["date"],
            text=form.cleaned_data["text"],
            milestone=form.cleaned_data["milestone"],
            indicator=form.cleaned_data["indicator"],
            team=form.cleaned_data["team"],
            joint_site=form.cleaned_data["joint_site"],
            files=[*form.cleaned_data["photos"], *form.cleaned_data["files"]],
        )
        messages.success(
            request,
            _("Thank you. Your entry is on the feed of %(partnership)s.") % {"partnership": log.partnership},
        )
        return redirect("results:progress_mine")
    return render(
        request,
        "results/progress_form.html",
        {"form": form, "entries": recent_entries(request.user, 3), "choose_again": form.files_lost},
    )


def progress_targets(request):
    """The milestone and indicator choices of one partnership, for htmx to swap into the form."""
    partnerships = list(partnerships_for_reporting(request.user))
    form = ProgressLogForm(
        initial={"partnership": request.GET.get("partnership"), "date": timezone.localdate()},
        partnerships=partnerships,
    )
    return render(request, "results/progress_form.html#targets", {"form": form})


def progress_mine(request):
    return render(
        request,
        "results/progress_mine.html",
        {
            "entries": recent_entries(request.user, 30),
            "may_log": partnerships_for_reporting(request.user).exists(),
            "window_hours": int(progress_edit_window().total_seconds() // 3600),
        },
    )


@require_http_methods(["GET", "POST"])
def progress_edit(request, pk, log_pk):
    partnership = get_partnership_for_user(request, pk)
    log = get_object_or_404(ProgressLog.objects.for_display(), partnership=partnership, pk=log_pk)
    log.partnership = partnership
    if not can_edit_progress_log(request.user, log):
        raise PermissionDenied
    initial = {"date": log.date, "text": log.text, "milestone": log.milestone_id, "indicator": log.indicator_id}
    form = ProgressLogEditForm(request.POST or None, request.FILES or None, log=log, initial=initial)
    if request.method == "POST" and form.is_valid():
        # As in progress_new: the form already checks everything the service does.
        services.progress_log_update(
            log=log,
            by=request.user,
            date=form.cleaned_data["date"],
            text=form.cleaned_data["text"],
            milestone=form.cleaned_data["milestone"],
            indicator=form.cleaned_data["indicator"],
            team=form.cleaned_data["team"],
            joint_site=form.cleaned_data["joint_site"],
            files=[*form.cleaned_data["photos"], *form.cleaned_data["files"]],
            remove=form.cleaned_data.get("remove", []),
        )
        messages.success(request, _("Your entry is saved."))
        return redirect("results:progress_mine")
    return render(
        request,
        "results/progress_form.html",
        {"form": form, "log": log, "partnership": partnership, "choose_again": form.files_lost},
    )


def attachment_download(request, pk, attachment_pk):
    """A progress log's file, to people who may see the partnership only.

    Always a download, except a photo Pillow verified, which may be shown inline;
    `nosniff` stops a browser from guessing a more dangerous type.
    """
    partnership = get_partnership_for_user(request, pk)
    attachment = get_object_or_404(ProgressAttachment, log__partnership=partnership, pk=attachment_pk)
    inline = attachment.is_image and request.GET.get("inline") == "1"
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=not inline, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def progress_tab(request, pk):
    """Milestones and progress: what is coming, and the feed of what happened (htmx pages)."""
    partnership = get_partnership_for_user(request, pk)
    page = feed_page(partnership, parse_positive_int(request.GET.get("page"), 1))
    if request.htmx and "page" in request.GET:
        response = render(request, "results/progress_tab.html#feed-page", {"partnership": partnership, "page": page})
        # Focus moves to the first new entry (static/js/focus.js); the live region says how many came.
        count = len(page.items)
        shown = ngettext("%(count)s more entry is shown.", "%(count)s more entries are shown.", count)
        return trigger_client_event(response, "announce", {"message": shown % {"count": count}})
    milestones = list(
        # The partnership too: whether a milestone is overdue depends on it being at work.
        Milestone.objects.filter(partnership=partnership)
        .open()
        .select_related("partnership", "owner", "owner_ministry")
    )
    for milestone in milestones:
        milestone.may_complete = can_complete_milestone(request.user, milestone)
    return render(
        request,
        "results/progress_tab.html",
        {
            **tab_context(request, partnership, "progress"),
            "page": page,
            "milestones": milestones,
            "done_count": Milestone.objects.filter(partnership=partnership, status=Milestone.Status.DONE).count(),
            "may_manage": can_manage_fieldwork(request.user, partnership),
            "may_log": can_log_progress(request.user, partnership),
        },
    )


@require_http_methods(["GET", "POST"])
def milestone_edit(request, pk, milestone_pk=None):
    partnership = get_partnership_for_user(request, pk)
    if not can_manage_fieldwork(request.user, partnership):
        raise PermissionDenied
    milestone = get_object_or_404(Milestone, partnership=partnership, pk=milestone_pk) if milestone_pk else None
    form = MilestoneForm(request.POST or None, instance=milestone, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.MILESTONE_FIELDS}
        try:
            if milestone is None:
                services.milestone_create(partnership=partnership, by=request.user, fields=fields)
            else:
                services.milestone_update(milestone=milestone, by=request.user, fields=fields)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("The milestone is saved."))
            return redirect("results:progress", pk=partnership.pk)
    return render(
        request,
        "results/fieldwork_form.html",
        {
            "partnership": partnership,
            "form": form,
            "title": _("Change the milestone") if milestone else _("New milestone"),
            "intro": _("Early, visible milestones keep people going: plan some that can be reached soon."),
            "submit_label": _("Save the milestone"),
            "cancel_url": reverse("results:progress", args=[partnership.pk]),
        },
    )


@require_http_methods(["GET", "POST"])
def milestone_done(request, pk, milestone_pk):
    partnership = get_partnership_for_user(request, pk)
    milestone = get_object_or_404(Milestone, partnership=partnership, pk=milestone_pk)
    milestone.partnership = partnership
    if not can_complete_milestone(request.user, milestone):
        raise PermissionDenied
    form = MilestoneDoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # The service refuses only an empty note, which the form (required, stripped) already refuses.
        services.milestone_complete(milestone=milestone, by=request.user, note=form.cleaned_data["note"])
        messages.success(request, _("Well done! The milestone is on the feed for every partner to see."))
        return redirect("results:progress", pk=partnership.pk)
    return render(
        request,
        "results/fieldwork_form.html",
        {
            "partnership": partnership,
            "form": form,
            "title": _("Mark “%(milestone)s” done") % {"milestone": milestone.title},
            "submit_label": _("Mark it done"),
            "cancel_url": reverse("results:progress", args=[partnership.pk]),
        },
    )


@require_POST
def milestone_reopen(request, pk, milestone_pk):
    """Undo a milestone marked done by mistake."""
    partnership = get_partnership_for_user(request, pk)
    milestone = get_object_or_404(Milestone, partnership=partnership, pk=milestone_pk)
    if not can_manage_fieldwork(request.user, partnership):
        raise PermissionDenied
    services.milestone_reopen(milestone=milestone, by=request.user)
    messages.success(request, _("The milestone is open again."))
    return redirect("results:progress", pk=partnership.pk)
