"""Who may import: an organisation's own administrators, its units and people (and support staff);
organisations themselves, support administrators only; partnerships and their figures, the organisation's
coordinators, and only for partnerships they coordinate (each kind checks that row by row, with the
partnerships' own predicates)."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from imports.kinds import KINDS
from imports.models import ImportRun
from ministries.models import Ministry, Role
from ministries.permissions import can_manage_people, ministry_ids


def importable_ministries(user):
    """The organisations whose data this person may import: as its administrator or its coordinator."""
    if user.is_superuser:
        return Ministry.objects.all()
    return Ministry.objects.filter(pk__in=ministry_ids(user, Role.ADMINISTRATOR, Role.COORDINATOR))


def can_import_to_ministry(user, kind, ministry):
    """Whether `user` may import rows of `kind` (a key of KINDS) into `ministry`."""
    importer = KINDS[kind]
    if importer.support_only and not user.is_superuser:
        return False
    if importer.for_coordinators:
        # Partnerships are run by coordinators; a support administrator does not run one for them.
        return ministry.pk in ministry_ids(user, Role.COORDINATOR)
    return can_manage_people(user, ministry)


def can_import_kind(user, kind):
    """Whether `user` may import `kind` into at least one organisation (its template and its choice)."""
    return any(can_import_to_ministry(user, kind, ministry) for ministry in importable_ministries(user))


def importable_kinds(user):
    ministries = list(importable_ministries(user))
    return [kind for kind in KINDS.values() if any(can_import_to_ministry(user, kind.key, m) for m in ministries)]


def get_import_for_user(request, pk):
    """The import, or 404 for anyone who may not import it into its organisation (others never learn of it).

    A partnerships' import is its author's alone: what it may change depends on what they coordinate."""
    run = get_object_or_404(ImportRun.objects.select_related("ministry", "created_by"), pk=pk)
    if not can_import_to_ministry(request.user, run.kind, run.ministry):
        raise Http404
    if KINDS[run.kind].for_coordinators and run.created_by_id != request.user.pk:
        raise Http404
    return run
