"""A real OpenID provider on loopback for the single sign-on tests (tests/oidc/provider.js, oidc-provider).

Started once per test session (per xdist worker) on a free port; its npm packages are installed from the
committed lockfile the first time (`npm ci`), under a file lock so that parallel workers install once.
"""

import fcntl
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

OIDC_DIR = Path(__file__).resolve().parents[1] / "oidc"
# The test client's host: the provider sends people back there.
REDIRECT_URI = "http://testserver/sso/callback/"


@dataclass
class OpenIdProvider:
    issuer: str

    def _post(self, path, body):
        requests.post(f"{self.issuer}{path}", json=body, timeout=5).raise_for_status()

    def sign_in_next(self, *, sub, email, email_verified=True, amr=("pwd",), acr=None):
        """Who the next sign-in at the provider is, and how they proved it."""
        claims = {"email": email, "email_verified": email_verified, "name": sub}
        self._post("/_test/next", {"sub": sub, "claims": claims, "amr": list(amr), "acr": acr})

    def spoil_next_id_token(self, mode):
        """ "audience": the next ID token is for another application; "expired": it expired an hour ago."""
        self._post("/_test/fault", {"mode": mode})


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(issuer):
    try:
        return requests.get(f"{issuer}/.well-known/openid-configuration", timeout=0.5).status_code == 200
    except requests.RequestException:
        return False


def _install_packages():
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("npm is missing: bin/test installs node and npm (apt-get install nodejs npm) when run as root.")
    with (OIDC_DIR / ".npm-install.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (OIDC_DIR / "node_modules" / "oidc-provider").exists():
            subprocess.run(
                [npm, "ci", "--no-audit", "--no-fund"], cwd=OIDC_DIR, check=True, capture_output=True, timeout=600
            )


@pytest.fixture(scope="session")
def oidc_provider():
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: bin/test installs node and npm (apt-get install nodejs npm) when run as root.")
    _install_packages()
    port = _free_port()
    issuer = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile("w+") as log:
        process = subprocess.Popen(
            [node, "provider.js", str(port), REDIRECT_URI], cwd=OIDC_DIR, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            deadline = time.monotonic() + 30
            while not _answers(issuer):
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    pytest.fail(f"The OpenID provider did not start:\n{log.read()}")
                time.sleep(0.1)
            yield OpenIdProvider(issuer)
        finally:
            process.terminate()
            process.wait(timeout=10)
