from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.navigation import primary_role
from accounts.two_factor import safe_next, step_up_required
from common.forms import form_errors
from common.numbers import parse_positive_int
from ministries.models import Role
from ministries.permissions import memberships, ministry_ids
from partnerships import history
from partnerships.filters import PartnershipFilter
from partnerships.forms import (
    EditParticipationFormSetFactory,
    EngagementEntryForm,
    NewParticipationFormSetFactory,
    PartnershipForm,
    PartnershipNeedForm,
    PartnershipSetupForm,
    PilotDecisionForm,
    ProposalAnswerForm,
    ProposalReasonForm,
    StandingTeamForm,
    StructureForm,
    SupportAccessForm,
    WithdrawForm,
    share_equally,
)
from partnerships.models import EngagementEntry, Participation, Partnership, StandingTeam
from partnerships.permissions import (
    can_change_party_details,
    can_create_partnership,
    can_decide_pilot,
    can_manage_teams,
    can_propose_structure,
    can_record_engagement,
    can_view_partnership,
    can_withdraw_ministry,
    can_withdraw_proposal,
    get_partnership_for_user,
    is_support_access,
    ministries_that_may_agree,
    support_access_grant,
)
from partnerships.services import (
    TEAM_FIELDS,
    engagement_record,
    participation_withdraw,
    partnership_create,
    party_row,
    pilot_decide,
    structure_agree,
    structure_propose,
    structure_refuse,
    structure_snapshot,
    structure_withdraw,
    support_access_open,
    team_save,
)
from partnerships.tabs import tab_context
from security.models import SecurityEvent

PAGE_SIZE = 25


def partnership_list(request):
    partnerships = Partnership.objects.visible_to(request.user).with_participants().prefetch_related("regions")
    if primary_role(request.user) == Role.FIELD_STAFF:
        # Their unit's partnerships first, unless they sort the list otherwise.
        partnerships = partnerships.unit_first(request.user, "title")
    filterset = PartnershipFilter(request.GET or None, queryset=partnerships)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(parse_positive_int(request.GET.get("page"), 1))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "partnerships/partnership_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "may_create": can_create_partnership(request.user),
        },
    )


# The guided creation flow: three steps, kept in the session until the last one saves.
STEPS = [
    ("need", gettext_lazy("The need")),
    ("partners", gettext_lazy("The partners")),
    ("setup", gettext_lazy("How it will work")),
]
SESSION_KEY = "new_partnership"


def _bind(step, data, user, under_way=False):
    if step == "need":
        return PartnershipNeedForm(data)
    if step == "partners":
        formset = NewParticipationFormSetFactory(data, prefix="partners")
        formset.required_ministry_ids = ministry_ids(user)
        formset.viewer = user
        return formset
    return PartnershipSetupForm(data, under_way=under_way)


def _under_way(request):
    """The draft records a partnership that already exists (see `partnership_record_existing`)."""
    return bool(request.session.get(SESSION_KEY, {}).get("under_way"))


def _stored(request, step):
    raw = request.session.get(SESSION_KEY, {}).get(step)
    if raw is None:
        return None
    data = QueryDict(mutable=True)
    for key, values in raw.items():
        data.setlist(key, values)
    return data


