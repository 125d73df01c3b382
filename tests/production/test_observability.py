"""What an operator watches: request ids in the logs, JSON log lines, /metrics, errors sent to Sentry."""

import gzip
import json
import logging
import os
import subprocess
import sys
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from config.observability import RequestIdFilter, RequestIdMiddleware, current_request_id
from notifications.models import Kind, Reminder

ROOT = Path(__file__).resolve().parents[2]


def manage_py(code, **env):
    """Run `code` in a fresh process with the project's settings and the given environment."""
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )


class Records(logging.Handler):
    def __init__(self):
        super().__init__()
        self.addFilter(RequestIdFilter())
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def records():
    handler = Records()
    log = logging.getLogger("interlock.test")
    log.addHandler(handler)
    yield handler.records
    log.removeHandler(handler)


def logging_view(request):
    logging.getLogger("interlock.test").warning("inside the view")
    return HttpResponse("ok")


@pytest.mark.django_db
def test_each_request_gets_an_id_that_its_log_lines_and_response_carry(records):
    response = RequestIdMiddleware(logging_view)(RequestFactory().get("/"))

    assert len(response["X-Request-ID"]) == 32
    assert [record.request_id for record in records] == [response["X-Request-ID"]]
    assert current_request_id() == "-"  # nothing leaks into the next request or task


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("offered", "kept"),
    [("lb-7f3a9c21-0001", True), ("short", False), ("evil\nFAKE LOG LINE", False), ("x" * 65, False)],
)
def test_a_proxy_s_request_id_is_kept_only_when_it_looks_like_one(offered, kept, records):
    response = RequestIdMiddleware(logging_view)(RequestFactory().get("/", headers={"X-Request-ID": offered}))

    assert (response["X-Request-ID"] == offered) is kept
    assert records[0].request_id == response["X-Request-ID"]


def test_log_format_json_writes_one_json_object_a_line():
    result = manage_py(
        "import logging; logging.getLogger('interlock.x').warning('budget %s', 'saved')", LOG_FORMAT="json"
    )

    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    ours = [line for line in lines if line["logger"] == "interlock.x"]
    assert ours == [
        {
            "time": ours[0]["time"],
            "level": "WARNING",
            "logger": "interlock.x",
            "request_id": "-",
            "message": "budget saved",
        }
    ]


def test_metrics_count_requests_by_view_and_read_the_reminders_and_the_queue(client, coordinator, partnership):
    common = {"subject": partnership, "kind": Kind.REVIEW_DUE, "recipient": coordinator, "partnership": partnership}
    Reminder.objects.create(due_date=date(2030, 1, 1), **common)
    Reminder.objects.create(due_date=date(2030, 4, 1), attempts=settings.INTERLOCK_REMINDER_MAX_ATTEMPTS, **common)
    Reminder.objects.create(due_date=date(2030, 7, 1), sent_at=timezone.now(), **common)
    client.force_login(coordinator)
    client.get(reverse("dashboards:home"))

    text = client.get(reverse("metrics")).content.decode()

    assert 'interlock_http_requests_total{method="GET",status="200",view="dashboards:home"}' in text
    assert 'interlock_http_database_seconds_count{view="dashboards:home"}' in text
    assert 'interlock_reminders{state="sent"} 1.0' in text
    assert 'interlock_reminders{state="waiting"} 1.0' in text
    assert 'interlock_reminders{state="given_up"} 1.0' in text
    assert 'interlock_celery_queue_length{queue="celery"}' in text


@pytest.mark.django_db
def test_metrics_are_hidden_from_other_addresses_unless_they_bring_the_token(client, settings):
    settings.INTERLOCK_METRICS_TOKEN = "s3cret-token"
    outside = {"REMOTE_ADDR": "203.0.113.9"}

    assert client.get(reverse("metrics"), **outside).status_code == 404
    assert client.get(reverse("metrics"), headers={"Authorization": "Bearer wrong"}, **outside).status_code == 404
    assert (
        client.get(reverse("metrics"), headers={"Authorization": "Bearer s3cret-token"}, **outside).status_code == 200
    )
    assert client.get(reverse("metrics"), REMOTE_ADDR="not an address").status_code == 404


@pytest.mark.django_db
def test_a_broker_that_is_down_leaves_the_queue_figure_out_instead_of_failing(client, settings):
    settings.INTERLOCK_METRICS_QUEUES = ["celery"]
    from config.celery import app

    broker = app.conf.broker_read_url
    app.conf.broker_read_url = "redis://127.0.0.1:9/0"  # nothing listens on the discard port
    try:
        response = client.get(reverse("metrics"))
    finally:
        app.conf.broker_read_url = broker

    assert response.status_code == 200
    assert b"interlock_celery_queue_length{" not in response.content


class SentryIngest(BaseHTTPRequestHandler):
    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            import brotli

            body = brotli.decompress(body)
        self.received.append(body)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_errors_reach_sentry_when_a_dsn_is_set_and_carry_no_personal_data():
    server = ThreadingHTTPServer(("127.0.0.1", 0), SentryIngest)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        dsn = f"http://publickey@127.0.0.1:{server.server_port}/42"
        manage_py(
            "import sentry_sdk\n"
            "try:\n    1 / 0\nexcept ZeroDivisionError as error:\n    sentry_sdk.capture_exception(error)\n"
            "sentry_sdk.flush(5)",
            SENTRY_DSN=dsn,
            SENTRY_ENVIRONMENT="loopback-test",
        )
    finally:
        server.shutdown()

    body = b"".join(SentryIngest.received)
    assert b"ZeroDivisionError" in body
    assert b"loopback-test" in body
