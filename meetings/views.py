"""Meetings, decisions with their votes, action items, and conflicts on their escalation ladder."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.two_factor import step_up_required
from common.forms import form_errors
from meetings import services as meeting_services
from meetings.forms import (
    ActionItemForm,
    ConflictRaiseForm,
    ConflictWorkForm,
    DecisionForm,
    EscalateForm,
    MeetingForm,
    VerdictForm,
    VoteForm,
)
from meetings.models import ActionItem, Conflict, Decision, EscalationLevel, Meeting, MeetingAttendance
from meetings.permissions import can_raise_conflict, can_update_action_item, vote_ministry_ids
from meetings.services import action_item_create, action_item_set_status
from ministries.permissions import memberships
from partnerships.permissions import can_manage_fieldwork, get_partnership_for_user
from partnerships.tabs import tab_context


def _managed(request, pk):
    partnership = get_partnership_for_user(request, pk)
    if not can_manage_fieldwork(request.user, partnership):
        raise PermissionDenied
    return partnership


def _form_page(request, partnership, form, title, submit_label, cancel_url, intro=""):
    return render(
        request,
        "results/fieldwork_form.html",
        {
            "partnership": partnership,
            "form": form,
            "title": title,
            "intro": intro,
            "submit_label": submit_label,
            "cancel_url": cancel_url,
        },
    )


def meetings_tab(request, pk):
    partnership = get_partnership_for_user(request, pk)
    meetings = (
        Meeting.objects.filter(partnership=partnership)
        .annotate(decision_count=Count("decisions", distinct=True))
        .prefetch_related(Prefetch("attendances", queryset=MeetingAttendance.objects.select_related("ministry")))
    )
    items = list(ActionItem.objects.filter(partnership=partnership).open().for_display())
    for item in items:
        item.partnership = partnership
        item.may_update = can_update_action_item(request.user, item)
    return render(
        request,
        "meetings/meetings_tab.html",
        {
            **tab_context(request, partnership, "meetings"),
            "meetings": meetings,
            "action_items": items,
            "conflicts": Conflict.objects.filter(partnership=partnership)
            .for_display()
            .order_by("status", "-created_at"),
            "awaiting": Decision.objects.filter(
                partnership=partnership, outcome__in=["tie", "no_consensus"], verdict=""
            ),
            "waiting_for_votes": _with_vote_forms(
                request, partnership, Decision.objects.filter(partnership=partnership).waiting_for_votes().with_votes()
            ),
            "may_manage": can_manage_fieldwork(request.user, partnership),
            "may_raise": can_raise_conflict(request.user, partnership),
        },
    )


@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk, meeting_pk=None):
    partnership = _managed(request, pk)
    meeting = get_object_or_404(Meeting, partnership=partnership, pk=meeting_pk) if meeting_pk else None
    form = MeetingForm(request.POST or None, instance=meeting, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in meeting_services.MEETING_FIELDS}
        try:
            meeting = meeting_services.meeting_save(
                partnership=partnership, by=request.user, fields=fields, attendance=form.attendance(), meeting=meeting
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("The meeting is saved."))
            return redirect("meetings:meeting", pk=partnership.pk, meeting_pk=meeting.pk)
    cancel = (
        reverse("meetings:meeting", args=[partnership.pk, meeting.pk])
        if meeting
        else reverse("meetings:meetings", args=[partnership.pk])
    )
    return _form_page(
        request,
        partnership,
        form,
        _("Change the meeting") if meeting else _("New meeting"),
        _("Save the meeting"),
        cancel,
    )


def meeting_detail(request, pk, meeting_pk):
    partnership = get_partnership_for_user(request, pk)
    meeting = get_object_or_404(
        Meeting.objects.prefetch_related(
            Prefetch("attendances", queryset=MeetingAttendance.objects.select_related("ministry"))
        ),
        partnership=partnership,
        pk=meeting_pk,
    )
    items = list(meeting.action_items.for_display())
    for item in items:
        item.partnership = partnership
        item.may_update = can_update_action_item(request.user, item)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            **tab_context(request, partnership, "meetings"),
            "meeting": meeting,
            "decisions": _with_vote_forms(request, partnership, meeting.decisions.with_votes()),
            "action_items": items,
            "may_manage": can_manage_fieldwork(request.user, partnership),
        },
    )


@require_http_methods(["GET", "POST"])
def decision_new(request, pk, meeting_pk=None, conflict_pk=None):
    partnership = _managed(request, pk)
    meeting = get_object_or_404(Meeting, partnership=partnership, pk=meeting_pk) if meeting_pk else None
    conflict = get_object_or_404(Conflict, partnership=partnership, pk=conflict_pk) if conflict_pk else None
    initial = {"title": conflict.title} if conflict else {}
    weights = meeting_services.vote_weights(partnership)
    form = DecisionForm(request.POST or None, partnership=partnership, meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = meeting_services.decision_record(
                partnership=partnership,
                by=request.user,
                title=data["title"],
                text=data["text"],
                mechanism=data["mechanism"],
                decided_on=data["decided_on"],
                meeting=meeting or data.get("meeting"),
                conflict=conflict,
                consensus_reached=data["consensus_reached"] is not False,
                approving_level=data["approving_level"],
                approving_outcome=data["approving_outcome"] or Decision.Outcome.ADOPTED,
                votes=data["votes"],
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("The decision is recorded: %(outcome)s.") % {"outcome": decision.final_label})
            return redirect(_decision_url(decision))
    if conflict:
        cancel = reverse("meetings:conflict", args=[partnership.pk, conflict.pk])
    elif meeting:
        cancel = reverse("meetings:meeting", args=[partnership.pk, meeting.pk])
    else:
        cancel = reverse("meetings:meetings", args=[partnership.pk])
    return render(
        request,
        "meetings/decision_form.html",
        {
            **tab_context(request, partnership, "meetings"),
            "form": form,
            "meeting": meeting,
            "conflict": conflict,
            "weights": weights,
            "cancel_url": cancel,
        },
    )


def _decision_url(decision):
    """Where a decision is shown: with its conflict, its meeting, or on the meetings tab."""
    if decision.conflict_id:
        return reverse("meetings:conflict", args=[decision.partnership_id, decision.conflict_id])
    if decision.meeting_id:
        return reverse("meetings:meeting", args=[decision.partnership_id, decision.meeting_id])
    return reverse("meetings:meetings", args=[decision.partnership_id])


def _with_vote_forms(request, partnership, decisions):
    """Give each decision waiting for votes the form for the votes this person may still cast."""
    decisions = list(decisions)
    for decision in decisions:
        decision.partnership = partnership
        decision.vote_form = None
        if decision.waits_for_votes:
            speaks_for = vote_ministry_ids(request.user, decision)
            mine = [vote.ministry for vote in decision.waiting_votes if vote.ministry_id in speaks_for]
            if mine:
                decision.vote_form = VoteForm(ministries=mine, prefix=f"decision-{decision.pk}")
    return decisions


@require_POST
@step_up_required
def decision_vote(request, pk, decision_pk):
    """A party casts or confirms its own vote on a decision that waits for votes."""
    partnership = get_partnership_for_user(request, pk)
    decision = get_object_or_404(
        Decision.objects.select_related("meeting").prefetch_related("meeting__attendances"),
        partnership=partnership,
        pk=decision_pk,
    )
    decision.partnership = partnership
    speaks_for = vote_ministry_ids(request.user, decision)
    if not speaks_for:
        raise PermissionDenied
    ministries = sorted((p.ministry for p in partnership.participants if p.ministry_id in speaks_for), key=str)
    form = VoteForm(request.POST, ministries=ministries, prefix=f"decision-{decision.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose your ministry's vote: for, against or abstains."))
        return redirect(_decision_url(decision))
    try:
        data = form.cleaned_data
        meeting_services.vote_cast(decision=decision, ministry=data["ministry"], by=request.user, choice=data["choice"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        decision.refresh_from_db(fields=["outcome"])
        messages.success(
            request,
            _("The vote of %(ministry)s is counted. The decision: %(outcome)s.")
            % {"ministry": form.cleaned_data["ministry"].short_name, "outcome": decision.final_label},
        )
    return redirect(_decision_url(decision))


@require_http_methods(["GET", "POST"])
def decision_verdict(request, pk, decision_pk):
    partnership = _managed(request, pk)
    decision = get_object_or_404(Decision, partnership=partnership, pk=decision_pk)
    form = VerdictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_services.decision_record_verdict(decision=decision, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("The approving level's verdict is recorded."))
            return redirect("meetings:meetings", pk=partnership.pk)
    return _form_page(
        request,
        partnership,
        form,
        _("Verdict of the approving level on “%(title)s”") % {"title": decision.title},
        _("Record the verdict"),
        reverse("meetings:meetings", args=[partnership.pk]),
        intro=decision.get_outcome_display(),
    )


@require_http_methods(["GET", "POST"])
def action_item_new(request, pk, meeting_pk=None):
    partnership = _managed(request, pk)
    meeting = get_object_or_404(Meeting, partnership=partnership, pk=meeting_pk) if meeting_pk else None
    form = ActionItemForm(request.POST or None, partnership=partnership)
    back = (
        reverse("meetings:meeting", args=[partnership.pk, meeting.pk])
        if meeting
        else reverse("meetings:meetings", args=[partnership.pk])
    )
    if request.method == "POST" and form.is_valid():
        try:
            action_item_create(partnership=partnership, created_by=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("The action item is added."))
            return redirect(back)
    # A meeting's own form names the meeting, so that its title differs from the tab's form.
    title = _("New action item of %(meeting)s") % {"meeting": meeting} if meeting else _("New action item")
    return _form_page(request, partnership, form, title, _("Add the action item"), back)


@require_POST
def action_item_status(request, pk, item_pk):
    partnership = get_partnership_for_user(request, pk)
    item = get_object_or_404(ActionItem, partnership=partnership, pk=item_pk)
    item.partnership = partnership
    if not can_update_action_item(request.user, item):
        raise PermissionDenied
    try:
        action_item_set_status(item=item, by=request.user, status=request.POST.get("status", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The action item is updated."))
    if item.meeting_id and request.POST.get("next") == "meeting":
        return redirect("meetings:meeting", pk=partnership.pk, meeting_pk=item.meeting_id)
    return redirect("meetings:meetings", pk=partnership.pk)


# Conflicts


@require_http_methods(["GET", "POST"])
def conflict_new(request, pk):
    partnership = get_partnership_for_user(request, pk)
    if not can_raise_conflict(request.user, partnership):
        raise PermissionDenied

    own = sorted(
        {m.ministry for m in memberships(request.user) if m.ministry_id in partnership.ministry_ids},
        key=lambda m: m.name,
    )
    form = ConflictRaiseForm(request.POST or None, ministries=own)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            conflict = meeting_services.conflict_raise(
                partnership=partnership,
                by=request.user,
                ministry=data["ministry"],
                kind=data["kind"],
                title=data["title"],
                description=data["description"],
                raised_on=data["raised_on"],
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Raised with the working group. Next, agree with the partners on what it is."))
            return redirect("meetings:conflict", pk=partnership.pk, conflict_pk=conflict.pk)
    return _form_page(
        request,
        partnership,
        form,
        _("Raise a conflict or an obstacle"),
        _("Raise it"),
        reverse("meetings:meetings", args=[partnership.pk]),
        intro=_(
            "It goes first to the working group; if they cannot settle it, to the steering committee, "
            "and then to the approving level."
        ),
    )


def conflict_detail(request, pk, conflict_pk):
    partnership = get_partnership_for_user(request, pk)
    conflict = get_object_or_404(Conflict.objects.for_display(), partnership=partnership, pk=conflict_pk)
    reached = {step.level: step for step in conflict.escalations.all()}
    ladder = [(level, reached.get(level.value)) for level in EscalationLevel]
    may_manage = can_manage_fieldwork(request.user, partnership)
    return render(
        request,
        "meetings/conflict_detail.html",
        {
            **tab_context(request, partnership, "meetings"),
            "conflict": conflict,
            "ladder": ladder,
            "decisions": _with_vote_forms(request, partnership, conflict.decisions.with_votes()),
            "may_manage": may_manage and conflict.is_open,
            "may_escalate": may_manage and conflict.is_open and conflict.level < EscalationLevel.APPROVING_LEVEL,
            "escalate_form": EscalateForm(),
        },
    )


@require_http_methods(["GET", "POST"])
def conflict_edit(request, pk, conflict_pk):
    partnership = _managed(request, pk)
    conflict = get_object_or_404(Conflict, partnership=partnership, pk=conflict_pk, status=Conflict.Status.OPEN)
    form = ConflictWorkForm(request.POST or None, instance=conflict)
    back = reverse("meetings:conflict", args=[partnership.pk, conflict.pk])
    if request.method == "POST" and form.is_valid():
        try:
            meeting_services.conflict_update(conflict=conflict, by=request.user, fields=form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("The conflict is saved."))
            return redirect(back)
    return _form_page(
        request,
        partnership,
        form,
        _("Work on “%(title)s”") % {"title": conflict.title},
        _("Save"),
        back,
        intro=_(
            "Boil the conflict down to its basics and agree with every partner on what it is. Then list every "
            "alternative, so that each gets equal consideration before the decision."
        ),
    )


@require_POST
def conflict_escalate(request, pk, conflict_pk):
    partnership = _managed(request, pk)
    conflict = get_object_or_404(Conflict, partnership=partnership, pk=conflict_pk)
    form = EscalateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the date the conflict reached the next level."))
    else:
        try:
            meeting_services.conflict_escalate(conflict=conflict, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The conflict went up a level."))
    return redirect("meetings:conflict", pk=partnership.pk, conflict_pk=conflict.pk)


@require_POST
def conflict_withdraw(request, pk, conflict_pk):
    partnership = _managed(request, pk)
    conflict = get_object_or_404(Conflict, partnership=partnership, pk=conflict_pk)
    try:
        meeting_services.conflict_withdraw(conflict=conflict, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The conflict is withdrawn."))
    return redirect("meetings:conflict", pk=partnership.pk, conflict_pk=conflict.pk)
