from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from common.numbers import parse_positive_int
from ministries.models import Role
from ministries.permissions import ministry_ids
from security.filters import SecurityEventFilter
from security.models import SecurityEvent
from security.permissions import get_log_ministry_for_user

PAGE_SIZE = 50


def my_security_log(request):
    """The navigation's way in: the log of the (first) ministry the person administers."""
    administered = ministry_ids(request.user, Role.ADMINISTRATOR)
    if not administered:
        raise Http404
    return redirect("security:log", pk=min(administered))


def security_log(request, pk):
    ministry = get_log_ministry_for_user(request, pk)
    filterset = SecurityEventFilter(request.GET or None, queryset=SecurityEvent.objects.of_ministry(ministry))
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(parse_positive_int(request.GET.get("page"), 1))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "security/security_log.html",
        {"ministry": ministry, "filter": filterset, "page": page, "query": query.urlencode()},
    )
