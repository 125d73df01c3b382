"""The person's API tokens, on their details: create (the token is shown once), list, revoke."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from api.forms import ApiTokenForm
from api.models import ApiToken
from api.services import api_token_create, api_token_revoke
from common.forms import form_errors

# The new token waits here for the page after the redirect, which shows it once and forgets it.
NEW_TOKEN = "interlock_new_api_token"  # noqa: S105 - a session key, not a secret


@require_http_methods(["GET", "POST"])
def tokens(request):
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created, secret = api_token_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            request.session[NEW_TOKEN] = {"name": created.name, "secret": secret}
            return redirect("api:tokens")
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "new_token": request.session.pop(NEW_TOKEN, None),
            "tokens": ApiToken.objects.filter(user=request.user),
        },
    )


@require_POST
def token_revoke(request, token_pk):
    token = get_object_or_404(ApiToken, pk=token_pk, user=request.user)
    api_token_revoke(token=token)
    messages.success(request, _("The token %(name)s is revoked: it no longer opens the API.") % {"name": token.name})
    return redirect("api:tokens")
