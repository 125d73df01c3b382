"""Personal API tokens: made on the person's details page, shown once, scoped, revocable, and the API's key."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken, token_digest
from api.services import api_token_create, api_token_revoke, api_token_touch
from tests.builders import signed_in
from tests.factories import ActionItemFactory, UserFactory

PARTNERSHIPS = "/api/v1/partnerships/"


def bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_the_token_page_creates_a_token_and_shows_it_once(client, coordinator):
    signed_in(client, coordinator)

    response = client.post(reverse("api:tokens"), {"name": "District tool", "scope": "write"}, follow=True)

    assert response.redirect_chain == [(reverse("api:tokens"), 302)]
    token = ApiToken.objects.get(user=coordinator)
    secret = response.context["new_token"]["secret"]
    assert (token.name, token.scope, token.prefix, token.digest) == (
        "District tool",
        "write",
        secret[:12],
        token_digest(secret),
    )
    assert str(token) == f"District tool ({secret[:12]}…)"
    assert secret.startswith("ilk_")
    assert secret.encode() in response.content
    assert token.digest != secret  # only the digest is kept
    again = client.get(reverse("api:tokens"))
    assert secret.encode() not in again.content
    assert b"District tool" in again.content


def test_a_token_without_a_name_is_refused_next_to_the_field(client, coordinator):
    signed_in(client, coordinator)

    response = client.post(reverse("api:tokens"), {"name": "", "scope": "read"})

    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize(
    ("name", "scope", "field"), [("   \u00a0", "read", "name"), ("Tool", "admin", "scope")], ids=["blank", "scope"]
)
def test_the_service_refuses_a_blank_name_or_a_scope_that_is_not_offered(coordinator, name, scope, field):
    with pytest.raises(ValidationError) as refused:
        api_token_create(user=coordinator, name=name, scope=scope)

    assert list(refused.value.message_dict) == [field]
    assert not ApiToken.objects.exists()


def test_past_the_limit_of_tokens_the_page_says_to_revoke_one(client, coordinator, settings):
    settings.INTERLOCK_API_TOKENS_PER_PERSON = 1
    api_token_create(user=coordinator, name="First", scope="read")
    signed_in(client, coordinator)

    response = client.post(reverse("api:tokens"), {"name": "Second", "scope": "read"})

    assert "Revoke one you no longer use" in str(response.context["form"].non_field_errors())
    assert list(ApiToken.objects.values_list("name", flat=True)) == ["First"]


def test_revoking_a_token_on_the_page_stops_it_at_once(client, coordinator):
    token, secret = api_token_create(user=coordinator, name="Tool", scope="read")
    signed_in(client, coordinator)

    response = client.post(reverse("api:token_revoke", kwargs={"token_pk": token.pk}))

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.is_revoked
    client.logout()
    refused = client.get(PARTNERSHIPS, **bearer(secret))
    assert refused.status_code == 401
    assert "revoked" in refused.json()["detail"]


def test_nobody_revokes_another_persons_token(client, coordinator, partner_coordinator):
    token, _secret = api_token_create(user=partner_coordinator, name="Theirs", scope="read")
    signed_in(client, coordinator)

    response = client.post(reverse("api:token_revoke", kwargs={"token_pk": token.pk}))

    assert response.status_code == 404
    token.refresh_from_db()
    assert not token.is_revoked


def test_revoking_twice_keeps_the_first_date(coordinator):
    token, _secret = api_token_create(user=coordinator, name="Tool", scope="read")
    first = api_token_revoke(token=token).revoked_at

    assert api_token_revoke(token=token).revoked_at == first


def test_a_token_opens_the_api_and_notes_when_it_was_used(client, coordinator):
    token, secret = api_token_create(user=coordinator, name="Tool", scope="read")

    response = client.get(PARTNERSHIPS, **bearer(secret))

    assert response.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_last_use_is_written_at_most_once_a_minute(coordinator):
    token, _secret = api_token_create(user=coordinator, name="Tool", scope="read")
    now = timezone.now()
    api_token_touch(token=token, now=now)

    api_token_touch(token=token, now=now + timedelta(seconds=30))
    assert ApiToken.objects.get(pk=token.pk).last_used_at == now
    api_token_touch(token=token, now=now + timedelta(minutes=2))
    assert ApiToken.objects.get(pk=token.pk).last_used_at == now + timedelta(minutes=2)


@pytest.mark.parametrize(
    "header",
    ["Bearer", "Bearer two words", "Bearer ilk_not-a-token", "Bearer \u00e9t\u00e9"],
)
def test_a_wrong_or_malformed_token_is_refused_with_401(db, client, header):
    response = client.get(PARTNERSHIPS, HTTP_AUTHORIZATION=header.encode().decode("latin-1"))

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="api"'


def test_no_credentials_is_401_not_a_redirect_to_the_sign_in_page(db, client):
    response = client.get(PARTNERSHIPS)

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="api"'


def test_a_token_of_someone_deactivated_is_refused(client, coordinator):
    _token, secret = api_token_create(user=coordinator, name="Tool", scope="read")
    coordinator.is_active = False
    coordinator.save(update_fields=["is_active"])

    assert client.get(PARTNERSHIPS, **bearer(secret)).status_code == 401


def test_a_read_only_token_cannot_change_anything(client, coordinator, partnership):
    item = ActionItemFactory(partnership=partnership, owner=coordinator)
    _token, secret = api_token_create(user=coordinator, name="Tool", scope="read")
    url = f"/api/v1/partnerships/{partnership.pk}/action-items/{item.pk}/"

    response = client.patch(url, {"status": "done"}, content_type="application/json", **bearer(secret))

    assert response.status_code == 403
    assert "may only read" in response.json()["detail"]
    item.refresh_from_db()
    assert item.status == "open"


def test_a_write_token_changes_what_its_owner_may_change(client, coordinator, partnership):
    item = ActionItemFactory(partnership=partnership, owner=coordinator)
    _token, secret = api_token_create(user=coordinator, name="Tool", scope="write")
    url = f"/api/v1/partnerships/{partnership.pk}/action-items/{item.pk}/"

    response = client.patch(url, {"status": "done"}, content_type="application/json", **bearer(secret))

    assert (response.status_code, response.json()["status"]) == (200, "done")
    item.refresh_from_db()
    assert item.status == "done"


def test_calls_past_the_rate_limit_are_told_to_wait(client, coordinator, settings):
    settings.INTERLOCK_API_RATE = "2/minute"
    _token, secret = api_token_create(user=coordinator, name="Tool", scope="read")

    statuses = [client.get(PARTNERSHIPS, **bearer(secret)).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    assert int(client.get(PARTNERSHIPS, **bearer(secret)).headers["Retry-After"]) > 0


def test_the_rate_limit_is_per_person(client, coordinator, settings):
    settings.INTERLOCK_API_RATE = "1/minute"
    _token, first = api_token_create(user=coordinator, name="Tool", scope="read")
    _token, second = api_token_create(user=UserFactory(), name="Tool", scope="read")

    assert client.get(PARTNERSHIPS, **bearer(first)).status_code == 200
    assert client.get(PARTNERSHIPS, **bearer(second)).status_code == 200
    assert client.get(PARTNERSHIPS, **bearer(first)).status_code == 429


def test_the_token_page_lists_its_errors_first_and_reads_right_to_left_in_hebrew(client, coordinator):
    coordinator.preferred_language = "he"
    coordinator.save(update_fields=["preferred_language"])
    signed_in(client, coordinator)

    html = client.post(reverse("api:tokens"), {"name": "", "scope": "read"}).content.decode()

    assert 'dir="rtl"' in html
    assert "error-summary" in html
    assert "<title>" in html
    assert "אסימוני ה-API שלי" in html.split("</title>")[0]
    assert 'href="#id_name"' in html