@require_http_methods(["GET", "POST"])
def partnership_create_step(request, step):
    if not can_create_partnership(request.user):
        raise PermissionDenied
    names = [name for name, _label in STEPS]
    if step not in names:
        raise Http404
    index = names.index(step)
    # A later step cannot be opened before the earlier ones are filled in.
    for earlier in names[:index]:
        if _stored(request, earlier) is None:
            return redirect("partnerships:create", step=earlier)

    if request.method == "POST" and step == "partners" and "share_equally" in request.POST:
        # Fills in the shares and shows the rows again: nothing is stored until "Next".
        form = _bind(step, share_equally(request.POST, "partners"), request.user)
    elif request.method == "POST":
        form = _bind(step, request.POST, request.user, _under_way(request))
        if form.is_valid():
            draft = request.session.get(SESSION_KEY, {})
            draft[step] = {k: request.POST.getlist(k) for k in request.POST if k != "csrfmiddlewaretoken"}
            request.session[SESSION_KEY] = draft
            if "back" in request.POST and index > 0:
                return redirect("partnerships:create", step=names[index - 1])
            if index + 1 < len(names):
                return redirect("partnerships:create", step=names[index + 1])
            return _create_from_session(request)
    else:
        stored = _stored(request, step)
        if stored is not None:
            form = _bind(step, stored, request.user, _under_way(request))
        elif step == "partners":
            form = NewParticipationFormSetFactory(prefix="partners", initial=_own_ministry_first(request.user))
            form.viewer = request.user
        elif step == "setup":
            form = PartnershipSetupForm(under_way=_under_way(request))
        else:
            form = PartnershipNeedForm()
    return render(
        request,
        f"partnerships/create_{step}.html",
        {
            "form": form,
            "steps": STEPS,
            "step": step,
            "step_number": index + 1,
            "step_count": len(STEPS),
            "source": _reuse_source(request),
            "under_way": _under_way(request),
        },
    )


def _own_ministry_first(user):
    own = next((m.ministry for m in memberships(user) if m.role == Role.COORDINATOR), None)
    first = {"ministry": own, "role": "lead", "gain_share": 50, "risk_share": 50} if own else {}
    return [first, {"role": "supporting", "gain_share": 50, "risk_share": 50}]


def _draft_from(source):
    """The creation steps filled in from `source`, as the steps' forms post them.

    What the ministries agreed on is taken over (the need, the same ministries with their roles and
    shares, how it works) so that the coordinator changes only what differs; people (focal persons)
    and dates are not, since they belong to the partnership that used them.
    """
    participations = source.participants
    partners = {
        "partners-TOTAL_FORMS": [str(len(participations))],
        "partners-INITIAL_FORMS": ["0"],
        "partners-MIN_NUM_FORMS": ["2"],
        "partners-MAX_NUM_FORMS": ["1000"],
    }
    for i, p in enumerate(participations):
        row = {
            "ministry": str(p.ministry_id),
            "unit": str(p.unit_id or ""),
            "role": p.role,
            "contributes": p.contributes,
            "receives": p.receives,
            "responsibility": p.responsibility,
            "gain_share": str(p.gain_share),
            "risk_share": str(p.risk_share),
            "focal_person": "",
        }
        row.update(
            {name: "on" for name in ("holds_interests", "holds_knowledge", "holds_authority") if getattr(p, name)}
        )
        partners.update({f"partners-{i}-{name}": [value] for name, value in row.items()})
    return {
        "need": {
            "title": [source.title],
            "problem": [source.problem],
            "public_value": [source.public_value],
            "target_audience": [source.target_audience],
            "regions": [str(pk) for pk in source.regions.values_list("pk", flat=True)],
        },
        "partners": partners,
        # Not the dates, nor whether it is a pilot: those are the new partnership's own.
        "setup": {
            **{
                name: [str(getattr(source, name))]
                for name in (
                    "actor_configuration",
                    "structure_type",
                    "operating_mechanism",
                    "government_stage",
                    "review_cadence",
                    "health_check_cadence",
                )
            },
            # Which gate requirements apply: a policy partnership's copy needs no budget either.
            **({"has_no_money": ["on"]} if source.has_no_money else {}),
        },
        "source": source.pk,
    }


def _reuse_source(request):
    """The partnership the draft was started from, as long as the person may still see it."""
    pk = request.session.get(SESSION_KEY, {}).get("source")
    return Partnership.objects.visible_to(request.user).filter(pk=pk).first() if pk else None


@require_POST
def partnership_record_existing(request):
    """Record a partnership that began before Interlock: the same steps, then its phase and the day it began."""
    if not can_create_partnership(request.user):
        raise PermissionDenied
    request.session[SESSION_KEY] = {"under_way": True}
    return redirect("partnerships:create", step=STEPS[0][0])


