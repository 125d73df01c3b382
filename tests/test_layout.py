"""How the tests are laid out: shared helpers live in tests/factories.py, tests/builders.py, tests/processes.py and
tests/security/pages.py.

processes.py holds the real servers and processes of the fault and production tests; pages.py is the URL table of
the security walk, shared by its two test modules.
"""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent
SHARED = {"tests.factories", "tests.builders", "tests.processes", "tests.security.pages"}
# The browser walks (tests/e2e) build the security walk's world of objects, committed for their live server: the
# world's builder stays beside the fixture of tests/security that uses it most.
EXCEPTIONS = {("tests/e2e/conftest.py", "tests.security.conftest")}


def modules_imported_from_tests(path):
    """(line, module) for every import of a tests.* module in the file, inside functions too."""
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module == "tests":  # from tests import factories
            yield from ((node.lineno, f"tests.{a.name}") for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "tests":
            yield node.lineno, node.module
        elif isinstance(node, ast.Import):
            yield from ((node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "tests")


def test_no_test_module_imports_from_another_test_module_or_a_conftest():
    borrowed = [
        f"{path.relative_to(TESTS.parent)}:{line} imports {module}"
        for path in sorted(TESTS.rglob("*.py"))
        for line, module in modules_imported_from_tests(path)
        if module not in SHARED and (path.relative_to(TESTS.parent).as_posix(), module) not in EXCEPTIONS
    ]

    assert borrowed == []
