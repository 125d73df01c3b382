"""Two-step sign-in: set-up, the code after the password, recovery codes, turning it off, and step-up.

These tests sign in with the password (or force_login alone), never with builders.signed_in: the second step is
what they test.
"""

import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.services import two_factor_enable, two_factor_key
from accounts.two_factor import PENDING_KEY, VERIFIED_AT
from assessments.models import GateDecision
from assessments.services import gate_request
from charters.models import CharterSignature
from ministries.models import Role
from security.models import SecurityEvent
from tests.builders import send_charter_for_signature, settle_points
from tests.factories import PASSWORD, UserFactory, person

HOME = reverse("dashboards:home")
SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")


def code_for(user):
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def with_two_factor(user):
    """The user's app set up and confirmed, as the set-up page does; returns the recovery codes."""
    key = two_factor_key()
    return two_factor_enable(user=user, key=key, code=f"{totp(bytes.fromhex(key)):06d}")


def code_on_set_up(client):
    """What the app shows for the key the set-up page offers."""
    return f"{totp(bytes.fromhex(client.session[PENDING_KEY])):06d}"


def password_sign_in(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def spend_current_code(user):
    """Make the app's current code count as used, so the next one in the test is fresh."""
    TOTPDevice.objects.filter(user=user).update(last_t=-1)


def test_an_executive_is_sent_to_set_up_before_any_other_page(client, executive):
    password_sign_in(client, executive)

    response = client.get(HOME)

    assert response.status_code == 302
    assert response.url == SETUP


def test_support_staff_are_sent_to_set_up_before_the_admin_site(client, db):
    # A superuser may open any partnership (with a reason): a password alone must not be enough.
    superuser = UserFactory(username="support", is_staff=True, is_superuser=True)
    password_sign_in(client, superuser)

    for page in (HOME, reverse("admin:index")):
        response = client.get(page)
        assert (response.status_code, response.url) == (302, SETUP)


def test_a_coordinator_without_two_step_sign_in_goes_straight_in(client, coordinator):
    password_sign_in(client, coordinator)

    assert client.get(HOME).status_code == 200


def test_set_up_shows_the_qr_code_and_key_and_keeps_them_on_reload(client, executive):
    password_sign_in(client, executive)

    first = client.get(SETUP)
    second = client.get(SETUP)

    assert first.status_code == 200
    assert "<svg" in first.content.decode()
    assert first.context["key"] == second.context["key"]
    # Opening the page saves nothing: the key waits in the session until a code confirms it.
    assert not TOTPDevice.objects.filter(user=executive).exists()


def test_set_up_refuses_a_wrong_code(client, executive):
    password_sign_in(client, executive)
    client.get(SETUP)
    wrong = "000000" if code_on_set_up(client) != "000000" else "111111"

    response = client.post(SETUP, {"code": wrong})

    assert response.status_code == 200
    assert "That code is not right" in response.context["form"].errors["code"][0]
    assert not TOTPDevice.objects.filter(user=executive).exists()
    assert client.get(HOME).url == SETUP


@pytest.mark.parametrize("typed", ["12a4 56", "²³⁴567", "١٢٣٤٥٦", "", "1" * 30])
def test_set_up_says_what_to_type_for_bad_input(client, executive, typed):
    password_sign_in(client, executive)
    client.get(SETUP)

    response = client.post(SETUP, {"code": typed})

    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert not TOTPDevice.objects.filter(user=executive).exists()


def test_set_up_with_the_right_code_turns_it_on_and_shows_ten_recovery_codes_once(client, executive, ministry):
    password_sign_in(client, executive)
    client.get(SETUP)

    key = client.session[PENDING_KEY]
    code = code_on_set_up(client)

    response = client.post(SETUP, {"code": code})
    reused = Client()
    password_sign_in(reused, executive)

    codes = response.context["codes"]
    assert (response.status_code, len(codes), len(set(codes))) == (200, 10, 10)
    assert all(code in response.content.decode() for code in codes)
    assert TOTPDevice.objects.get(user=executive, confirmed=True).key == key
    assert PENDING_KEY not in client.session
    # The code that confirmed the set-up does not sign in a second time.
    assert reused.post(VERIFY, {"code": code, "next": HOME}).status_code == 200
    assert sorted(StaticToken.objects.filter(device__user=executive).values_list("token", flat=True)) == sorted(codes)
    assert client.get(HOME).status_code == 200
    assert client.get(SETUP).url == reverse("accounts:profile")
    on = SecurityEvent.objects.get(kind=SecurityEvent.Kind.TWO_FACTOR_ON)
    assert (on.user, on.ministry) == (executive, ministry)


def test_after_the_password_a_code_is_asked_then_the_page_opens(client, executive):
    with_two_factor(executive)
    spend_current_code(executive)
    password_sign_in(client, executive)
    wanted = reverse("accounts:profile")

    asked = client.get(wanted)
    response = client.post(VERIFY, {"code": code_for(executive), "next": wanted})

    assert asked.url == f"{VERIFY}?next=%2Fprofile%2F"
    assert response.url == wanted
    assert client.get(wanted).status_code == 200


def test_between_the_steps_a_fragment_is_refused_and_nothing_polls(client, coordinator, executive):
    # The inbox count used to follow the redirect and swap the code page into itself, again and again,
    # racing the code the person was typing.
    with_two_factor(executive)
    password_sign_in(client, executive)
    badge = reverse("notifications:badge")

    fragment = client.get(badge, headers={"HX-Request": "true"})
    code_page = client.get(VERIFY)

    assert fragment.status_code == 401
    assert badge not in code_page.content.decode()
    # Someone who has nothing to type meets neither.
    other = Client()
    password_sign_in(other, coordinator)
    assert other.get(badge, headers={"HX-Request": "true"}).status_code == 200
    assert badge in other.get(HOME).content.decode()


def test_set_up_page_has_no_inbox_count_and_refuses_fragments(client, executive):
    password_sign_in(client, executive)

    assert client.get(reverse("notifications:badge"), headers={"HX-Request": "true"}).status_code == 401
    assert reverse("notifications:badge") not in client.get(SETUP).content.decode()


def test_a_wrong_code_keeps_the_door_shut_and_is_logged(client, executive):
    with_two_factor(executive)
    password_sign_in(client, executive)
    wrong = "000000" if code_for(executive) != "000000" else "111111"

    response = client.post(VERIFY, {"code": wrong, "next": HOME})

    assert response.status_code == 200
    assert "That code is not right" in response.context["form"].errors["code"][0]
    assert client.get(HOME).status_code == 302
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.TWO_FACTOR_FAILED, user=executive).count() == 1


