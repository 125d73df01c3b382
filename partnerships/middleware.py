from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from partnerships.permissions import SupportReasonNeeded


class SupportAccessMiddleware:
    """Turns SupportReasonNeeded, raised by any page of a partnership, into the form that asks why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, SupportReasonNeeded):
            return None
        url = reverse("partnerships:support_access", kwargs={"pk": exception.partnership.pk})
        back = request.get_full_path() if request.method == "GET" else exception.partnership.get_absolute_url()
        return redirect(f"{url}?{urlencode({'next': back})}")
