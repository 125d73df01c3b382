from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import trigger_client_event

from accounts.two_factor import step_up_required
from assessments import services
from assessments.forms import (
    ConditionFormSet,
    ConflictArrangementForm,
    EvidenceForm,
    GateDecisionForm,
    GatePositionForm,
    GateRequestForm,
    GateRequirementForm,
    GateWaiverForm,
    PartnersWorksheetForm,
    PastGateDecisionForm,
    PointAnswerForm,
    PositionForm,
    ValueAssessmentForm,
)
from assessments.models import GateDecision, GateRequest, Point, PointAnswer, PointEvidence, ValueAssessment
from assessments.permissions import (
    can_decide_gate,
    can_edit_points,
    can_request_gate,
    decided_by_committee,
    gate_deciders,
    gate_speaker_ministries,
    is_approving_level,
    position_ministry_ids,
    value_ministry_ids,
)
from common.forms import form_errors
from common.numbers import parse_positive_int
from meetings.models import ConflictArrangement
from meetings.services import vote_weights
from ministries.models import Ministry
from partnerships.models import Participation
from partnerships.permissions import get_partnership_for_user
from partnerships.services import participations_set_holdings
from partnerships.tabs import tab_context

WORKSHEETS = {
    2: "assessments:worksheet_value",
    3: "assessments:worksheet_partners",
    11: "assessments:worksheet_conflict",
}


def _prepare_cards(request, partnership, answers):
    """Give each answer what its card shows: its worksheet and the "do you agree?" form."""
    ministries = _position_ministries(request, partnership)
    for answer in answers:
        number = answer.point.number
        answer.worksheet_url_name = WORKSHEETS.get(number)
        answer.position_form = PositionForm(ministries=ministries, prefix=f"p{number}") if ministries else None
    return answers


def _position_ministries(request, partnership):
    ids = position_ministry_ids(request.user, partnership)
    return [p.ministry for p in partnership.participants if p.ministry_id in ids]


def _point_context(request, partnership, answer):
    _prepare_cards(request, partnership, [answer])
    return {"partnership": partnership, "answer": answer, "may_edit_points": can_edit_points(request.user, partnership)}


def points(request, pk):
    partnership = get_partnership_for_user(request, pk)
    answers = _prepare_cards(request, partnership, services.answers_for(partnership))
    return render(
        request,
        "assessments/points.html",
        {
            **tab_context(request, partnership, "points"),
            "groups": services.progress_by_phase(answers),
            "may_edit_points": can_edit_points(request.user, partnership),
        },
    )


def _answer(partnership, number):
    answers = PointAnswer.objects.for_partnership(partnership)
    answer = answers.filter(point__number=number).first()
    if answer is None:
        services.answers_for(partnership)  # a point added since the partnership began
        answer = get_object_or_404(answers, point__number=number)
    return answer


def point_edit(request, pk, number):
    """Edit one answer: inline (htmx swaps the card) or as a page of its own without JavaScript."""
    partnership = get_partnership_for_user(request, pk)
    if not can_edit_points(request.user, partnership):
        raise PermissionDenied
    answer = _answer(partnership, number)
    conflict = None
    form = PointAnswerForm(request.POST or None, instance=answer, partnership=partnership, prefix=f"a{number}")
    if request.method == "POST" and form.is_valid():
        try:
            services.point_answer_save(
                answer=answer,
                by=request.user,
                expected_revision=form.cleaned_data["revision"],
                text=form.cleaned_data["answer"],
                status=form.cleaned_data["status"],
                not_applicable_reason=form.cleaned_data["not_applicable_reason"],
                owner=form.cleaned_data["owner"],
            )
        except services.PointConflict as error:
            conflict = error.answer
            data = request.POST.copy()
            data[f"a{number}-revision"] = conflict.revision
            form = PointAnswerForm(data, instance=answer, partnership=partnership, prefix=f"a{number}")
            form.is_valid()
        else:
            answer = _answer(partnership, number)
            saved = _("Point %(number)s is saved.") % {"number": number}
            if request.htmx:
                response = render(request, "assessments/_point_card.html", _point_context(request, partnership, answer))
                # Said in the page's live region (static/js/focus.js), as focus returns to the point.
                return trigger_client_event(response, "announce", {"message": saved})
            messages.success(request, saved)
            return redirect(f"{_points_url(partnership)}#point-{number}")
    context = {**_point_context(request, partnership, answer), "form": form, "conflict": conflict}
    template = "assessments/_point_form.html" if request.htmx else "assessments/point_edit.html"
    return render(request, template, context, status=409 if conflict else 200)