@require_POST
def partnership_reuse(request, pk):
    """Start a new partnership from this one: the creation steps open filled in from it."""
    source = get_partnership_for_user(request, pk)
    if not can_create_partnership(request.user):
        raise PermissionDenied
    request.session[SESSION_KEY] = _draft_from(source)
    return redirect("partnerships:create", step=STEPS[0][0])


def _create_from_session(request):
    need = _bind("need", _stored(request, "need"), request.user)
    partners = _bind("partners", _stored(request, "partners"), request.user)
    setup = _bind("setup", _stored(request, "setup"), request.user, _under_way(request))
    for step, form in (("need", need), ("partners", partners), ("setup", setup)):
        if not form.is_valid():
            messages.error(request, _("Please check this step again."))
            return redirect("partnerships:create", step=step)
    fields = {k: v for k, v in need.cleaned_data.items() if k != "regions"}
    fields.update(setup.cleaned_data)
    participations = [
        {k: v for k, v in row.items() if k not in {"DELETE", "id", "partnership"}}
        for row in partners.cleaned_data
        if row and not row.get("DELETE")
    ]
    partnership = partnership_create(
        created_by=request.user,
        fields=fields,
        regions=need.cleaned_data["regions"],
        participations=participations,
        source=_reuse_source(request),
    )
    under_way = _under_way(request)
    del request.session[SESSION_KEY]
    if under_way:
        messages.success(
            request,
            _(
                "The partnership is recorded at its phase. Next, enter its signed charter: each organisation's "
                "signatory signs it with the day they signed. Its approving level records the past gate decisions."
            ),
        )
    else:
        messages.success(
            request, _("The partnership is created. Next, write its charter with the other organisations.")
        )
    return redirect(partnership)


def _stakeholders(partnership):
    """(stakeholder, its latest contacts) for the overview, in one query for the log."""
    stakeholders = [p for p in partnership.participants if p.kind == Participation.Kind.STAKEHOLDER]
    entries = {}
    log = EngagementEntry.objects.filter(participation__in=stakeholders).select_related("recorded_by")
    for entry in log:
        entries.setdefault(entry.participation_id, []).append(entry)
    return [(p, entries.get(p.pk, [])[:ENGAGEMENT_SHOWN]) for p in stakeholders]


# How many of a stakeholder's contacts the overview shows, newest first.
ENGAGEMENT_SHOWN = 5


def partnership_detail(request, pk):
    partnership = get_partnership_for_user(request, pk)
    charter = partnership.charter_versions.current().first()
    return render(
        request,
        "partnerships/detail_overview.html",
        {
            **tab_context(request, partnership, "overview"),
            "charter": charter,
            "participants": partnership.participants,
            "stakeholders": _stakeholders(partnership),
            "may_record_engagement": can_record_engagement(request.user, partnership),
            "regions": partnership.regions.all(),
            "may_propose": can_propose_structure(request.user, partnership),
            "open_proposal": partnership.structure_proposals.open().first(),
            "withdrawable": next((p for p in partnership.participants if can_withdraw_ministry(request.user, p)), None),
            "withdraw_form": WithdrawForm(),
            **_reuse_context(request, partnership),
            **_pilot_context(request, partnership),
            "support_accesses": _support_accesses(request.user, partnership),
        },
    )


# How far back the overview tells coordinators that support staff opened the partnership.
SUPPORT_ACCESS_SHOWN_DAYS = 30


def _support_accesses(user, partnership):
    """Support staff's recent visits, with their reasons, for the partnership's coordinators (one ministry's rows)."""
    coordinated = ministry_ids(user, Role.COORDINATOR) & partnership.ministry_ids
    if not coordinated:
        return []
    since = timezone.now() - timedelta(days=SUPPORT_ACCESS_SHOWN_DAYS)
    return list(SecurityEvent.objects.support_access_to(partnership, ministry=min(coordinated), since=since))


