from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.forms import form_errors
from ministries.forms import JointSiteForm, MinistryForm, PersonForm, SignInSettingsForm
from ministries.models import Cluster, FieldUnit, JointSite, Membership, Ministry
from ministries.permissions import (
    can_add_ministry,
    can_create_joint_site,
    can_edit_joint_site,
    can_edit_ministry,
    can_invite_to_ministry,
    can_manage_people,
    can_see_inside_cluster,
    can_view_ministry_people,
    get_editable_ministry,
    get_joint_site_for_user,
    get_managed_ministry,
    get_ministry_for_user,
    is_administrator,
    ministry_ids,
)
from ministries.services import (
    JOINT_SITE_FIELDS,
    joint_site_save,
    ministry_save,
    ministry_sign_in_update,
    person_update,
)


def cluster_list(request):
    clusters = Cluster.objects.with_members()
    unclustered = Ministry.objects.filter(clusters=None).select_related("jurisdiction")
    return render(
        request,
        "ministries/cluster_list.html",
        {
            "clusters": clusters,
            "unclustered": unclustered,
            "may_add": can_add_ministry(request.user),
            # The clusters whose relationship survey (on relations' page) this person may open.
            "inside": {c.pk for c in clusters if can_see_inside_cluster(request.user, c)},
        },
    )


def ministry_detail(request, pk):
    ministry = get_ministry_for_user(request, pk)
    units = list(ministry.field_units.select_related("parent"))
    return render(
        request,
        "ministries/ministry_detail.html",
        {
            "ministry": ministry,
            "clusters": ministry.clusters.all(),
            "unit_tree": _as_tree(units),
            "may_see_people": can_view_ministry_people(request.user, ministry),
            "may_manage": can_manage_people(request.user, ministry),
            "may_invite": can_invite_to_ministry(request.user, ministry),
            "may_edit": can_edit_ministry(request.user, ministry),
        },
    )


def ministry_form(request, pk=None):
    """Add an organisation nobody has brought in yet, or change one's names, kind, government and time zone."""
    if pk is None:
        if not can_add_ministry(request.user):
            raise Http404
        ministry = None
    else:
        ministry = get_editable_ministry(request, pk)
    form = MinistryForm(request.POST or None, instance=ministry)
    if request.method == "POST" and form.is_valid():
        try:
            saved = ministry_save(ministry=ministry, fields=form.cleaned_data, by=request.user)
        except ValidationError as error:
            form_errors(form, error)
        else:
            if ministry:
                messages.success(request, _("The organisation's details are saved."))
            else:
                messages.success(
                    request,
                    _("%(organisation)s is added. It has nobody in Interlock yet: invite its contact person.")
                    % {"organisation": saved.named_by_kind},
                )
            return redirect(saved)
    return render(
        request,
        "ministries/ministry_form.html",
        {"ministry": ministry, "form": form, "can_add_government": is_administrator(request.user)},
    )


def sign_in_settings(request, pk):
    """How the organisation's people sign in: set by its administrators (and support)."""
    ministry = get_managed_ministry(request, pk)
    form = SignInSettingsForm(request.POST or None, initial={"password_sign_in": ministry.password_sign_in})
    if request.method == "POST" and form.is_valid():
        try:
            ministry_sign_in_update(
                ministry=ministry,
                password_sign_in=form.cleaned_data["password_sign_in"],
                by=request.user,
                request=request,
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("How people sign in is saved."))
            return redirect(ministry)
    return render(request, "ministries/sign_in_settings.html", {"ministry": ministry, "form": form})


def ministry_people(request, pk):
    ministry = get_ministry_for_user(request, pk, people=True)
    memberships = (
        Membership.objects.filter(ministry=ministry, user__is_active=True)
        .select_related("user", "field_unit")
        .order_by("role", "user__last_name", "user__first_name")
    )
    return render(
        request,
        "ministries/ministry_people.html",
        {
            "ministry": ministry,
            "memberships": memberships,
            "may_manage": can_manage_people(request.user, ministry),
            "may_invite": can_invite_to_ministry(request.user, ministry),
        },
    )


@require_http_methods(["GET", "POST"])
def person_edit(request, pk, membership_pk):
    """The ministry's administrator changes a person's name, job title and role; people do not rename themselves."""
    ministry = get_ministry_for_user(request, pk, people=True)
    if not can_manage_people(request.user, ministry):
        raise PermissionDenied
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=membership_pk, ministry=ministry)
    user = membership.user
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "job_title": user.job_title,
        "role": membership.role,
        "can_sign": membership.can_sign,
    }
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            person_update(membership=membership, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("The details of %(person)s are saved.") % {"person": user})
            return redirect("ministries:people", pk=ministry.pk)
    return render(
        request, "ministries/person_form.html", {"ministry": ministry, "membership": membership, "form": form}
    )


def _as_tree(units: list[FieldUnit]):
    """Field units in tree order, each with its depth, from one list (no query per level)."""
    children = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    ordered = []

    def walk(parent_id, depth):
        for unit in sorted(children.get(parent_id, []), key=lambda u: u.name):
            ordered.append((unit, depth))
            walk(unit.pk, depth + 1)

    walk(None, 0)
    return ordered


def joint_site_list(request):
    sites = JointSite.objects.select_related("sponsor", "manager", "region").prefetch_related("operators")
    return render(
        request,
        "ministries/joint_site_list.html",
        {
            "sites": [(site, can_edit_joint_site(request.user, site)) for site in sites],
            "may_create": can_create_joint_site(request.user),
        },
    )


def joint_site_edit(request, pk=None):
    """Create a joint site, or change one the user's organisation runs."""
    if pk is None:
        if not can_create_joint_site(request.user):
            raise PermissionDenied
        site = None
    else:
        site = get_joint_site_for_user(request, pk)
    form = JointSiteForm(request.POST or None, instance=site, people=_people_to_offer(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            joint_site_save(
                by=request.user,
                site=site,
                fields={name: form.cleaned_data[name] for name in JOINT_SITE_FIELDS},
                operators=form.cleaned_data["operators"],
                committee=form.cleaned_data["committee"],
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("The joint site is saved."))
            return redirect("ministries:sites")
    return render(request, "ministries/joint_site_form.html", {"form": form, "site": site})


def _people_to_offer(user):
    """A site's manager and committee are chosen among the people the user may see (their own organisations')."""
    people = get_user_model().objects.filter(is_active=True)
    if not is_administrator(user):
        people = people.filter(memberships__ministry_id__in=ministry_ids(user))
    return list(people.distinct())
