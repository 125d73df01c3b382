"""Interlock settings: one module, read from the environment.

With no environment at all it runs the embedded default: SQLite and a Celery
broker on the file system, so `bin/run` needs no server. Production and the
test suite give DATABASE_URL and CELERY_BROKER_URL (PostgreSQL and Redis).
"""

import ipaddress
import sys
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("INTERLOCK_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
DEVELOPMENT_SECRET_KEY = "insecure-development-key-set-SECRET_KEY-in-production"  # noqa: S105 (public on purpose)
SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
# Commands that sign nothing may run with the published development key and DEBUG off: the lint
# and translation steps, and `check --deploy`, which reports the key (accounts.E001).
KEYLESS_COMMANDS = {"check", "makemigrations", "makemessages", "compilemessages"}
_keyless_command = Path(sys.argv[0]).name == "manage.py" and sys.argv[1:2] and sys.argv[1] in KEYLESS_COMMANDS
# Anyone can read the development key in this file and forge sessions, password-reset links and
# signed values with it: a server (DEBUG off) must not start with it. Test runs give their own.
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY and not _keyless_command and "pytest" not in sys.modules:
    raise ImproperlyConfigured(
        "SECRET_KEY is the development key while DEBUG is off. Set SECRET_KEY to a long random value "
        "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), or DEBUG=1 on a development machine."
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "template_partials",
    "axes",
    "csp",
    "simple_history",
    "common",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "security",
    "accounts",
    "ministries",
    "partnerships",
    "charters",
    "results",
    "meetings",
    "assessments",
    "budgets",
    "notifications",
    "lessons",
    "relations",
    "competences",
    "dashboards",
    "search",
    "overlaps",
    "calendars",
    "imports",
    "api",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    # First: the request id and the metrics cover everything after it.
    "config.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the body: one over the size limit is refused unread (with the
    # security headers of the middleware above).
    "common.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "accounts.middleware.PreferredLanguageMiddleware",
    "accounts.middleware.TimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages: it may send a person to the two-step page with a word of why.
    "accounts.middleware.TwoFactorMiddleware",
    "partnerships.middleware.SupportAccessMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "dashboards.cache.PortfolioChangeMiddleware",
    "common.middleware.DatabaseBusyMiddleware",
    # Axes goes last: it answers locked-out logins itself.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "accounts.context_processors.navigation",
            ],
        },
    },
]

# Database: SQLite by default; DATABASE_URL=postgres://... in production and tests.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'interlock.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the Celery worker write at once: take the write lock up
    # front and wait for it rather than failing with "database is locked". SQLite has
    # one writer at a time; a write waits up to busy_timeout for it. The scans commit
    # subject by subject (each `remind` is its own short transaction), so the lock is
    # never held long; 20 s of patience covers a slow disk or a large partnership's
    # reminders without a person's save failing. A write that still finds it locked
    # gets a "busy, send it again" page (503), not a server error (common/middleware.py).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=20000;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Signs in only through the provider's callback (accounts/sso.py), and only when single sign-on is set up.
    "accounts.sso.SingleSignOnBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboards:home"
LOGOUT_REDIRECT_URL = "login"

