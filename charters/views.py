from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.two_factor import step_up_required
from charters import services
from charters.comparison import compare_snapshots
from charters.forms import AssignmentFormSet, CharterForm, CompareForm, MilestoneFormSet, NewVersionForm, SignForm
from charters.models import CharterVersion
from charters.services import CharterConflict, charter_missing_content, ministries_that_may_sign
from common.forms import form_errors
from common.numbers import parse_positive_int
from common.pdf import html_to_pdf
from ministries.models import Ministry
from ministries.permissions import can_invite_to_ministry
from partnerships.models import Participation
from partnerships.permissions import can_propose_structure, get_partnership_for_user
from partnerships.tabs import tab_context
from security.models import SecurityEvent
from security.services import security_event_record


def _versions(partnership):
    return partnership.charter_versions.prefetch_related("signatures__ministry", "signatures__signed_by").order_by(
        "-number"
    )


def _signature_rows(version, participants, user):
    """Per participating ministry: who signed and when, or how long we have waited on it, and whether
    anyone can sign for it at all, with the ways out this person may take: invite someone, or propose
    making the party a funder or a stakeholder that does not sign."""
    signed = {s.ministry_id: s for s in version.signatures.all()}
    nobody = set()
    if version.status in (CharterVersion.Status.DRAFT, CharterVersion.Status.SIGNING):
        parties = Participation.objects.filter(pk__in=[p.pk for p in participants]).nobody_signs()
        nobody = set(parties.values_list("ministry_id", flat=True))
    now = timezone.now()
    may_propose = bool(nobody) and can_propose_structure(user, version.partnership)
    rows = []
    for participation in participants:
        ministry = participation.ministry
        signature = signed.get(participation.ministry_id)
        waiting_days = None
        if signature is None and version.sent_for_signature_at:
            waiting_days = (now - version.sent_for_signature_at).days
        stuck = signature is None and ministry.pk in nobody
        rows.append(
            {
                "ministry": ministry,
                "signature": signature,
                "waiting_days": waiting_days,
                "nobody_signs": stuck,
                "may_invite": stuck and can_invite_to_ministry(user, ministry),
                "may_propose": stuck and may_propose,
            }
        )
    return rows


def charter(request, pk, number=None):
    partnership = get_partnership_for_user(request, pk)
    versions = list(_versions(partnership))
    if not versions:
        raise Http404
    if number is None:
        current = next((v for v in versions if v.status != CharterVersion.Status.SUPERSEDED), versions[0])
    else:
        current = next((v for v in versions if v.number == number), None)
        if current is None:
            raise Http404
    in_force = next((v for v in versions if v.status == CharterVersion.Status.SIGNED), None)
    current = (
        CharterVersion.objects.prefetch_related("assignments__ministry", "milestones", "signatures__ministry")
        .select_related("updated_by", "created_by")
        .get(pk=current.pk)
    )
    return render(
        request,
        "charters/detail_charter.html",
        {
            **tab_context(request, partnership, "charter"),
            "numbered": number is not None,
            "version": current,
            "versions": versions,
            "in_force": in_force,
            "signature_rows": _signature_rows(current, partnership.signing_parties, request.user),
            "sign_for": Ministry.objects.filter(pk__in=ministries_that_may_sign(request.user, current))
            if current.status == CharterVersion.Status.SIGNING
            else [],
            "missing": charter_missing_content(current) if current.is_editable else [],
            "compare_form": CompareForm(
                numbers=[v.number for v in versions],
                initial={"left": versions[-1].number, "right": versions[0].number},
            ),
        },
    )


def _charter_forms(request, version, partnership, data=None):
    ministries = Ministry.objects.filter(pk__in=partnership.ministry_ids)
    form = CharterForm(data, instance=version, initial={"revision": version.revision})
    assignments = AssignmentFormSet(
        data,
        prefix="assignments",
        initial=[
            {"task": a.task, "ministry": a.ministry_id, "due_date": a.due_date} for a in version.assignments.all()
        ],
        form_kwargs={"ministries": ministries},
    )
    milestones = MilestoneFormSet(
        data,
        prefix="milestones",
        initial=[
            {"title": m.title, "due_date": m.due_date, "description": m.description, "key": m.key}
            for m in version.milestones.all()
        ],
    )
    return form, assignments, milestones


