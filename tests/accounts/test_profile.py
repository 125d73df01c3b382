import re

import pytest
from django.urls import reverse

from tests.builders import signed_in


def test_navigation_shows_administration_only_to_staff_administrators(client_for, administrator, coordinator):
    assert "Administration" in client_for(administrator).get(reverse("dashboards:home")).content.decode()
    assert "Administration" not in client_for(coordinator).get(reverse("dashboards:home")).content.decode()


def test_profile_saves_language_and_reminder_choice(client_for, coordinator):
    response = client_for(coordinator).post(
        reverse("accounts:profile"),
        {
            "first_name": "Claire",
            "last_name": "Tremblay",
            "email": "c@example.gov",
            "preferred_language": "fr",
            "notify_by": "inbox",
        },
    )

    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert (coordinator.preferred_language, coordinator.notify_by) == ("fr", "inbox")


def test_profile_refuses_an_unknown_language_with_a_message(client_for, coordinator):
    response = client_for(coordinator).post(
        reverse("accounts:profile"), {"preferred_language": "xx", "notify_by": "inbox"}
    )

    assert response.status_code == 200
    assert "preferred_language" in response.context["form"].errors


def profile_post(**changes):
    return {"email": "c@example.gov", "preferred_language": "en", "notify_by": "email", **changes}


def test_profile_dark_colour_scheme_is_saved_and_drawn_on_every_page(client_for, coordinator):
    client = client_for(coordinator)

    response = client.post(reverse("accounts:profile"), profile_post(colour_scheme="dark"))

    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.colour_scheme == "dark"
    page = client.get(reverse("dashboards:home")).content.decode()
    assert 'data-colour-scheme="dark" data-bs-theme="dark"' in page


def test_profile_light_colour_scheme_ignores_the_device(client_for, coordinator):
    client = client_for(coordinator)
    client.post(reverse("accounts:profile"), profile_post(colour_scheme="light"))

    page = client.get(reverse("accounts:profile")).content.decode()

    assert 'data-colour-scheme="light" data-bs-theme="light"' in page
    assert re.search(r'name="colour_scheme" value="light"\s+id="id_colour_scheme_1" checked>', page)


def test_profile_colour_scheme_follows_the_device_by_default_and_when_signed_out(client, coordinator):
    signed_out = client.get(reverse("login")).content.decode()
    assert coordinator.colour_scheme == "auto"
    page = signed_in(client, coordinator).get(reverse("accounts:profile")).content.decode()
    # Light until static/js/theme.js, loaded before anything is drawn, reads the device's setting.
    assert 'data-colour-scheme="auto" data-bs-theme="light"' in page
    assert page.index('src="/static/js/theme.js"></script>') < page.index('rel="stylesheet"')
    assert 'data-colour-scheme="auto" data-bs-theme="light"' in signed_out


@pytest.mark.parametrize("value", ["purple", "²", "d" * 500, "DARK"])
def test_profile_refuses_an_unknown_colour_scheme_with_a_message(client_for, coordinator, value):
    response = client_for(coordinator).post(reverse("accounts:profile"), profile_post(colour_scheme=value))

    assert response.status_code == 200
    assert "colour_scheme" in response.context["form"].errors
    coordinator.refresh_from_db()
    assert coordinator.colour_scheme == "auto"


def test_profile_post_without_a_colour_scheme_keeps_the_one_chosen(client_for, coordinator):
    coordinator.colour_scheme = "dark"
    coordinator.save(update_fields=["colour_scheme"])

    response = client_for(coordinator).post(reverse("accounts:profile"), profile_post(notify_by="inbox"))

    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert (coordinator.colour_scheme, coordinator.notify_by) == ("dark", "inbox")
