"""What an operator watches: a request id in every log line, JSON logs, Prometheus metrics, Sentry.

- RequestIdMiddleware gives each request an id (the proxy's X-Request-ID when it sends a sane one), puts it
  in every log record made while the request runs (RequestIdFilter) and in the response's X-Request-ID
  header, so a person's "it failed at 10:02" can be matched to the log line.
- /metrics serves Prometheus's text format: requests by view and status, their duration and database time,
  plus what is read at scrape time (the Celery queue's length, reminders sent, waiting and given up). It is
  open only to the addresses in METRICS_ALLOWED_IPS or to a bearer token (METRICS_TOKEN); anyone else gets
  404, as if it did not exist. With several gunicorn workers, set PROMETHEUS_MULTIPROC_DIR to an empty
  folder so their counters are summed (prometheus_client's multiprocess mode).
- config/sentry.py reports errors to Sentry when SENTRY_DSN is set, without personal data.
"""

import contextvars
import hmac
import ipaddress
import logging
import os
import re
import time
import uuid

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from kombu.exceptions import ChannelError
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily

logger = logging.getLogger(__name__)

_request_id = contextvars.ContextVar("request_id", default="-")
# An id from the proxy is trusted only if it looks like one: it ends up in log lines.
SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

REQUESTS = Counter("interlock_http_requests", "Requests answered, by view and status", ["method", "view", "status"])
DURATION = Histogram(
    "interlock_http_request_duration_seconds",
    "Time to answer a request, by view",
    ["view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
DATABASE_TIME = Histogram(
    "interlock_http_database_seconds",
    "Time spent in database queries while answering a request, by view",
    ["view"],
    buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5),
)
QUERIES = Counter("interlock_http_database_queries", "Database queries made while answering requests", ["view"])


def current_request_id():
    return _request_id.get()


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = _request_id.get()
        return True


class _QueryTimer:
    """A database execute wrapper that adds up the time and number of the request's queries."""

    def __init__(self):
        self.seconds = 0.0
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1


class RequestIdMiddleware:
    """First in the chain: the id, the duration and the database time cover everything after it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get("X-Request-ID", "")
        request.id = offered if SANE_REQUEST_ID.match(offered) else uuid.uuid4().hex
        token = _request_id.set(request.id)
        timer = _QueryTimer()
        started = time.perf_counter()
        try:
            with connection.execute_wrapper(timer):
                response = self.get_response(request)
        finally:
            _request_id.reset(token)
        view = _view_name(request)
        REQUESTS.labels(request.method, view, str(response.status_code)).inc()
        DURATION.labels(view).observe(time.perf_counter() - started)
        DATABASE_TIME.labels(view).observe(timer.seconds)
        QUERIES.labels(view).inc(timer.count)
        response["X-Request-ID"] = request.id
        return response


def _view_name(request):
    # The URL name, never the path: paths carry ids, and one series per id would swamp Prometheus.
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<unmatched>"
    return match.view_name or "<unnamed>"


class ScrapeTimeCollector:
    """Figures read when Prometheus scrapes: the queue's length and the reminders by state."""

    def collect(self):
        from notifications.models import Reminder  # the apps are loaded by the time anyone scrapes

        reminders = GaugeMetricFamily("interlock_reminders", "Reminders by state", labels=["state"])
        unsent = Reminder.objects.unsent().count()
        given_up = Reminder.objects.given_up().count()
        reminders.add_metric(["sent"], Reminder.objects.count() - unsent)
        reminders.add_metric(["waiting"], unsent - given_up)
        reminders.add_metric(["given_up"], given_up)
        yield reminders
        failed = GaugeMetricFamily(
            "interlock_reminder_failed_attempts", "Failed sending attempts of the reminders not sent yet"
        )
        failed.add_metric([], sum(Reminder.objects.unsent().values_list("attempts", flat=True)))
        yield failed
        queue = GaugeMetricFamily("interlock_celery_queue_length", "Tasks waiting in the queue", labels=["queue"])
        for name in settings.INTERLOCK_METRICS_QUEUES:
            length = _queue_length(name)
            if length is not None:
                queue.add_metric([name], length)
        yield queue


def _queue_length(name):
    from config.celery import app

    try:
        with app.connection_for_read() as conn:
            return conn.default_channel.queue_declare(queue=name, passive=True).message_count
    except ChannelError:  # no task was ever sent to it
        return 0
    except Exception:  # a broker that is down shows as a missing figure, and /readyz names it
        logger.warning("metrics: could not read the length of queue %s", name, exc_info=True)
        return None


def _allowed(request):
    token = settings.INTERLOCK_METRICS_TOKEN
    offered = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(offered.encode(), f"Bearer {token}".encode()):
        return True
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(net) for net in settings.INTERLOCK_METRICS_ALLOWED_IPS)


def _registry():
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        for metric in (REQUESTS, DURATION, DATABASE_TIME, QUERIES):
            registry.register(metric)
    registry.register(ScrapeTimeCollector())
    return registry


@login_not_required
@never_cache
def metrics(request):
    if not _allowed(request):
        raise Http404
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
