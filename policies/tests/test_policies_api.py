"""Every policy endpoint and transition, with the bad-input and wrong-manager cases.
Each refusal leaves the database as it was and writes the failure audit event."""

import pytest

from audit.models import AuditEvent
from policies.models import Policy, PolicyGroup, PolicyStatus
from tests.support.api import assert_error, assert_ok
from tests.support.audit import assert_refused
from tests.support.audit import snapshot as snapshot_models

from .conftest import DOCUMENTED, DOUBLED
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


def test_1_0_body_creates_an_active_auth_policy_in_the_managers_only_group(manager_api, banking):
    policy = assert_ok(manager_api.post(DOUBLED, {"name": "Insurance Policy", "desc": "d", "policies": auth_document()}))
    assert policy["status"] == "published" and policy["is_Active"] is True
    assert policy["policyType"] == "Auth" and policy["policyGroupName"] == "Banking"
    assert Policy.objects.get(pk=policy["id"]).legacy is True


def test_1_0_body_without_a_single_group_needs_the_group_name(manager_api, manager, telecom):
    from policies.models import ManagerGroupMapping

    ManagerGroupMapping.objects.create(user=manager, policy_group=telecom)
    answer = manager_api.post(DOUBLED, {"name": "x", "desc": "d", "policies": auth_document()})
    assert_error(answer, "PMS_COR_001")
    assert "policyGroupName" in answer.body["errors"][0]["message"]
    assert not Policy.objects.exists()


def test_1_1_body_creates_a_draft_with_the_client_policy_id(manager_api, banking):
    policy = assert_ok(manager_api.post(DOUBLED, create_body(policyId="pol-1001", policyType="DataShare", policies=data_share_document())))
    assert policy["id"] == "pol-1001" and policy["status"] == "draft" and policy["policyType"] == "DataShare"


def test_duplicate_name_in_the_group_is_pms_pol_004_ignoring_case(manager_api, banking):
    assert_ok(manager_api.post(DOUBLED, create_body()))
    before = snapshot()
    answer = manager_api.post(DOUBLED, create_body(name="insurance POLICY"))
    assert_error(answer, "PMS_POL_004")
    assert snapshot() == before
    assert failure_events().count() == 1


def test_same_name_in_another_group_is_fine(manager_api, admin_api, banking, telecom):
    assert_ok(manager_api.post(DOUBLED, create_body()))
    assert_ok(admin_api.post(DOUBLED, create_body(policyGroupName="Telecom")))


def test_unknown_auth_type_is_pms_pol_006_naming_the_field(manager_api, banking):
    document = auth_document()
    document["authPolicies"][0]["authType"] = "telepathy"
    answer = manager_api.post(DOUBLED, create_body(policies=document))
    assert_error(answer, "PMS_POL_006")
    assert "policies.authPolicies[0].authType" in answer.body["errors"][0]["message"]
    assert not Policy.objects.exists() and failure_events().count() == 1


def test_unsupported_kyc_attribute_is_pms_pol_005(manager_api, banking):
    document = auth_document()
    document["allowedKycAttributes"].append({"attributeName": "bloodGroup", "required": False})
    answer = manager_api.post(DOUBLED, create_body(policies=document))
    assert_error(answer, "PMS_POL_005")
    assert "policies.allowedKycAttributes[2].attributeName" in answer.body["errors"][0]["message"]
    assert not Policy.objects.exists() and failure_events().count() == 1


def test_every_schema_error_is_reported(manager_api, banking):
    document = {"authPolicies": [{"authType": "bio", "mandatory": "yes"}],
                "allowedKycAttributes": [{"attributeName": "bloodGroup"}]}
    answer = manager_api.post(DOUBLED, create_body(policies=document))
    codes = answer.error_codes
    assert "PMS_POL_006" in codes and "PMS_POL_005" in codes and len(answer.body["errors"]) >= 3


def _without_kyc():
    document = auth_document()
    del document["allowedKycAttributes"]
    return document


def _deactivate_banking(banking):
    banking.is_active = False
    banking.save()


def _take_policy_id(banking):
    PolicyFactory(id="taken", policy_group=banking, name="the first")


