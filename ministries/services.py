"""Writes about organisations: their people (invitations, roles and units, handing over when someone
leaves), and joint sites."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common.bidi import isolate
from common.single_sign_on import sso_enabled
from ministries.models import FieldUnit, Invitation, JointSite, Jurisdiction, Membership, Ministry, Region, Role
from ministries.permissions import can_manage_people, is_administrator, joint_site_keeper_ids

TOKEN_SALT = "ministries.invitation"  # noqa: S105 (a salt, not a password)

# What a person is responsible for lives in the apps above this one (action items, focal-person roles,
# milestones, points' answers...). Each of them subscribes here, so that deactivating someone hands
# everything on in one transaction without this app importing theirs.
_handover_followers = []


def follow_handovers(callback):
    """Call `callback(person=, successor=)` when `person` leaves: it hands their open items to `successor`
    and returns sentences saying what it moved ("2 open action items"). With `successor=None` it only
    counts, for the page that asks who takes over."""
    if callback not in _handover_followers:
        _handover_followers.append(callback)
    return callback


# The security log lives in an app above this one: it subscribes to changes of how an organisation signs in.
_sign_in_followers = []


def follow_sign_in_changes(callback):
    """Call `callback(ministry=, by=, request=)` after an organisation's sign-in setting changed."""
    if callback not in _sign_in_followers:
        _sign_in_followers.append(callback)
    return callback


def open_responsibilities(*, person):
    """What `person` is responsible for today, as sentences, from every app that subscribed."""
    if not person.is_active:
        return []
    return _signing_rights(person=person, successor=None) + [
        sentence for callback in _handover_followers for sentence in callback(person=person, successor=None)
    ]


# Invitations


def invitation_token(invitation):
    """The link's token: the invitation's id and the moment it was sent, signed with the site's key.

    A resend changes `sent_at`, so an older link stops working; the signature's age gives the expiry.
    """
    return signing.dumps([invitation.pk, invitation.sent_at.timestamp()], salt=TOKEN_SALT)


class InvitationLinkError(Exception):
    """Why an invitation's link cannot be used: `reason` is one of REASONS."""

    REASONS = ("invalid", "expired", "used", "withdrawn")

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def invitation_for_token(token):
    """The open, sent invitation the token stands for, or InvitationLinkError saying why not."""
    max_age = settings.INTERLOCK_INVITATION_VALID_DAYS * 24 * 3600
    try:
        pk, sent = signing.loads(token, salt=TOKEN_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise InvitationLinkError("expired") from None
    except (signing.BadSignature, TypeError, ValueError):
        raise InvitationLinkError("invalid") from None
    invitation = Invitation.objects.select_related("ministry", "field_unit").filter(pk=pk).first()
    if invitation is None or invitation.sent_at is None:
        raise InvitationLinkError("invalid")
    if invitation.accepted_at is not None:
        raise InvitationLinkError("used")
    if invitation.withdrawn_at is not None:
        raise InvitationLinkError("withdrawn")
    if invitation.sent_at.timestamp() != sent:
        # A newer link was sent since: only the latest one works.
        raise InvitationLinkError("expired")
    return invitation


def _send(*, to, subject, template, context, language):
    """One e-mail in the reader's language (`subject` is a function, called in that language). Sent last in
    the services' transactions: when sending fails, nothing is saved, and nobody holds a link to an
    invitation that does not exist."""
    with translation.override(language):
        body = render_to_string(template, {**context, "site_url": settings.INTERLOCK_SITE_URL.rstrip("/")})
        send_mail(subject(), body, None, to)


def _send_invitation(invitation):
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["sent_at"])
    # The person invited has no account yet: they read it in the language of the person inviting them.
    _send(
        to=[invitation.email],
        subject=lambda: (
            _("You are invited to Interlock by %(organisation)s") % {"organisation": isolate(invitation.ministry)}
        ),
        template="ministries/email/invitation.txt",
        context={
            "invitation": invitation,
            "link": reverse("ministries:invitation_accept", args=[invitation_token(invitation)]),
            "valid_days": settings.INTERLOCK_INVITATION_VALID_DAYS,
        },
        language=translation.get_language(),
    )


def _confirmers(ministry):
    """Who confirms an invitation to `ministry`: its administrators, or failing one, support (superusers)."""
    reachable = get_user_model().objects.filter(is_active=True).exclude(email="")
    administrators = reachable.filter(memberships__ministry=ministry, memberships__role=Role.ADMINISTRATOR).distinct()
    return list(administrators) or list(reachable.filter(is_superuser=True))


