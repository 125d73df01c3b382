from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from ministries.models import Role
from ministries.permissions import memberships, ministry_ids
from partnerships import history
from partnerships.filters import PartnershipFilter
from partnerships.forms import (
    EditParticipationFormSetFactory,
    NewParticipationFormSetFactory,
    PartnershipForm,
    PartnershipNeedForm,
    PartnershipSetupForm,
)
from partnerships.models import Participation, Partnership
from partnerships.permissions import can_create_partnership, get_partnership_for_user
from partnerships.services import participations_save, partnership_create
from partnerships.tabs import tab_context

PAGE_SIZE = 25


def partnership_list(request):
    partnerships = Partnership.objects.visible_to(request.user).with_participants().prefetch_related("regions")
    filterset = PartnershipFilter(request.GET or None, queryset=partnerships)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
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


def _bind(step, data, user):
    if step == "need":
        return PartnershipNeedForm(data)
    if step == "partners":
        formset = NewParticipationFormSetFactory(data, prefix="partners")
        formset.required_ministry_ids = ministry_ids(user)
        return formset
    return PartnershipSetupForm(data)


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

    if request.method == "POST":
        form = _bind(step, request.POST, request.user)
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
            form = _bind(step, stored, request.user)
        elif step == "partners":
            form = NewParticipationFormSetFactory(prefix="partners", initial=_own_ministry_first(request.user))
        else:
            form = {"need": PartnershipNeedForm, "setup": PartnershipSetupForm}[step]()
    return render(
        request,
        f"partnerships/create_{step}.html",
        {"form": form, "steps": STEPS, "step": step, "step_number": index + 1, "step_count": len(STEPS)},
    )


def _own_ministry_first(user):
    own = next((m.ministry for m in memberships(user) if m.role == Role.COORDINATOR), None)
    first = {"ministry": own, "role": "lead", "gain_share": 50, "risk_share": 50} if own else {}
    return [first, {"role": "supporting", "gain_share": 50, "risk_share": 50}]


def _create_from_session(request):
    need = _bind("need", _stored(request, "need"), request.user)
    partners = _bind("partners", _stored(request, "partners"), request.user)
    setup = _bind("setup", _stored(request, "setup"), request.user)
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
    )
    del request.session[SESSION_KEY]
    messages.success(request, _("The partnership is created. Next, write its charter with the other ministries."))
    return redirect(partnership)


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
            "regions": partnership.regions.all(),
        },
    )


@require_http_methods(["GET", "POST"])
def partnership_edit(request, pk):
    partnership = get_partnership_for_user(request, pk, write=True)
    form = PartnershipForm(request.POST or None, instance=partnership)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The partnership is saved."))
        return redirect(partnership)
    return render(request, "partnerships/partnership_form.html", {"form": form, "partnership": partnership})


@require_http_methods(["GET", "POST"])
def participations_edit(request, pk):
    partnership = get_partnership_for_user(request, pk, write=True)
    formset = EditParticipationFormSetFactory(
        request.POST or None,
        instance=partnership,
        prefix="partners",
        queryset=Participation.objects.filter(partnership=partnership).select_related("ministry"),
    )
    formset.required_ministry_ids = ministry_ids(request.user)
    if request.method == "POST" and formset.is_valid():
        notices = participations_save(partnership=partnership, by=request.user, formset=formset)
        messages.success(request, _("The participating ministries are saved."))
        for notice in notices:
            messages.warning(request, notice)
        return redirect(partnership)
    return render(request, "partnerships/participations_form.html", {"formset": formset, "partnership": partnership})


def partnership_history(request, pk):
    partnership = get_partnership_for_user(request, pk)
    return render(
        request,
        "partnerships/detail_history.html",
        {**tab_context(request, partnership, "history"), "entries": history.entries_for(partnership)},
    )
