"""bin/serve refuses unsafe settings, and serves with safe ones. Each case runs the real script."""

import fcntl
import os
import secrets
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from config.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]
SERVE = str(ROOT / "bin" / "serve")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def safe_env(tmp_path, **changes):
    """The test run's environment (its database and broker), with production's security settings."""
    drop = ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {key: value for key, value in os.environ.items() if key not in drop}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        INTERLOCK_VAR_DIR=str(tmp_path / "var"),
    )
    env.update(changes)
    return {key: value for key, value in env.items() if value is not None}


def serve(command, env):
    return subprocess.run([SERVE, command], env=env, capture_output=True, text=True, check=False, timeout=120)


def wait_for(predicate, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read()
        if predicate():
            return True
        time.sleep(0.2)
    return False


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - http://127.0.0.1 built above
            return response.status, response.read()
    except OSError:
        return None


def stop(process):
    process.terminate()
    try:
        return process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        process.wait()
        raise


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"DEBUG": "1"}, "DEBUG is on. Remove DEBUG from the environment or set DEBUG=0"),
        ({"SECRET_KEY": None}, "SECRET_KEY is the development key"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS is empty. Set it to the names people reach Interlock at"),
    ],
)
def test_serve_web_refuses_unsafe_settings(tmp_path, changes, message):
    result = serve("web", safe_env(tmp_path, **changes))

    assert result.returncode == 1
    assert result.stderr.startswith("bin/serve: ")
    assert message in result.stderr
    assert "gunicorn" not in result.stdout


def test_serve_without_a_known_command_shows_its_usage(tmp_path):
    result = serve("shell", safe_env(tmp_path))

    assert (result.returncode, result.stderr) == (2, "bin/serve: usage: bin/serve web|worker|beat|migrate\n")


def test_serve_web_starts_gunicorn_that_answers_healthz(tmp_path):
    port = free_port()
    env = safe_env(tmp_path, BIND=f"127.0.0.1:{port}", WEB_WORKERS="1")
    process = subprocess.Popen(
        [SERVE, "web"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    try:
        # Plain HTTP, although HTTPS is enforced: the probe is exempt from the redirect.
        answered = wait_for(lambda: get(f"http://127.0.0.1:{port}/healthz") is not None, process)
        answer = get(f"http://127.0.0.1:{port}/healthz")
    finally:
        code = stop(process)  # SIGTERM to the pid we started: bin/serve became gunicorn's master
    output = process.stdout.read()

    assert answered is True
    assert answer == (200, b"ok")
    assert code == 0
    assert "--workers 1" in output
    assert "Booting worker" in output


def test_a_second_beat_on_the_same_machine_is_refused(tmp_path):
    env = safe_env(tmp_path)
    lock_path = tmp_path / "var" / "beat.lock"
    first = subprocess.Popen(
        [SERVE, "beat"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    try:
        assert wait_for(lambda: lock_is_held(lock_path), first)
        second = serve("beat", env)
    finally:
        stop(first)

    assert second.returncode == 1
    assert f"another beat is running on this machine (it holds {lock_path}). Run exactly one beat." in second.stderr
    assert lock_is_held(lock_path) is False


def lock_is_held(path):
    if not path.exists():
        return False
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


def test_serve_migrate_migrates_then_collects_the_static_files(tmp_path, db):
    # The test database, migrated already: migrating a fresh one would add most of a minute to the run.
    database = connection.settings_dict
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    env = safe_env(
        tmp_path, DATABASE_URL=url, STATICFILES_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage"
    )

    result = serve("migrate", env)

    assert result.returncode == 0, result.stderr
    steps = [line for line in result.stdout.splitlines() if line.startswith("bin/serve: ")]
    assert steps == ["bin/serve: manage.py migrate --noinput", "bin/serve: manage.py collectstatic --noinput"]
    assert "No migrations to apply." in result.stdout, url
    assert (tmp_path / "var" / "staticfiles" / "admin" / "css" / "base.css").exists()


def test_serve_worker_starts_a_celery_worker_that_answers_ping(tmp_path):
    env = safe_env(tmp_path, WORKER_CONCURRENCY="1")
    process = subprocess.Popen(
        [SERVE, "worker"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    replies = []

    def answered():
        # The worker reads the same broker (bin/test's Redis) as this process's Celery app.
        replies.extend(celery_app.control.ping(timeout=1))
        return bool(replies)

    try:
        wait_for(answered, process)
    finally:
        code = stop(process)
    output = process.stdout.read()

    assert [list(reply.values()) for reply in replies[:1]] == [[{"ok": "pong"}]]
    assert code == 0
    assert "--concurrency 1" in output
