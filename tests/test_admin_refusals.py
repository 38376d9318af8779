"""Admin pages outside a back-office user's role answer 403 and leave an audit row."""

import pytest
from django.test import Client

from audit.models import AuditEvent
from policies.tests.factories import PolicyGroupFactory, make_manager

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", [
    "/admin/audit/auditevent/", "/admin/accounts/machineclient/", "/admin/accounts/revokedtoken/",
    "/admin/auth/user/", "/admin/auth/group/",
])
def test_a_policy_manager_is_refused_other_admin_pages_and_it_is_audited(path):
    manager = make_manager("pm", groups=[PolicyGroupFactory(name="Banking")])
    manager.is_staff = True
    manager.save()
    browser = Client()
    browser.force_login(manager)
    assert browser.get(path).status_code == 403
    row = AuditEvent.objects.get(event_key="auth.access.denied")
    assert row.session_user_id == "pm" and path in row.description


@pytest.mark.parametrize("path", [
    "/admin/partners/partner/", "/admin/partners/partnerapikey/", "/admin/policies/policy/", "/admin/misp/misp/",
    "/admin/misp/licensekey/", "/admin/audit/auditevent/", "/admin/accounts/machineclient/", "/admin/auth/user/",
])
def test_a_zonal_admin_is_refused_everything_but_the_devices_and_it_is_audited(path):
    from accounts.services import create_pms_user
    from kernel.actors import Actor
    from kernel.roles import Role

    zonal, _ = create_pms_user("zonal", actor=Actor.system(), roles=frozenset({Role.ZONAL_ADMIN}))
    browser = Client()
    browser.force_login(zonal)
    assert browser.get("/admin/devices/deviceprovider/").status_code == 200
    assert browser.get(path).status_code == 403
    row = AuditEvent.objects.get(event_key="auth.access.denied")
    assert row.session_user_id == "zonal" and path in row.description
