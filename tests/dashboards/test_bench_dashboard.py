"""bench/run.py's measuring parts on a small portfolio: the executive it signs in gets the dashboard, not a redirect.

The benchmark signs people in itself (a test client for the timings, session cookies for the load test); when
two-step sign-in came for executives, both kept landing on its set-up page and the benchmark stopped at its
first figure. These run the same functions on the test database.
"""

import importlib.util
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

BENCH = Path(__file__).resolve().parents[2] / "bench" / "run.py"


def load_bench():
    spec = importlib.util.spec_from_file_location("bench_run", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db
def test_the_dashboard_timing_signs_in_past_both_steps(executive, partnership):
    server, sql, queries, cached = load_bench().time_dashboard(executive, repeats=1)

    assert server > 0
    assert sql > 0
    assert queries > 0
    assert cached > 0


@pytest.mark.django_db
def test_the_load_tests_session_cookie_opens_the_dashboard(executive, partnership):
    name, key = load_bench().session_cookie(executive).split("=", 1)
    client = Client()
    client.cookies[name] = key

    response = client.get("/")

    assert name == settings.SESSION_COOKIE_NAME
    assert response.status_code == 200
