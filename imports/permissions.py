"""Who may import: an organisation's own administrators, for their organisation (and support staff)."""

from django.http import Http404
from django.shortcuts import get_object_or_404

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


def get_import_for_user(request, pk):
    """The import, or 404 for anyone who may not import into its organisation (others never learn of it)."""
    run = get_object_or_404(ImportRun.objects.select_related("ministry"), pk=pk)
    if not can_import_to_ministry(request.user, run.ministry):
        raise Http404
    return run
