"""Who may see and do what with ministries and people.

Other apps ask these functions rather than looking at memberships themselves:
`ministry_ids(user, Role.EXECUTIVE)` answers "in which ministries is this
person an executive?" with one query per request.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404

from ministries.models import JointSite, Membership, Ministry, Role


def memberships(user):
    """All of the user's memberships, loaded once per request and kept on the user."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_interlock_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("ministry", "field_unit"))
        user._interlock_memberships = cached
    return cached


def roles(user):
    return {m.role for m in memberships(user)}


def has_role(user, *wanted):
    return bool(roles(user) & set(wanted))


def ministry_ids(user, *wanted_roles):
    """Ids of the ministries where the user holds any role, or one of `wanted_roles`."""
    return {m.ministry_id for m in memberships(user) if not wanted_roles or m.role in wanted_roles}


def is_administrator(user):
    """Administrators keep the reference data: ministries, clusters, units and people."""
    return user.is_authenticated and (user.is_superuser or has_role(user, Role.ADMINISTRATOR))


def can_view_ministry_people(user, ministry):
    """A ministry's people and their roles are private to the ministry and to administrators."""
    return is_administrator(user) or ministry.pk in ministry_ids(user)


def get_ministry_for_user(request, pk, *, people=False):
    """The ministry, or 404 when it does not exist or its private page is closed to the user.

    404 rather than 403 so that outsiders cannot learn who works where.
    """
    try:
        ministry = Ministry.objects.get(pk=pk)
    except Ministry.DoesNotExist:
        raise Http404 from None
    if people and not can_view_ministry_people(request.user, ministry):
        raise Http404
    return ministry


def people_holding(ministry_ids, *roles, signatories=False):
    """Active people holding one of `roles` in these ministries (or, with signatories, who sign for them)."""
    if not ministry_ids:
        return []
    condition = Q(memberships__ministry_id__in=ministry_ids)
    if signatories:
        condition &= Q(memberships__role=Role.EXECUTIVE) | Q(memberships__can_sign=True)
    else:
        condition &= Q(memberships__role__in=roles)
    return list(get_user_model().objects.filter(condition, is_active=True).distinct())


# Joint sites: organisations' administrators and coordinators set them up; a site is changed by
# the coordinators and administrators of the organisations that run it (and support administrators).


def can_create_joint_site(user):
    return is_administrator(user) or has_role(user, Role.COORDINATOR)


def joint_site_keeper_ids(user):
    """The organisations for which the user may set up and change joint sites."""
    return ministry_ids(user, Role.COORDINATOR, Role.ADMINISTRATOR)


def can_edit_joint_site(user, site):
    operators = {o.pk for o in site.operators.all()}
    return is_administrator(user) or bool(joint_site_keeper_ids(user) & operators)


def get_joint_site_for_user(request, pk):
    """The joint site, or 404 for someone who may not change it (outsiders learn nothing of it)."""
    site = JointSite.objects.prefetch_related("operators").filter(pk=pk).first()
    if site is None or not can_edit_joint_site(request.user, site):
        raise Http404
    return site
