"""bin/serve runs this with .venv/bin/python: see bin/serve for what each command starts.

Each command replaces this process (exec) with the server, so a supervisor (systemd, a container
runtime) sends its signals straight to gunicorn or Celery, and the pid it knows is the server's.
"""

import fcntl
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
USAGE = "usage: bin/serve web|worker|beat|migrate"


def fail(message, code=1):
    print(f"bin/serve: {message}", file=sys.stderr, flush=True)
    sys.exit(code)


def load_settings():
    """The project's settings, read from the environment (and .env) exactly as the servers will."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        settings.DEBUG  # noqa: B018 - reading one setting loads them all
    except ImproperlyConfigured as error:
        fail(error)
    return settings


def refusals(settings):
    """What makes these settings unsafe to serve people with, in plain words."""
    problems = []
    if settings.DEBUG:
        problems.append(
            "DEBUG is on. Remove DEBUG from the environment or set DEBUG=0: "
            "with DEBUG on, an error page shows the code and settings to anyone."
        )
    # The published development key says so in its name, as Django's own generated ones do.
    if "insecure" in settings.SECRET_KEY:
        problems.append(
            "SECRET_KEY is the development key. Set SECRET_KEY to a long random value, made with: "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    if not settings.ALLOWED_HOSTS:
        problems.append(
            "ALLOWED_HOSTS is empty. Set it to the names people reach Interlock at, "
            "separated by commas (ALLOWED_HOSTS=interlock.example.org)."
        )
    return problems


def cpu_count():
    """The CPUs this process may use (a container's limit, not the host's)."""
    return len(os.sched_getaffinity(0))


def run_exec(argv):
    print(f"bin/serve: {' '.join(argv)}", flush=True)
    os.execv(argv[0], argv)  # noqa: S606 - a fixed program from .venv with our own arguments, no shell


def web(settings):
    # 2 x CPUs + 1 is gunicorn's own advice for sync workers. GUNICORN_CMD_ARGS adds any other option.
    workers = os.environ.get("WEB_WORKERS") or str(2 * cpu_count() + 1)
    run_exec(
        [
            str(VENV_BIN / "gunicorn"),
            "config.wsgi:application",
            "--bind",
            os.environ.get("BIND", "0.0.0.0:8000"),
            "--workers",
            workers,
            # Charter PDFs and exports can take longer than gunicorn's default 30 s.
            "--timeout",
            os.environ.get("WEB_TIMEOUT", "120"),
            "--access-logfile",
            "-",
        ]
    )


def worker(settings):
    concurrency = os.environ.get("WORKER_CONCURRENCY") or str(cpu_count())
    run_exec(
        [
            str(VENV_BIN / "celery"),
            "--app",
            "config",
            "worker",
            "--concurrency",
            concurrency,
            "--loglevel",
            os.environ.get("LOG_LEVEL", "INFO"),
        ]
    )


def beat(settings):
    """One beat only: a second one on this machine is refused by a lock it holds until it exits.

    The lock covers one machine; across machines, run the beat command on one of them only.
    """
    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    lock_path = settings.VAR_DIR / "beat.lock"
    lock = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        fail(f"another beat is running on this machine (it holds {lock_path}). Run exactly one beat.")
    # The lock goes with the descriptor into celery beat and is released when that process ends.
    os.set_inheritable(lock, True)
    run_exec(
        [
            str(VENV_BIN / "celery"),
            "--app",
            "config",
            "beat",
            "--loglevel",
            os.environ.get("LOG_LEVEL", "INFO"),
        ]
    )


def migrate(settings):
    python = str(VENV_BIN / "python")
    for step in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        print(f"bin/serve: manage.py {' '.join(step)}", flush=True)
        code = subprocess.run([python, "manage.py", *step], cwd=ROOT, check=False).returncode
        if code != 0:
            fail(f"manage.py {step[0]} failed (exit code {code})", code)


COMMANDS = {"web": web, "worker": worker, "beat": beat, "migrate": migrate}


def main(argv):
    if len(argv) != 1 or argv[0] not in COMMANDS:
        fail(USAGE, 2)
    os.chdir(ROOT)
    settings = load_settings()
    problems = refusals(settings)
    if problems:
        fail("refusing to start:\n  " + "\n  ".join(problems))
    COMMANDS[argv[0]](settings)


if __name__ == "__main__":
    main(sys.argv[1:])
