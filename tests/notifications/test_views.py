import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from notifications.models import Kind, Notification
from tests.builders import make_partnership, signed_in
from tests.factories import UserFactory


def make_notifications(user, count, read=0):
    now = timezone.now()
    Notification.objects.bulk_create(
        Notification(
            recipient=user,
            kind=Kind.REVIEW_DUE,
            title=f"Review {n} due",
            url="/partnerships/",
            read_at=now if n < read else None,
        )
        for n in range(count)
    )


def test_inbox_lists_only_my_notifications_newest_first(client_for, coordinator):
    make_notifications(coordinator, 2)
    make_notifications(UserFactory(), 3)

    response = client_for(coordinator).get(reverse("notifications:inbox"))

    assert [n.title for n in response.context["page"].object_list] == ["Review 1 due", "Review 0 due"]
    assert response.context["unread"] == 2


def test_inbox_unread_filter(client_for, coordinator):
    make_notifications(coordinator, 3, read=2)

    response = client_for(coordinator).get(reverse("notifications:inbox"), {"show": "unread"})

    assert [n.title for n in response.context["page"].object_list] == ["Review 2 due"]


def test_inbox_query_count_does_not_grow_with_notifications(client_for, coordinator, django_assert_num_queries):
    client = client_for(coordinator)
    make_notifications(coordinator, 2)
    # session, user, the page's count and rows, the unread count, the navigation's memberships
    with django_assert_num_queries(6):
        client.get(reverse("notifications:inbox"))
    make_notifications(coordinator, 40)
    with django_assert_num_queries(6):
        client.get(reverse("notifications:inbox"))


def test_badge_shows_the_unread_count_with_a_query_of_its_own(client_for, coordinator, django_assert_num_queries):
    make_notifications(coordinator, 3, read=1)
    client = client_for(coordinator)

    with django_assert_num_queries(4):
        response = client.get(reverse("notifications:badge"))

    assert '<span class="badge rounded-pill text-bg-warning">2</span>' in response.content.decode()


def test_pages_do_not_pay_for_the_badge(client_for, coordinator):
    response = client_for(coordinator).get(reverse("notifications:inbox"))

    assert f'hx-get="{reverse("notifications:badge")}"' in response.content.decode()


def test_mark_read_with_htmx_returns_the_row_and_the_new_badge(client_for, coordinator):
    make_notifications(coordinator, 2)
    notification = Notification.objects.first()

    response = client_for(coordinator).post(
        reverse("notifications:mark_read", args=[notification.pk]), headers={"HX-Request": "true"}
    )

    notification.refresh_from_db()
    assert notification.read_at is not None
    content = response.content.decode()
    assert f'id="notification-{notification.pk}"' in content
    assert 'hx-swap-oob="true"' in content
    assert ">1</span>" in content


def test_mark_read_without_javascript_goes_back_to_the_inbox(client_for, coordinator):
    make_notifications(coordinator, 1)
    notification = Notification.objects.get()

    response = client_for(coordinator).post(reverse("notifications:mark_read", args=[notification.pk]))

    assert response.url == reverse("notifications:inbox")
    assert Notification.objects.unread().count() == 0


def test_opening_a_notification_marks_it_read_and_follows_its_link(client_for, coordinator):
    make_notifications(coordinator, 1)
    notification = Notification.objects.get()

    response = client_for(coordinator).post(reverse("notifications:open", args=[notification.pk]))

    assert response.url == "/partnerships/"
    notification.refresh_from_db()
    assert notification.is_read


def test_an_outside_link_is_never_followed(client_for, coordinator):
    make_notifications(coordinator, 1)
    Notification.objects.update(url="https://evil.example/")

    response = client_for(coordinator).get(reverse("notifications:open", args=[Notification.objects.get().pk]))

    assert response.url == reverse("notifications:inbox")


