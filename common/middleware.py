"""Requests Interlock refuses before any work: too large to read (413), or meeting a busy database (503)."""

from django.conf import settings
from django.db import OperationalError
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils import translation

from common.numbers import parse_positive_int


class DatabaseBusyMiddleware:
    """SQLite, the embedded default, has one writer at a time.

    A write waits up to busy_timeout (20 s, config/settings.py) for the lock; one that still does not
    get it raises OperationalError "database is locked", and its transaction is rolled back. The page
    says so and asks to send it again; Retry-After tells scripts when. A standalone page (like the
    500 page), so it needs no query of the busy database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError) and "database is locked" in str(exception):
            response = render(request, "503.html", status=503)
            response["Retry-After"] = "5"
            return response
        return None


class RequestSizeLimitMiddleware:
    """A request whose declared body is over INTERLOCK_REQUEST_MAX_BYTES is answered 413 unread.

    Django reads a whole upload to disk before a form can say the file is too big; a 60 MB body
    cost its full transfer and disk space first. This runs before anything touches
    request.POST or request.FILES, and decides on the Content-Length header alone. A body without
    one (chunked) is not read by Django at all. The page is standalone: no session or user yet.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.INTERLOCK_REQUEST_MAX_BYTES
        declared = request.META.get("CONTENT_LENGTH") or "0"
        length = 0 if declared == "0" else parse_positive_int(declared)
        # A length that is not plain digits (or past nine of them) is refused too.
        if length is None or length > limit:
            translation.activate(translation.get_language_from_request(request))
            response = render(request, "413.html", {"limit": filesizeformat(limit)}, status=413)
            # The unread body is still on the connection: close it rather than read it.
            response["Connection"] = "close"
            return response
        return self.get_response(request)