def point_card(request, pk, number):
    """The read-only card, for "Cancel" in inline editing."""
    partnership = get_partnership_for_user(request, pk)
    answer = _answer(partnership, number)
    response = render(request, "assessments/_point_card.html", _point_context(request, partnership, answer))
    unchanged = _("Point %(number)s is not changed.") % {"number": number}
    return trigger_client_event(response, "announce", {"message": unchanged})


def _points_url(partnership):
    from django.urls import reverse

    return reverse("assessments:points", args=[partnership.pk])


@require_POST
def point_position(request, pk, number):
    partnership = get_partnership_for_user(request, pk)
    ministries = _position_ministries(request, partnership)
    if not ministries:
        raise PermissionDenied
    answer = _answer(partnership, number)
    form = PositionForm(request.POST, ministries=ministries, prefix=f"p{number}")
    if form.is_valid():
        services.point_position_set(answer=answer, by=request.user, **form.cleaned_data)
        answer = _answer(partnership, number)
        if not request.htmx:
            messages.success(request, _("Your organisation's position is recorded."))
    elif not request.htmx:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    if request.htmx:
        context = _point_context(request, partnership, answer)
        if form.errors:
            answer.position_form = form
        return render(request, "assessments/_point_card.html", context)
    return redirect(f"{_points_url(partnership)}#point-{number}")


def evidence_add(request, pk, number):
    partnership = get_partnership_for_user(request, pk)
    if not can_edit_points(request.user, partnership):
        raise PermissionDenied
    answer = _answer(partnership, number)
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        PointEvidence.objects.create(answer=answer, added_by=request.user, **form.cleaned_data)
        messages.success(request, _("The evidence is added to point %(number)s.") % {"number": number})
        return redirect(f"{_points_url(partnership)}#point-{number}")
    return render(
        request,
        "assessments/evidence_form.html",
        {"partnership": partnership, "answer": answer, "form": form},
        status=400 if form.errors else 200,
    )


def evidence_file(request, pk, evidence_pk):
    """Files are served only to people who may see the partnership, and always as a download."""
    partnership = get_partnership_for_user(request, pk)
    evidence = get_object_or_404(PointEvidence, pk=evidence_pk, answer__partnership=partnership)
    if not evidence.file:
        raise Http404
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:  # the row outlived its file (a restore from different times, say)
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=Path(evidence.file.name).name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def evidence_remove(request, pk, evidence_pk):
    partnership = get_partnership_for_user(request, pk)
    if not can_edit_points(request.user, partnership):
        raise PermissionDenied
    evidence = get_object_or_404(
        PointEvidence.objects.select_related("answer__point"), pk=evidence_pk, answer__partnership=partnership
    )
    number = evidence.answer.point.number
    evidence.delete()
    messages.success(request, _("The evidence is removed."))
    return redirect(f"{_points_url(partnership)}#point-{number}")


# Worksheets


