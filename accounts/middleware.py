from django.utils import translation


class PreferredLanguageMiddleware:
    """Signed-in people see Interlock in the language saved in their profile.

    Runs after LocaleMiddleware and AuthenticationMiddleware; people who are not
    signed in keep what LocaleMiddleware chose (cookie, then the browser's language).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.preferred_language:
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
