"""Field work: the one-minute progress log from a phone, files, milestones and the partnership's feed."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import fieldwork_services
from .feed import feed_page, recent_entries
from .fieldwork_forms import MilestoneDoneForm, MilestoneForm, ProgressLogEditForm, ProgressLogForm
from .models import Milestone, ProgressAttachment, ProgressLog
from .permissions import (
    can_complete_milestone,
    can_edit_progress_log,
    can_log_progress,
    can_manage_fieldwork,
    get_partnership_for_user,
    partnerships_for_reporting,
    progress_edit_window,
    reporting_places,
)
from .results_views import _form_errors
from .tabs import tab_context


@require_http_methods(["GET", "POST"])
def progress_new(request):
    """The field officer's progress log: one column, big targets, today's date, only their partnerships."""
    partnerships = list(partnerships_for_reporting(request.user))
    if not partnerships:
        return render(request, "partnerships/progress_form.html", {"form": None})
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
        try:
            log = fieldwork_services.progress_log_create(
                partnership=partnership,
                author=request.user,
                ministry=ministry,
                field_unit=unit,
                date=form.cleaned_data["date"],
                text=form.cleaned_data["text"],
                milestone=form.cleaned_data["milestone"],
                indicator=form.cleaned_data["indicator"],
                files=[*form.cleaned_data["photos"], *form.cleaned_data["files"]],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request,
                _("Thank you. Your entry is on the feed of %(partnership)s.") % {"partnership": log.partnership},
            )
            return redirect("partnerships:progress_mine")
    return render(
        request,
        "partnerships/progress_form.html",
        {"form": form, "entries": recent_entries(request.user, 3), "choose_again": form.files_lost},
    )


def progress_targets(request):
    """The milestone and indicator choices of one partnership, for htmx to swap into the form."""
    partnerships = list(partnerships_for_reporting(request.user))
    form = ProgressLogForm(
        initial={"partnership": request.GET.get("partnership"), "date": timezone.localdate()},
        partnerships=partnerships,
    )
    return render(request, "partnerships/progress_form.html#targets", {"form": form})


def progress_mine(request):
    return render(
        request,
        "partnerships/progress_mine.html",
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
        try:
            fieldwork_services.progress_log_update(
                log=log,
                by=request.user,
                date=form.cleaned_data["date"],
                text=form.cleaned_data["text"],
                milestone=form.cleaned_data["milestone"],
                indicator=form.cleaned_data["indicator"],
                files=[*form.cleaned_data["photos"], *form.cleaned_data["files"]],
                remove=form.cleaned_data.get("remove", []),
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Your entry is saved."))
            return redirect("partnerships:progress_mine")
    return render(
        request,
        "partnerships/progress_form.html",
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
    try:
        number = int(request.GET.get("page", 1))
    except ValueError:
        number = 1
    page = feed_page(partnership, number)
    if request.htmx and "page" in request.GET:
        return render(request, "partnerships/progress_tab.html#feed-page", {"partnership": partnership, "page": page})
    milestones = list(
        Milestone.objects.filter(partnership=partnership).open().select_related("owner", "owner_ministry")
    )
    for milestone in milestones:
        milestone.may_complete = can_complete_milestone(request.user, milestone)
    return render(
        request,
        "partnerships/progress_tab.html",
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
        fields = {name: form.cleaned_data[name] for name in fieldwork_services.MILESTONE_FIELDS}
        try:
            if milestone is None:
                fieldwork_services.milestone_create(partnership=partnership, by=request.user, fields=fields)
            else:
                fieldwork_services.milestone_update(milestone=milestone, by=request.user, fields=fields)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The milestone is saved."))
            return redirect("partnerships:progress", pk=partnership.pk)
    return render(
        request,
        "partnerships/fieldwork_form.html",
        {
            "partnership": partnership,
            "form": form,
            "title": _("Change the milestone") if milestone else _("New milestone"),
            "intro": _("Early, visible milestones keep people going: plan some that can be reached soon."),
            "submit_label": _("Save the milestone"),
            "cancel_url": reverse("partnerships:progress", args=[partnership.pk]),
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
        try:
            fieldwork_services.milestone_complete(milestone=milestone, by=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Well done! The milestone is on the feed for every partner to see."))
            return redirect("partnerships:progress", pk=partnership.pk)
    return render(
        request,
        "partnerships/fieldwork_form.html",
        {
            "partnership": partnership,
            "form": form,
            "title": _("Mark “%(milestone)s” done") % {"milestone": milestone.title},
            "submit_label": _("Mark it done"),
            "cancel_url": reverse("partnerships:progress", args=[partnership.pk]),
        },
    )


@require_POST
def milestone_reopen(request, pk, milestone_pk):
    """Undo a milestone marked done by mistake."""
    partnership = get_partnership_for_user(request, pk)
    milestone = get_object_or_404(Milestone, partnership=partnership, pk=milestone_pk)
    if not can_manage_fieldwork(request.user, partnership):
        raise PermissionDenied
    fieldwork_services.milestone_reopen(milestone=milestone, by=request.user)
    messages.success(request, _("The milestone is open again."))
    return redirect("partnerships:progress", pk=partnership.pk)
