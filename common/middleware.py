"""A database too busy to take a write answers "busy, send it again" (503), never a server error."""

from django.db import OperationalError
from django.shortcuts import render


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
