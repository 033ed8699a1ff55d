"""The apps import one another in layers, never in a circle.

The graph is read from the code with `ast`: an edge A -> B for every `import B...` or
`from B... import` in a module of app A, at any depth (an import inside a function is still a
dependency). Left out, because they are not what the running site depends on:
- `if TYPE_CHECKING:` blocks (annotations only);
- tests (`tests/` folders, `test_*.py`, `conftest.py`) and the test helpers of `greenplan/testing/`;
- migrations: generated files that name other apps by label (Django orders them through their
  `dependencies`), so an app's models may point at another app's models without an import.
`bench/`, `docs/` and `e2e/` are scripts and browser tests, not apps.

The layers this keeps (lowest first): core (imports no app), accounts, jobs (imports on the
queue: knows no domain app, the domain apps register their kinds with it), orgs, plans,
indicators / projects, reporting, documents, api / audit / restructuring, demo, and greenplan
(configuration) on top: nobody imports greenplan.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOT_APPS = {"bench", "docs", "e2e"}


def apps() -> set[str]:
    return {
        p.name for p in ROOT.iterdir() if (p / "__init__.py").exists() and p.name not in NOT_APPS
    }


def is_runtime_module(path: Path) -> bool:
    parts = path.relative_to(ROOT).parts
    return not (
        "tests" in parts
        or "migrations" in parts
        or parts[:2] == ("greenplan", "testing")
        or path.name.startswith("test_")
        or path.name == "conftest.py"
    )


def imported_modules(tree: ast.Module) -> list[str]:
    type_checking = {
        id(n)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for branch in node.body
        for n in ast.walk(branch)
    }
    modules = []
    for node in ast.walk(tree):
        if id(node) in type_checking:
            continue
        if isinstance(node, ast.Import):
            modules += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.append(node.module)
    return modules


def app_graph() -> dict[str, set[str]]:
    names = apps()
    graph: dict[str, set[str]] = {name: set() for name in names}
    for app in names:
        for path in (ROOT / app).rglob("*.py"):
            if not is_runtime_module(path):
                continue
            for module in imported_modules(ast.parse(path.read_text(encoding="utf-8"))):
                top = module.split(".")[0]
                if top in names and top != app:
                    graph[app].add(top)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one app (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_cycle_finder_sees_a_circle_and_only_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_imports_inside_type_checking_blocks_are_not_dependencies():
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from plans.models import Plan\n"
        "def f():\n    from orgs.models import Organisation\n"
    )
    assert imported_modules(tree) == ["typing", "orgs.models"]


def test_apps_import_each_other_without_a_cycle():
    assert cycles(app_graph()) == []


def test_core_imports_no_app_and_no_app_imports_the_configuration():
    graph = app_graph()
    assert graph["core"] == set()
    assert sorted(app for app, targets in graph.items() if "greenplan" in targets) == []


def test_the_job_mechanism_knows_no_domain_app():
    # Domain apps register their kinds of import job (jobs.kinds); jobs itself stays below.
    assert app_graph()["jobs"] <= {"core", "accounts"}
