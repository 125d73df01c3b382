"""Who reads a security log: the administrators of that ministry, and nobody of another ministry."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from ministries.models import Ministry, Role
from ministries.permissions import ministry_ids


def can_read_security_log(user, ministry):
    return ministry.pk in ministry_ids(user, Role.ADMINISTRATOR)


def get_log_ministry_for_user(request, pk):
    """The ministry whose log is asked for, or 404: another ministry's log is not even said to exist."""
    ministry = get_object_or_404(Ministry, pk=pk)
    if not can_read_security_log(request.user, ministry):
        raise Http404
    return ministry
