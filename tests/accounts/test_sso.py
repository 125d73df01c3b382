"""Single sign-on against a real OpenID provider on loopback (the oidc_provider fixture, tests/oidc/provider.js).

The test client plays the browser on Interlock's side; a requests session plays it at the provider, following
its redirects until it sends the person back to Interlock's callback, which the test client then opens.
"""

import re
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.two_factor import VERIFIED_AT
from ministries.models import Role
from ministries.services import invitation_create
from security.models import SecurityEvent
from tests.factories import PASSWORD, MembershipFactory, UserFactory, person

CALLBACK = reverse("accounts:sso_callback")


@pytest.fixture(autouse=True)
def sso_on(settings, oidc_provider):
    settings.INTERLOCK_OIDC_ISSUER = oidc_provider.issuer
    settings.INTERLOCK_OIDC_CLIENT_ID = "interlock"
    settings.INTERLOCK_OIDC_CLIENT_SECRET = "interlock-secret"
    settings.INTERLOCK_OIDC_PROVIDER_NAME = "Ontario ID"
    return oidc_provider


def through_provider(client, **query):
    """Start at Interlock's button, go through the provider, and return the callback URL it sends back to."""
    response = client.get(reverse("accounts:sso_start"), query)
    assert response.status_code == 302
    browser = requests.Session()
    location = response["Location"]
    while not location.startswith("http://testserver"):
        response = browser.get(location, allow_redirects=False, timeout=10)
        assert response.status_code in (302, 303), response.text
        location = urljoin(response.url, response.headers["Location"])
    assert urlsplit(location).path == CALLBACK
    return location.removeprefix("http://testserver")


def sign_in(client, provider, **who):
    provider.sign_in_next(**who)
    return client.get(through_provider(client))


def refusal_page(client, response):
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:sso_refused")
    page = client.get(response["Location"])
    assert page.status_code == 403
    return page.content.decode()


def is_signed_in(client):
    return "_auth_user_id" in client.session


def events(kind):
    return list(SecurityEvent.objects.filter(kind=kind).values_list("username", "user__username", "detail"))


def test_the_sign_in_page_offers_the_provider_when_single_sign_on_is_on(client, settings, db):
    page = client.get(reverse("login")).content.decode()
    assert "Sign in with Ontario ID" in page

    settings.INTERLOCK_OIDC_ISSUER = ""
    page = client.get(reverse("login")).content.decode()
    assert "Sign in with" not in page
    assert client.get(reverse("accounts:sso_start")).status_code == 404
    assert client.get(CALLBACK).status_code == 404


def test_a_verified_email_signs_in_the_invited_person_and_keeps_their_provider_id(client, sso_on, coordinator):
    response = sign_in(client, sso_on, sub="ontario-4711", email=coordinator.email.upper())

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboards:home")
    assert client.get(reverse("dashboards:home")).status_code == 200
    coordinator.refresh_from_db()
    assert coordinator.sso_subject == "ontario-4711"
    assert events(SecurityEvent.Kind.SSO_SIGN_IN) == [("coordinator", "coordinator", sso_on.issuer)]
    assert events(SecurityEvent.Kind.SIGN_IN) == []


def test_later_sign_ins_follow_the_provider_id_not_the_address(client, sso_on, coordinator):
    coordinator.sso_subject = "ontario-4711"
    coordinator.save()

    response = sign_in(client, sso_on, sub="ontario-4711", email="c.new-name@example.gov")

    assert response["Location"] == reverse("dashboards:home")
    assert client.session["_auth_user_id"] == str(coordinator.pk)


def test_the_next_page_asked_for_comes_after_the_sign_in(client, sso_on, coordinator):
    sso_on.sign_in_next(sub="ontario-4711", email=coordinator.email)

    response = client.get(through_provider(client, next=reverse("accounts:profile")))

    assert response["Location"] == reverse("accounts:profile")


def test_an_unknown_email_is_refused_and_nobody_is_created(client, sso_on, coordinator):
    people = get_user_model().objects.count()

    response = sign_in(client, sso_on, sub="stranger-1", email="stranger@example.gov")

    page = refusal_page(client, response)
    assert "Interlock has no account with the e-mail address stranger@example.gov" in page
    assert "Ask your organisation&#x27;s administrator to invite you with this address" in page
    assert not is_signed_in(client)
    assert get_user_model().objects.count() == people
    assert events(SecurityEvent.Kind.SSO_REFUSED) == [("stranger@example.gov", None, "unknown")]


