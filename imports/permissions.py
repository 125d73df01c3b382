"""Who may import: an organisation's own administrators, for their organisation (and support staff);
organisations themselves, support administrators only."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from imports.kinds import KINDS
from imports.models import ImportRun
from ministries.models import Ministry, Role
from ministries.permissions import can_manage_people, ministry_ids


def importable_ministries(user):
    """The organisations whose reference data this person may import."""
    if user.is_superuser:
        return Ministry.objects.all()
    return Ministry.objects.filter(pk__in=ministry_ids(user, Role.ADMINISTRATOR))


def can_import_to_ministry(user, ministry):
    return can_manage_people(user, ministry)


def can_import_kind(user, kind):
    """Organisations belong to no one organisation: only support administrators import them."""
    return not KINDS[kind].support_only or user.is_superuser


def importable_kinds(user):
    return [kind for kind in KINDS.values() if can_import_kind(user, kind.key)]


def get_import_for_user(request, pk):
    """The import, or 404 for anyone who may not import into its organisation (others never learn of it)."""
    run = get_object_or_404(ImportRun.objects.select_related("ministry"), pk=pk)
    if not (can_import_to_ministry(request.user, run.ministry) and can_import_kind(request.user, run.kind)):
        raise Http404
    return run
