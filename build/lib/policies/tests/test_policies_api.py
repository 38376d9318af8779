"""Every policy endpoint and transition, with the bad-input and wrong-manager cases.
Each refusal leaves the database as it was and writes the failure audit event."""

import pytest

from audit.models import AuditEvent
from kernel.testing import assert_error, assert_ok
from policies.models import Policy, PolicyStatus

from .conftest import P1, P
from .factories import PolicyFactory, auth_document, data_share_document

pytestmark = pytest.mark.django_db


def create_body(**overrides):
    body = {"name": "Insurance Policy", "desc": "for insurers", "policies": auth_document(),
            "policyGroupName": "Banking", "policyType": "Auth", "version": "1.0"}
    body.update(overrides)
    return body


def snapshot():
    return sorted(Policy.objects.values_list("id", "name", "status", "description"))


def failure_events(event_id="PMS_PRT_437"):
    return AuditEvent.objects.filter(event_id=event_id, outcome="failure")


# --- create --------------------------------------------------------------------------


def test_1_0_body_creates_an_active_auth_policy_in_the_managers_only_group(pm, banking):
    policy = assert_ok(pm.post(P, {"name": "Insurance Policy", "desc": "d", "policies": auth_document()}))
    assert policy["status"] == "published" and policy["is_Active"] is True
    assert policy["policyType"] == "Auth" and policy["policyGroupName"] == "Banking"
    assert Policy.objects.get(pk=policy["id"]).legacy is True


def test_1_0_body_without_a_single_group_needs_the_group_name(pm, manager, telecom):
    from policies.models import ManagerGroupMapping

    ManagerGroupMapping.objects.create(user=manager, policy_group=telecom)
    answer = pm.post(P, {"name": "x", "desc": "d", "policies": auth_document()})
    assert_error(answer, "PMS_COR_001")
    assert "policyGroupName" in answer.body["errors"][0]["message"]
    assert not Policy.objects.exists()


def test_1_1_body_creates_a_draft_with_the_client_policy_id(pm, banking):
    policy = assert_ok(pm.post(P, create_body(policyId="pol-1001", policyType="DataShare", policies=data_share_document())))
    assert policy["id"] == "pol-1001" and policy["status"] == "draft" and policy["policyType"] == "DataShare"


def test_duplicate_name_in_the_group_is_pms_pol_004_ignoring_case(pm, banking):
    assert_ok(pm.post(P, create_body()))
    before = snapshot()
    answer = pm.post(P, create_body(name="insurance POLICY"))
    assert_error(answer, "PMS_POL_004")
    assert snapshot() == before
    assert failure_events().count() == 1


def test_same_name_in_another_group_is_fine(pm, admin_api, banking, telecom):
    assert_ok(pm.post(P, create_body()))
    assert_ok(admin_api.post(P, create_body(policyGroupName="Telecom")))


def test_unknown_auth_type_is_pms_pol_006_naming_the_field(pm, banking):
    document = auth_document()
    document["authPolicies"][0]["authType"] = "telepathy"
    answer = pm.post(P, create_body(policies=document))
    assert_error(answer, "PMS_POL_006")
    assert "policies.authPolicies[0].authType" in answer.body["errors"][0]["message"]
    assert not Policy.objects.exists() and failure_events().count() == 1


def test_unsupported_kyc_attribute_is_pms_pol_005(pm, banking):
    document = auth_document()
    document["allowedKycAttributes"].append({"attributeName": "bloodGroup", "required": False})
    answer = pm.post(P, create_body(policies=document))
    assert_error(answer, "PMS_POL_005")
    assert "policies.allowedKycAttributes[2].attributeName" in answer.body["errors"][0]["message"]
    assert not Policy.objects.exists() and failure_events().count() == 1


def test_missing_kyc_attributes_is_pms_pol_007(pm, banking):
    document = auth_document()
    del document["allowedKycAttributes"]
    assert_error(pm.post(P, create_body(policies=document)), "PMS_POL_007")


