from base64 import b32encode

import qrcode
import qrcode.image.svg
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from accounts.forms import ProfileForm, SignInForm, TwoFactorCodeForm
from accounts.services import (
    recovery_codes_left,
    two_factor_check,
    two_factor_disable,
    two_factor_enable,
    two_factor_key,
)
from accounts.sso import REFUSAL, REFUSAL_SHOWN, REFUSALS, TWO_STEP, Refused, provider_metadata, sso_refusal_record
from accounts.two_factor import (
    PENDING_KEY,
    has_two_factor,
    is_verified,
    mark_verified,
    safe_next,
    two_factor_required,
)
from common.single_sign_on import sso_enabled


class SignInView(auth_views.LoginView):
    """Django's sign-in page, with the single sign-on button when the site offers it."""

    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs, sso=sso_enabled(), sso_provider_name=settings.INTERLOCK_OIDC_PROVIDER_NAME
        )


def _sso_refused(request, refusal):
    """Log the refusal and show the page that says what to do."""
    sso_refusal_record(request=request, refusal=refusal)
    request.session[REFUSAL_SHOWN] = {"reason": refusal.reason, "email": refusal.email}
    return redirect("accounts:sso_refused")


class SingleSignOnStartView(OIDCAuthenticationRequestView):
    """Sends the person to the provider, with a state, a nonce and a PKCE challenge kept in the session."""

    def __init__(self, **kwargs):
        # Not the library's __init__: it reads the endpoint from settings; ours comes from discovery.
        super(OIDCAuthenticationRequestView, self).__init__(**kwargs)

    def get(self, request):
        if not sso_enabled():
            raise Http404
        try:
            metadata = provider_metadata()
        except (requests.RequestException, ValueError):
            return _sso_refused(request, Refused("unreachable"))
        except Refused as refusal:
            return _sso_refused(request, refusal)
        self.OIDC_OP_AUTH_ENDPOINT = metadata["authorization_endpoint"]
        self.OIDC_RP_CLIENT_ID = settings.INTERLOCK_OIDC_CLIENT_ID
        return super().get(request)


class SingleSignOnCallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the person back. Every refusal (an unknown or unverified e-mail, a token for
    another audience or expired, a state used twice) ends on one page, and in the security log."""

    def get(self, request):
        if not sso_enabled():
            raise Http404
        try:
            return super().get(request)
        except Refused as refusal:
            setattr(request, REFUSAL, refusal)
        except SuspiciousOperation:
            # The library's: a state that is not this session's (used already, or never started here).
            setattr(request, REFUSAL, Refused("failed"))
        return self.login_failure()

    def login_failure(self):
        return _sso_refused(self.request, getattr(self.request, REFUSAL, None) or Refused("failed"))

    def login_success(self):
        response = super().login_success()
        # The provider asked for a second factor: Interlock does not ask for its own code on top.
        if getattr(self.request, TWO_STEP, False):
            mark_verified(self.request.session)
        return response


@login_not_required
def sso_refused(request):
    """Why single sign-on did not let the person in, and whom to ask."""
    refusal = request.session.pop(REFUSAL_SHOWN, None) or {"reason": "failed", "email": ""}
    message = REFUSALS.get(refusal["reason"], REFUSALS["failed"]) % {"email": refusal["email"]}
    return render(request, "registration/sso_refused.html", {"message": message}, status=403)


@login_not_required
@require_POST
def set_language(request):
    """Switch the language: saved in the profile when signed in, in a cookie otherwise."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        return HttpResponseBadRequest(_("Choose one of the languages offered."))
    if request.user.is_authenticated:
        request.user.preferred_language = language
        request.user.save(update_fields=["preferred_language"])
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    # Not redirect(): it reads a `next` without a slash or a dot as a URL name and fails to reverse it.
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax", secure=request.is_secure()
    )
    return response


def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        translation.activate(user.preferred_language)
        messages.success(request, _("Your details are saved."))
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "has_two_factor": has_two_factor(request.user),
            "two_factor_required": two_factor_required(request.user),
            "recovery_codes_left": recovery_codes_left(request.user),
        },
    )


def two_factor_setup(request):
    """Scan the QR code (or type the key), confirm with a code, and see the recovery codes once."""
    if has_two_factor(request.user):
        messages.info(request, _("Two-step sign-in is already on."))
        return redirect("accounts:profile")
    # The key waits in the session until a code confirms it: a reload shows the same QR code, and opening
    # the page saves nothing.
    key = request.session.setdefault(PENDING_KEY, two_factor_key())
    device = TOTPDevice(user=request.user, key=key)
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor_enable(user=request.user, key=key, code=form.cleaned_data["code"], request=request)
        if codes is not None:
            del request.session[PENDING_KEY]
            mark_verified(request.session)
            return render(request, "accounts/recovery_codes.html", {"codes": codes})
        form.add_error(
            "code", _("That code is not right. Type the 6 digits your app shows now; they change every 30 seconds.")
        )
    qr = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    typed = b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": qr.to_string(encoding="unicode"),
            "key": " ".join(typed[i : i + 4] for i in range(0, len(typed), 4)),
            "required": two_factor_required(request.user),
        },
    )


def two_factor_verify(request):
    """The second step: a code after the password, or again before a signature or a gate decision."""
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"), reverse("dashboards:home"))
    if not has_two_factor(request.user):
        return redirect("accounts:two_factor_setup" if two_factor_required(request.user) else next_url)
    form = TwoFactorCodeForm(request.POST or None, recovery_allowed=True)
    if request.method == "POST" and form.is_valid():
        if two_factor_check(user=request.user, code=form.cleaned_data["code"], request=request):
            mark_verified(request.session)
            return HttpResponseRedirect(next_url)
        form.add_error(
            "code",
            _("That code is not right. Type the 6 digits your app shows now, or a recovery code you have not used."),
        )
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": next_url, "step_up": is_verified(request.session)},
    )


@require_POST
def two_factor_turn_off(request):
    """Turn two-step sign-in off, confirmed by a code: someone at an unlocked screen must not do it alone."""
    form = TwoFactorCodeForm(request.POST, recovery_allowed=True)
    if not form.is_valid() or not two_factor_check(user=request.user, code=form.cleaned_data["code"], request=request):
        messages.error(
            request, _("Two-step sign-in is still on: the code was not right. Type the code your app shows now.")
        )
        return redirect("accounts:profile")
    try:
        two_factor_disable(user=request.user, request=request)
    except PermissionDenied as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Two-step sign-in is off."))
    return redirect("accounts:profile")
