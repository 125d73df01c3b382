from django.urls import reverse


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
