"""An organisation's administrator keeps its people, units and regions here; the Django admin is for support."""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from common.forms import form_errors
from ministries import services
from ministries.forms import (
    AcceptInvitationForm,
    DeactivateForm,
    FieldUnitForm,
    InvitationForm,
    JurisdictionForm,
    MembershipForm,
    MembershipUnitForm,
    RegionForm,
)
from ministries.models import FieldUnit, Jurisdiction, Membership, Region
from ministries.permissions import (
    can_invite_to_ministry,
    can_manage_people,
    get_managed_ministry,
    get_ministry_for_user,
    is_administrator,
)


def _person_in(ministry, user_pk):
    """An active or former member of the organisation, or 404."""
    return get_object_or_404(get_user_model().objects.filter(memberships__ministry=ministry).distinct(), pk=user_pk)


def invite(request, pk):
    """Its administrator invites anyone; a partner's coordinator invites a contact person, to be confirmed."""
    ministry = get_ministry_for_user(request, pk)
    if not can_invite_to_ministry(request.user, ministry):
        raise Http404
    partner_contact = not can_manage_people(request.user, ministry)
    form = InvitationForm(request.POST or None, ministry=ministry, partner_contact=partner_contact)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = services.invitation_create(
                ministry=ministry,
                email=data["email"],
                role=data["role"],
                field_unit=data.get("field_unit"),
                can_sign=data.get("can_sign", False),
                message=data["message"],
                by=request.user,
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            if invitation.needs_confirmation:
                messages.success(
                    request,
                    _("%(organisation)s's administrator confirms the invitation before it is sent to %(email)s.")
                    % {"organisation": ministry.short_name, "email": invitation.email},
                )
                return redirect(ministry)
            messages.success(request, _("The invitation is sent to %(email)s.") % {"email": invitation.email})
            return redirect("ministries:invitations", pk=ministry.pk)
    return render(
        request, "ministries/invite.html", {"ministry": ministry, "form": form, "partner_contact": partner_contact}
    )


def invitations(request, pk):
    ministry = get_managed_ministry(request, pk)
    return render(
        request,
        "ministries/invitations.html",
        {"ministry": ministry, "invitations": ministry.invitations.open().select_related("invited_by", "field_unit")},
    )


INVITATION_ACTIONS = {
    "confirm": (services.invitation_confirm, gettext_lazy("The invitation is confirmed and sent.")),
    "resend": (services.invitation_resend, gettext_lazy("A new link is sent; the old one no longer works.")),
    "withdraw": (services.invitation_withdraw, gettext_lazy("The invitation is withdrawn; its link no longer works.")),
}


@require_POST
def invitation_action(request, pk, invitation_pk, action):
    ministry = get_managed_ministry(request, pk)
    invitation = get_object_or_404(ministry.invitations.open(), pk=invitation_pk)
    if action not in INVITATION_ACTIONS:
        raise Http404
    service, done = INVITATION_ACTIONS[action]
    try:
        service(invitation=invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("ministries:invitations", pk=ministry.pk)


LINK_PROBLEMS = {
    "invalid": gettext_lazy("This link is not valid. Check that you copied the whole link from the e-mail."),
    "expired": gettext_lazy("This link has expired. Ask the person who invited you to send a new one."),
    "used": gettext_lazy("This link was already used. Sign in with your e-mail address and password."),
    "withdrawn": gettext_lazy(
        "This invitation was withdrawn. Ask the organisation's administrator if you still need access."
    ),
}


@login_not_required
def invitation_accept(request, token):
    """The page the e-mail links to: the person chooses their name and password and is signed in.

    Where the organisation signs in with single sign-on only, they choose no password and go to the provider."""
    try:
        invitation = services.invitation_for_token(token)
    except services.InvitationLinkError as error:
        return render(
            request, "ministries/invitation_refused.html", {"problem": LINK_PROBLEMS[error.reason]}, status=410
        )
    form = AcceptInvitationForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                invitation=invitation,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data.get("password1"),
                language=translation.get_language(),
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            if not invitation.ministry.password_sign_in:
                messages.success(request, _("Welcome to Interlock. Sign in with your organisation's account."))
                return redirect("accounts:sso_start")
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome to Interlock. You sign in with %(email)s.") % {"email": user.email})
            return redirect("dashboards:home")
    return render(request, "ministries/invitation_accept.html", {"invitation": invitation, "form": form})


def person(request, pk, user_pk):
    """One person's roles and units in the organisation, and a form to give another role."""
    ministry = get_managed_ministry(request, pk)
    member = _person_in(ministry, user_pk)
    form = MembershipForm(request.POST or None, ministry=ministry)
    if request.method == "POST" and form.is_valid():
        # The form offers only this organisation's units, the one thing the service would refuse.
        services.membership_add(ministry=ministry, user=member, by=request.user, **form.cleaned_data)
        messages.success(request, _("The role is saved."))
        return redirect("ministries:person", pk=ministry.pk, user_pk=member.pk)
    roles = Membership.objects.filter(ministry=ministry, user=member).select_related("field_unit")
    return render(
        request,
        "ministries/person.html",
        {
            "ministry": ministry,
            "member": member,
            "form": form,
            "roles": [(m, MembershipUnitForm(membership=m)) for m in roles],
        },
    )


@require_POST
def membership_edit(request, pk, membership_pk):
    ministry = get_managed_ministry(request, pk)
    membership = get_object_or_404(Membership.objects.filter(ministry=ministry), pk=membership_pk)
    form = MembershipUnitForm(request.POST, membership=membership)
    if form.is_valid():
        services.membership_update(membership=membership, by=request.user, **form.cleaned_data)
        messages.success(request, _("The role is saved."))
    else:
        messages.error(request, _("Choose one of the organisation's units, or none."))
    return redirect("ministries:person", pk=ministry.pk, user_pk=membership.user_id)


@require_POST
def membership_remove(request, pk, membership_pk):
    ministry = get_managed_ministry(request, pk)
    membership = get_object_or_404(Membership.objects.filter(ministry=ministry), pk=membership_pk)
    try:
        services.membership_remove(membership=membership, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The role is removed."))
    return redirect("ministries:person", pk=ministry.pk, user_pk=membership.user_id)


def person_deactivate(request, pk, user_pk):
    """Someone leaves: choose who takes over, see what moves, and close their access."""
    ministry = get_managed_ministry(request, pk)
    member = _person_in(ministry, user_pk)
    form = DeactivateForm(request.POST or None, ministry=ministry, person=member)
    if request.method == "POST" and member.is_active and form.is_valid():
        successor = form.cleaned_data["successor"]
        try:
            moved = services.person_deactivate(person=member, ministry=ministry, successor=successor, by=request.user)
        except ValidationError as error:
            form_errors(form, error)
        else:
            handed = "; ".join(moved) if moved else _("nothing was open")
            messages.success(
                request,
                _("%(person)s can no longer sign in. Handed over to %(successor)s: %(items)s.")
                % {"person": member, "successor": successor, "items": handed},
            )
            return redirect("ministries:people", pk=ministry.pk)
    return render(
        request,
        "ministries/person_deactivate.html",
        {
            "ministry": ministry,
            "member": member,
            "form": form,
            "open_items": services.open_responsibilities(person=member) if member.is_active else [],
        },
    )


def unit_form(request, pk, unit_pk=None):
    """Create or change one of the organisation's units."""
    ministry = get_managed_ministry(request, pk)
    unit = get_object_or_404(FieldUnit.objects.filter(ministry=ministry), pk=unit_pk) if unit_pk else None
    form = FieldUnitForm(request.POST or None, instance=unit or FieldUnit(ministry=ministry), ministry=ministry)
    if request.method == "POST" and form.is_valid():
        try:
            services.field_unit_save(ministry=ministry, unit=unit, fields=form.cleaned_data, by=request.user)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("The unit is saved."))
            return redirect(ministry)
    return render(request, "ministries/unit_form.html", {"ministry": ministry, "unit": unit, "form": form})


def _administrator(request):
    if not is_administrator(request.user):
        raise Http404


def regions(request):
    _administrator(request)
    return render(request, "ministries/regions.html", {"regions": Region.objects.select_related("jurisdiction")})


def jurisdictions(request):
    _administrator(request)
    governments = sorted(Jurisdiction.objects.all(), key=lambda government: str(government).casefold())
    return render(request, "ministries/jurisdictions.html", {"jurisdictions": governments})


def jurisdiction_form(request, jurisdiction_pk=None):
    """Governments are shared by every organisation, like regions: any administrator keeps them."""
    _administrator(request)
    jurisdiction = get_object_or_404(Jurisdiction, pk=jurisdiction_pk) if jurisdiction_pk else None
    form = JurisdictionForm(request.POST or None, instance=jurisdiction)
    if request.method == "POST" and form.is_valid():
        services.jurisdiction_save(jurisdiction=jurisdiction, fields=form.cleaned_data, by=request.user)
        messages.success(request, _("The government is saved."))
        return redirect("ministries:jurisdictions")
    return render(request, "ministries/jurisdiction_form.html", {"jurisdiction": jurisdiction, "form": form})


def region_form(request, region_pk=None):
    """Regions partnerships serve are shared by every organisation: any administrator keeps them."""
    _administrator(request)
    region = get_object_or_404(Region, pk=region_pk) if region_pk else None
    form = RegionForm(request.POST or None, instance=region)
    if request.method == "POST" and form.is_valid():
        services.region_save(region=region, fields=form.cleaned_data, by=request.user)
        messages.success(request, _("The region is saved."))
        return redirect("ministries:regions")
    return render(request, "ministries/region_form.html", {"region": region, "form": form})
