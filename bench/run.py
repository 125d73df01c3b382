"""Interlock's benchmark: prints the figures in one run.

    bin/bench [--partnerships 10000] [--logs 1000000] [--scale 100000] [--seconds 20] [--users 20] [--think 1]

1. Starts a throwaway PostgreSQL and Redis (as bin/test does), migrates, and creates the
   load data with `manage.py generate_load_data`.
2. Executive dashboard, live (figures cache off): server time for one page (median of
   several, in process) against the time of the raw SQL it runs (the same statements,
   replayed on a cursor). Then the same page with its figures cached, as people get it.
3. Load: gunicorn (cache in Redis, as in production) serving the dashboards and lists to
   N people at once, the executives of the N busiest ministries, each reading a page, then
   pausing about --think seconds (random, at most twice that) before the next: p50 / p95
   latency per page and requests per second. Then the same with no pause at all, to show
   how many requests per second the machine can answer.
4. Optionally (--scale), the dashboard again after growing the portfolio to that many
   partnerships, to compare its times with those at --partnerships.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import load_testservices, production_env  # noqa: E402 - needs the path above


def manage(*args, env):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def analyze(env):
    """Fresh planner statistics after a bulk load, as autovacuum would give a real database."""
    code = "from django.db import connection; connection.cursor().execute('ANALYZE')"
    subprocess.run([sys.executable, "manage.py", "shell", "-v0", "-c", code], cwd=ROOT, env=env, check=True)


def django_setup(env):
    os.environ.update(env)
    import django

    django.setup()


def busiest_executive():
    """The executive whose ministry takes part in the most partnerships: the heaviest dashboard."""
    from django.db.models import Count

    from ministries.models import Membership, Role  # models load only after django_setup() has run

    membership = (
        Membership.objects.filter(role=Role.EXECUTIVE)
        .annotate(n=Count("ministry__participations"))
        .order_by("-n")
        .select_related("user")
        .first()
    )
    return membership.user, membership.n


def time_dashboard(user, repeats=7):
    """(median live seconds, median raw-SQL seconds, queries, median cached seconds) for the executive dashboard."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from tests.builders import signed_in

    client = signed_in(Client(HTTP_HOST="127.0.0.1"), user)  # an executive: both sign-in steps passed
    client.get("/")  # warm the connection, templates and the filter fields
    server, sql = [], []
    with override_settings(PORTFOLIO_CACHE_SECONDS=0):
        for _ in range(repeats):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get("/")
                server.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise SystemExit(f"The dashboard answered {response.status_code}")
            statements = [q["sql"] for q in captured.captured_queries]
            started = time.perf_counter()
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
                    if cursor.description:
                        cursor.fetchall()
            sql.append(time.perf_counter() - started)
    cached = []
    for _ in range(repeats):
        started = time.perf_counter()
        client.get("/")
        cached.append(time.perf_counter() - started)
    return statistics.median(server), statistics.median(sql), len(statements), statistics.median(cached)


def busiest_executives(count):
    """The executives of the `count` ministries taking part in the most partnerships."""
    from django.db.models import Count

    from ministries.models import Membership, Role  # models load only after django_setup() has run

    return [
        m.user
        for m in Membership.objects.filter(role=Role.EXECUTIVE)
        .annotate(n=Count("ministry__participations"))
        .order_by("-n")
        .select_related("user")[:count]
    ]