# Sign-in lockout (accounts/lockout.py): failures count per username AND address, so a stranger
# pauses only their own address. INTERLOCK_LOGIN_FAILURES failures pause that pair for
# LOGIN_COOLOFF_SECONDS; each further failure doubles the pause, up to LOGIN_COOLOFF_MAX_SECONDS.
INTERLOCK_LOGIN_FAILURES = env.int("LOGIN_FAILURES", default=env.int("AXES_FAILURE_LIMIT", default=5))
INTERLOCK_LOGIN_COOLOFF_SECONDS = env.int("LOGIN_COOLOFF_SECONDS", default=60)
INTERLOCK_LOGIN_COOLOFF_MAX_SECONDS = env.int("LOGIN_COOLOFF_MAX_SECONDS", default=15 * 60)
AXES_FAILURE_LIMIT = INTERLOCK_LOGIN_FAILURES
AXES_COOLOFF_TIME = "accounts.lockout.cool_off"
AXES_HANDLER = "accounts.lockout.LockoutHandler"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.locked_out"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Not axes' banner on every command nor its line per sign-in: sign-ins, failures and lockouts are in
# the security log of each organisation (security app), and lockouts are still logged as warnings.
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "common.addresses.client_address"
AXES_RESET_ON_SUCCESS = True
# Tries made while paused are refused without counting: they neither lengthen nor double the pause.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The reverse proxies (addresses or networks, "10.0.0.0/8,192.0.2.1") whose X-Forwarded-For header
# names the client (common/addresses.py). Empty: every request's own address is the client's, and
# the header, which anyone can send, is ignored.
INTERLOCK_TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
for _proxy in INTERLOCK_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy.strip(), strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES: {_proxy!r} is not an address or a network. Write them like 10.0.0.0/8,192.0.2.1."
        ) from None

# Two-step sign-in (django-otp): signing a charter or deciding a gate asks for a fresh code
# when the last one is older than this.
INTERLOCK_STEP_UP_SECONDS = env.int("INTERLOCK_STEP_UP_SECONDS", default=900)
OTP_TOTP_ISSUER = "Interlock"

