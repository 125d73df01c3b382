"""A request body over the limit is refused on its declared length, before a byte of it is read."""

import pytest
from django.conf import settings
from django.urls import reverse

from notifications.models import Kind, Notification
from results.uploads import MAX_FILES, max_upload_bytes

SIXTY_MB = 60 * 1024 * 1024


class Unreadable:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def post_declaring(client, url, length):
    return client.generic(
        "POST",
        url,
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=length,
        **{"wsgi.input": Unreadable()},
    )


def test_a_60_mb_body_is_refused_unread(client_for, field_officer):
    response = post_declaring(client_for(field_officer), reverse("results:progress_new"), str(SIXTY_MB))

    assert response.status_code == 413
    assert response["Connection"] == "close"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Nothing was saved. Interlock takes at most 51.0\xa0MB at once." in response.content.decode()


@pytest.mark.parametrize("length", ["²", "1e9", "-1", "9" * 40])
def test_a_body_length_that_is_not_a_plain_number_is_refused_unread(client, length):
    response = post_declaring(client, reverse("login"), length)

    assert response.status_code == 413


def test_the_page_speaks_the_browsers_language(client):
    response = client.generic(
        "POST",
        reverse("login"),
        CONTENT_LENGTH=str(SIXTY_MB),
        HTTP_ACCEPT_LANGUAGE="fr",
        **{"wsgi.input": Unreadable()},
    )

    assert response.status_code == 413
    assert '<html lang="fr"' in response.content.decode()


def test_a_body_within_the_limit_goes_through(client_for, coordinator):
    Notification.objects.create(recipient=coordinator, kind=Kind.REVIEW_DUE, title="Review due")

    response = client_for(coordinator).post(reverse("notifications:mark_all_read"))

    assert response.status_code == 302
    assert Notification.objects.unread().count() == 0


def test_the_limits_fit_together():
    # The largest form (a progress entry with all its files) fits the request limit; the fields
    # of a request are checked (DATA_UPLOAD_MAX_MEMORY_SIZE) within it; files go to disk past 2 MB.
    assert MAX_FILES * max_upload_bytes() < settings.INTERLOCK_REQUEST_MAX_BYTES
    assert settings.INTERLOCK_REQUEST_MAX_BYTES > settings.INTERLOCK_BUDGET_ATTACHMENT_MAX_BYTES
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE < settings.INTERLOCK_REQUEST_MAX_BYTES
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    # Only the request id (so that a refusal is logged with one) and the security middleware, which
    # never read the body, come before the limit.
    assert settings.MIDDLEWARE[:3] == [
        "config.observability.RequestIdMiddleware",
        "django.middleware.security.SecurityMiddleware",
        "common.middleware.RequestSizeLimitMiddleware",
    ]