def test_a_code_already_used_is_refused(client, executive):
    with_two_factor(executive)
    spend_current_code(executive)
    code = code_for(executive)
    password_sign_in(client, executive)
    client.post(VERIFY, {"code": code, "next": HOME})
    thief = password_sign_in(Client(), executive)

    response = thief.post(VERIFY, {"code": code, "next": HOME})

    assert client.get(HOME).status_code == 200
    assert response.status_code == 200
    assert thief.get(HOME).status_code == 302


def test_a_recovery_code_works_once(client, executive):
    codes = with_two_factor(executive)
    password_sign_in(client, executive)

    used = client.post(VERIFY, {"code": codes[0].upper(), "next": HOME})
    again = password_sign_in(Client(), executive).post(VERIFY, {"code": codes[0], "next": HOME})

    assert used.url == HOME
    assert again.status_code == 200
    assert StaticToken.objects.filter(device__user=executive).count() == 9
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.RECOVERY_CODE_USED)
    assert event.detail == "9 recovery codes left."


@pytest.mark.parametrize("next_url", ["https://elsewhere.example/", "//elsewhere.example/", "javascript:alert(1)"])
def test_the_code_page_never_sends_anyone_off_the_site(client, executive, next_url):
    codes = with_two_factor(executive)
    password_sign_in(client, executive)

    response = client.post(VERIFY, {"code": codes[0], "next": next_url})

    assert response.url == HOME


def test_the_code_page_sends_on_those_who_have_nothing_to_type(client, coordinator, executive):
    password_sign_in(client, coordinator)
    assert client.get(VERIFY, {"next": "/profile/"}).url == "/profile/"

    client.logout()
    password_sign_in(client, executive)
    assert client.get(VERIFY).url == SETUP


def test_a_coordinator_may_turn_it_on_and_off_with_a_code(client, coordinator):
    codes = with_two_factor(coordinator)
    password_sign_in(client, coordinator)
    client.post(VERIFY, {"code": codes[0], "next": HOME})
    profile = client.get(reverse("accounts:profile")).content.decode()

    response = client.post(reverse("accounts:two_factor_turn_off"), {"code": codes[1]})

    assert "Turn off two-step sign-in" in profile
    assert response.url == reverse("accounts:profile")
    assert not TOTPDevice.objects.filter(user=coordinator).exists()
    assert not StaticToken.objects.filter(device__user=coordinator).exists()
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.TWO_FACTOR_OFF, user=coordinator).count() == 1