# Single sign-on with OpenID Connect (accounts/sso.py, README "Single sign-on"): off until the provider's
# issuer and this site's client id are set. The endpoints come from the issuer's discovery document.
INTERLOCK_OIDC_ISSUER = env.str("INTERLOCK_OIDC_ISSUER", default="")
INTERLOCK_OIDC_CLIENT_ID = env.str("INTERLOCK_OIDC_CLIENT_ID", default="")
INTERLOCK_OIDC_CLIENT_SECRET = env.str("INTERLOCK_OIDC_CLIENT_SECRET", default="")
# The name on the sign-in button, "Sign in with <name>" (empty: "with your organisation's account").
INTERLOCK_OIDC_PROVIDER_NAME = env.str("INTERLOCK_OIDC_PROVIDER_NAME", default="")
# The boolean claim saying the provider checked the e-mail address (Entra ID: xms_edov).
INTERLOCK_OIDC_EMAIL_VERIFIED_CLAIM = env.str("INTERLOCK_OIDC_EMAIL_VERIFIED_CLAIM", default="email_verified")
# A sign-in counts as two-step when the ID token's amr holds one of these, or its acr is one of the
# INTERLOCK_OIDC_MFA_ACR values; otherwise Interlock's own second step still applies (accounts/two_factor.py).
INTERLOCK_OIDC_MFA_AMR = env.list("INTERLOCK_OIDC_MFA_AMR", default=["mfa"])
INTERLOCK_OIDC_MFA_ACR = env.list("INTERLOCK_OIDC_MFA_ACR", default=[])
# Seconds of clock difference with the provider tolerated when checking an ID token's times.
INTERLOCK_OIDC_LEEWAY_SECONDS = env.int("INTERLOCK_OIDC_LEEWAY_SECONDS", default=60)
# mozilla-django-oidc's own settings, from ours.
OIDC_RP_CLIENT_ID = INTERLOCK_OIDC_CLIENT_ID
OIDC_RP_CLIENT_SECRET = INTERLOCK_OIDC_CLIENT_SECRET
OIDC_RP_SCOPES = env.str("INTERLOCK_OIDC_SCOPES", default="openid email profile")
OIDC_RP_SIGN_ALGO = env.str("INTERLOCK_OIDC_SIGN_ALGO", default="RS256")
OIDC_AUTH_REQUEST_EXTRA_PARAMS = (
    {"acr_values": env.str("INTERLOCK_OIDC_ACR_VALUES")} if env.str("INTERLOCK_OIDC_ACR_VALUES", default="") else {}
)
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:sso_callback"
# A superuser's support access to a partnership lasts this long before the reason is asked again.
INTERLOCK_SUPPORT_ACCESS_SECONDS = env.int("INTERLOCK_SUPPORT_ACCESS_SECONDS", default=3600)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("he", _("Hebrew"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Our adjustments to Django's date and number formats (Canadian French, grouped Hebrew numbers).
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = env.str("TIME_ZONE", default="America/Toronto")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every request when it is missing
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_STORAGE",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- Uploaded files (production): an S3-compatible store -------------------------------------
# Photos, evidence and receipts go through Django's storage API. Without a bucket they stay under
# MEDIA_ROOT; with AWS_STORAGE_BUCKET_NAME they go to that bucket (AWS S3, MinIO, Ceph, ...), so that
# every web and worker node sees the same files. The bucket stays private: files are only ever
# streamed through views that check permissions (storage.open), never linked to.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    from config.storage import s3_storage  # botocore, loaded only when a bucket is used

    STORAGES["default"] = s3_storage(
        bucket_name=AWS_STORAGE_BUCKET_NAME,
        # Empty for AWS itself; the store's address otherwise (https://minio.internal:9000).
        endpoint_url=env.str("AWS_S3_ENDPOINT_URL", default="") or None,
        region_name=env.str("AWS_S3_REGION_NAME", default="") or None,
        # Keys from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, or the machine's role when unset.
        access_key=env.str("AWS_ACCESS_KEY_ID", default="") or None,
        secret_key=env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
        # A folder inside the bucket, to share one bucket between installations.
        location=env.str("AWS_LOCATION", default=""),
    )
# --- end of uploaded files ------------------------------------------------------------------------

# Health probes (config/health.py) answer over plain HTTP too: load balancers probe each node directly.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Content-Security-Policy: our own files only, no inline scripts or styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# Security: strict unless DEBUG. HTTPS settings can be relaxed behind a proxy
# that terminates TLS by setting SECURE_SSL_REDIRECT=False.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if env.bool("USE_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Uploads: keep large files on disk, never in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# The form fields of one request, files apart (Django refuses more with a 400).
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# E-mail: the console in the embedded default, SMTP from EMAIL_URL in production.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Interlock <interlock@localhost>")
# Each process keeps its own cache unless CACHE_URL names a shared one (rediscache://host:6379/1).
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
# How long rendered portfolio figures are reused at most; any change made through the site renews
# them at once (dashboards/cache.py). 0 turns that cache off.
PORTFOLIO_CACHE_SECONDS = env.int("PORTFOLIO_CACHE_SECONDS", default=300)

# The address people reach Interlock at, for the links in e-mails.
INTERLOCK_SITE_URL = env.str("SITE_URL", default="http://localhost:8000")

# Celery: the file-system broker needs no server; Redis in production and tests.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _broker_dir = VAR_DIR / "broker"
    for _sub in ("out", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    # The same transport, writing each message atomically (see notifications/broker.py).
    CELERY_BROKER_TRANSPORT = "notifications.broker:Transport"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "out"),
        "data_folder_out": str(_broker_dir / "out"),
        "data_folder_processed": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
    }
else:
    # Redis gives a message taken by a worker back to the queue only when it is not acknowledged
    # within this time; a worker that died (or was killed) loses nothing, but its task comes back
    # only then. It must be longer than the longest task and than the longest countdown a task
    # waits for in a worker (a reminder's retry waits up to an hour), or Redis hands the waiting
    # message out a second time.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=2 * 3600)}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A broker away for long (a Redis failover, maintenance) must not end the workers: they keep trying to
# reconnect, at most every 32 s, instead of exiting after Celery's default of 100 tries.
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# The longest a task may run. A scan at portfolio scale takes seconds and a send waits on the mail server for
# minutes at most; bounded, the visibility timeout can be longer than any task (check --deploy: interlock.W004).
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=30 * 60)
# Shortly before that the task is told (SoftTimeLimitExceeded): a send counts it as a failed try and retries.
CELERY_TASK_SOFT_TIME_LIMIT = max(CELERY_TASK_TIME_LIMIT - 60, CELERY_TASK_TIME_LIMIT // 2)
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="cache+memory://")
CELERY_TASK_IGNORE_RESULT = True
# Every task is idempotent (scans by their unique reminder rows, sends by the row's lock and
# sent_at), so a task is acknowledged only when it finished, and one whose worker process died is
# given back to the queue: it runs again rather than never.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# One message at a time per worker process: with late acknowledgement, a prefetched message would
# wait behind a long scan, and be the one lost to the visibility timeout if the worker died.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# When the broker connection drops, let running tasks finish rather than terminate them (Celery 6 will terminate
# by default): a send cut off after the mail server took the e-mail would send it again; one that finishes commits,
# and its message, handed out again, finds the reminder sent.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
# Celery's prefork pool, except that a pool process killed while the node starts does not stop the node
# (see config/celery_pool.py). `--pool solo` and the other pools given on the command line are unchanged.
CELERY_WORKER_POOL = "config.celery_pool:TaskPool"
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Only the beat holding a lease in the database sends (notifications/beat.py): a second beat
# started by mistake, on this machine or another, logs that it is standing by and sends nothing.
CELERY_BEAT_SCHEDULER = "notifications.beat:LeasedScheduler"
# How long the lease lasts unrenewed: a beat standing by takes over this long after the holder died.
INTERLOCK_BEAT_LEASE_SECONDS = env.int("BEAT_LEASE_SECONDS", default=90)
# The reminder scans. Each is idempotent and selects by date range, so running one often (or
# twice, or after a day missed) sends nothing twice: each reminder is a unique row, made once
# whoever runs the scan. Run exactly one beat process (bin/run and the README's services do);
# a second beat by mistake stands by (CELERY_BEAT_SCHEDULER below).
# SCAN_EVERY_SECONDS runs them all on a short interval instead (for trying the worker out).
_scan_every = env.int("SCAN_EVERY_SECONDS", default=0)