def test_someone_elses_notification_is_not_found(client_for, coordinator, outsider):
    make_notifications(coordinator, 1)
    notification = Notification.objects.get()
    client = client_for(outsider)

    assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 404
    assert client.post(reverse("notifications:mark_read", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read(client_for, coordinator):
    make_notifications(coordinator, 3)
    other = UserFactory()
    make_notifications(other, 1)

    client_for(coordinator).post(reverse("notifications:mark_all_read"))

    assert Notification.objects.unread().count() == 1
    assert Notification.objects.unread().get().recipient == other


def test_the_preference_is_chosen_in_the_profile(client_for, coordinator):
    client_for(coordinator).post(
        reverse("accounts:profile"),
        {
            "first_name": "Claire",
            "last_name": "Tremblay",
            "email": "claire@example.gov",
            "preferred_language": "en",
            "notify_by": "inbox",
        },
    )

    coordinator.refresh_from_db()
    assert coordinator.notify_by == "inbox"


def test_administrators_see_what_was_sent_and_what_failed(client, partnership_for_admin, coordinator):
    from django.contrib.auth import get_user_model

    from notifications.models import Reminder

    admin = get_user_model().objects.create_superuser("root", "root@example.gov", "x")
    sent, failed = partnership_for_admin(coordinator)
    signed_in(client, admin)

    response = client.get(reverse("admin:notifications_reminder_changelist"), {"sent": "failed"})

    assert list(response.context["cl"].result_list) == [failed]
    client.post(
        reverse("admin:notifications_reminder_changelist"),
        {"action": "send_again", "_selected_action": [failed.pk, sent.pk]},
    )
    failed.refresh_from_db()
    assert (failed.attempts, failed.last_error) == (0, "")
    assert Reminder.objects.get(pk=sent.pk).sent_at is not None


def test_administrators_see_reminders_that_gave_up_with_their_last_error_and_send_them_again(
    client, partnership_for_admin, coordinator, settings, eager_celery, django_capture_on_commit_callbacks
):
    from django.contrib.auth import get_user_model

    from notifications.models import Reminder

    settings.INTERLOCK_REMINDER_MAX_ATTEMPTS = 8
    admin = get_user_model().objects.create_superuser("root", "root@example.gov", "x")
    _sent, failed = partnership_for_admin(coordinator)
    Reminder.objects.filter(pk=failed.pk).update(last_error="SMTPServerDisconnected: Connection unexpectedly closed")
    signed_in(client, admin)

    page = client.get(reverse("admin:notifications_reminder_changelist"), {"sent": "given_up"})

    send_again_url = reverse("admin:notifications_reminder_send_again", args=[failed.pk])
    assert list(page.context["cl"].result_list) == [failed]
    assert "SMTPServerDisconnected: Connection unexpectedly closed" in page.content.decode()
    assert f'formaction="{send_again_url}">Send again</button>' in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(send_again_url)

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:notifications_reminder_changelist") + "?sent=given_up"
    failed.refresh_from_db()
    assert (failed.attempts, failed.last_error) == (0, "")
    assert failed.sent_at is not None
    assert [m.to for m in mail.outbox] == [[coordinator.email]]


def test_send_again_of_a_sent_reminder_changes_nothing(client, partnership_for_admin, coordinator):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", "root@example.gov", "x")
    sent, _failed = partnership_for_admin(coordinator)
    signed_in(client, admin)

    response = client.post(reverse("admin:notifications_reminder_send_again", args=[sent.pk]), follow=True)

    assert [str(m) for m in response.context["messages"]] == ["This reminder is sent already."]
    assert mail.outbox == []


def test_send_again_is_for_those_who_may_change_reminders(client, partnership_for_admin, coordinator, administrator):
    _sent, failed = partnership_for_admin(coordinator)
    signed_in(client, administrator)  # staff, without the permission to change reminders

    response = client.post(reverse("admin:notifications_reminder_send_again", args=[failed.pk]))

    assert response.status_code == 403
    failed.refresh_from_db()
    assert failed.attempts == 8


@pytest.fixture
def partnership_for_admin(ministry, other_ministry):
    from datetime import date

    from notifications.models import Reminder

    def make(user):
        partnership = make_partnership([ministry, other_ministry])
        common = {"subject": partnership, "kind": Kind.REVIEW_DUE, "recipient": user, "partnership": partnership}
        common["context"] = {"partnership": partnership.title, "due": "2030-04-01"}
        sent = Reminder.objects.create(due_date=date(2030, 1, 1), sent_at=timezone.now(), **common)
        failed = Reminder.objects.create(due_date=date(2030, 4, 1), attempts=8, last_error="SMTP down", **common)
        return sent, failed

    return make