def test_turning_it_off_needs_the_right_code(client, coordinator):
    codes = with_two_factor(coordinator)
    password_sign_in(client, coordinator)
    client.post(VERIFY, {"code": codes[0], "next": HOME})

    response = client.post(reverse("accounts:two_factor_turn_off"), {"code": "nonsense"}, follow=True)

    assert "the code was not right" in response.content.decode()
    assert TOTPDevice.objects.filter(user=coordinator, confirmed=True).exists()


def test_an_executive_cannot_turn_it_off(client, executive):
    codes = with_two_factor(executive)
    password_sign_in(client, executive)
    client.post(VERIFY, {"code": codes[0], "next": HOME})
    profile = client.get(reverse("accounts:profile")).content.decode()

    response = client.post(reverse("accounts:two_factor_turn_off"), {"code": codes[1]}, follow=True)

    assert "Turn off two-step sign-in" not in profile
    assert "must keep two-step sign-in on" in response.content.decode()
    assert TOTPDevice.objects.filter(user=executive, confirmed=True).exists()


def test_the_profile_offers_set_up_to_those_without_it(client, coordinator):
    password_sign_in(client, coordinator)

    page = client.get(reverse("accounts:profile")).content.decode()

    assert reverse("accounts:two_factor_setup") in page


# Step-up: signing and deciding ask for a fresh code


def verified_minutes_ago(client, user, minutes):
    client.force_login(user)
    session = client.session
    session[VERIFIED_AT] = int(time.time()) - minutes * 60
    session.save()
    return client


def test_signing_with_an_old_code_asks_for_a_fresh_one_first(client, executive, ministry, partnership):
    with_two_factor(executive)
    send_charter_for_signature(partnership)
    verified_minutes_ago(client, executive, 20)
    charter = reverse("charters:charter", args=[partnership.pk])
    sign = reverse("charters:charter_sign", args=[partnership.pk])

    asked = client.post(sign, {"ministry": ministry.pk}, HTTP_REFERER=f"http://testserver{charter}")
    spend_current_code(executive)
    client.post(VERIFY, {"code": code_for(executive), "next": asked.url.split("next=")[1]})
    signed = client.post(sign, {"ministry": ministry.pk})

    assert asked.url == f"{VERIFY}?next=http%3A%2F%2Ftestserver{charter.replace('/', '%2F')}"
    assert signed.url == charter
    assert CharterSignature.objects.get().signed_by == executive


def test_signing_within_the_set_time_asks_nothing(client, executive, ministry, partnership):
    with_two_factor(executive)
    send_charter_for_signature(partnership)
    verified_minutes_ago(client, executive, 10)

    client.post(reverse("charters:charter_sign", args=[partnership.pk]), {"ministry": ministry.pk})

    assert CharterSignature.objects.filter(ministry=ministry, signed_by=executive).exists()
    assert SecurityEvent.objects.get(kind=SecurityEvent.Kind.CHARTER_SIGNED).partnership == partnership


def test_deciding_a_gate_with_an_old_code_asks_for_a_fresh_one(client, coordinator, executive, partnership):
    settle_points(partnership, [1, 2, 3])
    gate_request(partnership=partnership, by=coordinator)
    with_two_factor(executive)
    verified_minutes_ago(client, executive, 16)
    decide = reverse("assessments:gate_decide", args=[partnership.pk])

    asked = client.get(decide)
    refused = client.post(decide, {"outcome": "go", "reason": "Go.", "conditions-TOTAL_FORMS": 0})

    assert asked.url == f"{VERIFY}?next={decide.replace('/', '%2F')}"
    assert refused.url == f"{VERIFY}?next=%2F"
    assert not GateDecision.objects.exists()


def test_someone_without_two_step_sign_in_is_not_stopped_at_the_gate(client, ministry, partnership):
    signer = person(ministry, Role.COORDINATOR, can_sign=True)
    send_charter_for_signature(partnership)
    client.force_login(signer)

    client.post(reverse("charters:charter_sign", args=[partnership.pk]), {"ministry": ministry.pk})

    assert CharterSignature.objects.get().signed_by == signer
