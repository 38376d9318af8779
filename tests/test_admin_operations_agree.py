"""The back office's permissions are the operations' (kernel.admin_support.OperationAdminMixin),
as the API's are (tests/test_operations_agree.py): for every registered admin, every role
and every capability (view, add, change, delete, each action's), the admin answers what the
declared operation permits, and nothing else; no admin or action goes without a
declaration; Django's model permissions open nothing; and no other role rule for the admin
is left in the apps."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.checks import Error
from django.db import connection
from django.test import RequestFactory

from kernel.admin_support import MODEL_CAPABILITIES, undeclared_capabilities
from kernel.roles import Role
from tests.support.users import make_user, staff_browser

ROOT = Path(__file__).resolve().parents[1]
APPS = ("accounts", "audit", "devices", "kernel", "misp", "partners", "policies", "portal", "config")
PROJECT_APPS = ("accounts", "audit", "devices", "misp", "partners", "policies", "portal")


def _capabilities(model_admin) -> set[str]:
    """What Django asks the admin: the four model capabilities and each action's."""
    wanted = set(MODEL_CAPABILITIES)
    for func, _name, _description in model_admin._get_base_actions():
        wanted |= set(getattr(func, "allowed_permissions", ()))
    return wanted


def _request_as(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def _registered():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def test_every_registered_admin_and_action_has_an_operation():
    assert len(admin.site._registry) >= 20
    problems = [problem for _model, model_admin in _registered() for problem in undeclared_capabilities(model_admin)]
    assert problems == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", [*Role, None], ids=[*(str(r) for r in Role), "no role"])
def test_each_admin_permits_exactly_what_its_operations_permit(role):
    user = make_user("someone", [role] if role else [])
    user.is_staff = True
    user.save()
    held = frozenset({role} if role else ())
    request = _request_as(user)
    for model, model_admin in _registered():
        for capability in sorted(_capabilities(model_admin)):
            operation = model_admin.operations.get(capability)
            declared = operation is not None and operation.permits(held)
            answered = getattr(model_admin, f"has_{capability}_permission")(request)
            assert answered == declared, (model._meta.label, capability, role)
        module = any(model_admin.operations[c].permits(held) for c in MODEL_CAPABILITIES if c in model_admin.operations)
        assert model_admin.has_module_permission(request) == module, (model._meta.label, role)


@pytest.mark.django_db
def test_a_superuser_is_answered_as_a_partner_admin_and_nothing_more():
    root = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    partner_admin = make_user("pa", [Role.PARTNER_ADMIN])
    for model, model_admin in _registered():
        for capability in sorted(_capabilities(model_admin)):
            check = getattr(model_admin, f"has_{capability}_permission")
            assert check(_request_as(root)) == check(_request_as(partner_admin)), (model._meta.label, capability)
    # Nothing without an operation, even for a superuser: no audit row is edited or deleted.
    audit_admin = next(a for m, a in _registered() if m._meta.label == "audit.AuditEvent")
    assert not audit_admin.has_delete_permission(_request_as(root))
    assert not audit_admin.has_change_permission(_request_as(root))


@pytest.mark.django_db
def test_model_permissions_on_a_role_group_open_nothing_and_none_are_needed():
    """An old database keeps what the removed grants gave; it neither opens a page to a role
    whose operations do not permit it, nor is missing for one whose operations do."""
    auditors = Group.objects.get(name=str(Role.AUDITOR))
    auditors.permissions.add(*Permission.objects.filter(content_type__app_label__in=["partners", "policies"]))
    auditor = staff_browser(make_user("auditor", [Role.AUDITOR]))
    assert auditor.get("/admin/partners/partner/").status_code == 403
    assert auditor.get("/admin/policies/policy/").status_code == 403
    assert auditor.get("/admin/audit/auditevent/").status_code == 200

    managers = Group.objects.get(name=str(Role.POLICYMANAGER))
    managers.permissions.clear()
    manager = staff_browser(make_user("pm", [Role.POLICYMANAGER]))
    assert manager.get("/admin/policies/policy/").status_code == 200
    assert manager.get("/admin/policies/policygroup/add/").status_code == 200
    assert manager.get("/admin/partners/partner/").status_code == 403


@pytest.mark.django_db
def test_migrate_grants_role_groups_no_model_permissions():
    granted = Group.permissions.through.objects.filter(group__name__in=[str(r) for r in Role],
                                                      permission__content_type__app_label__in=PROJECT_APPS)
    assert list(granted.values_list("group__name", "permission__codename")) == []


@pytest.mark.django_db
def test_the_migration_removes_the_old_grants_and_leaves_the_rest():
    migration = importlib.import_module("kernel.migrations.0005_role_groups_lose_model_permissions")
    view_partner = Permission.objects.get(codename="view_partner")
    view_user = Permission.objects.get(codename="view_user")
    managers = Group.objects.get(name=str(Role.PARTNERMANAGER))
    managers.permissions.add(view_partner, view_user)
    local = Group.objects.create(name="LOCAL_EXTRA")
    local.permissions.add(view_partner)
    person = make_user("person")
    person.user_permissions.add(view_partner)

    migration.drop_role_group_model_permissions(apps, SimpleNamespace(connection=connection))

    assert list(managers.permissions.all()) == [view_user]  # Django's own models are left alone
    assert list(local.permissions.all()) == [view_partner]
    assert list(person.user_permissions.all()) == [view_partner]


def test_the_site_check_refuses_an_admin_or_action_without_an_operation(monkeypatch):
    from partners.admin import PartnerAdmin

    assert admin.site.check(None) == []
    monkeypatch.setattr(PartnerAdmin, "operations", {})
    errors = admin.site.check(None)
    assert [(type(e), e.id) for e in errors] == [(Error, "pms.E031")]
    assert "PartnerAdmin declares no operations" in errors[0].msg

    from partners.operations import MANAGED_PARTNER_READ

    monkeypatch.setattr(PartnerAdmin, "operations", {"view": MANAGED_PARTNER_READ})
    messages = [e.msg for e in admin.site.check(None)]
    assert messages == [f"PartnerAdmin: action {name} needs 'status', which has no operation"
                        for name in ("activate_selected", "deactivate_selected")]


# --- no other role rule for the admin in the apps ----------------------------------------

# Grants of Django model permissions to role groups, a permission check of Django's own, or
# a hand-written has_<x>_permission: each would be a second place a role rule is written.
FORBIDDEN = re.compile(r"\bROLE_PERMISSIONS\b|\brole_permission_grants\b|\.has_perms?\(|"
                       r"^\s*def has_\w+_permission\(", re.M)
# The one place the admin's has_<x>_permission methods are written: derived from operations.
DERIVING = ROOT / "kernel" / "admin_support.py"


def _sources():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "tests" not in path.parts and "migrations" not in path.parts and path != DERIVING:
                yield path


def test_no_admin_role_rule_outside_the_operations():
    found = [f"{path.relative_to(ROOT)}: {m.group(0).strip()}" for path in _sources()
             for m in FORBIDDEN.finditer(path.read_text())]
    assert found == [], "declare the operation in the admin's `operations` instead:\n" + "\n".join(found)


def test_the_scan_sees_what_it_forbids():
    for line in ('ROLE_PERMISSIONS = {Role.X: ["view_partner"]}', "post_migrate.connect(role_permission_grants(x))",
                 'request.user.has_perm("partners.view_partner")', "user.has_perms(['a'])",
                 "    def has_delete_permission(self, request, obj=None):", "    def has_approve_permission(self, r):"):
        assert FORBIDDEN.search(line), line
    for line in ("    def has_permission(self, request, view) -> bool:", "has_view_permission(request)",
                 "return self.has_reveal_permission(request)"):
        assert not FORBIDDEN.search(line), line
