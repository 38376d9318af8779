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