def worksheet_value(request, pk):
    """Point 2: each organisation's expected value against its time and cost, side by side.

    Each side is saved on its own, by its own organisation's coordinators; the others read it.
    """
    partnership = get_partnership_for_user(request, pk)
    mine = value_ministry_ids(request.user, partnership)
    existing = {v.ministry_id: v for v in ValueAssessment.objects.filter(partnership=partnership)}
    posted = parse_positive_int(request.POST.get("ministry")) if request.method == "POST" else None
    if request.method == "POST" and posted not in partnership.participant_ministry_ids:
        raise Http404
    if request.method == "POST" and posted not in mine:
        raise PermissionDenied
    rows = []
    for participation in partnership.participants:
        ministry = participation.ministry
        instance = existing.get(ministry.pk) or ValueAssessment(partnership=partnership, ministry=ministry)
        data = request.POST if ministry.pk == posted else None
        form = ValueAssessmentForm(data, instance=instance, prefix=f"m{ministry.pk}") if ministry.pk in mine else None
        rows.append((ministry, instance, form))
        if data is not None and form.is_valid():
            services.value_assessment_save(assessment=form.save(commit=False), by=request.user)
            messages.success(request, _("%(organisation)s's side is saved.") % {"organisation": ministry})
            return redirect("assessments:worksheet_value", pk=partnership.pk)
    return render(
        request,
        "assessments/worksheet_value.html",
        {**tab_context(request, partnership, "points"), "rows": rows},
        status=400 if posted else 200,
    )


def worksheet_partners(request, pk):
    """Point 3: which partners hold interests, knowledge and authority — the minimal systematic whole."""
    partnership = get_partnership_for_user(request, pk)
    may_edit = can_edit_points(request.user, partnership)
    participants = partnership.participants
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        form = PartnersWorksheetForm(request.POST, participants=participants)
        if form.is_valid():
            participations_set_holdings(partnership=partnership, holdings=form.holdings())
            messages.success(request, _("The worksheet is saved."))
            return redirect("assessments:worksheet_partners", pk=partnership.pk)
    labels = {"holds_interests": _("Interests"), "holds_knowledge": _("Knowledge"), "holds_authority": _("Authority")}
    return render(
        request,
        "assessments/worksheet_partners.html",
        {
            **tab_context(request, partnership, "points"),
            "participants": participants,
            "kinds": [(name, labels[name]) for name in Participation.HOLDINGS],
            "missing": [labels[name] for name in partnership.holdings_missing],
            "may_edit_points": may_edit,
        },
    )