def test_every_schema_error_is_reported(pm, banking):
    document = {"authPolicies": [{"authType": "bio", "mandatory": "yes"}],
                "allowedKycAttributes": [{"attributeName": "bloodGroup"}]}
    answer = pm.post(P, create_body(policies=document))
    codes = answer.error_codes
    assert "PMS_POL_006" in codes and "PMS_POL_005" in codes and len(answer.body["errors"]) >= 3


def test_unknown_policy_type_is_pms_pol_023(pm, banking):
    assert_error(pm.post(P, create_body(policyType="Magic")), "PMS_POL_023")


def test_unknown_group_name_is_pms_pol_019(pm, banking):
    assert_error(pm.post(P, create_body(policyGroupName="Nowhere")), "PMS_POL_019")


def test_inactive_group_is_pms_pol_053(pm, banking):
    banking.is_active = False
    banking.save()
    assert_error(pm.post(P, create_body()), "PMS_POL_053")


@pytest.mark.parametrize("missing", ["name", "desc", "policies"])
def test_missing_field_is_pms_cor_001(pm, banking, missing):
    body = create_body()
    del body[missing]
    answer = pm.post(P, body)
    assert_error(answer, "PMS_COR_001")
    assert answer.body["errors"][0]["message"] == f"Missing Input Parameter - {missing}"


@pytest.mark.parametrize("field,value", [("name", 7), ("policies", "not json"), ("policies", [1]), ("name", "x" * 129)])
def test_wrong_type_or_size_is_pms_cor_002(pm, banking, field, value):
    assert_error(pm.post(P, create_body(**{field: value})), "PMS_COR_002")


def test_bad_client_policy_id_is_pms_cor_002(pm, banking):
    assert_error(pm.post(P, create_body(policyId="has space")), "PMS_COR_002")
    PolicyFactory(id="taken", policy_group=banking)
    assert_error(pm.post(P, create_body(policyId="taken", name="other")), "PMS_COR_002")


def test_manager_of_another_group_cannot_create_in_it(other_pm, banking):
    assert_error(other_pm.post(P, create_body()), "PMS_POL_010")
    assert not Policy.objects.exists() and failure_events().count() == 1


def test_spellings_policy_name_and_desc_are_accepted(pm, banking):
    body = create_body()
    body["policyName"] = body.pop("name")
    body["policyDesc"] = body.pop("desc")
    assert assert_ok(pm.post(P, body))["name"] == "Insurance Policy"


# --- update (P2) -----------------------------------------------------------------------


def test_draft_is_updatable_with_put_and_post(pm, banking):
    policy = PolicyFactory(policy_group=banking, name="draft one")
    for method in ("put", "post"):
        updated = assert_ok(pm.call(method, f"{P}/{policy.id}", {"name": f"renamed {method}", "desc": "new", "policies": auth_document()}))
        assert updated["name"] == f"renamed {method}"
    assert policy.history.count() == 3
    assert AuditEvent.objects.filter(event_id="PMS_PRT_283", ref_id=policy.id).count() == 2


def test_published_1_1_policy_is_immutable(pm, banking):
    policy = PolicyFactory(policy_group=banking, status=PolicyStatus.PUBLISHED)
    answer = pm.put(f"{P}/{policy.id}", {"name": "changed", "desc": "d", "policies": auth_document()})
    assert_error(answer, "PMS_POL_055")
    policy.refresh_from_db()
    assert policy.name != "changed"
    assert AuditEvent.objects.filter(event_id="PMS_PRT_483", ref_id=policy.id).exists()


def test_1_0_policy_stays_updatable_after_creation(pm, banking):
    policy = assert_ok(pm.post(P, {"name": "legacy", "desc": "d", "policies": auth_document()}))
    assert assert_ok(pm.put(f"{P}/{policy['id']}", {"name": "legacy 2", "desc": "d", "policies": auth_document()}))["status"] == "published"


