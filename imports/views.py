"""Import from a spreadsheet: upload, see what each row will do, then save (with progress when large)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.exports import rows_as_csv, sheets_as_xlsx
from common.forms import form_errors
from imports.forms import ImportForm, ImportStartForm
from imports.kinds import KINDS, REFUSED
from imports.models import ImportRun
from imports.permissions import (
    can_import_kind,
    can_import_to_ministry,
    get_import_for_user,
    importable_kinds,
    importable_ministries,
)
from imports.services import import_discard, import_plan, import_preview, import_start

# The preview lists this many rows, refused ones first; the counts cover them all.
SHOWN_ROWS = 200


def _ministries(request):
    ministries = importable_ministries(request.user)
    if not ministries.exists():
        raise PermissionDenied(_("Only an organisation's administrators and coordinators import its data."))
    return ministries


def import_new(request):
    ministries = _ministries(request)
    kinds = importable_kinds(request.user)
    form = ImportForm(request.POST or None, request.FILES or None, ministries=ministries, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        kind, ministry = form.cleaned_data["kind"], form.cleaned_data["ministry"]
        if not can_import_to_ministry(request.user, kind, ministry):
            form.add_error("kind", KINDS[kind].refusal % {"organisation": ministry})
            return render(request, "imports/new.html", {"form": form, "kinds": kinds})
        try:
            run = import_preview(
                kind=form.cleaned_data["kind"],
                ministry=form.cleaned_data["ministry"],
                upload=form.cleaned_data["file"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect("imports:preview", pk=run.pk)
    return render(request, "imports/new.html", {"form": form, "kinds": kinds})


def import_template(request, kind, extension):
    """The empty template of a kind, with example rows, as CSV or Excel."""
    _ministries(request)
    importer = KINDS.get(kind)
    if importer is None or extension not in ("csv", "xlsx") or not can_import_kind(request.user, kind):
        return HttpResponse(status=404)
    if extension == "csv":
        response = HttpResponse(rows_as_csv(importer.columns, importer.example), content_type="text/csv")
    else:
        response = HttpResponse(
            sheets_as_xlsx([(kind, importer.columns, importer.example)]),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="interlock-{kind}.{extension}"'
    return response


def import_preview_page(request, pk):
    run = get_import_for_user(request, pk)
    # The button alone posts nothing but the token: the form is bound whenever the page is posted.
    form = ImportStartForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            run = import_start(run=run, good_rows_only=form.cleaned_data["good_rows_only"])
        except ValidationError as error:
            form_errors(form, error)
        else:
            if run.status == ImportRun.Status.DONE:
                messages.success(request, _("The import is saved."))
            return redirect("imports:preview", pk=run.pk)
    outcomes = import_plan(run) if run.status == ImportRun.Status.PREVIEW else []
    shown = sorted(outcomes, key=lambda o: (o.action != REFUSED, o.line))[:SHOWN_ROWS]
    return render(
        request,
        "imports/preview.html",
        {
            "run": run,
            "form": form,
            "outcomes": shown,
            "more": max(len(outcomes) - SHOWN_ROWS, 0),
            "kind": KINDS[run.kind],
        },
    )


def import_progress(request, pk):
    """How far a running import has got: the part of the page that htmx polls."""
    run = get_import_for_user(request, pk)
    return render(request, "imports/_progress.html", {"run": run})


@require_POST
def import_cancel(request, pk):
    if import_discard(run=get_import_for_user(request, pk)):
        messages.success(request, _("The import is cancelled; nothing was saved."))
    return redirect("imports:new")