def session_cookie(user):
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.two_factor import mark_verified

    session = SessionStore()
    mark_verified(session)  # executives sign in in two steps; this session has passed both
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def load_test(base_url, paths, cookies, seconds, think):
    """One thread per person (cookie), each asking for the paths in turn and pausing about `think` seconds.

    Returns latencies (s) per path and the errors.
    """
    latencies = {path: [] for path in paths}
    errors = []
    deadline = time.monotonic() + seconds
    lock = threading.Lock()

    def person(offset, cookie):
        pause = random.Random(offset)  # noqa: S311 - pauses, not secrets
        i = offset
        while time.monotonic() < deadline:
            path = paths[i % len(paths)]
            i += 1
            request = urllib.request.Request(base_url + path, headers={"Cookie": cookie})  # noqa: S310 - loopback
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - our own loopback server
                    response.read()
                    status = response.status
            except Exception as error:  # every failure is counted and reported
                with lock:
                    errors.append(str(error))
                continue
            elapsed = time.perf_counter() - started
            with lock:
                latencies[path].append(elapsed)
                if status != 200:
                    errors.append(f"{path}: {status}")
            if think:
                time.sleep(pause.uniform(0, 2 * think))

    threads = [threading.Thread(target=person, args=(n, cookie)) for n, cookie in enumerate(cookies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors


def report_load(title, latencies, errors, seconds):
    total = sum(len(v) for v in latencies.values())
    print(f"\n{title}")
    print(f"  {total / seconds:.1f} requests per second, {len(errors)} errors")
    for path, values in latencies.items():
        if values:
            print(
                f"  {path:<45} p50 {percentile(values, 50) * 1000:6.1f} ms   "
                f"p95 {percentile(values, 95) * 1000:6.1f} ms   ({len(values)} requests)"
            )
    everything = [v for values in latencies.values() for v in values]
    if everything:
        print(
            f"  {'all pages':<45} p50 {percentile(everything, 50) * 1000:6.1f} ms   "
            f"p95 {percentile(everything, 95) * 1000:6.1f} ms   (goal p95 < 150 ms)"
        )
    if errors:
        print("  first errors:", errors[:3])


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ministries", type=int, default=100)
    parser.add_argument("--partnerships", type=int, default=10_000)
    parser.add_argument("--logs", type=int, default=1_000_000)
    parser.add_argument("--scale", type=int, default=0, help="also measure the dashboard at this many partnerships")
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds each person pauses between pages")
    args = parser.parse_args()

    ts = load_testservices()
    with ExitStack() as stack:
        database_url, description = ts.start_postgres(stack)
        redis_port, redis_description = ts.start_redis(stack)
        env = dict(os.environ)
        env.update(production_env(ts, stack, database_url))
        env.update(  # served over plain HTTP on loopback to the load test
            SECURE_SSL_REDIRECT="0",
            SESSION_COOKIE_SECURE="0",
            STATICFILES_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage",
            CACHE_URL=f"rediscache://127.0.0.1:{redis_port}/1",
        )
        print(f"Database: {description}; cache: {redis_description}", flush=True)
        manage("migrate", "-v0", env=env)
        started = time.monotonic()
        manage(
            "generate_load_data",
            f"--ministries={args.ministries}",
            f"--partnerships={args.partnerships}",
            f"--logs={args.logs}",
            env=env,
        )
        print(f"Load data created in {time.monotonic() - started:.0f} s", flush=True)
        analyze(env)
        django_setup(env)

        user, count = busiest_executive()
        server, sql, queries, cached = time_dashboard(user)
        print(f"\nExecutive dashboard ({count} partnerships of the busiest ministry, {queries} queries):")
        print(
            f"  live (figures cache off): server time {server * 1000:.1f} ms, raw SQL {sql * 1000:.1f} ms, "
            f"ratio {server / sql:.2f}x (goal <= 1.5x)"
        )
        print(f"  with its figures cached: {cached * 1000:.1f} ms")

        port = ts.free_port()
        gunicorn = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "config.wsgi:application",
                f"--bind=127.0.0.1:{port}",
                "--workers=4",
                "--threads=2",
                "--log-level=warning",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/login/", timeout=1)  # noqa: S310 - our own loopback server
                    break
                except OSError:
                    time.sleep(0.2)
            people = busiest_executives(args.users)
            cookies = [session_cookie(person) for person in people]
            paths = [
                "/",
                "/partnerships/",
                "/partnerships/?phase=application&sort=-end",
                "/portfolio/?phase=planning",
                "/portfolio/map/",
            ]
            load_test(base, paths, cookies, seconds=len(paths) * 2, think=0.5)  # each person's pages once: a warm cache
            workers = "gunicorn (4 workers x 2 threads)"
            title = f"Load: {len(cookies)} people at once for {args.seconds} s, pausing ~{args.think:g} s between pages"
            latencies, errors = load_test(base, paths, cookies, args.seconds, args.think)
            report_load(f"{title}, on {workers}", latencies, errors, args.seconds)
            title = f"Capacity: {len(cookies)} people at once for {args.seconds} s, no pause at all, on {workers}"
            report_load(title, *load_test(base, paths, cookies, args.seconds, 0), args.seconds)
        finally:
            gunicorn.terminate()
            gunicorn.wait()

        if args.scale:
            manage(
                "generate_load_data",
                f"--ministries={args.ministries}",
                f"--partnerships={args.scale - args.partnerships}",
                "--logs=0",
                "--seed=7",
                env=env,
            )
            analyze(env)
            big_user, big_count = busiest_executive()
            big_server, big_sql, _q, big_cached = time_dashboard(big_user)
            print(f"At {args.scale} partnerships ({big_count} for the busiest ministry):")
            print(
                f"  live: server time {big_server * 1000:.1f} ms, raw SQL {big_sql * 1000:.1f} ms, "
                f"{big_server / server:.2f}x the live time at {args.partnerships}"
            )
            print(
                f"  with its figures cached: {big_cached * 1000:.1f} ms, "
                f"{big_cached / cached:.2f}x the cached time at {args.partnerships} (goal <= 1.5x)"
            )


if __name__ == "__main__":
    main()