def test_rename_onto_another_policy_is_pms_pol_004(pm, banking):
    PolicyFactory(policy_group=banking, name="taken")
    policy = PolicyFactory(policy_group=banking, name="mine")
    assert_error(pm.put(f"{P}/{policy.id}", {"name": "TAKEN", "desc": "d", "policies": auth_document()}), "PMS_POL_004")


def test_update_of_unknown_policy_is_pms_pol_008(pm, banking):
    assert_error(pm.put(f"{P}/999999", {"name": "x", "desc": "d", "policies": auth_document()}), "PMS_POL_008")
    assert AuditEvent.objects.filter(event_id="PMS_PRT_483", ref_id="999999").exists()


def test_update_by_manager_of_another_group_is_pms_pol_010(other_pm, banking):
    policy = PolicyFactory(policy_group=banking, name="mine")
    assert_error(other_pm.put(f"{P}/{policy.id}", {"name": "x", "desc": "d", "policies": auth_document()}), "PMS_POL_010")
    policy.refresh_from_db()
    assert policy.name == "mine"


def test_update_validates_the_document(pm, banking):
    policy = PolicyFactory(policy_group=banking)
    document = auth_document()
    document["authPolicies"][1]["authSubType"] = "TOE"
    assert_error(pm.put(f"{P}/{policy.id}", {"name": "x", "desc": "d", "policies": document}), "PMS_POL_006")


# --- publish -------------------------------------------------------------------------


def test_publishing_twice_is_pms_pol_020(pm, banking):
    policy = PolicyFactory(policy_group=banking)
    url = f"{P}/publishPolicy/policyGroupId/{banking.id}/policyId/{policy.id}"
    assert_ok(pm.post(url))
    assert_error(pm.post(url), "PMS_POL_020")
    assert policy.history.count() == 2


def test_publish_with_the_wrong_group_is_pms_pol_015_or_016(pm, banking, telecom):
    policy = PolicyFactory(policy_group=banking)
    assert_error(pm.post(f"{P}/publishPolicy/policyGroupId/{telecom.id}/policyId/{policy.id}"), "PMS_POL_015")
    assert_error(pm.post(f"{P}/publishPolicy/policyGroupId/nogroup/policyId/{policy.id}"), "PMS_POL_016")
    policy.refresh_from_db()
    assert policy.status == PolicyStatus.DRAFT


def test_publish_of_unknown_policy_is_pms_pol_008(pm, banking):
    assert_error(pm.post(f"{P}/publishPolicy/policyGroupId/{banking.id}/policyId/404404"), "PMS_POL_008")


def test_publish_by_manager_of_another_group_is_pms_pol_012(other_pm, banking):
    policy = PolicyFactory(policy_group=banking)
    assert_error(other_pm.post(f"{P}/publishPolicy/policyGroupId/{banking.id}/policyId/{policy.id}"), "PMS_POL_012")


# --- status (P3 and the 1.1 PATCH) --------------------------------------------------------


def test_deactivate_and_reactivate_a_published_policy(pm, banking):
    policy = PolicyFactory(policy_group=banking, status=PolicyStatus.PUBLISHED)
    answer = pm.patch(f"{P}/{policy.id}", {"status": "De-Active"})
    assert assert_ok(answer) == {"message": "status updated successfully"}
    policy.refresh_from_db()
    assert policy.status == PolicyStatus.DEACTIVATED
    assert_ok(pm.patch(f"{P1}/policyGroupId/{banking.id}/policyId/{policy.id}", {"status": "Active"}))
    policy.refresh_from_db()
    assert policy.status == PolicyStatus.PUBLISHED


@pytest.mark.parametrize("value", ["Deactive", "DeActive", "de-active", "INACTIVE"])
def test_deactivation_spellings(pm, banking, value):
    policy = PolicyFactory(policy_group=banking, status=PolicyStatus.PUBLISHED)
    assert_ok(pm.put(f"{P}/{policy.id}", {"status": value}))  # PUT with only status = P3
    policy.refresh_from_db()
    assert policy.status == PolicyStatus.DEACTIVATED


