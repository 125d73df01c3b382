import pytest
from django.db import OperationalError, connection
from django.urls import reverse

from notifications.models import Kind, Notification


def locked_on_update(run, sql, params, many, context):
    """SQLite's answer when another process held the write lock for longer than busy_timeout."""
    if sql.startswith("UPDATE"):
        raise OperationalError("database is locked")
    return run(sql, params, many, context)


@pytest.mark.django_db(transaction=True)  # as in production: no test transaction around the request
def test_a_write_that_meets_a_locked_database_is_asked_again_not_a_server_error(client_for, coordinator):
    Notification.objects.create(recipient=coordinator, kind=Kind.REVIEW_DUE, title="Review due")
    client = client_for(coordinator)

    with connection.execute_wrapper(locked_on_update):
        response = client.post(reverse("notifications:mark_all_read"))

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "Your change was not saved. Go back and send it again in a few seconds." in response.content.decode()
    assert Notification.objects.unread().count() == 1


def test_other_database_errors_are_left_to_the_server_error_page(client_for, coordinator):
    def broken(run, sql, params, many, context):
        if sql.startswith("UPDATE"):
            raise OperationalError("server closed the connection unexpectedly")
        return run(sql, params, many, context)

    client = client_for(coordinator)
    client.raise_request_exception = False

    with connection.execute_wrapper(broken):
        response = client.post(reverse("notifications:mark_all_read"))

    assert response.status_code == 500
