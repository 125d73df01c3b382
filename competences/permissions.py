"""Who sees what of collaboration competence.

- A person's own assessments are theirs alone: no page shows anyone else's, and no URL names a person.
- A partnership's team profile is seen by everyone who sees the partnership; an organisation
  outside it gets 404 (partnerships.permissions.get_partnership_for_user). It shows only counts of
  people who shared, and nobody can change it: no partner acts on it, alone or together.
- An organisation's profile is seen by its administrators and executives; its other people get
  403, people of other organisations 404.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from ministries.models import Ministry, Role
from ministries.permissions import ministry_ids


def can_view_organisation_profile(user, ministry):
    return ministry.pk in ministry_ids(user, Role.ADMINISTRATOR, Role.EXECUTIVE)


def organisations_to_view(user):
    """The organisations whose profile this person may open, by name."""
    return Ministry.objects.filter(pk__in=ministry_ids(user, Role.ADMINISTRATOR, Role.EXECUTIVE)).order_by("name")


def get_ministry_for_profile(request, pk):
    """The organisation for its profile page, or 404 for people of other organisations, 403 inside it."""
    ministry = get_object_or_404(Ministry, pk=pk)
    if ministry.pk not in ministry_ids(request.user):
        raise Http404
    if not can_view_organisation_profile(request.user, ministry):
        raise PermissionDenied
    return ministry