# (what the body changes, set-up, code): each refusal changes nothing and writes exactly one
# failure row for its request, whether the view refused it or the service did.
CREATE_REFUSALS = [
    ({"policies": "WITHOUT_KYC"}, None, "PMS_POL_007"),
    ({"policyType": "Magic"}, None, "PMS_POL_023"),
    ({"policyGroupName": "Nowhere"}, None, "PMS_POL_019"),
    ({}, _deactivate_banking, "PMS_POL_053"),
    ({"name": None}, None, "PMS_COR_001"),
    ({"desc": None}, None, "PMS_COR_001"),
    ({"policies": None}, None, "PMS_COR_001"),
    ({"name": 7}, None, "PMS_COR_002"),
    ({"name": "x" * 129}, None, "PMS_COR_002"),
    ({"policies": "not json"}, None, "PMS_COR_002"),
    ({"policies": [1]}, None, "PMS_COR_002"),
    ({"policyId": "has space"}, None, "PMS_COR_002"),
    ({"policyId": "taken"}, _take_policy_id, "PMS_COR_002"),
]


@pytest.mark.parametrize("change,setup,code", CREATE_REFUSALS, ids=[f"{c}-{sorted(ch)}" for ch, _, c in CREATE_REFUSALS])
def test_create_refusals_change_nothing_and_are_audited_once(manager_api, banking, change, setup, code):
    if setup:
        setup(banking)
    body = create_body()
    for key, value in change.items():
        if value is None:
            del body[key]
        else:
            body[key] = _without_kyc() if value == "WITHOUT_KYC" else value
    before = snapshot_models(Policy, PolicyGroup)
    answer = manager_api.post(DOUBLED, body)
    assert_refused(answer, code, unchanged=before, event="policy.create.failure")
    if code == "PMS_COR_001":
        assert answer.body["errors"][0]["message"] == f"Missing Input Parameter - {next(iter(change))}"


def test_manager_of_another_group_cannot_create_in_it(other_manager_api, banking):
    assert_error(other_manager_api.post(DOUBLED, create_body()), "PMS_POL_010")
    assert not Policy.objects.exists() and failure_events().count() == 1


def test_spellings_policy_name_and_desc_are_accepted(manager_api, banking):
    body = create_body()
    body["policyName"] = body.pop("name")
    body["policyDesc"] = body.pop("desc")
    assert assert_ok(manager_api.post(DOUBLED, body))["name"] == "Insurance Policy"


# --- update (P2) -----------------------------------------------------------------------


def test_draft_is_updatable_with_put_and_post(manager_api, banking):
    policy = PolicyFactory(policy_group=banking, name="draft one")
    for method in ("put", "post"):
        updated = assert_ok(manager_api.call(method, f"{DOUBLED}/{policy.id}", {"name": f"renamed {method}", "desc": "new", "policies": auth_document()}))
        assert updated["name"] == f"renamed {method}"
    assert policy.history.count() == 3
    assert AuditEvent.objects.filter(event_id="PMS_PRT_283", ref_id=policy.id).count() == 2


def test_published_1_1_policy_is_immutable(manager_api, banking):
    policy = PolicyFactory(policy_group=banking, status=PolicyStatus.PUBLISHED)
    answer = manager_api.put(f"{DOUBLED}/{policy.id}", {"name": "changed", "desc": "d", "policies": auth_document()})
    assert_error(answer, "PMS_POL_055")
    policy.refresh_from_db()
    assert policy.name != "changed"
    assert AuditEvent.objects.filter(event_id="PMS_PRT_483", ref_id=policy.id).exists()


def test_1_0_policy_stays_updatable_after_creation(manager_api, banking):
    policy = assert_ok(manager_api.post(DOUBLED, {"name": "legacy", "desc": "d", "policies": auth_document()}))
    assert assert_ok(manager_api.put(f"{DOUBLED}/{policy['id']}", {"name": "legacy 2", "desc": "d", "policies": auth_document()}))["status"] == "published"


def test_rename_onto_another_policy_is_pms_pol_004(manager_api, banking):
    PolicyFactory(policy_group=banking, name="taken")
    policy = PolicyFactory(policy_group=banking, name="mine")
    assert_error(manager_api.put(f"{DOUBLED}/{policy.id}", {"name": "TAKEN", "desc": "d", "policies": auth_document()}), "PMS_POL_004")


