"""The layout the apps keep: no import cycle between apps, and no app holding most of the code.

Imports are read with `ast` from every module of every app, those inside functions included:
an import moved into a function to dodge a cycle is still a dependency.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = sorted(p.name for p in ROOT.iterdir() if (p / "apps.py").exists())
# Where each app may reach, lowest first: an app imports only apps listed before it.
LAYERS = [
    "common",
    "ministries",
    "security",
    "accounts",
    "partnerships",
    "notifications",
    "charters",
    "meetings",
    "results",
    "budgets",
    "assessments",
    "lessons",
    "relations",
    "competences",
    "search",
    "overlaps",
    "dashboards",
    "calendars",
    "imports",
    "api",
]


def _modules(app):
    for path in (ROOT / app).rglob("*.py"):
        if "migrations" not in path.parts:
            yield path


def _imported_apps(path):
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found.update(name.split(".")[0] for name in names if name.split(".")[0] in APPS)
    return found


def _graph():
    return {app: set().union(*(_imported_apps(p) for p in _modules(app))) - {app} for app in APPS}


def _cycle(graph):
    """One cycle as a list of apps, or None."""
    state = {}

    def visit(app, path):
        state[app] = "open"
        for other in sorted(graph[app]):
            if state.get(other) == "open":
                return [*path[path.index(other) :], other]
            if other not in state and (found := visit(other, [*path, other])):
                return found
        state[app] = "done"
        return None

    for app in sorted(graph):
        if app not in state and (found := visit(app, [app])):
            return found
    return None


def test_every_app_has_its_place_in_the_layers():
    assert sorted(LAYERS) == APPS


def test_apps_import_each_other_without_a_cycle():
    assert _cycle(_graph()) is None


def test_each_app_imports_only_apps_below_it():
    graph = _graph()
    upward = {
        (app, other) for app, others in graph.items() for other in others if LAYERS.index(other) > LAYERS.index(app)
    }
    assert upward == set()


def test_the_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}} | {app: set() for app in APPS}) == ["a", "b", "c", "a"]


def test_no_app_holds_more_than_about_a_quarter_of_the_code():
    lines = {app: sum(len(p.read_text().splitlines()) for p in _modules(app)) for app in APPS}
    total = sum(lines.values())
    assert {app: round(100 * n / total) for app, n in lines.items() if n / total > 0.27} == {}
