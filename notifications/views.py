"""The inbox: read, open (a POST marks read and follows the link) and mark read, with htmx or without."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from common.numbers import parse_positive_int
from notifications import services
from notifications.models import Notification

PAGE_SIZE = 25


def inbox(request):
    """Newest first; `?show=unread` narrows to what is not read yet."""
    # The reminder too: each entry is worded from it, in the reader's language of today.
    notifications = Notification.objects.for_user(request.user).select_related("partnership", "reminder")
    unread_only = request.GET.get("show") == "unread"
    if unread_only:
        notifications = notifications.unread()
    page = Paginator(notifications, PAGE_SIZE).get_page(parse_positive_int(request.GET.get("page"), 1))
    return render(
        request,
        "notifications/inbox.html",
        {
            "page": page,
            "unread_only": unread_only,
            "query": "show=unread" if unread_only else "",
            "unread": services.unread_count(request.user),
        },
    )


def _own(request, pk):
    return get_object_or_404(Notification, pk=pk, recipient=request.user)


@require_http_methods(["GET", "HEAD", "POST"])
def open_notification(request, pk):
    """Go to the thing it is about; the inbox's button POSTs here, which also marks it read.

    A GET only follows the link: a link fetched by a mail scanner, a browser's prefetch or another
    site's <img> must not change what the person has read.
    """
    notification = _own(request, pk)
    if request.method == "POST":
        notification = services.notification_mark_read(notification=notification)
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect("notifications:inbox")
    return redirect(target)


@require_POST
def mark_read(request, pk):
    notification = services.notification_mark_read(notification=_own(request, pk))
    if request.htmx:
        response = render(
            request,
            "notifications/inbox.html#row",
            {"notification": notification, "unread": services.unread_count(request.user), "oob_badge": True},
        )
        # The button is gone once read: static/js/focus.js moves focus to the row's link and says this.
        marked = _("Marked read: %(title)s") % {"title": notification.shown_title}
        return trigger_client_event(response, "announce", {"message": marked})
    return redirect("notifications:inbox")


@require_POST
def mark_all_read(request):
    count = services.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("Everything in your inbox is marked read."))
    return redirect("notifications:inbox")


def badge(request):
    """The unread count for the navigation bar, fetched by htmx after the page has loaded.

    Fetched apart so that no page pays a query for it (and every page's query count stays what
    its own view makes).
    """
    return render(request, "notifications/_badge.html", {"unread": services.unread_count(request.user)})