def test_update_of_unknown_policy_is_pms_pol_008(manager_api, banking):
    assert_error(manager_api.put(f"{DOUBLED}/999999", {"name": "x", "desc": "d", "policies": auth_document()}), "PMS_POL_008")
    assert AuditEvent.objects.filter(event_id="PMS_PRT_483", ref_id="999999").exists()


def test_update_by_manager_of_another_group_is_pms_pol_010(other_manager_api, banking):
    policy = PolicyFactory(policy_group=banking, name="mine")
    assert_error(other_manager_api.put(f"{DOUBLED}/{policy.id}", {"name": "x", "desc": "d", "policies": auth_document()}), "PMS_POL_010")
    policy.refresh_from_db()
    assert policy.name == "mine"


def test_update_validates_the_document(manager_api, banking):
    policy = PolicyFactory(policy_group=banking)
    document = auth_document()
    document["authPolicies"][1]["authSubType"] = "TOE"
    assert_error(manager_api.put(f"{DOUBLED}/{policy.id}", {"name": "x", "desc": "d", "policies": document}), "PMS_POL_006")


# --- publish -------------------------------------------------------------------------


def test_publishing_twice_is_pms_pol_020(manager_api, banking):
    policy = PolicyFactory(policy_group=banking)
    url = f"{DOUBLED}/publishPolicy/policyGroupId/{banking.id}/policyId/{policy.id}"
    assert_ok(manager_api.post(url))
    assert_error(manager_api.post(url), "PMS_POL_020")
    assert policy.history.count() == 2


def test_publish_with_the_wrong_group_is_pms_pol_015_or_016(manager_api, banking, telecom):
    policy = PolicyFactory(policy_group=banking)
    assert_error(manager_api.post(f"{DOUBLED}/publishPolicy/policyGroupId/{telecom.id}/policyId/{policy.id}"), "PMS_POL_015")
    assert_error(manager_api.post(f"{DOUBLED}/publishPolicy/policyGroupId/nogroup/policyId/{policy.id}"), "PMS_POL_016")
    policy.refresh_from_db()
    assert policy.status == PolicyStatus.DRAFT


def test_publish_of_unknown_policy_is_pms_pol_008(manager_api, banking):
    assert_error(manager_api.post(f"{DOUBLED}/publishPolicy/policyGroupId/{banking.id}/policyId/404404"), "PMS_POL_008")


def test_publish_by_manager_of_another_group_is_pms_pol_012(other_manager_api, banking):
    policy = PolicyFactory(policy_group=banking)
    assert_error(other_manager_api.post(f"{DOUBLED}/publishPolicy/policyGroupId/{banking.id}/policyId/{policy.id}"), "PMS_POL_012")


# --- status (P3 and the 1.1 PATCH) --------------------------------------------------------


def test_deactivate_and_reactivate_a_published_policy(manager_api, banking):
    policy = PolicyFactory(policy_group=banking, status=PolicyStatus.PUBLISHED)
    answer = manager_api.patch(f"{DOUBLED}/{policy.id}", {"status": "De-Active"})
    assert assert_ok(answer) == {"message": "status updated successfully"}
    policy.refresh_from_db()
    assert policy.status == PolicyStatus.DEACTIVATED
    assert_ok(manager_api.patch(f"{DOCUMENTED}/policyGroupId/{banking.id}/policyId/{policy.id}", {"status": "Active"}))
    policy.refresh_from_db()
    assert policy.status == PolicyStatus.PUBLISHED


@pytest.mark.parametrize("value", ["Deactive", "DeActive", "de-active", "INACTIVE"])
def test_deactivation_spellings(manager_api, banking, value):
    policy = PolicyFactory(policy_group=banking, status=PolicyStatus.PUBLISHED)
    assert_ok(manager_api.put(f"{DOUBLED}/{policy.id}", {"status": value}))  # PUT with only status = P3
    policy.refresh_from_db()
    assert policy.status == PolicyStatus.DEACTIVATED


