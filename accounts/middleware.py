from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.time_zones import SESSION_KEY
from accounts.two_factor import between_steps, has_two_factor, verify_url
from common.timezones import is_time_zone


class PreferredLanguageMiddleware:
    """Signed-in people see Interlock in the language saved in their profile.

    Runs after LocaleMiddleware and AuthenticationMiddleware; people who are not
    signed in keep what LocaleMiddleware chose (cookie, then the browser's language).
    The language is set for this request only, so nothing leaks into the next one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.preferred_language:
            return self._respond(request)
        with translation.override(user.preferred_language):
            request.LANGUAGE_CODE = translation.get_language()
            return self._respond(request)

    def _respond(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class TimeZoneMiddleware:
    """Signed-in people see times in their own time zone: the one in their profile, else their
    organisation's, kept in the session at sign-in (accounts.time_zones) so that no request pays a query.
    Dates that rules count (late, due) follow it too: "today" is the person's today.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        name = ""
        if user is not None and user.is_authenticated:
            name = user.time_zone or request.session.get(SESSION_KEY, "")
        if not is_time_zone(name):
            return self.get_response(request)
        with timezone.override(name):
            return self.get_response(request)


class TwoFactorMiddleware:
    """After the password, a person who uses two-step sign-in gives a code before any other page;
    an executive or administrator without it is sent to set it up first.

    A session that has given a code costs no query here; others cost one or two a request.
    """

    # The pages a person between the two steps may still open.
    OPEN = {
        "accounts:two_factor_verify",
        "accounts:two_factor_setup",
        "accounts:set_language",
        "login",
        "logout",
        "healthz",
        "readyz",
        # The browser fetches the service worker from any page, the code page too; a redirect would break it.
        "service_worker",
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.resolver_match.view_name in self.OPEN or not between_steps(request):
            return None
        if request.headers.get("HX-Request"):
            # A fragment must not follow the redirect: htmx would swap the whole sign-in page into it.
            return HttpResponse(status=401)
        if has_two_factor(request.user):
            return redirect(verify_url(request.get_full_path()))
        messages.info(
            request, _("Executives and administrators sign in in two steps. Set it up now: it takes a minute.")
        )
        return redirect("accounts:two_factor_setup")
