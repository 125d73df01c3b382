"""What the benchmarks share: bin/testservices.py's throwaway servers, and Django set up on a fresh PostgreSQL."""

import importlib.util
import os
import subprocess
import sys
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_testservices():
    """bin/testservices.py as a module: it starts and stops PostgreSQL and Redis the way bin/test does."""
    spec = importlib.util.spec_from_file_location("testservices", ROOT / "bin" / "testservices.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def production_env(ts, stack, database_url):
    """The settings a benchmark runs under: production's (DEBUG off), a throwaway var folder, no broker server."""
    return {
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-" + "x" * 40,
        "INTERLOCK_VAR_DIR": str(ts.make_temp_dir(stack, "interlock-bench-")),
        "CELERY_BROKER_URL": "memory://localhost/",  # a host named: kombu warns without one
    }


@contextmanager
def django_on_fresh_postgres():
    """Start a throwaway PostgreSQL, migrate it and set Django up in this process; stopped again on the way out."""
    ts = load_testservices()
    with ExitStack() as stack:
        database_url, description = ts.start_postgres(stack)
        os.environ.update(production_env(ts, stack, database_url))
        print(f"Database: {description}", flush=True)
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=os.environ, check=True)
        import django

        django.setup()
        yield