@transaction.atomic
def invitation_create(*, ministry, email, role, field_unit=None, can_sign=False, message="", by):
    """Invite `email` to `ministry` with `role`.

    An administrator of the organisation (or support) sends it at once. Anyone else (a coordinator
    inviting a partner's contact person) makes an invitation that waits for the organisation's
    administrator, or failing one support, to confirm it: they are told by e-mail.
    """
    email = email.strip().lower()
    if get_user_model().objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists():
        raise ValidationError(
            {"email": _("Someone already signs in with this address. Give them a role on their page instead.")}
        )
    if Invitation.objects.open().filter(ministry=ministry, email=email).exists():
        raise ValidationError({"email": _("This address is already invited. Resend or withdraw that invitation.")})
    if field_unit is not None and field_unit.ministry_id != ministry.pk:
        raise ValidationError({"field_unit": _("Choose a unit of this organisation.")})
    invitation = Invitation.objects.create(
        ministry=ministry,
        email=email,
        role=role,
        field_unit=field_unit,
        can_sign=can_sign,
        message=message,
        invited_by=by,
        needs_confirmation=not can_manage_people(by, ministry),
    )
    if invitation.needs_confirmation:
        for confirmer in _confirmers(ministry):
            _send(
                to=[confirmer.email],
                subject=lambda: (
                    _("Please confirm an invitation to %(organisation)s") % {"organisation": isolate(ministry)}
                ),
                template="ministries/email/confirm_invitation.txt",
                context={"invitation": invitation, "link": reverse("ministries:invitations", args=[ministry.pk])},
                language=confirmer.preferred_language,
            )
    else:
        _send_invitation(invitation)
    return invitation


@transaction.atomic
def invitation_confirm(*, invitation, by):
    """The organisation's administrator agrees: the invitation is sent. A no-op when already confirmed."""
    if not invitation.is_waiting_for_confirmation:
        return invitation
    invitation.confirmed_by = by
    invitation.confirmed_at = timezone.now()
    invitation.save(update_fields=["confirmed_by", "confirmed_at"])
    _send_invitation(invitation)
    return invitation


@transaction.atomic
def invitation_resend(*, invitation, by):
    """A new link, valid again for the whole period; the old link stops working."""
    if not invitation.is_open or invitation.is_waiting_for_confirmation:
        raise ValidationError(_("Only an open invitation that was sent can be sent again."))
    _send_invitation(invitation)
    return invitation


@transaction.atomic
def invitation_withdraw(*, invitation, by):
    """Withdraw an open invitation (or refuse one waiting for confirmation): its link stops working."""
    if invitation.is_open:
        invitation.withdrawn_at = timezone.now()
        invitation.save(update_fields=["withdrawn_at"])
    return invitation


@transaction.atomic
def invitation_accept(*, invitation, first_name, last_name, password, language):
    """The invited person becomes a member: their account, signed in with their e-mail address, and their role.

    `password` is None where the organisation signs in with single sign-on only: the account then has no
    usable password, and the provider's identity is linked to it (by the address) at the first sign-in.

    The invitation is claimed with a conditional UPDATE, so a link used twice at once makes one account.
    """
    claimed = Invitation.objects.filter(pk=invitation.pk, accepted_at=None, withdrawn_at=None).update(
        accepted_at=timezone.now()
    )
    if not claimed:
        raise ValidationError(_("This link was already used. Sign in with your e-mail address and password."))
    User = get_user_model()
    if User.objects.filter(Q(email__iexact=invitation.email) | Q(username__iexact=invitation.email)).exists():
        raise ValidationError(_("Someone already signs in with this address. Sign in, or ask for a new password."))
    user = User.objects.create_user(
        username=invitation.email,
        email=invitation.email,
        password=password,
        first_name=first_name,
        last_name=last_name,
        preferred_language=language,
    )
    Membership.objects.create(
        user=user,
        ministry=invitation.ministry,
        role=invitation.role,
        field_unit=invitation.field_unit,
        can_sign=invitation.can_sign,
    )
    Invitation.objects.filter(pk=invitation.pk).update(accepted_by=user)
    return user


# Roles and units


def _only_administrator():
    return _("This is the organisation's only administrator. Make someone else administrator first.")


def _check_unit(ministry, field_unit):
    if field_unit is not None and field_unit.ministry_id != ministry.pk:
        raise ValidationError({"field_unit": _("Choose a unit of this organisation.")})


