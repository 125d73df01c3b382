"""Fail unless the tests ran every line of every views module.

    .venv/bin/python bin/views_coverage.py COVERAGE_JSON

bin/testservices.py runs this after the whole suite, on the report of `coverage json`. A views module is an app's
views.py or a <thing>_views.py beside it. Every one must be in the report (one that coverage did not measure
fails too) with no missing line: a view nobody's test opens is a view nobody checked.
Lists each line not run, with its text, and exits 1; exits 0 when there is none.
Standard library only, like bin/testservices.py.
"""

import json
import sys
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


def main(argv):
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    report = json.loads(Path(argv[0]).read_text())
    gaps = lines_not_run(report, ROOT)
    if not gaps:
        print(f"Every line of the {len(views_modules(ROOT))} views modules was run.")
        return 0
    for module, lines in gaps.items():
        print(f"{module}: {len(lines)} line(s) not run")
        for number, text in lines:
            print(f"  {module}:{number}: {text}")
    print(
        "Every views module must be fully run by the tests: open or post these paths in a test that checks the effect."
    )
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
