from django.urls import reverse
from django.utils import timezone

from assessments import health_services
from assessments.models import HealthCheckParticipant


def test_opening_a_health_check_already_answered_says_thank_you(client_for, partnership, coordinator):
    check = health_services.health_check_open(partnership=partnership, today=timezone.localdate())
    HealthCheckParticipant.objects.create(health_check=check, user=coordinator)
    client = client_for(coordinator)

    response = client.get(reverse("assessments:health_answer", args=[partnership.pk, check.pk]))

    assert response.url == reverse("assessments:health", args=[partnership.pk])
    assert "You have already answered this health check. Thank you." in client.get(response.url).content.decode()
