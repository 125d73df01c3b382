"""A server with DEBUG off refuses the development SECRET_KEY; `check --deploy` reports it.

Each case starts a fresh Python, since the rule runs when the settings load.
"""

import os
import subprocess
import sys
from pathlib import Path

from config.settings import DEVELOPMENT_SECRET_KEY

ROOT = Path(__file__).resolve().parents[2]
SETUP = "import django; django.setup(); print('started')"


def _run(args, **env_changes):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", **env_changes)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=120
    )


def test_settings_without_secret_key_and_debug_off_refuse_to_load():
    result = _run(["-c", SETUP], DEBUG="0")

    assert result.returncode == 1
    assert "django.core.exceptions.ImproperlyConfigured: SECRET_KEY is the development key while DEBUG is off" in (
        result.stderr
    )
    assert result.stdout == ""


def test_settings_with_the_development_key_written_out_refuse_to_load():
    result = _run(["-c", SETUP], DEBUG="0", SECRET_KEY=DEVELOPMENT_SECRET_KEY)

    assert result.returncode == 1
    assert "ImproperlyConfigured" in result.stderr


def test_runserver_with_debug_off_and_the_development_key_does_not_start():
    result = _run(["manage.py", "runserver", "--noreload", "127.0.0.1:0"], DEBUG="0")

    assert result.returncode == 1
    assert "ImproperlyConfigured: SECRET_KEY is the development key" in result.stderr


def test_settings_with_debug_on_load_with_the_development_key():
    assert _run(["-c", SETUP], DEBUG="1").stdout == "started\n"


def test_settings_with_a_real_key_and_debug_off_load():
    assert _run(["-c", SETUP], DEBUG="0", SECRET_KEY="a-long-and-random-secret-" + "k" * 40).stdout == "started\n"


def test_check_deploy_reports_the_development_key():
    result = _run(["manage.py", "check", "--deploy"], DEBUG="0")

    assert result.returncode == 1
    assert "?: (accounts.E001) SECRET_KEY is the development key published in config/settings.py." in result.stderr


def test_check_deploy_is_silent_about_a_real_key():
    result = _run(["manage.py", "check", "--deploy"], DEBUG="0", SECRET_KEY="a-long-and-random-secret-" + "k" * 40)

    assert "accounts.E001" not in result.stdout + result.stderr