def test_published_policy_never_returns_to_draft(manager_api, banking):
    policy = PolicyFactory(policy_group=banking, status=PolicyStatus.PUBLISHED)
    assert_error(manager_api.patch(f"{DOUBLED}/{policy.id}", {"status": "draft"}), "PMS_POL_045")
    assert_error(manager_api.post(f"{DOUBLED}/publishPolicy/policyGroupId/{banking.id}/policyId/{policy.id}"), "PMS_POL_020")
    manager_api.patch(f"{DOUBLED}/{policy.id}", {"status": "De-Active"})
    assert_error(manager_api.post(f"{DOUBLED}/publishPolicy/policyGroupId/{banking.id}/policyId/{policy.id}"), "PMS_POL_020")
    policy.refresh_from_db()
    assert policy.status == PolicyStatus.DEACTIVATED


def test_activating_a_draft_is_pms_pol_054(manager_api, banking):
    policy = PolicyFactory(policy_group=banking)
    assert_error(manager_api.patch(f"{DOUBLED}/{policy.id}", {"status": "Active"}), "PMS_POL_054")
    assert_error(manager_api.patch(f"{DOUBLED}/{policy.id}", {"status": "De-Active"}), "PMS_COR_002")
    policy.refresh_from_db()
    assert policy.status == PolicyStatus.DRAFT and policy.history.count() == 1


def test_status_for_the_current_state_changes_nothing(manager_api, banking):
    policy = PolicyFactory(policy_group=banking, status=PolicyStatus.PUBLISHED)
    assert_ok(manager_api.patch(f"{DOUBLED}/{policy.id}", {"status": "Active"}))
    assert policy.history.count() == 1


def test_status_errors(manager_api, other_manager_api, banking, telecom):
    policy = PolicyFactory(policy_group=banking, status=PolicyStatus.PUBLISHED)
    assert_error(manager_api.patch(f"{DOUBLED}/{policy.id}", {}), "PMS_COR_001")
    assert_error(manager_api.patch(f"{DOUBLED}/unknown", {"status": "Active"}), "PMS_POL_008")
    assert_error(other_manager_api.patch(f"{DOUBLED}/{policy.id}", {"status": "De-Active"}), "PMS_POL_012")
    assert_error(manager_api.patch(f"{DOUBLED}/policyGroupId/{telecom.id}/policyId/{policy.id}", {"status": "De-Active"}), "PMS_POL_015")
    policy.refresh_from_db()
    assert policy.status == PolicyStatus.PUBLISHED


# --- reads -----------------------------------------------------------------------------


def test_get_unknown_policy_is_pms_pol_008_with_failure_audit(manager_api, banking):
    answer = manager_api.get(f"{DOUBLED}/policyId/nope")
    assert_error(answer, "PMS_POL_008")
    assert answer.body["id"] == "mosip.partnermanagement.policy.retrieve"  # reads keep their fixed id
    assert AuditEvent.objects.filter(event_id="PMS_PRT_487", ref_id="nope").exists()


def test_get_policy_of_another_group_is_pms_pol_011(other_manager_api, banking):
    policy = PolicyFactory(policy_group=banking)
    answer = other_manager_api.get(f"{DOUBLED}/policyId/{policy.id}")
    assert_error(answer, "PMS_POL_011")
    assert policy.name not in str(answer.body)


def test_list_shows_only_the_managers_groups(manager_api, other_manager_api, admin_api, banking, telecom):
    mine = PolicyFactory(policy_group=banking)
    theirs = PolicyFactory(policy_group=telecom)
    assert [p["id"] for p in assert_ok(manager_api.get(DOUBLED))["policies"]] == [mine.id]
    assert [p["id"] for p in assert_ok(other_manager_api.get(DOUBLED))["policies"]] == [theirs.id]
    assert {p["id"] for p in assert_ok(admin_api.get(DOUBLED))["policies"]} == {mine.id, theirs.id}


