"""Fail when the tests leave lines of a views module not run.

    .venv/bin/python bin/views_coverage.py COVERAGE_JSON

bin/testservices.py runs this after the whole suite, on the report of `coverage json`. A views module is an app's
views.py or a <thing>_views.py beside it. Each must be in the report (one that coverage did not measure fails too).
Lists every line not run, with its text. Exits 1 when a module has more lines not run than
[tool.interlock.views-not-run] in pyproject.toml allows it (none, for a module not listed), else 0.

That table is a ratchet, not a licence: it holds the lines the suite did not reach when this check came in, most of
them `except ValidationError` branches behind a form that had already validated. Lower a number when tests reach
more, never raise it for new code; a module at 0 leaves the table. The goal is an empty table.
Standard library only, like bin/testservices.py.
"""

import json
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOT_APPS = {".venv", "bench", "tests", "var", "static", "templates", "locale", "bin"}


def views_modules(root):
    """The views modules of the project's apps, relative to the root."""
    found = []
    for path in root.glob("*/**/*.py"):
        relative = path.relative_to(root)
        if relative.parts[0] in NOT_APPS or relative.parts[0].startswith(".") or "migrations" in relative.parts:
            continue
        if path.name == "views.py" or path.name.endswith("_views.py"):
            found.append(relative.as_posix())
    return sorted(found)


def lines_not_run(report, root):
    """{views module: [(line number, text), ...]} for every views module with a line the tests did not run."""
    files = {Path(name).as_posix(): data for name, data in report["files"].items()}
    gaps = {}
    for module in views_modules(root):
        data = files.get(module)
        if data is None:  # not measured at all: outside coverage's source, or omitted
            gaps[module] = [(0, "(not measured: add its app to [tool.coverage.run] source)")]
            continue
        source = (root / module).read_text().splitlines()
        if data["missing_lines"]:
            gaps[module] = [(number, source[number - 1].strip()) for number in data["missing_lines"]]
    return gaps


def allowed_not_run(root):
    """{views module: how many lines it may leave not run}, from pyproject.toml."""
    settings = tomllib.loads((root / "pyproject.toml").read_text())
    return settings.get("tool", {}).get("interlock", {}).get("views-not-run", {})


def over_allowance(gaps, allowed):
    """The views modules with more lines not run than they are allowed, in order."""
    return [module for module, lines in gaps.items() if len(lines) > allowed.get(module, 0)]


def main(argv, root=ROOT):
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    gaps = lines_not_run(json.loads(Path(argv[0]).read_text()), root)
    allowed = allowed_not_run(root)
    if not gaps:
        print(f"Every line of the {len(views_modules(root))} views modules was run.")
    for module, lines in gaps.items():
        print(f"{module}: {len(lines)} line(s) not run, {allowed.get(module, 0)} allowed")
        for number, text in lines:
            print(f"  {module}:{number}: {text}")
    for module, limit in allowed.items():
        left = len(gaps.get(module, []))
        if left < limit:
            print(f"{module}: {left} line(s) not run now: lower its number in pyproject.toml to {left}.")
    over = over_allowance(gaps, allowed)
    if over:
        print(f"More lines not run than allowed in {', '.join(over)}: reach them in a test that checks the effect.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