def test_an_unverified_email_is_refused(client, sso_on, coordinator):
    response = sign_in(client, sso_on, sub="ontario-4711", email=coordinator.email, email_verified=False)

    assert "has not confirmed the e-mail address" in refusal_page(client, response)
    assert not is_signed_in(client)
    coordinator.refresh_from_db()
    assert coordinator.sso_subject == ""
    assert events(SecurityEvent.Kind.SSO_REFUSED) == [(coordinator.email, None, "unverified")]


def test_an_id_token_for_another_application_is_refused(client, sso_on, coordinator):
    sso_on.sign_in_next(sub="ontario-4711", email=coordinator.email)
    callback = through_provider(client)
    sso_on.spoil_next_id_token("audience")

    response = client.get(callback)

    assert "could not be trusted" in refusal_page(client, response)
    assert not is_signed_in(client)
    assert events(SecurityEvent.Kind.SSO_REFUSED) == [("", None, "untrusted")]


def test_an_expired_id_token_is_refused(client, sso_on, coordinator):
    sso_on.sign_in_next(sub="ontario-4711", email=coordinator.email)
    callback = through_provider(client)
    sso_on.spoil_next_id_token("expired")

    response = client.get(callback)

    assert "The sign-in took too long and expired" in refusal_page(client, response)
    assert not is_signed_in(client)
    assert events(SecurityEvent.Kind.SSO_REFUSED) == [("", None, "expired")]


def test_a_replayed_state_is_refused_in_the_same_browser_and_in_another(client, sso_on, coordinator):
    sso_on.sign_in_next(sub="ontario-4711", email=coordinator.email)
    callback = through_provider(client)
    assert client.get(callback)["Location"] == reverse("dashboards:home")

    again = client.get(callback)
    elsewhere = Client()
    stolen = elsewhere.get(callback)

    assert "it was used twice" in refusal_page(client, again)
    assert "it was used twice" in refusal_page(elsewhere, stolen)
    assert not is_signed_in(elsewhere)
    assert len(events(SecurityEvent.Kind.SSO_SIGN_IN)) == 1
    assert events(SecurityEvent.Kind.SSO_REFUSED) == [("", None, "failed"), ("", None, "failed")]


def test_a_code_already_used_is_refused_by_the_provider(client, sso_on, coordinator):
    sso_on.sign_in_next(sub="ontario-4711", email=coordinator.email)
    first = through_provider(client)
    client.get(first)
    client.logout()
    # A new sign-in in the same browser, answered with the first one's code.
    started = client.get(reverse("accounts:sso_start"))
    state = parse_qs(urlsplit(started["Location"]).query)["state"][0]
    code = parse_qs(urlsplit(first).query)["code"][0]

    response = client.get(CALLBACK, {"code": code, "state": state})

    assert "it was used twice" in refusal_page(client, response)
    assert not is_signed_in(client)


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("closed", "Your Interlock account is closed"),
        ("two_accounts", "More than one Interlock account has the e-mail address"),
        ("linked_elsewhere", "is linked to another person at your sign-in service"),
        ("no_email", "Your sign-in service gave no e-mail address"),
    ],
)
def test_accounts_that_cannot_be_matched_safely_are_refused(client, sso_on, db, case, message):
    user = UserFactory(username="claire", email="claire@example.gov")
    if case == "closed":
        user.is_active = False
    if case == "linked_elsewhere":
        user.sso_subject = "someone-else"
    user.save()
    if case == "two_accounts":
        UserFactory(username="claire2", email="Claire@example.gov")

    response = sign_in(client, sso_on, sub="ontario-1", email="" if case == "no_email" else "claire@example.gov")

    assert message in refusal_page(client, response)
    assert not is_signed_in(client)


def test_a_provider_that_does_not_answer_is_said_so(client, settings, db):
    settings.INTERLOCK_OIDC_ISSUER = "http://127.0.0.1:9"

    response = client.get(reverse("accounts:sso_start"))

    assert "does not answer right now" in refusal_page(client, response)


