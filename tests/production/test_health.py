"""/healthz says the process answers; /readyz says whether the node can serve, and if not, what is missing."""

import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.urls import reverse

from config.celery import app as celery_app
from config.storage import s3_storage

ROOT = Path(__file__).resolve().parents[2]


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_healthz_answers_ok_without_signing_in_or_touching_the_database(client):
    # No `db` fixture: any query would raise here.
    response = client.get(reverse("healthz"))

    assert (response.status_code, response.content, response["Content-Type"]) == (200, b"ok", "text/plain")


def test_healthz_answers_over_plain_http_when_https_is_enforced(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    probe = client.get("/healthz")
    page = client.get("/login/")

    assert (probe.status_code, page.status_code) == (200, 301)


def test_readyz_answers_ok_when_everything_is_reachable(client, db):
    response = client.get(reverse("readyz"))

    assert (response.status_code, response.content) == (200, b"ok")
    assert "no-cache" in response["Cache-Control"]


def test_readyz_names_the_broker_when_it_is_unreachable(client, db, monkeypatch):
    # The web process sends tasks over the write connection: point it at a port nobody listens on.
    monkeypatch.setattr(celery_app.conf, "broker_write_url", f"redis://127.0.0.1:{closed_port()}/0")

    response = client.get(reverse("readyz"))

    assert (response.status_code, response.content) == (503, b"not ready: broker")


def test_readyz_names_the_storage_when_its_bucket_is_missing(client, db, settings):
    endpoint = os.environ.get("TEST_S3_ENDPOINT_URL")
    if not endpoint:
        pytest.fail("TEST_S3_ENDPOINT_URL is not set: run the tests with bin/test, which starts an S3 server")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage(
            bucket_name=f"missing-{uuid.uuid4().hex[:12]}",
            endpoint_url=endpoint,
            region_name="us-east-1",
            access_key="interlock-test",
            secret_key="interlock-test-secret",
        ),
    }

    response = client.get(reverse("readyz"))

    assert (response.status_code, response.content) == (503, b"not ready: storage")


def test_readyz_names_the_cache_when_it_is_unreachable(client, db, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }

    response = client.get(reverse("readyz"))

    assert (response.status_code, response.content) == (503, b"not ready: cache")


def test_readyz_names_the_storage_when_the_store_does_not_answer(client, db, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage(
            bucket_name="interlock",
            endpoint_url=f"http://127.0.0.1:{closed_port()}",
            region_name="us-east-1",
            access_key="interlock-test",
            secret_key="interlock-test-secret",
        ),
    }

    started = time.monotonic()
    response = client.get(reverse("readyz"))

    assert (response.status_code, response.content) == (503, b"not ready: storage")
    assert time.monotonic() - started < 10


def test_readyz_names_the_database_when_it_is_unreachable(tmp_path):
    """A fresh process whose DATABASE_URL points at a closed port (the test's own connection stays as it is)."""
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{closed_port()}/interlock",
        ALLOWED_HOSTS="testserver",
        INTERLOCK_VAR_DIR=str(tmp_path),
    )
    probe = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "response = Client().get('/readyz')\n"
        "print(response.status_code, response.content.decode())\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=120
    )

    assert result.stdout == "503 not ready: database\n", result.stderr
    assert "readyz: database is not reachable" in result.stderr
