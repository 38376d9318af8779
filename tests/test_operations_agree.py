"""The whole-API role matrix (tests/test_role_matrix_all.py, the one reviewed table) and the
operations' declared roles (each app's operations.py, from which every view's permission
and every service's refusal are derived) say the same thing, route by route and method by
method; and the rule lives in no other place."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.checks import Error

from kernel.api import EnvelopeAPIView
from kernel.operations import ANY_TOKEN, PUBLIC, Operation
from tests.test_role_matrix_all import ANY_TOKEN as TABLE_ANY_TOKEN
from tests.test_role_matrix_all import CASES, ROUTES, TABLE, canonical
from tests.test_role_matrix_all import PUBLIC as TABLE_PUBLIC

ROOT = Path(__file__).resolve().parents[1]
APPS = ("accounts", "audit", "devices", "kernel", "misp", "partners", "policies", "portal", "config")


def _declared(view: type, method: str) -> Operation:
    operation = (view.operations or {}).get(method.upper())
    assert isinstance(operation, Operation), f"{view.__qualname__}.{method} names no operation"
    return operation


def _as_table(view: type, operation: Operation):
    if operation.roles == PUBLIC:
        # validateToken checks the token itself (no token at all is MOSIP's KER-ATH-006), so
        # its operation is public and the table says "any token".
        return TABLE_ANY_TOKEN if view.authentication_classes == [] and view.__name__ == "ValidateTokenView" \
            else TABLE_PUBLIC
    if operation.roles == ANY_TOKEN:
        return TABLE_ANY_TOKEN
    return frozenset(str(role) for role in operation.allowed_roles)


@pytest.mark.parametrize("route,method", CASES, ids=[f"{m.upper()} /{r}" for r, m in CASES])
def test_the_table_and_the_declared_operation_agree(route, method):
    view = ROUTES[route][0]
    assert _as_table(view, _declared(view, method)) == TABLE[(method, canonical(route))]


def test_every_api_view_derives_its_permission_from_its_operations():
    for route, (view, _) in ROUTES.items():
        assert issubclass(view, EnvelopeAPIView), route
        assert "OperationPermission" in [p.__name__ for p in view.permission_classes], route


def test_the_startup_check_fails_for_a_method_naming_no_operation(monkeypatch):
    from kernel.checks import operations_declared
    from policies.views import PolicyGroupCreateView

    assert operations_declared(None) == []
    monkeypatch.setattr(PolicyGroupCreateView, "operations", {})
    errors = operations_declared(None)
    assert [(type(e), e.id) for e in errors] == [(Error, "pms.E030")]
    assert "PolicyGroupCreateView.post" in errors[0].msg


def _sources():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "tests" not in path.parts and "migrations" not in path.parts:
                yield path


def test_no_role_rule_outside_the_operations():
    """No ``permission_classes`` on a view, no ``require_*`` role guard in a service, no
    role set copied into a migration: the operation is where the rule is written."""
    found = []
    for path in _sources():
        text = path.read_text()
        for pattern in (r"^\s+permission_classes\s*=", r"def require_(?!text\b)\w+\(", r"roles_required\("):
            found += [f"{path.relative_to(ROOT)}: {m.group(0).strip()}" for m in re.finditer(pattern, text, re.M)]
    assert found == []


@pytest.mark.django_db
@pytest.mark.parametrize("role,status", [("POLICYMANAGER", 405), ("PARTNER_ADMIN", 405), ("AUDITOR", 403)])
def test_a_method_the_view_does_not_take_is_405_for_whoever_may_call_the_view(role, status):
    from tests.support.api import PmsApi
    from tests.support.users import make_user, token_for

    answer = PmsApi(token=token_for(make_user(f"u-{role.lower()}", [role]))).call(
        "delete", "/partnermanagement/v1/policies/policyGroup", None)
    assert answer.status == status, answer.body
