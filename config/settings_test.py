"""Settings for the test suite: config.settings with what bin/test pins, so that plain pytest behaves the same.

bin/testservices.py puts the same values in the environment of every step. Pinning them here too means that
`.venv/bin/pytest` (with DATABASE_URL and CELERY_BROKER_URL pointing at running servers, or the defaults) cannot
pick up a shell or a .env that, say, redirects every request to HTTPS (301s) or asks for collected static files.
They go into the environment, not over the settings afterwards, because config/settings.py derives other settings
from them (secure cookies, HSTS and WhiteNoise's finders from DEBUG).
"""

import os

PINNED = {
    "DEBUG": "0",
    "SECURE_SSL_REDIRECT": "0",
    # The manifest storage needs collectstatic first; the tests render pages without it.
    "STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
    # No persistent connections: the live server's thread must let the test database go.
    "CONN_MAX_AGE": "0",
}
os.environ.update(PINNED)

# After the environment is pinned, on purpose: config.settings reads it on import.
from config.settings import *  # noqa: E402, F403
