import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

PAGES = ["dashboards:home", "accounts:profile", "ministries:clusters", "password_change"]


@pytest.mark.parametrize("name", PAGES)
def test_every_page_needs_a_login(client, db, name):
    url = reverse(name)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_login_page_is_open_and_signs_in(client, db):
    UserFactory(username="claire")

    assert client.get(reverse("login")).status_code == 200
    response = client.post(reverse("login"), {"username": "claire", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboards:home")


def test_wrong_password_says_so_next_to_the_form(client, db):
    UserFactory(username="claire")

    response = client.post(reverse("login"), {"username": "claire", "password": "wrong"})

    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_repeated_failures_lock_the_login(client, db, settings):
    UserFactory(username="claire")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "claire", "password": "guess"})

    response = client.post(reverse("login"), {"username": "claire", "password": PASSWORD})

    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()


def test_logout_needs_a_post_and_ends_the_session(client_for, coordinator):
    client = client_for(coordinator)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert client.get(reverse("dashboards:home")).status_code == 302


def test_password_change(client_for, coordinator):
    coordinator.set_password("old-pass-phrase-1")
    coordinator.save()
    client = client_for(coordinator)

    response = client.post(
        reverse("password_change"),
        {"old_password": "old-pass-phrase-1", "new_password1": "n3w-pass-phrase!", "new_password2": "n3w-pass-phrase!"},
    )

    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.check_password("n3w-pass-phrase!")
