"""Single sign-on with the organisation's OpenID Connect provider (mozilla-django-oidc does the protocol).

The provider says who the person is; Interlock alone decides what they may do. The first sign-in finds the
account an administrator invited by the e-mail address, and only when the provider says it checked that
address; it then keeps the provider's id for the person (User.sso_subject). Nobody is created here and no
role comes from the provider.

Two-step sign-in: a sign-in counts as two-step only when the ID token says the provider asked for a second
factor (amr or acr, settings INTERLOCK_OIDC_MFA_AMR and _ACR). Otherwise Interlock's own code is asked for
after it, exactly as after a password (accounts/middleware.py).

mozilla-django-oidc checks the ID token's signature and nonce but not its issuer, audience or expiry;
_verify_jws below checks all of them.
"""

import logging

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from common.single_sign_on import sso_enabled
from security.models import SecurityEvent
from security.services import security_event_record

logger = logging.getLogger(__name__)

# The request attribute where the callback view keeps why it refused, to log and show.
REFUSAL = "interlock_sso_refusal"
# The request attribute saying the provider asked for a second factor.
TWO_STEP = "interlock_sso_two_step"
# The session key that carries the reason to the page that explains it.
REFUSAL_SHOWN = "interlock_sso_refused"
METADATA_SECONDS = 3600

# What the refusal page says, by reason. Token problems all read the same: a person cannot fix them.
REFUSALS = {
    "unknown": _(
        "Interlock has no account with the e-mail address %(email)s. Ask your organisation's administrator "
        "to invite you with this address, then sign in again."
    ),
    "unverified": _(
        "Your sign-in service has not confirmed the e-mail address %(email)s. Ask your organisation's "
        "administrator to confirm it there, then sign in again."
    ),
    "no_email": _(
        "Your sign-in service gave no e-mail address. Ask your organisation's administrator to add one to "
        "your account there."
    ),
    "ambiguous": _(
        "More than one Interlock account has the e-mail address %(email)s. Ask your organisation's "
        "administrator to give each person their own address."
    ),
    "other_identity": _(
        "The Interlock account with the e-mail address %(email)s is linked to another person at your sign-in "
        "service. Ask your organisation's administrator to check who holds this address."
    ),
    "inactive": _("Your Interlock account is closed. Ask your organisation's administrator if you still need it."),
    "untrusted": _(
        "The answer from your sign-in service could not be trusted, so you are not signed in. Sign in again; "
        "if it happens again, tell your support team."
    ),
    "expired": _("The sign-in took too long and expired. Sign in again."),
    "unreachable": _("Your sign-in service does not answer right now. Try again in a few minutes."),
    "failed": _(
        "The sign-in did not finish: it was used twice, started in another window or cancelled. Sign in again."
    ),
}


class Refused(Exception):
    """Why a single sign-on is refused. Not a SuspiciousOperation: the library would turn that into a quiet
    None, and Django would then count a failed sign-in against the address, pausing single sign-on for a
    whole office behind one address after a few unknown e-mails."""

    def __init__(self, reason, *, email="", user=None):
        super().__init__(reason)
        self.reason, self.email, self.user = reason, email, user