def test_a_discovery_document_of_another_issuer_is_not_used(client, settings, sso_on, db):
    settings.INTERLOCK_OIDC_ISSUER = sso_on.issuer + "/"

    response = client.get(reverse("accounts:sso_start"))

    assert "could not be trusted" in refusal_page(client, response)


def test_the_refusal_page_opened_by_itself_says_to_sign_in_again(client, db):
    response = client.get(reverse("accounts:sso_refused"))

    assert response.status_code == 403
    assert "Sign in again" in response.content.decode()


def test_a_password_is_refused_where_the_organisation_uses_single_sign_on_only(client, sso_on, ministry, coordinator):
    ministry.password_sign_in = False
    ministry.save()

    response = client.post(reverse("login"), {"username": "coordinator", "password": PASSWORD})

    assert response.status_code == 200
    assert "Your organisation signs in with single sign-on, not a password" in response.content.decode()
    assert not is_signed_in(client)
    # The same person comes in through the provider.
    assert sign_in(client, sso_on, sub="ontario-4711", email=coordinator.email)["Location"] == reverse(
        "dashboards:home"
    )


def test_a_password_still_works_in_an_organisation_that_allows_it(client, sso_on, coordinator):
    response = client.post(reverse("login"), {"username": "coordinator", "password": PASSWORD})

    assert response["Location"] == reverse("dashboards:home")


def test_a_second_factor_at_the_provider_counts_as_two_step_sign_in(client, sso_on, executive):
    sign_in(client, sso_on, sub="exec-1", email=executive.email, amr=("pwd", "mfa"))

    assert VERIFIED_AT in client.session
    assert client.get(reverse("dashboards:home")).status_code == 200


def test_an_agreed_acr_counts_as_two_step_sign_in(client, settings, sso_on, executive):
    settings.INTERLOCK_OIDC_MFA_ACR = ["gold"]

    sign_in(client, sso_on, sub="exec-1", email=executive.email, acr="gold")

    assert VERIFIED_AT in client.session


def test_without_a_second_factor_at_the_provider_interlock_asks_for_its_own(client, sso_on, executive):
    sign_in(client, sso_on, sub="exec-1", email=executive.email, amr=("pwd",))

    assert VERIFIED_AT not in client.session
    assert client.get(reverse("dashboards:home"))["Location"] == reverse("accounts:two_factor_setup")


# How an organisation's people sign in: its administrators decide.


def sign_in_settings(ministry):
    return reverse("ministries:sign_in_settings", args=[ministry.pk])


def test_an_administrator_turns_passwords_off_for_their_organisation(client_for, sso_on, ministry, administrator):
    client = client_for(administrator)
    assert "With single sign-on only" in client.get(sign_in_settings(ministry)).content.decode()

    response = client.post(sign_in_settings(ministry), {"password_sign_in": "False"})

    assert response["Location"] == ministry.get_absolute_url()
    ministry.refresh_from_db()
    assert ministry.password_sign_in is False


def test_passwords_stay_on_where_the_site_has_no_single_sign_on(client_for, settings, ministry, administrator):
    settings.INTERLOCK_OIDC_ISSUER = ""

    response = client_for(administrator).post(sign_in_settings(ministry), {"password_sign_in": "False"})

    assert response.status_code == 200
    page = response.content.decode()
    # In the error summary, and next to the choice.
    assert 'id="error-summary-title"' in page
    assert page.count("This site has no single sign-on yet") == 2
    ministry.refresh_from_db()
    assert ministry.password_sign_in is True


def test_only_the_organisations_own_administrators_set_how_its_people_sign_in(
    client_for, sso_on, ministry, other_ministry, coordinator
):
    other_admin = person(other_ministry, Role.ADMINISTRATOR, user__username="other.admin")

    assert client_for(other_admin).post(sign_in_settings(ministry), {"password_sign_in": "False"}).status_code == 404
    assert client_for(coordinator).post(sign_in_settings(ministry), {"password_sign_in": "False"}).status_code == 404
    ministry.refresh_from_db()
    assert ministry.password_sign_in is True


def test_a_person_of_two_organisations_needs_single_sign_on_if_either_asks_for_it(
    client, sso_on, ministry, other_ministry
):
    user = person(ministry, Role.COORDINATOR, user__username="two.hats")
    MembershipFactory(user=user, ministry=other_ministry, role=Role.EVALUATOR)
    other_ministry.password_sign_in = False
    other_ministry.save()

    response = client.post(reverse("login"), {"username": "two.hats", "password": PASSWORD})

    assert "Your organisation signs in with single sign-on" in response.content.decode()


