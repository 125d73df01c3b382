"""bench/duplicates.py at 300 partnerships: it fills, finds the seeded pair, and skips the dissimilar one."""

import importlib.util
from pathlib import Path

import pytest

from overlaps.services import overlap_texts_refresh

BENCH = Path(__file__).resolve().parents[2] / "bench" / "duplicates.py"


def load_bench():
    spec = importlib.util.spec_from_file_location("bench_duplicates", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db
def test_the_duplicates_benchmark_runs_at_a_small_size(capsys):
    bench = load_bench()
    executive, pair, dissimilar = bench.fill(300, ministries=10)
    assert overlap_texts_refresh() == 303

    results, checks = bench.measure(executive, pair, dissimilar)
    bench.report(results, checks)

    assert list(checks.values()) == [True, True, True, True]
    assert [what for what, *_rest in results] == ["portfolio of ministry 0", "one partnership"]
    assert "FAIL" not in capsys.readouterr().out