def _kept_rows(formset):
    return [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


def charter_edit(request, pk):
    partnership = get_partnership_for_user(request, pk, write=True)
    version = CharterVersion.objects.filter(partnership=partnership, status=CharterVersion.Status.DRAFT).first()
    if version is None:
        return redirect("charters:charter_new_version", pk=partnership.pk)
    conflict = None
    if request.method == "POST":
        form, assignments, milestones = _charter_forms(request, version, partnership, request.POST)
        if form.is_valid() and assignments.is_valid() and milestones.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            try:
                services.charter_save(
                    version=version,
                    by=request.user,
                    expected_revision=form.cleaned_data["revision"],
                    fields=fields,
                    assignments=[
                        {k: row[k] for k in ("task", "ministry", "due_date")} for row in _kept_rows(assignments)
                    ],
                    milestones=[
                        {k: row[k] for k in ("title", "due_date", "description", "key")}
                        for row in _kept_rows(milestones)
                    ],
                )
            except CharterConflict as error:
                conflict = error
                # Keep everything the person typed; only the revision moves on, so the next
                # save (after they have looked at the other changes) goes through.
                data = request.POST.copy()
                data["revision"] = error.version.revision
                form, assignments, milestones = _charter_forms(request, error.version, partnership, data)
                form.is_valid()
            else:
                messages.success(request, _("The charter is saved."))
                return redirect("charters:charter", pk=partnership.pk)
    else:
        form, assignments, milestones = _charter_forms(request, version, partnership)
    return render(
        request,
        "charters/charter_form.html",
        {
            "partnership": partnership,
            "version": version,
            "form": form,
            "assignments": assignments,
            "milestones": milestones,
            "conflict": conflict,
        },
        status=409 if conflict else 200,
    )


def charter_new_version(request, pk):
    partnership = get_partnership_for_user(request, pk, write=True)
    current = CharterVersion.objects.current_for(partnership).first()
    if current is None:
        return redirect("charters:charter", pk=partnership.pk)
    if current.is_editable:
        return redirect("charters:charter_edit", pk=partnership.pk)
    form = NewVersionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.charter_new_version(
                partnership=partnership,
                by=request.user,
                reason=form.cleaned_data["change_reason"],
                note=form.cleaned_data["change_note"],
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("A new draft is ready. Every organisation will need to sign it again."))
            return redirect("charters:charter_edit", pk=partnership.pk)
    return render(
        request, "charters/charter_new_version.html", {"partnership": partnership, "form": form, "current": current}
    )


@require_POST
def charter_send(request, pk):
    partnership = get_partnership_for_user(request, pk, write=True)
    version = get_object_or_404(CharterVersion, partnership=partnership, status=CharterVersion.Status.DRAFT)
    try:
        services.charter_send_for_signature(version=version, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The charter is out for signature. Each organisation's executive can now sign it."))
    return redirect("charters:charter", pk=partnership.pk)


@require_POST
@step_up_required
def charter_sign_view(request, pk):
    partnership = get_partnership_for_user(request, pk)
    # The form names the version the person read: if another signature put it in force meanwhile,
    # they are told who signed rather than sent to a missing page.
    number = parse_positive_int(request.POST.get("version"))
    if number is None:
        version = get_object_or_404(CharterVersion, partnership=partnership, status=CharterVersion.Status.SIGNING)
    else:
        version = get_object_or_404(CharterVersion, partnership=partnership, number=number)
    try:
        ministry = Ministry.objects.get(pk=parse_positive_int(request.POST.get("ministry"), 0))
    except Ministry.DoesNotExist:
        messages.error(request, _("Choose the organisation you sign for."))
        return redirect("charters:charter", pk=partnership.pk)
    form = SignForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["signed_on"]))
        return redirect("charters:charter", pk=partnership.pk)
    try:
        version = services.charter_sign(
            version=version, ministry=ministry, by=request.user, signed_on=form.cleaned_data["signed_on"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if version.status == CharterVersion.Status.SIGNED:
            messages.success(request, _("Signed. Every organisation has now signed: this version is in force."))
        else:
            messages.success(request, _("Signed for %(ministry)s.") % {"ministry": ministry})
    return redirect("charters:charter", pk=partnership.pk)


def charter_compare(request, pk):
    partnership = get_partnership_for_user(request, pk)
    versions = {
        v.number: v for v in partnership.charter_versions.prefetch_related("assignments__ministry", "milestones")
    }
    form = CompareForm(request.GET or None, numbers=sorted(versions))
    rows, left, right = [], None, None
    if form.is_valid():
        left, right = versions[form.cleaned_data["left"]], versions[form.cleaned_data["right"]]
        rows = compare_snapshots(left.snapshot(), right.snapshot())
    return render(
        request,
        "charters/charter_compare.html",
        {**tab_context(request, partnership, "charter"), "form": form, "rows": rows, "left": left, "right": right},
    )


def _printable_context(request, pk, number):
    partnership = get_partnership_for_user(request, pk)
    version = get_object_or_404(
        CharterVersion.objects.prefetch_related("assignments__ministry", "milestones", "signatures__signed_by"),
        partnership=partnership,
        number=number,
    )
    return {
        "partnership": partnership,
        "version": version,
        "signature_rows": _signature_rows(version, partnership.signing_parties, request.user),
        "versions": partnership.charter_versions.order_by("number"),
        "printed_at": timezone.now(),
        "time_zone": partnership.time_zone,
    }


def charter_print(request, pk, number):
    context = _printable_context(request, pk, number)
    # A document is dated in the partnership's time zone, whoever prints it, and says which.
    with timezone.override(context["time_zone"]):
        return render(request, "charters/charter_print.html", context)


def charter_pdf(request, pk, number):
    context = _printable_context(request, pk, number)
    with timezone.override(context["time_zone"]):
        html = render_to_string("charters/charter_print.html", {**context, "for_pdf": True}, request=request)
    pdf = html_to_pdf(html, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"charter-{pk}-v{number}.pdf"
    security_event_record(
        kind=SecurityEvent.Kind.EXPORTED,
        user=request.user,
        request=request,
        partnership=context["partnership"],
        detail=name,
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
