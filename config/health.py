"""Probes for load balancers and orchestrators, open without signing in.

/healthz: the process answers (liveness); it touches nothing else, so a database outage does not
make every node look dead and get restarted.
/readyz: this node can serve (readiness): the database, the Celery broker, the cache and the file
storage all answer. 503 names the parts that failed; the details go to the log, not to the
anonymous caller.
"""

import contextlib
import logging

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache

from config.celery import app as celery_app

logger = logging.getLogger(__name__)

# Seconds each probe may wait: a load balancer's own timeout is usually a few seconds.
PROBE_TIMEOUT = 2


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _broker():
    with celery_app.connection_for_write(connect_timeout=PROBE_TIMEOUT) as broker:
        broker.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=PROBE_TIMEOUT)


def _cache():
    cache.set("readyz-probe", "1", timeout=10)
    if cache.get("readyz-probe") != "1":
        raise RuntimeError("the cache did not keep a value")


def _storage():
    # Listing the top folder reaches the bucket (or the folder) without writing anything.
    # A local media folder that does not exist yet is fine: the first upload creates it.
    with contextlib.suppress(FileNotFoundError):
        default_storage.listdir("")


PROBES = {"database": _database, "broker": _broker, "cache": _cache, "storage": _storage}


@login_not_required
@never_cache
def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
@never_cache
def readyz(request):
    failed = []
    for name, probe in PROBES.items():
        try:
            probe()
        except Exception:  # any failure means "not ready"; the log keeps the details
            logger.exception("readyz: %s is not reachable", name)
            failed.append(name)
    if failed:
        return HttpResponse(f"not ready: {', '.join(failed)}", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