def _scan_schedule(minute, hour="*"):
    from celery.schedules import crontab

    return _scan_every or crontab(minute=minute, hour=hour)


# Each app states its reminders (its reminders.py) and their tasks (its tasks.py); this is the timetable.
CELERY_BEAT_SCHEDULE = {
    "scan-" + task.rsplit(".scan_", 1)[1]: {"task": task, "schedule": _scan_schedule(*when)}
    for task, when in {
        "assessments.tasks.scan_reviews": (5,),
        "assessments.tasks.scan_health_checks": (10,),
        "charters.tasks.scan_charter_signatures": (15,),
        "assessments.tasks.scan_gates": (20,),
        "results.tasks.scan_milestones": (25,),
        "meetings.tasks.scan_action_items": (30,),
        "results.tasks.scan_field_reports": (35,),
        "assessments.tasks.scan_renewals": (40, 6),
        "dashboards.tasks.scan_weekly_digest": (45, 7),
        "relations.tasks.scan_relationship_surveys": (50, 5),
        "budgets.tasks.scan_grant_reports": (55, 6),
    }.items()
}
# Possible duplicates: the partnerships changed since their last comparison, compared a batch at a time.
CELERY_BEAT_SCHEDULE["refresh-overlap-texts"] = {
    "task": "overlaps.tasks.refresh_overlap_texts",
    "schedule": _scan_every or 5 * 60,
}
CELERY_BEAT_SCHEDULE["send-unsent-reminders"] = {
    "task": "notifications.tasks.send_unsent_reminders",
    "schedule": _scan_every or 15 * 60,
}
# Reminder timing, in days, and the first retry of a failed e-mail, in seconds (doubling each time).
INTERLOCK_REVIEW_NOTICE_DAYS = env.int("REVIEW_NOTICE_DAYS", default=14)
INTERLOCK_ITEM_NOTICE_DAYS = env.int("ITEM_NOTICE_DAYS", default=7)
# A report to a funder takes longer to write than an item takes to do: the partners hear of it earlier.
INTERLOCK_GRANT_REPORT_NOTICE_DAYS = env.int("GRANT_REPORT_NOTICE_DAYS", default=21)
INTERLOCK_ESCALATE_AFTER_DAYS = env.int("ESCALATE_AFTER_DAYS", default=7)
INTERLOCK_CHARTER_SIGNATURE_DAYS = env.int("CHARTER_SIGNATURE_DAYS", default=7)
INTERLOCK_GATE_WAITING_DAYS = env.int("GATE_WAITING_DAYS", default=2)
INTERLOCK_HEALTH_CHECK_ANSWER_DAYS = env.int("HEALTH_CHECK_ANSWER_DAYS", default=14)
# The relationship survey between the parties (relations): a round every so many months, open so many days.
INTERLOCK_RELATIONSHIP_SURVEY_MONTHS = env.int("RELATIONSHIP_SURVEY_MONTHS", default=6)
INTERLOCK_RELATIONSHIP_SURVEY_ANSWER_DAYS = env.int("RELATIONSHIP_SURVEY_ANSWER_DAYS", default=21)
# A cluster's organisations rate each other on the cluster's own cadence (Cluster.relationship_survey_months);
# a cluster that sets none follows this one.
INTERLOCK_CLUSTER_RELATIONSHIP_SURVEY_MONTHS = env.int("CLUSTER_RELATIONSHIP_SURVEY_MONTHS", default=12)
# A pair scoring at least this (trust and value together, 1 to 4) is a working tie of the network;
# a pair's trust moving by this much or more between two rounds is news on the executive's dashboard.
INTERLOCK_RELATIONSHIP_TIE_SCORE = env.float("RELATIONSHIP_TIE_SCORE", default=2.5)
INTERLOCK_RELATIONSHIP_TRUST_CHANGE = env.float("RELATIONSHIP_TRUST_CHANGE", default=0.5)
# The balance of power (relations.power): a party is flagged when its share of the money committed exceeds
# its share of the decision by this many percentage points, the reverse, or its share of the work does.
INTERLOCK_POWER_PAYS_MORE_POINTS = env.int("POWER_PAYS_MORE_POINTS", default=25)
INTERLOCK_POWER_DECIDES_MORE_POINTS = env.int("POWER_DECIDES_MORE_POINTS", default=25)
INTERLOCK_POWER_WORK_MORE_POINTS = env.int("POWER_WORK_MORE_POINTS", default=25)
# Possible duplicates (overlaps): two partnerships are a likely pair when their texts are at least this
# similar (pg_trgm's similarity on PostgreSQL, the share of words in common on SQLite), and a part of them
# (audience, purpose) is named as a reason when this share of the shorter one's words is in the other.
INTERLOCK_OVERLAP_SIMILARITY = env.float("OVERLAP_SIMILARITY", default=0.3)
INTERLOCK_OVERLAP_REASON_SHARE = env.float("OVERLAP_REASON_SHARE", default=0.5)
# How many changed partnerships a page compares at once (the rest wait for the beat), and a beat run's batch.
INTERLOCK_OVERLAP_REFRESH_AT_ONCE = env.int("OVERLAP_REFRESH_AT_ONCE", default=20)
INTERLOCK_OVERLAP_REFRESH_BATCH = env.int("OVERLAP_REFRESH_BATCH", default=1000)
INTERLOCK_REMINDER_RETRY_SECONDS = env.int("REMINDER_RETRY_SECONDS", default=60)
# The longest wait between two tries; the retry waits in a worker, so the visibility timeout must exceed it.
INTERLOCK_REMINDER_RETRY_MAX_SECONDS = 3600
# A reminder that failed this many times is no longer retried: it waits on the administrators'
# list of reminders that gave up (Django admin, Reminders, "Gave up"), where "send again" restarts it.
INTERLOCK_REMINDER_MAX_ATTEMPTS = env.int("REMINDER_MAX_ATTEMPTS", default=8)
# The sweep enqueues again a reminder whose try is this long past due: its message was lost (a broker that
# restarted empty, a worker that died). Longer than a send normally waits in the queue, or it is sent twice.
INTERLOCK_REMINDER_SWEEP_AFTER_SECONDS = env.int("REMINDER_SWEEP_AFTER_SECONDS", default=15 * 60)
# How long the link in an invitation to join Interlock works, in days.
INTERLOCK_INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=14)
# How long an author may still correct their own progress log entry, in hours.
INTERLOCK_PROGRESS_EDIT_WINDOW_HOURS = env.int("PROGRESS_EDIT_WINDOW_HOURS", default=48)
# Largest file accepted as evidence, photo or receipt, in bytes.
INTERLOCK_UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
# Imports from spreadsheets: the largest file and number of rows taken, and from how many rows a worker
# saves the import (with a progress bar) instead of the page.
INTERLOCK_IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
INTERLOCK_IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=20000)
INTERLOCK_IMPORT_ASYNC_ROWS = env.int("IMPORT_ASYNC_ROWS", default=500)
INTERLOCK_BUDGET_ATTACHMENT_MAX_BYTES = env.int("BUDGET_ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
# Largest request body read at all (common.middleware.RequestSizeLimitMiddleware answers 413 unread):
# the largest form, a progress entry with its five attachments (results.uploads.MAX_FILES), and a
# megabyte for its fields and the multipart framing.
INTERLOCK_REQUEST_MAX_BYTES = env.int(
    "REQUEST_MAX_BYTES",
    default=5 * max(INTERLOCK_UPLOAD_MAX_BYTES, INTERLOCK_BUDGET_ATTACHMENT_MAX_BYTES) + 1024 * 1024,
)
# Largest image accepted, in megapixels: a small PNG can unpack to gigabytes (a "decompression bomb").
INTERLOCK_IMAGE_MAX_MEGAPIXELS = env.int("IMAGE_MAX_MEGAPIXELS", default=40)
# First month of the fiscal year (4 = April, as in Ontario; 1 = January, as in Israel).
INTERLOCK_FISCAL_YEAR_START_MONTH = env.int("FISCAL_YEAR_START_MONTH", default=4)
# How many points a ministry's cost share may differ from its gain or risk share before it is flagged.
INTERLOCK_BUDGET_SHARE_TOLERANCE = env.int("BUDGET_SHARE_TOLERANCE", default=10)
INTERLOCK_DEFAULT_CURRENCY = env.str("DEFAULT_CURRENCY", default="CAD")

# Operations (config/observability.py). LOG_FORMAT=json writes one JSON object a line, for a log shipper;
# every line carries the request id that the response's X-Request-ID header shows.
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.observability.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
# /metrics answers these addresses (CIDRs), or anyone sending "Authorization: Bearer <METRICS_TOKEN>".
INTERLOCK_METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=["127.0.0.1/32", "::1/128"])
INTERLOCK_METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
INTERLOCK_METRICS_QUEUES = env.list("METRICS_QUEUES", default=["celery"])
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from config.sentry import init_sentry

    init_sentry(
        SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

# The REST API (api/): personal tokens or the browser's session; the apps' own permission rules.
INTERLOCK_API_RATE = env.str("API_RATE", default="2000/hour")
INTERLOCK_API_TOKENS_PER_PERSON = env.int("API_TOKENS_PER_PERSON", default=20)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so that a call without credentials is answered 401 with how to authenticate.
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated", "api.permissions.TokenScope"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Cursor",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PersonRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Interlock API",
    "DESCRIPTION": "Partnerships between ministries: read their data, report measurements and progress.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Swagger UI's files from drf-spectacular-sidecar, served by us: the CSP allows no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"PhaseEnum": "partnerships.models.Phase"},
}
