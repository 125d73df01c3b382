"""Who may see and do what with ministries and people.

Other apps ask these functions rather than looking at memberships themselves:
`ministry_ids(user, Role.EXECUTIVE)` answers "in which ministries is this
person an executive?" with one query per request.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404

from ministries.models import Cluster, JointSite, Membership, Ministry, Role, holding


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


def cluster_ids(user):
    """Ids of the clusters the person's organisations sit in: those whose inside they see. One query per request."""
    cached = getattr(user, "_interlock_cluster_ids", None)
    if cached is None:
        ids = ministry_ids(user)
        cached = set()
        if ids:
            through = Cluster.ministries.through.objects
            cached = set(through.filter(ministry_id__in=ids).values_list("cluster_id", flat=True))
        user._interlock_cluster_ids = cached
    return cached


def can_see_inside_cluster(user, cluster):
    """The people of a cluster's organisations see its inside (its relationship survey); support staff too."""
    return user.is_superuser or cluster.pk in cluster_ids(user)


def clusters_visible_to(user):
    """The clusters whose inside (their survey's figures) the person sees: their organisations' clusters, or
    every cluster for support staff, as they see every partnership on the dashboards."""
    if user.is_superuser:
        return Cluster.objects.all()
    return Cluster.objects.filter(pk__in=cluster_ids(user))


def is_administrator(user):
    """Administrators keep the reference data: ministries, clusters, units and people."""
    return user.is_authenticated and (user.is_superuser or has_role(user, Role.ADMINISTRATOR))


def people_visible_in(user):
    """Ids of the ministries whose people the user may see, or None for every ministry (administrators).

    A ministry's people and their roles are private to the ministry and to administrators.
    """
    return None if is_administrator(user) else ministry_ids(user)


def can_sign_in_with_password(user):
    """A person may use a password unless one of their organisations turned passwords off: it wants its
    people to come in through its provider only, where leaving the organisation closes the door."""
    return not any(not m.ministry.password_sign_in for m in memberships(user))


def can_view_ministry_people(user, ministry):
    visible = people_visible_in(user)
    return visible is None or ministry.pk in visible


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
    holders = Membership.objects.filter(holding(*roles, signatories=signatories), ministry_id__in=ministry_ids)
    return list(get_user_model().objects.filter(pk__in=holders.values("user_id")))


def can_manage_people(user, ministry):
    """Inviting, giving roles and units, deactivating: the organisation's own administrators, and support."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or any(
        m.role == Role.ADMINISTRATOR and m.ministry_id == ministry.pk for m in memberships(user)
    )


def has_signatory(ministry):
    """Whether anyone active can sign for the organisation (Membership.objects.signatories)."""
    return Membership.objects.signatories().filter(ministry=ministry).exists()


def can_invite_to_ministry(user, ministry):
    """Its administrators invite anyone; a partner's coordinator or executive invites a contact person while
    the organisation has nobody who can sign for it (the invitation then waits for confirmation)."""
    if can_manage_people(user, ministry):
        return True
    mine = ministry_ids(user, Role.COORDINATOR, Role.EXECUTIVE)
    if not mine or ministry.pk in mine or has_signatory(ministry):
        return False
    # A partner: both take part in one partnership. Read through the participations' reverse relation,
    # since partnerships sits above this app.
    return Ministry.objects.filter(
        pk=ministry.pk, participations__partnership__participations__ministry_id__in=mine
    ).exists()


def get_managed_ministry(request, pk):
    """The organisation whose people the user manages, or 404 (others cannot learn who works where)."""
    ministry = get_ministry_for_user(request, pk)
    if not can_manage_people(request.user, ministry):
        raise Http404
    return ministry


def can_add_ministry(user):
    """Any organisation's administrator (and support) adds a partner organisation nobody has brought in yet."""
    return is_administrator(user)


def has_administrator(ministry):
    return Membership.objects.filter(holding(Role.ADMINISTRATOR), ministry=ministry).exists()


def can_edit_ministry(user, ministry):
    """Its own administrators (and support) change its details; while it has no administrator of its own,
    the administrator who added it does, so that a typo in a new partner's name is not stuck until someone joins."""
    if can_manage_people(user, ministry):
        return True
    return (
        is_administrator(user)
        and ministry.added_by_id is not None
        and ministry.added_by_id == user.pk
        and not has_administrator(ministry)
    )


def get_editable_ministry(request, pk):
    """The organisation whose details the user may change: its own people get 403, others 404."""
    ministry = get_ministry_for_user(request, pk)
    if can_edit_ministry(request.user, ministry):
        return ministry
    if ministry.pk in ministry_ids(request.user):
        raise PermissionDenied
    raise Http404


def signatory_ministry_ids(user):
    """Ids of the ministries the user signs for: as an executive, or by delegation (can_sign).

    The same people sign a charter version and agree to a change of a partnership's structure.
    """
    return {m.ministry_id for m in memberships(user) if m.signs_for_ministry}


def signer_role(user, ministry_id):
    """What the person signs as: their job title, or else their role in the ministry they sign for."""
    if user.job_title:
        return user.job_title
    signing = [m for m in memberships(user) if m.ministry_id == ministry_id and m.signs_for_ministry]
    signing.sort(key=lambda m: m.role != Role.EXECUTIVE)
    return signing[0].get_role_display() if signing else ""


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