def test_published_policy_never_returns_to_draft(pm, banking):
    policy = PolicyFactory(policy_group=banking, status=PolicyStatus.PUBLISHED)
    assert_error(pm.patch(f"{P}/{policy.id}", {"status": "draft"}), "PMS_POL_045")
    assert_error(pm.post(f"{P}/publishPolicy/policyGroupId/{banking.id}/policyId/{policy.id}"), "PMS_POL_020")
    pm.patch(f"{P}/{policy.id}", {"status": "De-Active"})
    assert_error(pm.post(f"{P}/publishPolicy/policyGroupId/{banking.id}/policyId/{policy.id}"), "PMS_POL_020")
    policy.refresh_from_db()
    assert policy.status == PolicyStatus.DEACTIVATED


def test_activating_a_draft_is_pms_pol_054(pm, banking):
    policy = PolicyFactory(policy_group=banking)
    assert_error(pm.patch(f"{P}/{policy.id}", {"status": "Active"}), "PMS_POL_054")
    assert_error(pm.patch(f"{P}/{policy.id}", {"status": "De-Active"}), "PMS_COR_002")
    policy.refresh_from_db()
    assert policy.status == PolicyStatus.DRAFT and policy.history.count() == 1


def test_status_for_the_current_state_changes_nothing(pm, banking):
    policy = PolicyFactory(policy_group=banking, status=PolicyStatus.PUBLISHED)
    assert_ok(pm.patch(f"{P}/{policy.id}", {"status": "Active"}))
    assert policy.history.count() == 1


def test_status_errors(pm, other_pm, banking, telecom):
    policy = PolicyFactory(policy_group=banking, status=PolicyStatus.PUBLISHED)
    assert_error(pm.patch(f"{P}/{policy.id}", {}), "PMS_COR_001")
    assert_error(pm.patch(f"{P}/unknown", {"status": "Active"}), "PMS_POL_008")
    assert_error(other_pm.patch(f"{P}/{policy.id}", {"status": "De-Active"}), "PMS_POL_012")
    assert_error(pm.patch(f"{P}/policyGroupId/{telecom.id}/policyId/{policy.id}", {"status": "De-Active"}), "PMS_POL_015")
    policy.refresh_from_db()
    assert policy.status == PolicyStatus.PUBLISHED


# --- reads -----------------------------------------------------------------------------


def test_get_unknown_policy_is_pms_pol_008_with_failure_audit(pm, banking):
    answer = pm.get(f"{P}/policyId/nope")
    assert_error(answer, "PMS_POL_008")
    assert answer.body["id"] == "mosip.partnermanagement.policy.retrieve"  # reads keep their fixed id
    assert AuditEvent.objects.filter(event_id="PMS_PRT_487", ref_id="nope").exists()


def test_get_policy_of_another_group_is_pms_pol_011(other_pm, banking):
    policy = PolicyFactory(policy_group=banking)
    answer = other_pm.get(f"{P}/policyId/{policy.id}")
    assert_error(answer, "PMS_POL_011")
    assert policy.name not in str(answer.body)


def test_list_shows_only_the_managers_groups(pm, other_pm, admin_api, banking, telecom):
    mine = PolicyFactory(policy_group=banking)
    theirs = PolicyFactory(policy_group=telecom)
    assert [p["id"] for p in assert_ok(pm.get(P))["policies"]] == [mine.id]
    assert [p["id"] for p in assert_ok(other_pm.get(P))["policies"]] == [theirs.id]
    assert {p["id"] for p in assert_ok(admin_api.get(P))["policies"]} == {mine.id, theirs.id}