def support_access(request, pk):
    """A superuser of no participating ministry states why they need the partnership before seeing it."""
    partnership = get_object_or_404(Partnership.objects.with_participants(), pk=pk)
    if not is_support_access(request.user, partnership):
        raise Http404
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"), partnership.get_absolute_url())
    form = SupportAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        support_access_open(
            partnership=partnership, by=request.user, reason=form.cleaned_data["reason"], request=request
        )
        support_access_grant(request.session, partnership)
        return HttpResponseRedirect(next_url)
    return render(
        request,
        "partnerships/support_access.html",
        {"partnership": partnership, "form": form, "next": next_url},
    )


@require_POST
def participation_withdraw_view(request, pk, participation_pk):
    """A partner that does not lead leaves, by its own coordinator's hand, with a reason."""
    partnership = get_partnership_for_user(request, pk, write=True)
    participation = get_object_or_404(partnership.participations.all(), pk=participation_pk)
    if not can_withdraw_ministry(request.user, participation):
        raise PermissionDenied
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say in a few words why your organisation withdraws."))
        return redirect(partnership)
    try:
        notices = participation_withdraw(
            participation=participation, by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(partnership)
    messages.success(
        request,
        _("%(ministry)s no longer takes part in %(title)s.")
        % {"ministry": participation.ministry, "title": partnership},
    )
    for notice in notices:
        messages.warning(request, notice)
    # The person no longer sees the partnership when it was their only ministry in it.
    still_visible = can_view_partnership(request.user, Partnership.objects.with_participants().get(pk=pk))
    return redirect(partnership if still_visible else "partnerships:list")


def _reuse_context(request, partnership):
    """Where the partnership was started from (if this person may see it), and how often it was reused."""
    source = None
    if partnership.copied_from_id:
        source = Partnership.objects.visible_to(request.user).filter(pk=partnership.copied_from_id).first()
    return {
        "copied_from": source,
        "reused_count": partnership.copies.count(),
        "may_reuse": can_create_partnership(request.user),
    }


def _pilot_context(request, partnership):
    """The latest decision after the pilot and whether one is awaited (no query when it is no pilot)."""
    if not partnership.is_pilot:
        return {}
    latest = partnership.pilot_decisions.latest_first().first()
    return {
        "pilot_decision": latest,
        "pilot_decision_awaited": partnership.pilot_decision_awaited(latest),
        "may_decide_pilot": can_decide_pilot(request.user, partnership),
    }


@require_http_methods(["GET", "POST"])
def pilot_decision(request, pk):
    """The lead ministry records what comes after the pilot: scale it up, adjust it, or stop it."""
    partnership = get_partnership_for_user(request, pk)
    if not can_decide_pilot(request.user, partnership):
        raise PermissionDenied
    if not partnership.pilot_has_ended():
        messages.error(request, _("The decision after the pilot is taken once the pilot has ended."))
        return redirect(partnership)
    form = PilotDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        pilot_decide(partnership=partnership, by=request.user, **form.cleaned_data)
        messages.success(request, _("The decision after the pilot is recorded."))
        return redirect(partnership)
    return render(request, "partnerships/pilot_decision_form.html", {"form": form, "partnership": partnership})


@require_http_methods(["GET", "POST"])
def partnership_edit(request, pk):
    partnership = get_partnership_for_user(request, pk, write=True)
    form = PartnershipForm(request.POST or None, instance=partnership)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The partnership is saved."))
        return redirect(partnership)
    return render(request, "partnerships/partnership_form.html", {"form": form, "partnership": partnership})


# Who takes part, who leads, the shares, the structure, how it is run and the status: any partner's
# coordinator proposes (get_partnership_for_user(write=True) is can_propose_structure), and the
# change takes effect once every participating ministry's executive agreed.


def _waiting_on_open_proposal(request, partnership):
    """One proposal at a time: while one is open, the proposal forms send people to it."""
    proposal = partnership.structure_proposals.open().first()
    if proposal is not None:
        messages.info(request, _("A change is already waiting for the partners. Here it is."))
    return proposal


def _proposed(request, partnership, proposal):
    if proposal is None:
        messages.success(request, _("The participating ministries are saved."))
        return redirect(partnership)
    messages.success(request, _("Your proposal is sent. It takes effect when every partner's executive agrees."))
    return redirect(proposal)


@require_http_methods(["GET", "POST"])
def participations_edit(request, pk):
    """Propose who takes part, who leads and the shares; the lead's coordinators also keep the details."""
    partnership = get_partnership_for_user(request, pk, write=True)
    if open_proposal := _waiting_on_open_proposal(request, partnership):
        return redirect(open_proposal)
    data = request.POST or None
    sharing = data is not None and "share_equally" in data
    if sharing:
        data = share_equally(data, "partners")
    formset = EditParticipationFormSetFactory(
        data,
        instance=partnership,
        prefix="partners",
        queryset=Participation.objects.filter(partnership=partnership).select_related(
            "ministry", "unit", "focal_person"
        ),
    )
    formset.required_ministry_ids = ministry_ids(request.user)
    formset.viewer = request.user
    reason_form = ProposalReasonForm(request.POST or None)
    if request.method == "POST" and not sharing and formset.is_valid() and reason_form.is_valid():
        rows = [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        after = structure_snapshot(partnership, parties=[party_row(row) for row in rows])
        try:
            proposal = structure_propose(
                partnership=partnership,
                by=request.user,
                after=after,
                reason=reason_form.cleaned_data["reason"],
                may_change_details=can_change_party_details(request.user, partnership),
            )
        except ValidationError as error:
            form_errors(reason_form, error)
        else:
            return _proposed(request, partnership, proposal)
    return render(
        request,
        "partnerships/participations_form.html",
        {"formset": formset, "reason_form": reason_form, "partnership": partnership},
    )


@require_http_methods(["GET", "POST"])
def structure_edit(request, pk):
    """Propose another structure, operating mechanism or status (closing included), with a reason."""
    partnership = get_partnership_for_user(request, pk, write=True)
    if open_proposal := _waiting_on_open_proposal(request, partnership):
        return redirect(open_proposal)
    # A copy: a bound model form writes what was posted into its instance.
    form = StructureForm(request.POST or None, instance=Partnership.objects.get(pk=partnership.pk))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in Partnership.STRUCTURE_FIELDS}
        try:
            proposal = structure_propose(
                partnership=partnership,
                by=request.user,
                after=structure_snapshot(partnership, fields=fields),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            return _proposed(request, partnership, proposal)
    return render(request, "partnerships/structure_form.html", {"form": form, "partnership": partnership})


def _proposal(partnership, proposal_pk):
    proposals = partnership.structure_proposals.select_related("proposed_by", "ended_by", "refused_for")
    return get_object_or_404(proposals.prefetch_related("agreements"), pk=proposal_pk)


def proposal_detail(request, pk, proposal_pk):
    """What a proposal changes, why, who agreed and whom it waits for; the executives answer here."""
    partnership = get_partnership_for_user(request, pk)
    proposal = _proposal(partnership, proposal_pk)
    may_answer = ministries_that_may_agree(request.user, proposal)
    return render(
        request,
        "partnerships/proposal_detail.html",
        {
            **tab_context(request, partnership, "overview"),
            "proposal": proposal,
            "changes": history.structure_changes(proposal.before, proposal.after),
            "answers": history.proposal_answers(proposal),
            "answer_form": ProposalAnswerForm(ministry_ids=may_answer) if may_answer else None,
            "may_withdraw": can_withdraw_proposal(request.user, proposal),
        },
    )


@require_POST
@step_up_required
def proposal_answer(request, pk, proposal_pk):
    """An executive agrees to the proposal for their ministry, or refuses it with a reason."""
    partnership = get_partnership_for_user(request, pk)
    proposal = _proposal(partnership, proposal_pk)
    may_answer = ministries_that_may_agree(request.user, proposal)
    if not may_answer:
        raise PermissionDenied
    form = ProposalAnswerForm(request.POST, ministry_ids=may_answer)
    if not form.is_valid():
        messages.error(request, _("Choose the ministry you answer for."))
        return redirect(proposal)
    ministry = form.cleaned_data["ministry"]
    try:
        if request.POST.get("answer") == "refuse":
            structure_refuse(proposal=proposal, ministry=ministry, by=request.user, reason=form.cleaned_data["reason"])
            messages.success(
                request, _("You refused the change for %(ministry)s. Nothing changes.") % {"ministry": ministry}
            )
            return redirect(proposal)
        notices = structure_agree(proposal=proposal, ministry=ministry, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(proposal)
    proposal.refresh_from_db()
    if proposal.is_open:
        messages.success(
            request, _("You agreed for %(ministry)s. The change waits for the other partners.") % {"ministry": ministry}
        )
        return redirect(proposal)
    messages.success(request, _("Every partner agreed: the change is in effect."))
    for notice in notices:
        messages.warning(request, notice)
    # The person's ministry may have left the partnership with this change.
    still_visible = can_view_partnership(request.user, Partnership.objects.with_participants().get(pk=pk))
    return redirect(proposal if still_visible else "partnerships:list")


@require_POST
def proposal_withdraw(request, pk, proposal_pk):
    partnership = get_partnership_for_user(request, pk)
    proposal = _proposal(partnership, proposal_pk)
    if not can_withdraw_proposal(request.user, proposal):
        raise PermissionDenied
    structure_withdraw(proposal=proposal, by=request.user)
    messages.success(request, _("You withdrew your proposal. Nothing changes."))
    return redirect(proposal)


def partnership_history(request, pk):
    partnership = get_partnership_for_user(request, pk)
    return render(
        request,
        "partnerships/detail_history.html",
        {**tab_context(request, partnership, "history"), "entries": history.entries_for(partnership)},
    )


def team_list(request, pk):
    """The partnership's standing teams: who sits on them, for which organisation, for how long."""
    partnership = get_partnership_for_user(request, pk)
    teams = partnership.teams.prefetch_related("organisations", "members")
    return render(
        request,
        "partnerships/team_list.html",
        {
            **tab_context(request, partnership, "overview"),
            "teams": teams,
            "may_manage_teams": can_manage_teams(request.user, partnership),
        },
    )


def team_edit(request, pk, team_pk=None):
    """Set up or change a standing team: the lead organisation's coordinators only."""
    partnership = get_partnership_for_user(request, pk, write=True)
    if not can_manage_teams(request.user, partnership):
        raise PermissionDenied
    team = get_object_or_404(StandingTeam, partnership=partnership, pk=team_pk) if team_pk else None
    form = StandingTeamForm(request.POST or None, instance=team, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            team_save(
                partnership=partnership,
                team=team,
                fields={name: form.cleaned_data[name] for name in TEAM_FIELDS},
                organisations=form.cleaned_data["organisations"],
                members=form.cleaned_data["members"],
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("The team is saved."))
            return redirect("partnerships:teams", pk=partnership.pk)
    return render(request, "partnerships/team_form.html", {"form": form, "partnership": partnership, "team": team})


@require_http_methods(["GET", "POST"])
def engagement_add(request, pk, participation_pk):
    """Record a contact with one of the partnership's stakeholders: its participants' coordinators."""
    partnership = get_partnership_for_user(request, pk, write=True)
    stakeholder = get_object_or_404(
        Participation.objects.select_related("ministry", "unit__ministry"),
        partnership=partnership,
        pk=participation_pk,
        kind=Participation.Kind.STAKEHOLDER,
    )
    form = EngagementEntryForm(request.POST or None, initial={"happened_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            engagement_record(participation=stakeholder, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("The contact is recorded in the stakeholder's log."))
            return redirect(partnership)
    return render(
        request,
        "partnerships/engagement_form.html",
        {"form": form, "partnership": partnership, "stakeholder": stakeholder},
    )
