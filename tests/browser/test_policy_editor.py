"""A policy manager writes a policy in the admin, sees the schema errors per field, fixes
them and publishes."""

import json

import pytest

from policies.models import Policy, PolicyStatus
from policies.tests.factories import PolicyGroupFactory, auth_document, make_manager
from tests.support.users import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_policy_manager_fixes_schema_errors_and_publishes(page):
    banking = PolicyGroupFactory(name="Banking")
    PolicyGroupFactory(name="Telecom")
    manager = make_manager("pm-bank", ["POLICYMANAGER"], groups=[banking])
    manager.is_staff = True
    manager.save()

    page.goto("/admin/login/?next=/admin/policies/policy/add/")
    page.fill("#id_username", "pm-bank")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#id_document")
    options = page.locator("#id_policy_group option").all_inner_texts()
    assert "Banking" in options and "Telecom" not in options  # only the manager's groups

    page.select_option("#id_policy_group", label="Banking")
    page.fill("#id_name", "KYC for banks")
    page.fill("#id_description", "eKYC")
    page.select_option("#id_policy_type", "Auth")
    broken = auth_document()
    broken["authPolicies"][0]["authType"] = "telepathy"
    broken["allowedKycAttributes"][0]["attributeName"] = "bloodGroup"
    page.fill("#id_document", json.dumps(broken, indent=2))
    page.click("input[name=_save]")
    page.wait_for_selector(".errorlist")
    if (shots := __import__("os").environ.get("PMS_SCREENSHOTS")):
        page.screenshot(path=f"{shots}/policy-editor-errors.png", full_page=True)
    errors = page.locator(".errorlist").all_inner_texts()
    text = " ".join(errors)
    assert "policies.authPolicies[0].authType" in text and "policies.allowedKycAttributes[0].attributeName" in text
    assert not Policy.objects.exists()

    page.fill("#id_document", json.dumps(auth_document(), indent=2))
    page.click("input[name=_save]")
    page.wait_for_selector("text=KYC for banks")
    policy = Policy.objects.get()
    assert policy.status == PolicyStatus.DRAFT

    page.check(f"input[name=_selected_action][value='{policy.pk}']")
    page.select_option("select[name=action]", "publish_selected")
    page.click("button[name=index]")
    page.wait_for_selector("text=Published: 1 done.")
    policy.refresh_from_db()
    assert policy.status == PolicyStatus.PUBLISHED
    assert page.foreign_requests == []
    assert page.csp_violations == []