def worksheet_conflict(request, pk):
    """Point 11: the agreed way of settling conflicts, with the weight of each ministry's vote."""
    partnership = get_partnership_for_user(request, pk)
    may_edit = can_edit_points(request.user, partnership)
    instance = ConflictArrangement.objects.filter(partnership=partnership).first() or ConflictArrangement(
        partnership=partnership
    )
    form = ConflictArrangementForm(request.POST or None, instance=instance)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                proposal = services.conflict_arrangement_save(
                    arrangement=form.save(commit=False), by=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                form_errors(form, error)
            else:
                if proposal is None:
                    messages.success(request, _("The worksheet is saved."))
                    return redirect("assessments:worksheet_conflict", pk=partnership.pk)
                messages.success(
                    request,
                    _(
                        "Your other answers are saved. The change to the weight of votes or the committee's rule "
                        "waits for every partner's agreement."
                    ),
                )
                return redirect(proposal)
    return render(
        request,
        "assessments/worksheet_conflict.html",
        {
            **tab_context(request, partnership, "points"),
            "form": form,
            "arrangement": instance if instance.pk else None,
            "weights": vote_weights(partnership),
            "may_edit_points": may_edit,
        },
    )


# Gates


def gate(request, pk):
    return _gate_page(request, get_partnership_for_user(request, pk), GateRequestForm())


def _gate_page(request, partnership, request_form, status=200, waiver_form=None):
    answers = services.answers_for(partnership)
    results = services.gate_results(partnership, answers)
    pending = partnership.gate_requests.pending().select_related("requested_by").first()
    decisions = (
        partnership.gate_requests.filter(status=GateRequest.Status.DECIDED)
        .select_related("decision__decided_by", "requested_by")
        .order_by("-decision__decided_on", "-requested_at")
    )
    tally = services.committee_tally(pending, partnership) if pending and pending.has_proposal else None
    may_decide = can_decide_gate(request.user, partnership)
    speaks_for = gate_speaker_ministries(request.user, partnership)
    return render(
        request,
        "assessments/gate.html",
        {
            **tab_context(request, partnership, "gate"),
            "tally": tally,
            # A proposal that can no longer carry makes way for a new one.
            "may_propose": may_decide and (tally is None or tally.failed),
            "position_form": GatePositionForm(ministries=speaks_for)
            if may_decide and tally and not tally.failed
            else None,
            "results": results,
            "all_met": not any(r.blocks for r in results),
            "waiver_form": waiver_form,
            "may_waive": may_decide and pending is None,
            "pending": pending,
            "decisions": decisions,
            "request_form": request_form,
            "may_request": can_request_gate(request.user, partnership),
            "may_decide": may_decide,
            "may_record_past": may_decide
            and not decided_by_committee(partnership)
            and services.past_gates(partnership),
            "groups": services.progress_by_phase(answers),
            "pilot_decision": partnership.pilot_decisions.latest_first().first(),
            **_who_decides(partnership),
        },
        status=status,
    )


def _who_decides(partnership):
    return {
        "deciders": gate_deciders(partnership),
        "decided_by_committee": decided_by_committee(partnership),
        "committee_rule": services.committee_rule(partnership) if decided_by_committee(partnership) else "",
    }


@require_POST
def gate_request(request, pk):
    partnership = get_partnership_for_user(request, pk, write=True)
    form = GateRequestForm(request.POST)
    if not form.is_valid():
        return _gate_page(request, partnership, form, status=400)
    try:
        services.gate_request(partnership=partnership, by=request.user, note=form.cleaned_data["note"])
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Your request is with the approving level."))
    return redirect("assessments:gate", pk=partnership.pk)


def _not_the_approving_level(request, partnership):
    # Say who decides instead of a bare refusal: the person can then ask the right people.
    return render(
        request,
        "assessments/gate_not_yours.html",
        {**tab_context(request, partnership, "gate"), **_who_decides(partnership)},
        status=403,
    )


@require_POST
@step_up_required
def gate_waive(request, pk):
    partnership = get_partnership_for_user(request, pk)
    if not can_decide_gate(request.user, partnership):
        return _not_the_approving_level(request, partnership)
    form = GateWaiverForm(request.POST, partnership=partnership)
    if form.is_valid():
        try:
            services.gate_requirement_waive(
                partnership=partnership,
                by=request.user,
                requirement=form.cleaned_data["requirement"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The requirement is waived for this partnership. The reason is kept."))
            return redirect("assessments:gate", pk=partnership.pk)
    return _gate_page(request, partnership, GateRequestForm(), status=400, waiver_form=form)


@require_POST
def gate_waiver_withdraw(request, pk):
    partnership = get_partnership_for_user(request, pk)
    if not can_decide_gate(request.user, partnership):
        return _not_the_approving_level(request, partnership)
    form = GateRequirementForm(request.POST, partnership=partnership)
    if not form.is_valid():
        messages.error(request, _("This requirement is no longer one of this gate's. Reload the gate page."))
        return redirect("assessments:gate", pk=partnership.pk)
    try:
        services.gate_waiver_withdraw(
            partnership=partnership, requirement=form.cleaned_data["requirement"], by=request.user
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The waiver is withdrawn: the requirement applies again."))
    return redirect("assessments:gate", pk=partnership.pk)


@require_POST
def gate_withdraw(request, pk):
    partnership = get_partnership_for_user(request, pk, write=True)
    pending = get_object_or_404(GateRequest.objects.pending(), partnership=partnership)
    services.gate_withdraw(request=pending, by=request.user)
    messages.success(request, _("The request is withdrawn."))
    return redirect("assessments:gate", pk=partnership.pk)


def _latest_decision(partnership):
    return GateDecision.objects.filter(request__partnership=partnership).select_related("decided_by", "request").first()


@step_up_required
def gate_decide(request, pk):
    partnership = get_partnership_for_user(request, pk)
    pending = GateRequest.objects.pending().select_related("requested_by").filter(partnership=partnership).first()
    if pending is None and request.method == "POST" and is_approving_level(request.user, partnership):
        # Someone else of the approving level decided while this person's form was open.
        latest = _latest_decision(partnership)
        if latest is not None:
            messages.error(request, services.gate_decided_already(latest))
            return redirect("assessments:gate", pk=partnership.pk)
    if not can_decide_gate(request.user, partnership):
        return _not_the_approving_level(request, partnership)
    if pending is None:
        raise Http404
    outcomes = services.outcomes_for(partnership.phase)
    ministries = Ministry.objects.filter(pk__in=partnership.ministry_ids)
    data = request.POST or None
    form = GateDecisionForm(
        data,
        outcomes=outcomes,
        points=Point.objects.all(),
        initial={"reopen_points": list(Point.objects.filter(reopen_on_renewal=True).values_list("number", flat=True))},
    )
    conditions = ConditionFormSet(data, prefix="conditions", form_kwargs={"ministries": ministries})
    results = services.gate_results(partnership)
    if request.method == "POST" and form.is_valid() and conditions.is_valid():
        try:
            decision = services.gate_decide(
                request=pending,
                by=request.user,
                outcome=form.cleaned_data["outcome"],
                reason=form.cleaned_data["reason"],
                conditions=[c for c in conditions.cleaned_data if c],
                reopen_points=form.cleaned_data.get("reopen_points", []),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
        else:
            if decision is None:
                messages.success(
                    request,
                    _("Your proposal is with the steering committee. It carries when enough members approve it."),
                )
            else:
                messages.success(request, _("The decision is recorded."))
            return redirect("assessments:gate", pk=partnership.pk)
    return render(
        request,
        "assessments/gate_decide.html",
        {
            **tab_context(request, partnership, "gate"),
            "pending": pending,
            "decided_by_committee": decided_by_committee(partnership),
            "form": form,
            "conditions": conditions,
            "results": results,
            "cautions": services.gate_cautions(partnership),
        },
        status=400 if form.errors else 200,
    )


def gate_record_past(request, pk):
    """The approving level records a gate decision taken before the partnership was recorded here."""
    partnership = get_partnership_for_user(request, pk)
    if not can_decide_gate(request.user, partnership):
        return _not_the_approving_level(request, partnership)
    phases = services.past_gates(partnership)
    if not phases:
        messages.info(request, _("Every gate the partnership has passed already has its decision."))
        return redirect("assessments:gate", pk=partnership.pk)
    form = PastGateDecisionForm(request.POST or None, phases=phases, outcomes=services.PAST_OUTCOMES)
    if request.method == "POST" and form.is_valid():
        try:
            services.gate_decision_record_past(partnership=partnership, by=request.user, **form.cleaned_data)
        except PermissionDenied as refusal:
            messages.error(request, str(refusal))
            return redirect("assessments:gate", pk=partnership.pk)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field, errors)
        else:
            messages.success(request, _("The past decision is recorded, on the day it was taken."))
            return redirect("assessments:gate", pk=partnership.pk)
    return render(
        request,
        "assessments/gate_record_past.html",
        {**tab_context(request, partnership, "gate"), "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@step_up_required
def gate_position(request, pk):
    """A member ministry of the steering committee records its position on the proposed gate decision."""
    partnership = get_partnership_for_user(request, pk)
    speaks_for = gate_speaker_ministries(request.user, partnership)
    if not speaks_for:
        raise PermissionDenied
    pending = GateRequest.objects.pending().filter(partnership=partnership).first()
    if pending is None:
        # Decided (or withdrawn) while this person's page was open: say what happened and who did it.
        latest = _latest_decision(partnership)
        if latest is not None:
            messages.error(request, services.gate_decided_already(latest))
        else:
            messages.error(request, _("Nothing waits for the committee's decision any more."))
        return redirect("assessments:gate", pk=partnership.pk)
    form = GatePositionForm(request.POST, ministries=speaks_for)
    if not form.is_valid():
        messages.error(request, _("Choose your ministry's position: approve, refuse or abstain."))
        return redirect("assessments:gate", pk=partnership.pk)
    try:
        decision = services.gate_position_set(request=pending, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if decision is None:
            messages.success(request, _("Your ministry's position is recorded."))
        else:
            messages.success(
                request,
                _("Your ministry's position carried the committee's decision: %(outcome)s.")
                % {"outcome": decision.get_outcome_display()},
            )
    return redirect("assessments:gate", pk=partnership.pk)