def provider_metadata():
    """The provider's discovery document (its endpoints), fetched at most once an hour per process."""
    issuer = settings.INTERLOCK_OIDC_ISSUER
    key = f"interlock:oidc-metadata:{issuer}"
    metadata = cache.get(key)
    if metadata is None:
        response = requests.get(f"{issuer.rstrip('/')}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        metadata = response.json()
        # OpenID Connect Discovery 4.3: a document for another issuer must not be used.
        if metadata.get("issuer") != issuer:
            raise Refused("untrusted")
        cache.set(key, metadata, METADATA_SECONDS)
    return metadata


def asserts_two_step(id_token_claims):
    """Whether the provider says it asked for a second factor (RFC 8176 amr values, or an agreed acr)."""
    amr = id_token_claims.get("amr") or []
    return bool(set(amr) & set(settings.INTERLOCK_OIDC_MFA_AMR)) or (
        id_token_claims.get("acr") in settings.INTERLOCK_OIDC_MFA_ACR
    )


def sso_refusal_record(*, request, refusal):
    """Log a refused single sign-on in the security log of the person's organisations (none when unknown)."""
    logger.warning("single sign-on refused: %s %s", refusal.reason, refusal.email)
    security_event_record(
        kind=SecurityEvent.Kind.SSO_REFUSED,
        user=refusal.user,
        request=request,
        username=refusal.email,
        detail=refusal.reason,
    )


class SingleSignOnBackend(OIDCAuthenticationBackend):
    """Lets a person in through the provider's callback: the invited account with the verified e-mail."""

    def __init__(self, *args, **kwargs):
        # Not the library's __init__: it reads the endpoints, and password sign-ins load this backend too.
        # They are read from the provider's discovery document when a callback comes (authenticate).
        self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        if request is None or "nonce" not in kwargs or not sso_enabled():
            return None
        self.request = request
        try:
            metadata = provider_metadata()
        except (requests.RequestException, ValueError) as error:
            raise Refused("unreachable") from error
        self.OIDC_OP_TOKEN_ENDPOINT = metadata["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = metadata["userinfo_endpoint"]
        self.OIDC_OP_JWKS_ENDPOINT = metadata["jwks_uri"]
        self.OIDC_RP_CLIENT_ID = settings.INTERLOCK_OIDC_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.INTERLOCK_OIDC_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        try:
            return super().authenticate(request, **kwargs)
        except requests.RequestException as error:
            # The token endpoint refused the code (used already, expired) or the provider is away.
            raise Refused("failed") from error

    def _verify_jws(self, payload, key):
        """The signature, and what the library leaves out: issuer, audience, expiry (OpenID Connect 3.1.3.7)."""
        if jwt.get_unverified_header(payload).get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise Refused("untrusted")
        try:
            claims = jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.INTERLOCK_OIDC_ISSUER,
                leeway=settings.INTERLOCK_OIDC_LEEWAY_SECONDS,
                options={"require": ["iss", "aud", "exp", "iat", "sub"]},
            )
        except jwt.ExpiredSignatureError as error:
            raise Refused("expired") from error
        except jwt.InvalidTokenError as error:
            raise Refused("untrusted") from error
        # With several audiences the token must say it was issued to us (azp).
        if isinstance(claims["aud"], list) and len(claims["aud"]) > 1 and claims.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise Refused("untrusted")
        return claims

    def get_or_create_user(self, access_token, id_token, payload):
        """The invited account, never a new one (Refused says why not)."""
        user = self._invited_account(self.get_userinfo(access_token, id_token, payload), payload)
        setattr(self.request, TWO_STEP, asserts_two_step(payload))
        return user

    def _invited_account(self, userinfo, id_token_claims):
        # OpenID Connect 5.3.2: the user info must be about the person the ID token names.
        if userinfo.get("sub") != id_token_claims["sub"]:
            raise Refused("untrusted")
        # Some providers put the e-mail or its verified flag only in the ID token (Entra ID's xms_edov).
        claims = {**id_token_claims, **userinfo}
        return sso_account_for(
            subject=claims["sub"],
            email=(claims.get("email") or "").strip(),
            email_verified=claims.get(settings.INTERLOCK_OIDC_EMAIL_VERIFIED_CLAIM) in (True, "true"),
        )


def sso_account_for(*, subject, email, email_verified):
    """The invited account a provider's identity signs in to, or Refused with the reason.

    The one matching rule of single sign-on (a SAML backend would call it too): the account already linked
    to `subject`, else the one account with the verified `email`, which is then linked to `subject`.
    """
    user_model = get_user_model()
    if not email:
        raise Refused("no_email")
    if not email_verified:
        raise Refused("unverified", email=email)
    user = user_model.objects.filter(sso_subject=subject).first()
    if user is None:
        found = list(user_model.objects.filter(email__iexact=email)[:2])
        if not found:
            raise Refused("unknown", email=email)
        if len(found) > 1:
            raise Refused("ambiguous", email=email)
        user = found[0]
        if user.sso_subject:
            raise Refused("other_identity", email=email, user=user)
    if not user.is_active:
        raise Refused("inactive", email=email, user=user)
    if not user.sso_subject:
        user.sso_subject = subject
        user.save(update_fields=["sso_subject"])
    return user
