"""bench/reminders.py at 50 partnerships: it fills, claims, and its raw SQL makes the same reminders as the scans."""

import importlib.util
from pathlib import Path

import pytest
from django.utils import timezone

from notifications.models import Reminder

BENCH = Path(__file__).resolve().parents[2] / "bench" / "reminders.py"


def load_bench():
    spec = importlib.util.spec_from_file_location("bench_reminders", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db
def test_the_reminders_benchmark_runs_at_a_small_size(capsys):
    bench = load_bench()
    today = timezone.localdate()
    bench.fill(200, ministries=10, today=today)

    results = bench.measure(today)
    bench.report(results)

    assert set(results) == set(bench.scans())
    for name, (raw_seconds, raw_rows, took, queries, made, committed) in results.items():
        # Two partnerships in each bucket of a hundred: every scan has something to claim, and the
        # hand-written SQL (rolled back) makes exactly the reminders the scan makes.
        assert made > 0, name
        assert raw_rows == made, name
        assert raw_seconds > 0
        assert took > 0
        assert committed > 0
        assert queries <= 16, name
    assert Reminder.objects.count() == sum(result[4] for result in results.values())
    out = capsys.readouterr().out
    assert "all scans" in out
    assert "(raw SQL made" not in out
