from django.utils import translation


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
