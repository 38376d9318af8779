"""The real client's sequence (catalog §7.1, [RC]) over HTTP with the doubled prefix."""

import pytest

from audit.models import AuditEvent
from policies.models import Policy, PolicyGroup
from tests.support.api import PmsApi, assert_ok
from tests.support.users import make_user

from .conftest import DOUBLED
from .factories import auth_document

pytestmark = pytest.mark.django_db


def test_group_then_policy_then_publish_then_list_then_get():
    make_user("pmadmin", ["POLICYMANAGER"])
    api = PmsApi()
    login = api.post("/v1/authmanager/authenticate/useridPwd",
                     {"appId": "partnermanagement", "userName": "pmadmin", "password": "Correct-Horse-9"})
    assert_ok(login)  # from here on the cookie travels, as [RC] does

    group = assert_ok(api.post(f"{DOUBLED}/policyGroup", {"name": "mpolicygroup-default-auth", "desc": "auth group"}))
    assert group["name"] == "mpolicygroup-default-auth" and group["is_Active"] is True
    assert set(group) >= {"id", "name", "desc", "is_Active", "cr_by", "cr_dtimes", "up_by", "upd_dtimes"}

    created = api.post(DOUBLED, {
        "name": "mpolicy-default-auth", "desc": "auth policy", "policies": auth_document(),
        "policyGroupName": "mpolicygroup-default-auth", "policyType": "Auth", "version": "1.0",
    })
    policy = assert_ok(created)
    assert created.body["id"] == "mosip.test"
    assert policy["status"] == "draft" and policy["is_Active"] is False
    assert policy["policyGroupId"] == group["id"] and policy["policyType"] == "Auth"
    assert policy["id"] == policy["policyId"] and policy["name"] == policy["policyName"]
    assert policy["policies"]["authPolicies"][1]["authSubType"] == "FINGER"

    published = assert_ok(api.post(f"{DOUBLED}/publishPolicy/policyGroupId/{group['id']}/policyId/{policy['id']}"))
    assert published["status"] == "published" and published["is_Active"] is True

    listing = api.get(DOUBLED)
    assert [p["id"] for p in assert_ok(listing)["policies"]] == [policy["id"]]
    assert listing.body["id"] == "mosip.partnermanagement.partner.policies"
    assert listing.body["metadata"]["totalItems"] == 1

    fetched = api.get(f"{DOUBLED}/policyId/{policy['id']}")
    assert assert_ok(fetched)["status"] == "published"
    assert fetched.body["id"] == "mosip.partnermanagement.policy.retrieve"
    assert assert_ok(api.get(f"{DOUBLED}/{policy['id']}"))["id"] == policy["id"]

    groups = assert_ok(api.get(f"{DOUBLED}/policyGroups"))
    assert groups[0]["policyGroup"]["id"] == group["id"] and groups[0]["policies"][0]["id"] == policy["id"]

    stored = Policy.objects.get(pk=policy["id"])
    assert stored.history.count() == 2  # created, published
    assert PolicyGroup.objects.get(pk=group["id"]).history.count() == 1
    events = list(AuditEvent.objects.order_by("id").values_list("event_id", flat=True))
    for expected in ["PMS_PRT_115", "PMS_PRT_215", "PMS_PRT_137", "PMS_PRT_237", "PMS_PRT_183", "PMS_PRT_283",
                     "PMS_PRT_287"]:
        assert expected in events
    assert "PMS_PRT_187" not in events and "PMS_PRT_116" not in events  # a read writes one row, no request row


def test_the_documented_single_prefix_answers_the_same(manager_api, banking):
    created = assert_ok(manager_api.post("/partnermanagement/v1/policies", {
        "name": "kyc", "desc": "d", "policies": auth_document(), "policyGroupName": "Banking",
        "policyType": "auth", "version": "1.0",
    }))
    assert assert_ok(manager_api.get(f"/partnermanagement/v1/policies/policyId/{created['id']}"))["name"] == "kyc"
    assert assert_ok(manager_api.get(f"{DOUBLED}/policyId/{created['id']}"))["name"] == "kyc"