def test_the_admins_sign_in_keeps_passwords_off_too(client, sso_on, ministry, coordinator):
    coordinator.is_staff = True
    coordinator.save()
    ministry.password_sign_in = False
    ministry.save()

    response = client.post(reverse("admin:login"), {"username": "coordinator", "password": PASSWORD})

    assert response.status_code == 200
    assert "Your organisation signs in with single sign-on, not a password" in response.content.decode()
    assert not is_signed_in(client)


def test_refusals_do_not_pause_single_sign_on_for_the_address(client, settings, sso_on, coordinator):
    # Many people of one office share an address: strangers refused there must not lock the others out.
    settings.AXES_FAILURE_LIMIT = 1
    for n in range(2):
        refusal_page(client, sign_in(client, sso_on, sub=f"stranger-{n}", email=f"stranger{n}@example.gov"))

    response = sign_in(client, sso_on, sub="ontario-4711", email=coordinator.email)

    assert response["Location"] == reverse("dashboards:home")
    assert is_signed_in(client)


def test_changing_how_people_sign_in_is_written_to_the_security_log(client_for, sso_on, ministry, administrator):
    client = client_for(administrator)

    client.post(sign_in_settings(ministry), {"password_sign_in": "False"})
    client.post(sign_in_settings(ministry), {"password_sign_in": "False"})  # no change: no line
    client.post(sign_in_settings(ministry), {"password_sign_in": "True"})

    logged = SecurityEvent.objects.filter(kind__in=["sso_only", "passwords_allowed"]).order_by("pk")
    assert list(logged.values_list("kind", "ministry", "user")) == [
        ("sso_only", ministry.pk, administrator.pk),
        ("passwords_allowed", ministry.pk, administrator.pk),
    ]


def test_a_refused_sign_in_change_leaves_no_log_line(client_for, settings, ministry, administrator):
    settings.INTERLOCK_OIDC_ISSUER = ""

    client_for(administrator).post(sign_in_settings(ministry), {"password_sign_in": "False"})

    assert not SecurityEvent.objects.filter(kind__in=["sso_only", "passwords_allowed"]).exists()


# An invitation into an organisation that signs in with single sign-on only.


def test_an_invitation_to_a_single_sign_on_organisation_asks_no_password_and_sends_to_the_provider(
    client, sso_on, ministry, administrator
):
    ministry.password_sign_in = False
    ministry.save()
    invitation = invitation_create(ministry=ministry, email="nour@example.gov", role=Role.FIELD_STAFF, by=administrator)
    link = re.search(r"https?://\S+(/ministries/join/\S+/)", mail.outbox[0].body).group(1)

    page = client.get(link)
    assert list(page.context["form"].fields) == ["first_name", "last_name"]
    assert "you choose no password here" in page.content.decode()

    response = client.post(link, {"first_name": "Nour", "last_name": "Haddad"})

    assert response["Location"] == reverse("accounts:sso_start")
    user = get_user_model().objects.get(email="nour@example.gov")
    assert (user.get_full_name(), user.has_usable_password(), is_signed_in(client)) == ("Nour Haddad", False, False)
    assert list(user.memberships.values_list("ministry", "role")) == [(ministry.pk, Role.FIELD_STAFF)]
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    # The provider's identity is linked to the new account by its address.
    assert sign_in(client, sso_on, sub="ontario-nour", email="nour@example.gov")["Location"] == reverse(
        "dashboards:home"
    )
    user.refresh_from_db()
    assert user.sso_subject == "ontario-nour"


def test_an_invitation_where_passwords_are_allowed_still_asks_for_one(client, sso_on, ministry, administrator):
    invitation_create(ministry=ministry, email="sam@example.gov", role=Role.FIELD_STAFF, by=administrator)
    link = re.search(r"https?://\S+(/ministries/join/\S+/)", mail.outbox[0].body).group(1)

    response = client.post(link, {"first_name": "Sam", "last_name": "Lee"})

    assert response.status_code == 200
    assert response.context["form"].errors["password1"] == ["This field is required."]
    assert not get_user_model().objects.filter(email="sam@example.gov").exists()
