"""Only a POST changes what a person has read: a GET of a notification's link follows it and nothing more."""

from django.urls import reverse

from notifications.models import Kind, Notification


def _notification(recipient):
    return Notification.objects.create(
        recipient=recipient, kind=Kind.REVIEW_DUE, title="Review due", url="/partnerships/"
    )


def test_notification_get_follows_the_link_without_marking_read(client_for, coordinator):
    notification = _notification(coordinator)

    response = client_for(coordinator).get(reverse("notifications:open", args=[notification.pk]))

    assert (response.status_code, response.url) == (302, "/partnerships/")
    notification.refresh_from_db()
    assert notification.read_at is None


def test_notification_post_marks_read_and_follows_the_link(client_for, coordinator):
    notification = _notification(coordinator)

    response = client_for(coordinator).post(reverse("notifications:open", args=[notification.pk]))

    assert (response.status_code, response.url) == (302, "/partnerships/")
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_inbox_opens_a_notification_with_a_post_form(client_for, coordinator):
    notification = _notification(coordinator)

    html = client_for(coordinator).get(reverse("notifications:inbox")).content.decode()

    open_url = reverse("notifications:open", args=[notification.pk])
    assert f'<form method="post"\n                  action="{open_url}"' in html
    assert f'href="{open_url}"' not in html