def test_list_filters_and_paginates(admin_api, banking, telecom):
    a = PolicyFactory(policy_group=banking, name="Alpha", status=PolicyStatus.PUBLISHED)
    PolicyFactory(policy_group=banking, name="Beta", policy_type="DataShare", document=data_share_document())
    PolicyFactory(policy_group=telecom, name="Gamma")
    ids = lambda answer: [p["id"] for p in assert_ok(answer)["policies"]]  # noqa: E731
    assert ids(admin_api.get(DOUBLED, params={"status": "published"})) == [a.id]
    assert len(ids(admin_api.get(DOUBLED, params={"policyType": "datashare"}))) == 1
    assert len(ids(admin_api.get(DOUBLED, params={"policyGroupId": telecom.id}))) == 1
    assert len(ids(admin_api.get(DOUBLED, params={"policyGroupName": "banking"}))) == 2
    assert ids(admin_api.get(DOUBLED, params={"name": "alp"})) == [a.id]
    assert ids(admin_api.get(DOUBLED, params={"status": "PUBLISHED"})) == [a.id]
    assert_error(admin_api.get(DOUBLED, params={"status": "archived"}), "PMS_COR_002")
    page = admin_api.get(DOUBLED, params={"pageSize": 2, "page": 2})
    assert len(assert_ok(page)["policies"]) == 1
    assert page.body["metadata"] == {"page": 2, "pageSize": 2, "totalItems": 3, "totalPages": 2}


def test_empty_list_is_an_empty_page_not_an_error(manager_api, banking):
    answer = manager_api.get(DOUBLED)
    assert assert_ok(answer) == {"policies": []}


# --- roles ----------------------------------------------------------------------------


@pytest.mark.parametrize("method,path", [("get", ""), ("post", ""), ("get", "/policyGroups"), ("post", "/policyGroup")])
def test_partner_without_the_role_is_403(api, method, path):
    from tests.support.users import make_user, token_for

    token = token_for(make_user("bank", ["PARTNER"]))
    assert_error(api.call(method, DOUBLED + path, {"name": "x"} if method == "post" else None, token=token), "KER-ATH-403", status=403)


def test_anonymous_is_401(api):
    assert_error(api.get(DOUBLED), "KER-ATH-401", status=401)


# --- requests refused before the service runs are audited too ----------------------------


def test_missing_field_writes_the_create_failure_event(manager_api, banking):
    assert_error(manager_api.post(DOUBLED, {"desc": "d", "policies": auth_document()}), "PMS_COR_001")
    row = AuditEvent.objects.get(event_id="PMS_PRT_437")
    assert "PMS_COR_001" in row.description and row.session_user_id == "pm-bank"


def test_malformed_json_writes_the_update_failure_event_once(manager_api, banking):
    policy = PolicyFactory(policy_group=banking)
    assert_error(manager_api.put(f"{DOUBLED}/{policy.id}", raw="{oops"), "PMS_COR_002")
    assert AuditEvent.objects.filter(event_id="PMS_PRT_483", ref_id=policy.id).count() == 1


def test_a_service_failure_is_audited_once_not_twice(manager_api, banking):
    assert_error(manager_api.put(f"{DOUBLED}/nope", {"name": "x", "desc": "d", "policies": auth_document()}), "PMS_POL_008")
    assert AuditEvent.objects.filter(event_id="PMS_PRT_483").count() == 1


def test_bad_list_filter_writes_the_fetch_failure_event(manager_api, banking):
    assert_error(manager_api.get(DOUBLED, params={"status": "archived"}), "PMS_COR_002")
    assert AuditEvent.objects.filter(event_id="PMS_PRT_487", outcome="failure").count() == 1


@pytest.mark.parametrize("sent,stored", [(1, "1"), (1.0, "1.0"), (1.1, "1.1"), ("1.0", "1.0")])
def test_version_may_be_a_json_number_as_the_deployment_client_sends_it(manager_api, banking, sent, stored):
    answer = manager_api.post(DOUBLED, {"name": f"v-{stored}", "desc": "d", "policies": auth_document(), "policyGroupName": "Banking",
                         "policyType": "Auth", "version": sent})
    assert assert_ok(answer)["version"] == stored
    assert Policy.objects.get(name=f"v-{stored}").version == stored


@pytest.mark.parametrize("sent", [True, {"v": 1}, [1]])
def test_version_of_another_type_is_pms_cor_002(manager_api, banking, sent):
    answer = manager_api.post(DOUBLED, {"name": "v", "desc": "d", "policies": auth_document(), "policyGroupName": "Banking",
                         "policyType": "Auth", "version": sent})
    assert_error(answer, "PMS_COR_002")
    assert not Policy.objects.exists()