def test_list_filters_and_paginates(admin_api, banking, telecom):
    a = PolicyFactory(policy_group=banking, name="Alpha", status=PolicyStatus.PUBLISHED)
    PolicyFactory(policy_group=banking, name="Beta", policy_type="DataShare", document=data_share_document())
    PolicyFactory(policy_group=telecom, name="Gamma")
    ids = lambda answer: [p["id"] for p in assert_ok(answer)["policies"]]  # noqa: E731
    assert ids(admin_api.get(P, params={"status": "published"})) == [a.id]
    assert len(ids(admin_api.get(P, params={"policyType": "datashare"}))) == 1
    assert len(ids(admin_api.get(P, params={"policyGroupId": telecom.id}))) == 1
    assert len(ids(admin_api.get(P, params={"policyGroupName": "banking"}))) == 2
    assert ids(admin_api.get(P, params={"name": "alp"})) == [a.id]
    assert ids(admin_api.get(P, params={"status": "PUBLISHED"})) == [a.id]
    assert_error(admin_api.get(P, params={"status": "archived"}), "PMS_COR_002")
    page = admin_api.get(P, params={"pageSize": 2, "page": 2})
    assert len(assert_ok(page)["policies"]) == 1
    assert page.body["metadata"] == {"page": 2, "pageSize": 2, "totalItems": 3, "totalPages": 2}


def test_empty_list_is_an_empty_page_not_an_error(pm, banking):
    answer = pm.get(P)
    assert assert_ok(answer) == {"policies": []}


# --- roles ----------------------------------------------------------------------------


@pytest.mark.parametrize("method,path", [("get", ""), ("post", ""), ("get", "/policyGroups"), ("post", "/policyGroup")])
def test_partner_without_the_role_is_403(api, method, path):
    from accounts.testing import make_user, token_for

    token = token_for(make_user("bank", ["PARTNER"]))
    assert_error(api.call(method, P + path, {"name": "x"} if method == "post" else None, token=token), "KER-ATH-403", status=403)


def test_anonymous_is_401(api):
    assert_error(api.get(P), "KER-ATH-401", status=401)


# --- requests refused before the service runs are audited too ----------------------------


def test_missing_field_writes_the_create_failure_event(pm, banking):
    assert_error(pm.post(P, {"desc": "d", "policies": auth_document()}), "PMS_COR_001")
    row = AuditEvent.objects.get(event_id="PMS_PRT_437")
    assert "PMS_COR_001" in row.description and row.session_user_id == "pm-bank"


def test_malformed_json_writes_the_update_failure_event_once(pm, banking):
    policy = PolicyFactory(policy_group=banking)
    assert_error(pm.put(f"{P}/{policy.id}", raw="{oops"), "PMS_COR_002")
    assert AuditEvent.objects.filter(event_id="PMS_PRT_483", ref_id=policy.id).count() == 1


def test_a_service_failure_is_audited_once_not_twice(pm, banking):
    assert_error(pm.put(f"{P}/nope", {"name": "x", "desc": "d", "policies": auth_document()}), "PMS_POL_008")
    assert AuditEvent.objects.filter(event_id="PMS_PRT_483").count() == 1


def test_bad_list_filter_writes_the_fetch_failure_event(pm, banking):
    assert_error(pm.get(P, params={"status": "archived"}), "PMS_COR_002")
    assert AuditEvent.objects.filter(event_id="PMS_PRT_487", outcome="failure").count() == 1


@pytest.mark.parametrize("sent,stored", [(1, "1"), (1.0, "1.0"), (1.1, "1.1"), ("1.0", "1.0")])
def test_version_may_be_a_json_number_as_the_deployment_client_sends_it(pm, banking, sent, stored):
    answer = pm.post(P, {"name": f"v-{stored}", "desc": "d", "policies": auth_document(), "policyGroupName": "Banking",
                         "policyType": "Auth", "version": sent})
    assert assert_ok(answer)["version"] == stored
    assert Policy.objects.get(name=f"v-{stored}").version == stored


@pytest.mark.parametrize("sent", [True, {"v": 1}, [1]])
def test_version_of_another_type_is_pms_cor_002(pm, banking, sent):
    answer = pm.post(P, {"name": "v", "desc": "d", "policies": auth_document(), "policyGroupName": "Banking",
                         "policyType": "Auth", "version": sent})
    assert_error(answer, "PMS_COR_002")
    assert not Policy.objects.exists()
