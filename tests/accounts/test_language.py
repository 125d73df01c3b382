from django.urls import reverse


def test_switching_language_saves_it_in_the_profile_and_the_page_follows(client_for, coordinator):
    client = client_for(coordinator)

    response = client.post(reverse("accounts:set_language"), {"language": "he", "next": "/partnerships/"})

    assert response.url == "/partnerships/"
    coordinator.refresh_from_db()
    assert coordinator.preferred_language == "he"
    page = client.get(reverse("dashboards:home"))
    assert '<html lang="he" dir="rtl" ' in page.content.decode()
    assert "bootstrap.rtl.min.css" in page.content.decode()


def test_an_unknown_language_is_refused(client_for, coordinator):
    response = client_for(coordinator).post(reverse("accounts:set_language"), {"language": "xx"})

    assert response.status_code == 400


def test_the_switch_never_redirects_to_another_site(client_for, coordinator):
    response = client_for(coordinator).post(
        reverse("accounts:set_language"), {"language": "fr", "next": "https://evil.example/"}
    )

    assert response.url == "/"


def test_people_not_signed_in_can_switch_on_the_sign_in_page(client, db):
    response = client.post(reverse("accounts:set_language"), {"language": "fr", "next": "/login/"})

    assert response.cookies["django_language"].value == "fr"
    assert '<html lang="fr"' in client.get("/login/").content.decode()
