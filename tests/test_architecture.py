"""Dependencies run one way (SPEC §2): kernel imports no app, audit only kernel, identity
(accounts) kernel and audit, and each domain app only the layers below it. Tests inside an
app follow the same rule, except that any app's tests may use identity (users and tokens)
and the shared test kit (``tests.support``). The shipped packages hold no test machinery."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROJECT = {"config", "kernel", "audit", "events", "accounts", "policies", "partners", "misp", "devices", "portal", "tests"}
ALLOWED = {
    "kernel": set(),
    "audit": {"kernel"},
    # WebSub events: the domain apps record them in their transactions.
    "events": {"kernel", "audit"},
    "accounts": {"kernel", "audit"},
    "policies": {"kernel", "audit", "events", "accounts"},
    "partners": {"kernel", "audit", "events", "accounts", "policies"},
    "misp": {"kernel", "audit", "events", "accounts", "policies", "partners"},
    "devices": {"kernel", "audit", "events", "accounts", "partners"},
    # Web pages call the domain services and selectors (SPEC §2); no domain app imports the portal.
    "portal": {"kernel", "audit", "events", "accounts", "policies", "partners", "misp", "devices"},
}


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found & PROJECT


def violations(app: str) -> list[str]:
    found = []
    for path in sorted((ROOT / app).rglob("*.py")):
        relative = path.relative_to(ROOT)
        if "migrations" in relative.parts:
            continue  # migrations name other apps only as dependency strings
        allowed = ALLOWED[app] | {app}
        if "tests" in relative.parts:
            allowed = allowed | {"accounts", "tests"}
        for other in sorted(imported_apps(path) - allowed):
            found.append(f"{relative} imports {other}")
    return found


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_dependencies_run_one_way(app):
    assert violations(app) == []


TEST_MACHINERY = {"pytest", "factory", "tests"}


def test_shipped_packages_hold_no_test_machinery():
    """What the wheel installs (every app but its tests/ folders) imports neither pytest,
    factory_boy nor the test kit: helpers that make users with known passwords or tokens
    for any role live in tests/support, which is not shipped."""
    found = []
    for app in sorted(ALLOWED) + ["config"]:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "tests" in relative.parts or "migrations" in relative.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                         else [node.module] if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module else [])
                found += [f"{relative} imports {n}" for n in names if n.split(".")[0] in TEST_MACHINERY]
            if path.name == "testing.py":
                found.append(f"{relative} is a test helper module")
    assert found == []


def test_the_check_sees_a_forbidden_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from policies.models import Policy\nimport audit.services\nfrom . import local\nimport json\n")
    assert imported_apps(bad) == {"policies", "audit"}
