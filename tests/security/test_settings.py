import os
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def test_production_settings_pass_check_deploy():
    """With DEBUG off and a real secret, `check --deploy` has nothing to say but HSTS preload (W021)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "SECURE_SSL_REDIRECT")}
    # The production settings, not config.settings_test, which pins SECURE_SSL_REDIRECT off for the tests.
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="0",
        SECRET_KEY="x" * 20 + "a-long-and-random-secret-for-the-deploy-check-9f8e7d6c5b4a",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    issues = [line for line in (result.stdout + result.stderr).splitlines() if "security." in line]
    assert [line for line in issues if "W021" not in line] == []


def test_every_page_sends_a_strict_content_security_policy(client_for, coordinator):
    response = client_for(coordinator).get(reverse("dashboards:home"))

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_template_has_inline_script_style_or_event_handlers():
    """The policy forbids them; a template that used one would silently break in browsers."""
    import re

    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)", text):
            offenders.append(f"{path.name}: inline <script>")
        if re.search(r"\sstyle=\"", text) or "<style" in text:
            offenders.append(f"{path.name}: inline style")
        if re.search(r"\son[a-z]+=\"", text):
            offenders.append(f"{path.name}: inline event handler")
    assert offenders == []


def test_forms_refuse_a_post_without_the_csrf_token(coordinator, ministry):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)

    response = client.post(reverse("accounts:profile"), {"first_name": "X", "notify_by": "inbox"})

    assert response.status_code == 403
