"""The policy manager's admin: scoped lists, the policy editor, and the actions."""

import json

import pytest
from django.test import Client

from audit.models import AuditEvent
from policies.models import Policy, PolicyStatus

from .factories import PolicyFactory, auth_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser_of(manager):
    manager.is_staff = True
    manager.save()
    client = Client()
    client.force_login(manager)
    return client


def form_data(group, **overrides):
    data = {"policy_group": group.pk, "name": "KYC Policy", "description": "ekyc", "policy_type": "Auth",
            "version": "1.0", "document": json.dumps(auth_document())}
    data.update(overrides)
    return data


def test_manager_sees_only_policies_of_their_groups(browser_of, banking, telecom):
    PolicyFactory(policy_group=banking, name="Mine")
    theirs = PolicyFactory(policy_group=telecom, name="Theirs")
    page = browser_of.get("/admin/policies/policy/")
    assert page.status_code == 200
    assert b"Mine" in page.content and b"Theirs" not in page.content
    assert browser_of.get(f"/admin/policies/policy/{theirs.pk}/change/").status_code == 302  # "does not exist"
    groups = browser_of.get("/admin/policies/policygroup/")
    assert b"Banking" in groups.content and b"Telecom" not in groups.content


def test_editor_lists_schema_errors_per_field_and_saves_nothing(browser_of, banking):
    document = auth_document()
    document["authPolicies"][0]["authType"] = "telepathy"
    document["allowedKycAttributes"][0]["attributeName"] = "bloodGroup"
    page = browser_of.post("/admin/policies/policy/add/", form_data(banking, document=json.dumps(document)))
    assert page.status_code == 200
    text = page.content.decode()
    assert "policies.authPolicies[0].authType" in text and "PMS_POL_006" in text
    assert "policies.allowedKycAttributes[0].attributeName" in text and "PMS_POL_005" in text
    assert not Policy.objects.exists()


def test_editor_refuses_invalid_json(browser_of, banking):
    page = browser_of.post("/admin/policies/policy/add/", form_data(banking, document="{not json"))
    assert page.status_code == 200 and b"Enter a valid JSON" in page.content
    assert not Policy.objects.exists()


def test_editor_creates_a_draft_through_the_service(browser_of, banking, manager):
    response = browser_of.post("/admin/policies/policy/add/", form_data(banking))
    assert response.status_code == 302
    policy = Policy.objects.get()
    assert policy.status == PolicyStatus.DRAFT and policy.created_by == manager.username
    assert policy.history.get().history_user == manager
    assert AuditEvent.objects.filter(event_id="PMS_PRT_237", ref_id=policy.pk).exists()


def test_a_service_error_comes_back_on_its_field_with_the_typed_input(browser_of, banking):
    PolicyFactory(policy_group=banking, name="KYC Policy")
    response = browser_of.post("/admin/policies/policy/add/", form_data(banking, description="typed by hand 4711"))
    assert response.status_code == 200  # the form again, not a redirect
    form = response.context["adminform"].form
    assert any("PMS_POL_004" in message for message in form.errors["name"])
    assert form["description"].value() == "typed by hand 4711" and form["name"].value() == "KYC Policy"
    assert b"typed by hand 4711" in response.content
    assert Policy.objects.count() == 1
    assert AuditEvent.objects.filter(event_id="PMS_PRT_437").count() == 1  # failure row kept, once


def test_publish_and_deactivate_actions_call_the_services(browser_of, banking):
    policy = PolicyFactory(policy_group=banking)
    url = "/admin/policies/policy/"
    browser_of.post(url, {"action": "publish_selected", "_selected_action": [policy.pk]})
    policy.refresh_from_db()
    assert policy.status == PolicyStatus.PUBLISHED
    again = browser_of.post(url, {"action": "publish_selected", "_selected_action": [policy.pk]}, follow=True)
    assert b"PMS_POL_020" in again.content
    browser_of.post(url, {"action": "deactivate_selected", "_selected_action": [policy.pk]})
    policy.refresh_from_db()
    assert policy.status == PolicyStatus.DEACTIVATED
    browser_of.post(url, {"action": "activate_selected", "_selected_action": [policy.pk]})
    policy.refresh_from_db()
    assert policy.status == PolicyStatus.PUBLISHED
    assert policy.history.count() == 4


def test_published_policy_is_read_only_in_the_editor(browser_of, banking):
    policy = PolicyFactory(policy_group=banking, status=PolicyStatus.PUBLISHED, name="Fixed")
    response = browser_of.post(f"/admin/policies/policy/{policy.pk}/change/", {}, follow=True)
    assert b"PMS_POL_055" in response.content
    policy.refresh_from_db()
    assert policy.name == "Fixed"


def test_history_is_visible(browser_of, banking):
    policy = PolicyFactory(policy_group=banking)
    page = browser_of.get(f"/admin/policies/policy/{policy.pk}/history/")
    assert page.status_code == 200 and b"Created" in page.content


def test_group_admin_creates_through_the_service_and_reports_duplicates(browser_of, manager, banking):
    from policies.models import ManagerGroupMapping, PolicyGroup

    response = browser_of.post("/admin/policies/policygroup/add/", {"name": "Insurance", "description": "d", "is_active": "on"})
    assert response.status_code == 302
    group = PolicyGroup.objects.get(name="Insurance")
    assert ManagerGroupMapping.objects.filter(user=manager, policy_group=group).exists()
    again = browser_of.post("/admin/policies/policygroup/add/", {"name": "banking", "description": "d"})
    assert again.status_code == 200 and any("PMS_POL_014" in m for m in again.context["adminform"].form.errors["name"])
    assert PolicyGroup.objects.filter(name__iexact="banking").count() == 1


def test_partner_admin_maps_and_unmaps_managers_through_services(manager, telecom):
    from policies.models import ManagerGroupMapping
    from tests.support.users import make_user

    admin_user = make_user("root", ["PARTNER_ADMIN"])
    admin_user.is_staff = True
    admin_user.save()
    client = Client()
    client.force_login(admin_user)
    added = client.post("/admin/policies/managergroupmapping/add/", {"user": manager.pk, "policy_group": telecom.pk})
    assert added.status_code == 302
    mapping = ManagerGroupMapping.objects.get(user=manager, policy_group=telecom)
    assert mapping.history.get().history_user == admin_user
    client.post(f"/admin/policies/managergroupmapping/{mapping.pk}/delete/", {"post": "yes"})
    assert not ManagerGroupMapping.objects.filter(pk=mapping.pk).exists()
    assert mapping.history.filter(history_type="-").get().history_user == admin_user
    assert AuditEvent.objects.filter(event_id="PMS_PRT_256", ref_id=telecom.pk, description__contains="unmapped").exists()


def test_managers_cannot_unmap(browser_of, manager, banking):
    from policies.models import ManagerGroupMapping

    mapping = ManagerGroupMapping.objects.get(user=manager, policy_group=banking)
    assert browser_of.post(f"/admin/policies/managergroupmapping/{mapping.pk}/delete/", {"post": "yes"}).status_code == 403
    assert ManagerGroupMapping.objects.filter(pk=mapping.pk).exists()


def test_a_policy_is_named_with_its_own_id_not_its_groups(browser_of, banking):
    policy = PolicyFactory(policy_group=banking, name="KYC")
    for url in ("/admin/policies/policy/", f"/admin/policies/policy/{policy.pk}/change/",
                f"/admin/policies/policy/{policy.pk}/history/"):
        text = browser_of.get(url).content.decode()
        assert f"KYC ({policy.pk})" in text and f"KYC ({banking.pk})" not in text, url
