"""The test command's own pieces: when the coverage floor applies, and the views check."""

import importlib.util
from pathlib import Path

import pytest

BIN = Path(__file__).resolve().parent.parent / "bin"


def load(name):
    spec = importlib.util.spec_from_file_location(name, BIN / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


testservices = load("testservices")
views_coverage = load("views_coverage")


@pytest.mark.parametrize(
    ("args", "narrowed"),
    [
        ([], False),
        (["-q", "-p", "no:randomly"], False),
        (["tests"], False),
        (["-x", "--maxfail=3"], False),
        (["tests/ministries", "-x"], True),
        (["tests/test_bin.py::test_x"], True),
        (["-m", "not e2e"], True),
        (["-mnot e2e"], True),
        (["-k", "charter"], True),
        (["--lf"], True),
        (["--deselect=tests/test_bin.py"], True),
    ],
)
def test_narrows_only_for_arguments_that_leave_tests_out(args, narrowed):
    assert testservices.narrows(args) is narrowed


@pytest.mark.parametrize(
    ("args", "workers"), [(["-n", "2"], True), (["-n2"], True), (["--numprocesses=auto"], True), (["-x"], False)]
)
def test_uses_xdist_when_workers_are_asked_for(args, workers):
    assert bool(testservices.uses_xdist(args)) is workers


def test_the_floor_and_the_views_check_follow_a_whole_suite_run_only(tmp_path):
    data_file = tmp_path / ".coverage"

    whole = [title for title, _cmd, _env in testservices.build_steps([], True, data_file)]
    narrowed = [title for title, _cmd, _env in testservices.build_steps(["tests/ministries"], True, data_file)]
    bare = [title for title, _cmd, _env in testservices.build_steps([], True, None)]

    assert whole == [
        "coverage run -m pytest",
        "coverage report (fails under fail_under in pyproject.toml)",
        "coverage json",
        "every views module fully run",
    ]
    assert narrowed == ["coverage run -m pytest tests/ministries", "coverage report (no floor: the run was narrowed)"]
    assert bare == ["pytest"]


def write(root, path, text):
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(text)


def test_views_coverage_lists_each_line_not_run_with_its_text(tmp_path):
    write(tmp_path, "things/views.py", "def page(request):\n    return render(request)\n")
    write(tmp_path, "things/health_views.py", "def check(request):\n    return None\n")
    write(tmp_path, "things/reviews.py", "def not_a_view():\n    return 1\n")
    write(tmp_path, "tests/things/test_views.py", "def test_page():\n    pass\n")
    report = {
        "files": {
            "things/views.py": {"missing_lines": [2]},
            "things/health_views.py": {"missing_lines": []},
            "things/reviews.py": {"missing_lines": [2]},
        }
    }

    assert views_coverage.lines_not_run(report, tmp_path) == {"things/views.py": [(2, "return render(request)")]}


def test_views_coverage_fails_a_views_module_that_was_not_measured(tmp_path):
    write(tmp_path, "things/views.py", "def page(request):\n    return None\n")

    assert views_coverage.lines_not_run({"files": {}}, tmp_path) == {
        "things/views.py": [(0, "(not measured: add its app to [tool.coverage.run] source)")]
    }


def test_views_coverage_fails_only_a_module_over_its_allowance(tmp_path, capsys):
    write(tmp_path, "pyproject.toml", '[tool.interlock.views-not-run]\n"things/views.py" = 1\n')
    write(tmp_path, "things/views.py", "def page(request):\n    return None\n")
    write(tmp_path, "other/views.py", "def page(request):\n    return None\n")
    report = tmp_path / "coverage.json"
    write(
        tmp_path,
        "coverage.json",
        '{"files": {"things/views.py": {"missing_lines": [2]}, "other/views.py": {"missing_lines": []}}}',
    )

    within = views_coverage.main([str(report)], root=tmp_path)
    write(
        tmp_path,
        "coverage.json",
        '{"files": {"things/views.py": {"missing_lines": []}, "other/views.py": {"missing_lines": [2]}}}',
    )
    over = views_coverage.main([str(report)], root=tmp_path)

    assert (within, over) == (0, 1)
    output = capsys.readouterr().out
    assert "things/views.py: 0 line(s) not run now: lower its number in pyproject.toml to 0." in output
    assert "More lines not run than allowed in other/views.py" in output