@transaction.atomic
def membership_add(*, ministry, user, role, field_unit=None, can_sign=False, by):
    """Give `user` a role in `ministry` (or update the unit and signing of the role they hold)."""
    _check_unit(ministry, field_unit)
    membership, created = Membership.objects.get_or_create(
        user=user, ministry=ministry, role=role, defaults={"field_unit": field_unit, "can_sign": can_sign}
    )
    if not created:
        membership_update(membership=membership, field_unit=field_unit, can_sign=can_sign, by=by)
    return membership


@transaction.atomic
def membership_update(*, membership, field_unit, can_sign, by):
    """Change a role's unit and whether it signs for the organisation. A no-op when nothing changes."""
    _check_unit(membership.ministry, field_unit)
    if membership.field_unit_id == getattr(field_unit, "pk", None) and membership.can_sign == can_sign:
        return membership
    membership.field_unit = field_unit
    membership.can_sign = can_sign
    membership.save(update_fields=["field_unit", "can_sign"])
    return membership


def _last_administrator(membership):
    return (
        membership.role == Role.ADMINISTRATOR
        and not Membership.objects.filter(ministry=membership.ministry, role=Role.ADMINISTRATOR, user__is_active=True)
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def membership_remove(*, membership, by):
    """Take a role away. The organisation keeps at least one administrator, so someone can manage its people."""
    if _last_administrator(membership):
        raise ValidationError(_only_administrator())
    membership.delete()


# Someone leaves


def _signing_rights(*, person, successor):
    """Signing for the organisations `person` signs for goes to `successor` (when they do not already)."""
    signs = Membership.objects.signatories().filter(user=person)
    ministry_ids = set(signs.values_list("ministry_id", flat=True))
    if successor is not None:
        already = set(
            Membership.objects.signatories()
            .filter(user=successor, ministry_id__in=ministry_ids)
            .values_list("ministry_id", flat=True)
        )
        for ministry_id in ministry_ids - already:
            first = Membership.objects.filter(user=successor, ministry_id=ministry_id).order_by("pk").first()
            if first is not None:
                Membership.objects.filter(pk=first.pk).update(can_sign=True)
    if not ministry_ids:
        return []
    return [
        translation.ngettext(
            "the right to sign for %(count)d organisation",
            "the right to sign for %(count)d organisations",
            len(ministry_ids),
        )
        % {"count": len(ministry_ids)}
    ]


@transaction.atomic
def person_deactivate(*, person, ministry, successor, by):
    """`person` leaves: everything they are responsible for goes to `successor`, and they can no longer sign in.

    Returns sentences saying what was handed over. The successor must be an active member of `ministry`,
    and `by` must manage the people of every organisation `person` belongs to.
    """
    if not person.is_active:
        return []
    if successor is None or successor.pk == person.pk:
        raise ValidationError({"successor": _("Choose someone else to take over.")})
    if not successor.is_active or not Membership.objects.filter(user=successor, ministry=ministry).exists():
        raise ValidationError({"successor": _("Choose an active member of this organisation.")})
    others = Ministry.objects.filter(memberships__user=person).distinct()
    if not all(can_manage_people(by, other) for other in others):
        raise ValidationError(
            _("This person also works for another organisation. Ask its administrator, or support, to deactivate them.")
        )
    if any(_last_administrator(m) for m in Membership.objects.filter(user=person, role=Role.ADMINISTRATOR)):
        raise ValidationError(_only_administrator())
    moved = _signing_rights(person=person, successor=successor)
    for callback in _handover_followers:
        moved.extend(callback(person=person, successor=successor))
    person.is_active = False
    person.save(update_fields=["is_active"])
    Invitation.objects.open().filter(invited_by=person, needs_confirmation=True, confirmed_at=None).update(
        withdrawn_at=timezone.now()
    )
    return moved


# Units and regions


@transaction.atomic
def ministry_sign_in_update(*, ministry, password_sign_in, by, request=None):
    """Let the organisation's people sign in with a password, or with single sign-on only.

    Off only where the site offers single sign-on: otherwise nobody of the organisation could sign in.
    A change is told to the followers (the security log). Returns whether anything changed.
    """
    if ministry.password_sign_in == password_sign_in:
        return False
    if not password_sign_in and not sso_enabled():
        raise ValidationError(
            {
                "password_sign_in": _(
                    "This site has no single sign-on yet, so nobody could sign in. "
                    "Ask your support team to set it up first."
                )
            }
        )
    ministry.password_sign_in = password_sign_in
    ministry.save(update_fields=["password_sign_in"])
    for callback in _sign_in_followers:
        callback(ministry=ministry, by=by, request=request)
    return True


MINISTRY_FIELDS = [
    "name",
    "name_fr",
    "name_he",
    "short_name",
    "kind",
    "jurisdiction",
    "time_zone",
    "contact_email",
    "description",
]


def _check_not_taken(ministry, name, short_name, jurisdiction):
    """Names and short names are unique whatever their case: "City of Hamilton Parks" is "city of hamilton parks"."""
    others = Ministry.objects.exclude(pk=ministry.pk) if ministry.pk else Ministry.objects.all()
    errors = {}
    same_name = others.filter(name__iexact=name).first()
    if same_name and same_name.jurisdiction == jurisdiction:
        errors["name"] = _(
            "This organisation is already in Interlock. Find it in the list rather than adding it again."
        )
    elif same_name:
        errors["name"] = _(
            "An organisation of %(government)s already has this name. Add what tells them apart, "
            "for example the city: Parks Department (Hamilton)."
        ) % {"government": isolate(same_name.jurisdiction) or _("no government given")}
    if others.filter(short_name__iexact=short_name).exists():
        errors["short_name"] = _(
            "Another organisation uses this short name. Choose another, for example add a city's initials."
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def ministry_save(*, ministry=None, fields, by):
    """Add an organisation that is not in the app yet, or change one's details.

    A new one has nobody yet: whoever added it is recorded, and may keep its details until it has an
    administrator of its own (permissions.can_edit_ministry); its contact person is then invited.
    """
    ministry = ministry or Ministry(added_by=by, added_at=timezone.now())
    _check_not_taken(ministry, fields["name"], fields["short_name"], fields["jurisdiction"])
    for name in MINISTRY_FIELDS:
        setattr(ministry, name, fields[name])
    ministry.full_clean()
    ministry.save()
    return ministry


@transaction.atomic
def field_unit_save(*, ministry, unit=None, fields, by):
    """Create or change one of the organisation's units (its place in the tree is checked by FieldUnit.clean)."""
    unit = unit or FieldUnit(ministry=ministry)
    for name, value in fields.items():
        setattr(unit, name, value)
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def jurisdiction_save(*, jurisdiction=None, fields, by):
    """Create or rename a government organisations and regions belong to (its names in each language)."""
    jurisdiction = jurisdiction or Jurisdiction()
    for name, value in fields.items():
        setattr(jurisdiction, name, value)
    # Its name is not taken whatever the case (the model's constraint).
    jurisdiction.full_clean()
    jurisdiction.save()
    return jurisdiction


@transaction.atomic
def region_save(*, region=None, fields, by):
    """Create or change a region partnerships can serve."""
    region = region or Region()
    for name, value in fields.items():
        setattr(region, name, value)
    region.full_clean()
    region.save()
    return region


@transaction.atomic
def person_update(*, membership, first_name, last_name, job_title, role, can_sign):
    """Change a person's name and job title, and their role in `membership`'s ministry.

    Signatures keep the name and role the person had when signing (charters store them), so a
    rename here changes only what is shown from now on.
    """
    taken = Membership.objects.filter(user=membership.user_id, ministry=membership.ministry_id, role=role)
    if taken.exclude(pk=membership.pk).exists():
        raise ValidationError({"role": _("This person already has that role here. Choose another role.")})
    user = membership.user
    user.first_name, user.last_name, user.job_title = first_name.strip(), last_name.strip(), job_title.strip()
    user.save(update_fields=["first_name", "last_name", "job_title"])
    membership.role, membership.can_sign = role, can_sign
    membership.save(update_fields=["role", "can_sign"])
    return membership


JOINT_SITE_FIELDS = ["name", "name_fr", "name_he", "sponsor", "manager", "address", "region"]


@transaction.atomic
def joint_site_save(*, by, fields, operators, committee, site=None):
    """Create or change a joint site with the organisations that run it and its committee.

    A coordinator keeps one of their own organisations among those that run it: they could not
    otherwise change the site again, and must not name a site for others alone.
    """
    if not is_administrator(by) and not (joint_site_keeper_ids(by) & {o.pk for o in operators}):
        raise ValidationError({"operators": _("Your own organisation must be one of those that run the site.")})
    site = site or JointSite()
    for name, value in fields.items():
        setattr(site, name, value)
    site.full_clean()
    site.save()
    site.operators.set(operators)
    site.committee.set(committee)
    return site
