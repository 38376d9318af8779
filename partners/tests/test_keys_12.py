"""MOSIP 1.2's policy-mapping requests and API keys (1.2 catalog §7, R20-R33): the
onboarding sequence R20 → R21 → R22 → R25, each rule's code, scope (another partner's or
group's record answers like an unknown one), the WebSub events recorded with the change,
and one record read and changed through both generations."""

from __future__ import annotations

import json

import pytest
from django.db import transaction

from audit.models import AuditEvent
from events.models import OutboxEvent
from kernel.secrets import secret_box
from partners.models import ApiKeyRequest, BiometricExtractor, Partner, PartnerApiKey, RequestStatus
from policies.models import PolicyStatus
from policies.tests.factories import PolicyFactory
from tests.support.api import PmsApi, assert_error, assert_ok
from tests.support.audit import snapshot
from tests.support.users import make_user, token_for

from .conftest import MANAGER, PARTNERS
from .factories import make_partner

pytestmark = pytest.mark.django_db

PM12 = "/v1/partnermanager"
P6 = "/partnermanagement/v1/policies/policies/partnerApiKey/{key}"


@pytest.fixture(autouse=True)
def hub(settings):
    settings.PMS_WEBSUB_HUB_URL = "http://hub.invalid/hub/"


@pytest.fixture
def partner(partner_user, banking, kyc_policy):
    return make_partner(partner_user, group=banking, partner_id="airtel-01")


@pytest.fixture
def admin_api(db):
    return PmsApi(token=token_for(make_user("root-admin", ["PARTNER_ADMIN"])))


@pytest.fixture
def other_api(banking):
    """Another authentication partner of the same group, with a partner of its own."""
    user = make_user("intruder", ["AUTH_PARTNER"])
    make_partner(user, name="Intruder Ltd", group=banking, partner_id="intruder-01")
    return PmsApi(token=token_for(user))


def events(topic: str | None = None) -> list[dict]:
    rows = OutboxEvent.objects.order_by("created_at")
    if topic:
        rows = rows.filter(topic=topic)
    return [json.loads(secret_box().open(row.sealed_data)) for row in rows]


def map_policy(api, partner_id="airtel-01", policy="KYC Policy", use_case="e-KYC for new SIMs") -> str:
    return assert_ok(api.post(f"{PM12}/partners/{partner_id}/policy/map",
                              {"policyName": policy, "useCaseDescription": use_case}))["mappingkey"]


def decide(api, key: str, status: str = "approved"):
    return api.put(f"{PM12}/partners/policy/{key}", {"status": status})


def generate(api, label="prod", partner_id="airtel-01", policy="KYC Policy"):
    return api.patch(f"{PM12}/partners/{partner_id}/generate/apikey", {"policyName": policy, "label": label})


def key_status(api, policy_id, label="prod", status="De-Active", partner_id="airtel-01"):
    return api.patch(f"{PM12}/partners/{partner_id}/policy/{policy_id}/apiKey/status", {"label": label, "status": status})


# --- the onboarding sequence ------------------------------------------------------------------

def test_onboarding_request_approve_generate_list(partner, partner_api, bank_manager_api, kyc_policy):
    answer = partner_api.post(f"{PM12}/partners/airtel-01/policy/map",
                              {"policyName": "KYC Policy", "useCaseDescription": "e-KYC for new SIMs"})
    body = answer.body
    assert list(body) == ["id", "version", "responsetime", "metadata", "response", "errors"]
    assert (body["id"], body["version"]) == ("mosip.test", "1.0")  # echoed
    key = body["response"]["mappingkey"]
    assert body["response"]["message"] == "Policy mapping request submitted successfully."
    assert ApiKeyRequest.objects.get(pk=key).status == RequestStatus.IN_PROGRESS

    assert assert_ok(decide(bank_manager_api, key, "Approved")) == "Policy mapping approved successfully"
    assert ApiKeyRequest.objects.get(pk=key).status == RequestStatus.APPROVED
    assert not PartnerApiKey.objects.exists(), "R21 makes no key (1.2 catalog §7.2)"
    assert not events(), "R21 publishes nothing"

    made = assert_ok(generate(partner_api, label="Production key"))
    assert set(made) == {"apiKey", "label", "policyId", "partnerId"}
    assert (made["label"], made["policyId"], made["partnerId"]) == ("Production key", kyc_policy.id, "airtel-01")
    assert len(made["apiKey"]) >= 40 and not made["apiKey"].isdigit(), "not MOSIP's guessable integer"
    stored = PartnerApiKey.objects.get()
    assert stored.request_id == key and stored.label_key == "production key" and made["apiKey"] not in stored.sealed_key
    assert stored.history.count() == 1
    [approved] = events("APIKEY_APPROVED")
    assert set(approved) == {"partnerData", "policyData", "apiKeyData"}
    assert approved["apiKeyData"]["apiKeyId"] == made["apiKey"] and approved["apiKeyData"]["apiKeyStatus"] == "ACTIVE"
    assert approved["partnerData"]["partnerId"] == "airtel-01" and approved["policyData"]["policyId"] == kyc_policy.id
    generated = AuditEvent.objects.filter(event_key="partner.apikey.generate.success").get()
    assert made["apiKey"] not in generated.description and generated.ref_id == "airtel-01"

    listed = partner_api.get(f"{PM12}/partner-api-keys").body
    assert list(listed) == ["id", "version", "responseTime", "metadata", "response", "errors"]
    assert listed["id"] == "mosip.pms.all.api.key.requests.get"
    page = listed["response"]
    assert (page["pageNo"], page["pageSize"], page["totalResults"]) == (0, 1, 1)
    [item] = page["data"]
    assert item["apiKeyLabel"] == "Production key" and item["status"] == "activated" and item["policyName"] == "KYC Policy"
    assert made["apiKey"] not in json.dumps(listed)


def test_the_generated_key_opens_the_10_policy_lookup_until_deactivated(partner, partner_api, bank_manager_api,
                                                                         kyc_policy):
    """P6 (policy by API key) takes a key R22 made; PM12 does too (misp/tests/test_keys_12_on_pm12.py)."""
    assert_ok(decide(bank_manager_api, map_policy(partner_api)))
    value = assert_ok(generate(partner_api))["apiKey"]
    ida = PmsApi(token=token_for(make_user("ida", ["ID_AUTHENTICATION"])))
    assert assert_ok(ida.get(P6.format(key=value)))["id"] == kyc_policy.id
    assert_ok(key_status(partner_api, kyc_policy.id, status="de-active"))
    assert ida.get(P6.format(key=value)).error_codes == ["PMS_POL_013"]


# --- R20 ----------------------------------------------------------------------------------------

def test_r20_refusals_in_mosips_order(partner, partner_api, other_api, banking, telecom, kyc_policy):
    PolicyFactory(policy_group=telecom, name="Telecom Only", status=PolicyStatus.PUBLISHED)
    PolicyFactory(policy_group=telecom, name="Drafted", status=PolicyStatus.PUBLISHED)
    PolicyFactory(policy_group=banking, name="Drafted", status=PolicyStatus.DRAFT)

    def call(api=partner_api, partner_id="airtel-01", policy="KYC Policy"):
        return api.post(f"{PM12}/partners/{partner_id}/policy/map", {"policyName": policy, "useCaseDescription": "x"})

    assert_error(call(policy="No Such Policy"), "PMS_PRT_073")
    assert_error(call(policy="Telecom Only"), "PMS_PRT_098")
    assert_error(call(policy="Drafted"), "PMS_PMP_019")
    unknown, foreign = call(partner_id="nobody-01").body, call(other_api).body
    assert unknown["errors"] == foreign["errors"] == [{"errorCode": "PMS_PRT_005", "message": "Partner does not exist"}]
    assert foreign["id"] == "mosip.partnermanagement" and foreign["response"] is None
    first = assert_ok(call())["mappingkey"]
    assert_error(call(), "PMS_PRT_053")
    ApiKeyRequest.objects.filter(pk=first).update(status=RequestStatus.REJECTED)
    second = assert_ok(call())["mappingkey"]  # a rejection does not block
    ApiKeyRequest.objects.filter(pk=second).update(status=RequestStatus.APPROVED)
    assert call().body["errors"] == [{"errorCode": "PMS_PRT_060",
                                      "message": "This policy has already been approved against your partner ID."}]
    Partner.objects.filter(pk="airtel-01").update(is_active=False)
    assert_error(call(), "PMS_PMP_016")


def test_r20_missing_field_is_bean_validation(partner, partner_api):
    answer = partner_api.post(f"{PM12}/partners/airtel-01/policy/map", {"useCaseDescription": "x"})
    assert answer.body["errors"] == [{"errorCode": "PMS_COR_001",
                                      "message": "Invalid request parameter - value is empty or null :request.policyName"}]
    assert answer.body["id"] is None and not ApiKeyRequest.objects.exists()


def test_r20_is_refused_to_a_partner_manager(partner, bank_manager_api):
    answer = bank_manager_api.post(f"{PM12}/partners/airtel-01/policy/map", {"policyName": "KYC Policy",
                                                                             "useCaseDescription": "x"})
    assert answer.status == 403 and answer.error_codes == ["KER-ATH-403"]


# --- R21 ----------------------------------------------------------------------------------------

def test_r21_decides_once(partner, partner_api, bank_manager_api):
    key = map_policy(partner_api)
    assert_error(decide(bank_manager_api, key, "maybe"), "PMS_PM_045")
    assert_ok(decide(bank_manager_api, key, "APPROVED"))
    before = snapshot(ApiKeyRequest, PartnerApiKey)
    assert decide(bank_manager_api, key, "rejected").body["errors"] == [
        {"errorCode": "PMS_PM_034", "message": "Policy request already approved."}]
    assert before.take() == before.rows
    other = ApiKeyRequest.objects.create(partner=partner, policy=PolicyFactory(
        policy_group=partner.policy_group, name="Other", status=PolicyStatus.PUBLISHED), use_case="x")
    assert assert_ok(decide(bank_manager_api, other.id, "rejected")) == "Policy mapping rejected successfully"
    assert_error(decide(bank_manager_api, other.id, "approved"), "PMS_PM_035")
    assert AuditEvent.objects.filter(event_key="partner.apikey.reject.success", ref_id=other.id).count() == 1


def test_r21_another_groups_request_answers_like_an_unknown_one(partner, partner_api, telecom_manager_api):
    key = map_policy(partner_api)
    foreign, unknown = decide(telecom_manager_api, key).body, decide(telecom_manager_api, "424242").body
    assert foreign["errors"] == unknown["errors"] == [{"errorCode": "PMS_PMP_007", "message": "Partner api key does not exist"}]
    assert ApiKeyRequest.objects.get(pk=key).status == RequestStatus.IN_PROGRESS


def test_r21_credential_partners_need_extractors(banking, kyc_policy, bank_manager_api):
    user = make_user("cred", ["CREDENTIAL_PARTNER"])
    cred = make_partner(user, name="Print Co", group=banking, partner_type="Credential_Partner", partner_id="cred-01")
    key = map_policy(PmsApi(token=token_for(user)), partner_id="cred-01")
    assert_error(decide(bank_manager_api, key, "rejected"), "PMS_PM_051")
    BiometricExtractor.objects.create(partner=cred, policy=kyc_policy, attribute_name="photo", biometric="face",
                                      provider="p", version="1")
    assert_ok(decide(bank_manager_api, key))


def test_r21_inactive_policy(partner, partner_api, bank_manager_api, kyc_policy):
    key = map_policy(partner_api)
    kyc_policy.__class__.objects.filter(pk=kyc_policy.pk).update(status=PolicyStatus.DEACTIVATED)
    assert decide(bank_manager_api, key).body["errors"] == [{"errorCode": "PMS_PMP_019",
                                                             "message": "Partner policy is not active."}]


# --- R22 ----------------------------------------------------------------------------------------

def test_r22_refusals(partner, partner_api, other_api, admin_api, bank_manager_api, telecom):
    PolicyFactory(policy_group=telecom, name="Telecom Only", status=PolicyStatus.PUBLISHED)
    assert_error(generate(partner_api), "PMS_PRT_109")  # no approved request yet
    assert_ok(decide(bank_manager_api, map_policy(partner_api)))
    assert_error(generate(partner_api, policy="Telecom Only"), "PMS_PMP_014")
    for api in (other_api, admin_api):  # not the owner: PARTNER_ADMIN neither (SPEC §10.3)
        assert generate(api).body["errors"] == [{"errorCode": "PMS_PRT_055", "message": "User not authorized."}]
    assert generate(partner_api, partner_id="nobody-01").body["errors"][0]["errorCode"] == "PMS_PRT_055"
    assert_ok(generate(partner_api, label=" Prod  Key "))
    before = snapshot(PartnerApiKey, OutboxEvent)
    assert generate(partner_api, label="prod key").body["errors"] == [
        {"errorCode": "PMS_PRT_110", "message": "Given label already exists.Provide unique label."}]
    assert before.take() == before.rows
    assert_ok(generate(partner_api, label="staging"))
    assert PartnerApiKey.objects.count() == 2
    too_long = generate(partner_api, label="x" * 37)
    assert too_long.error_codes == ["PMS_COR_001"] and "request.label" in too_long.body["errors"][0]["message"]
    Partner.objects.filter(pk="airtel-01").update(is_active=False)
    assert_error(generate(partner_api, label="third"), "PMS_PMP_016")


def test_r22_rolled_back_records_no_event_and_no_key(partner, partner_api, bank_manager_api, monkeypatch):
    from partners.services import mapping

    assert_ok(decide(bank_manager_api, map_policy(partner_api)))
    original = mapping.record_api_key_approved

    def record_then_fail(key, value):
        original(key, value)
        assert transaction.get_connection().in_atomic_block
        assert OutboxEvent.objects.count() == 1  # recorded inside the change's transaction...
        raise RuntimeError("the change fails after the event was recorded")

    monkeypatch.setattr(mapping, "record_api_key_approved", record_then_fail)
    with pytest.raises(RuntimeError):
        mapping.generate_api_key(actor=_actor(partner.owner, "AUTH_PARTNER"), partner_id="airtel-01",
                                 policy_name="KYC Policy", label="prod")
    assert not OutboxEvent.objects.exists() and not PartnerApiKey.objects.exists()  # ...and gone with it


def _actor(user, role):
    from kernel.actors import Actor
    from kernel.roles import Role

    return Actor(username=user.username, roles=frozenset({Role(role)}), user=user)


# --- R23 ----------------------------------------------------------------------------------------

def test_r23_by_label(partner, partner_api, other_api, bank_manager_api, telecom_manager_api, kyc_policy):
    assert_ok(decide(bank_manager_api, map_policy(partner_api)))
    value = assert_ok(generate(partner_api, label="Prod"))["apiKey"]
    assert_error(key_status(partner_api, kyc_policy.id, status="off"), "PMS_PM_058")
    unknown = key_status(partner_api, kyc_policy.id, label="nope").body["errors"]
    assert unknown == [{"errorCode": "PMS_PRT_111", "message": "API key not exists for the given combination"}]
    assert key_status(other_api, kyc_policy.id).body["errors"] == unknown
    assert key_status(telecom_manager_api, kyc_policy.id).body["errors"] == unknown
    assert assert_ok(key_status(partner_api, kyc_policy.id, label=" PROD ")) == "Partner apikey de-activated successfully."
    assert PartnerApiKey.objects.get().is_active is False
    [updated] = events("APIKEY_UPDATED")
    assert updated == {"apiKeyData": {**updated["apiKeyData"], "apiKeyId": value, "apiKeyStatus": "DEACTIVE"}}
    assert_error(key_status(partner_api, kyc_policy.id), "PMS_PMS_022")
    assert assert_ok(key_status(bank_manager_api, kyc_policy.id, status="Active")) == "Partner apikey activated successfully."
    assert PartnerApiKey.objects.get().is_active is True and len(events("APIKEY_UPDATED")) == 2
    Partner.objects.filter(pk="airtel-01").update(is_active=False)
    assert_error(key_status(partner_api, kyc_policy.id), "PMS_PMP_016")


# --- R24 / R25 and the two generations ------------------------------------------------------------

def test_a_10_request_shows_in_r24_and_a_12_request_in_the_10_lists(partner, partner_api, bank_manager_api, banking):
    old = assert_ok(partner_api.patch(f"{PARTNERS}/airtel-01/partnerAPIKeyRequests",
                                      {"policyName": "KYC Policy", "useCaseDescription": "1.0 way"}))["apiRequestId"]
    other = PolicyFactory(policy_group=banking, name="Second", status=PolicyStatus.PUBLISHED)
    new = map_policy(partner_api, policy="Second")
    page = assert_ok(partner_api.get(f"{PM12}/partner-policy-requests"))
    by_id = {item["id"]: item for item in page["data"]}
    assert by_id[old]["status"] == by_id[new]["status"] == "InProgress"
    assert by_id[new]["policyId"] == other.id and by_id[old]["partnerComment"] == "1.0 way"
    assert by_id[old]["partnerStatus"] == "activated" and by_id[old]["partnerType"] == "Auth_Partner"
    for spelling in ("In-Progress", "inprogress", "InProgress"):
        assert assert_ok(partner_api.get(f"{PM12}/partner-policy-requests?status={spelling}"))["totalResults"] == 2
    assert assert_ok(partner_api.get(f"{PM12}/partner-policy-requests?status=approved"))["totalResults"] == 0
    old_list = assert_ok(partner_api.get(f"{PARTNERS}/airtel-01/partnerAPIKeyRequests"))
    assert {r["apiKeyReqID"]: r["apiKeyRequestStatus"] for r in old_list} == {old: "In-Progress", new: "In-Progress"}
    managed = assert_ok(bank_manager_api.get(f"{MANAGER}/PartnerAPIKeyRequests"))
    assert new in json.dumps(managed)
    # the 1.0 approval decides a 1.2 request: one key, labelled with the request's id, announced
    assert_ok(bank_manager_api.patch(f"{MANAGER}/PartnerAPIKeyRequests/{new}", {"status": "Approved"}))
    key = PartnerApiKey.objects.get(request_id=new)
    assert key.label == new
    [approved] = events("APIKEY_APPROVED")
    assert approved["apiKeyData"]["apiKeyId"] == key.reveal()
    # R21 decides a 1.0 request: approved, no key; the 1.0 reads say approved, no key to give
    assert_ok(decide(bank_manager_api, old, "approved"))
    rows = {r["apiKeyReqID"]: r for r in assert_ok(partner_api.get(f"{PARTNERS}/airtel-01/partnerAPIKeyRequests"))}
    assert rows[old]["apiKeyRequestStatus"] == "Approved" and rows[old]["partnerApiKey"] is None
    assert rows[new]["partnerApiKey"] == key.reveal()
    assert_error(partner_api.post(f"{PARTNERS}/airtel-01/partnerAPIKeyRequests/{old}"), "PMS_PRT_105")
    # and the 1.0 key is R23's by its label
    assert_ok(key_status(partner_api, key.policy_id, label=new))


def test_r24_scope_paging_and_checks(partner, partner_api, other_api, admin_api):
    mine = map_policy(partner_api)
    theirs = map_policy(other_api, partner_id="intruder-01")
    assert [i["id"] for i in assert_ok(other_api.get(f"{PM12}/partner-policy-requests"))["data"]] == [theirs]
    assert {i["id"] for i in assert_ok(admin_api.get(f"{PM12}/partner-policy-requests"))["data"]} == {mine, theirs}
    paged = assert_ok(admin_api.get(f"{PM12}/partner-policy-requests?pageNo=1&pageSize=1&sortFieldName=partnerId"
                                    "&sortType=asc"))
    assert (paged["pageNo"], paged["pageSize"], paged["totalResults"], [i["id"] for i in paged["data"]]) == (1, 1, 2, [theirs])
    unpaired = admin_api.get(f"{PM12}/partner-policy-requests?pageNo=0").body
    assert unpaired["errors"][0]["errorCode"] == "PMS_PS_ERROR_006" and unpaired["id"] == "mosip.partnermanagement"
    assert admin_api.get(f"{PM12}/partner-policy-requests?pageNo=0&pageSize=5&sortFieldName=x&sortType=asc"
                         ).error_codes == ["PMS_PRT_357"]
    assert assert_ok(partner_api.get(f"{PM12}/partner-policy-requests?orgName=AIRT"))["totalResults"] == 1
    for name, value in (("partnerId", "TEL-0"), ("partnerType", "auth_"), ("policyName", "kyc"), ("policyId", ""),
                        ("partnerComment", "SIMs"), ("policyGroupName", "bank")):
        found = assert_ok(partner_api.get(f"{PM12}/partner-policy-requests?{name}={value}"))
        assert [i["id"] for i in found["data"]] == [mine], name
    assert assert_ok(partner_api.get(f"{PM12}/partner-policy-requests?partnerId=intruder"))["totalResults"] == 0
    nobody = PmsApi(token=token_for(make_user("lonely", ["AUTH_PARTNER"])))
    assert_error(nobody.get(f"{PM12}/partner-policy-requests"), "PMS_CERTIFICATE_ERROR_002")


def test_r25_lists_auth_partners_keys_only_and_in_scope(partner, partner_api, other_api, admin_api, bank_manager_api,
                                                         banking, kyc_policy):
    assert_ok(decide(bank_manager_api, map_policy(partner_api)))
    assert_ok(generate(partner_api, label="a"))
    assert_ok(generate(partner_api, label="b"))
    assert_ok(key_status(partner_api, kyc_policy.id, label="b"))
    ovp_user = make_user("ovp", ["ONLINE_VERIFICATION_PARTNER"])
    ovp = make_partner(ovp_user, name="Verifier", group=banking, partner_type="Online_Verification_Partner",
                       partner_id="ovp-01")
    BiometricExtractor.objects.create(partner=ovp, policy=kyc_policy, attribute_name="photo", biometric="face",
                                      provider="p", version="1")
    ovp_api = PmsApi(token=token_for(ovp_user))
    assert_ok(decide(bank_manager_api, map_policy(ovp_api, partner_id="ovp-01")))
    assert_ok(generate(ovp_api, label="a", partner_id="ovp-01"))
    assert [i["apiKeyLabel"] for i in assert_ok(admin_api.get(f"{PM12}/partner-api-keys?sortFieldName=status"
                                                              "&sortType=asc&pageNo=0&pageSize=10"))["data"]] == ["a", "b"]
    assert [i["status"] for i in assert_ok(partner_api.get(f"{PM12}/partner-api-keys?status=deactivated"))["data"]] \
        == ["deactivated"]
    assert assert_ok(other_api.get(f"{PM12}/partner-api-keys"))["totalResults"] == 0
    for name, value, labels in (("partnerId", "airtel", {"a", "b"}), ("apiKeyLabel", "A", {"a"}),
                                ("orgName", "airtel", {"a", "b"}), ("policyName", "KYC", {"a", "b"}),
                                ("policyGroupName", "Bank", {"a", "b"}), ("partnerId", "ovp", set())):
        found = assert_ok(partner_api.get(f"{PM12}/partner-api-keys?{name}={value}"))
        assert {i["apiKeyLabel"] for i in found["data"]} == labels, name


# --- R26-R30 ------------------------------------------------------------------------------------

def test_r26_partner_requests_with_their_10_key(partner, partner_api, other_api, bank_manager_api):
    assert_error(partner_api.get(f"{PM12}/partners/airtel-01/apikey/request"), "PMS_PRT_006")
    key = map_policy(partner_api)
    answer = partner_api.get(f"{PM12}/partners/airtel-01/apikey/request").body
    assert (answer["id"], answer["version"]) == ("mosip.partnermanagement.partners.retrieve", "1.0")
    assert answer["response"] == [{"apiKeyReqID": key, "apiKeyRequestStatus": "InProgress", "partnerApiKey": None,
                                   "apikeyStatus": None, "validityTill": None}]
    assert_ok(bank_manager_api.patch(f"{MANAGER}/PartnerAPIKeyRequests/{key}", {"status": "Approved"}))
    [row] = assert_ok(partner_api.get(f"{PM12}/partners/airtel-01/apikey/request"))
    assert row["apiKeyRequestStatus"] == "approved" and row["apikeyStatus"] is True
    assert row["partnerApiKey"] == PartnerApiKey.objects.get().reveal() and row["validityTill"].endswith("Z")
    assert other_api.get(f"{PM12}/partners/airtel-01/apikey/request").body["errors"] == \
        other_api.get(f"{PM12}/partners/nobody-01/apikey/request").body["errors"]


def test_r27_to_r30_for_managers(partner, partner_api, bank_manager_api, telecom_manager_api, banking, kyc_policy):
    key = map_policy(partner_api)
    assert_error(telecom_manager_api.get(f"{PM12}/partners/apikey"), "PMS_PMP_015")
    listed = assert_ok(bank_manager_api.get(f"{PM12}/partners/apikey"))["apikeyRequests"]
    assert listed == [{"partnerID": "airtel-01", "status": "InProgress", "organizationName": "Airtel India",
                       "policyId": kyc_policy.id, "policyDesc": "e-KYC for new SIMs", "apiKeyReqNo": key}]
    assert assert_ok(bank_manager_api.get(f"{PM12}/partners/apikey/{key}"))["apiKeyReqNo"] == key
    assert_error(telecom_manager_api.get(f"{PM12}/partners/apikey/{key}"), "PMS_PMP_015")
    assert_ok(decide(bank_manager_api, key))
    value = assert_ok(generate(partner_api))["apiKey"]
    assert assert_ok(bank_manager_api.get(f"{PM12}/partners/airtel-01/apikey/{value}")) == {
        "partnerID": "airtel-01", "policyId": kyc_policy.id}
    assert_error(telecom_manager_api.get(f"{PM12}/partners/airtel-01/apikey/{value}"), "PMS_PMP_009")
    second = PolicyFactory(policy_group=banking, name="Second", status=PolicyStatus.PUBLISHED)
    url = f"{PM12}/partners/airtel-01/apikey/{value}/policies"
    assert_error(telecom_manager_api.put(url, {"oldPolicyID": kyc_policy.id, "newPolicyID": second.id}), "PMS_PMP_50")
    assert_error(bank_manager_api.put(url, {"oldPolicyID": kyc_policy.id, "newPolicyID": "nope"}), "PMS_PMP_014")
    moved = assert_ok(bank_manager_api.put(url, {"oldPolicyID": kyc_policy.id, "newPolicyID": second.id}))
    assert moved == {"message": "Given apikey updated with policy successfully. "}
    assert PartnerApiKey.objects.get().policy_id == second.id
    assert events("APIKEY_UPDATED")[0]["apiKeyData"]["apiKeyId"] == value


# --- R31-R33 ------------------------------------------------------------------------------------

def test_r31_to_r33_legacy_searches_in_scope(partner, partner_api, other_api, bank_manager_api, kyc_policy):
    key = map_policy(partner_api)
    map_policy(other_api, partner_id="intruder-01")
    body = {"filters": [{"columnName": "statusCode", "type": "equals", "value": "InProgress"}], "sort": [],
            "pagination": {"pageStart": 0, "pageFetch": 10}}
    page = assert_ok(partner_api.post(f"{PM12}/partners/apikey/request/search", body))
    assert (page["totalRecord"], page["data"][0]["apikeyRequestId"], page["data"][0]["statusCode"]) == (1, key, "InProgress")
    by_name = dict(body, filters=[{"columnName": "policyName", "type": "contains", "value": "kyc"}])
    assert assert_ok(partner_api.post(f"{PM12}/partners/apikey/request/search", by_name))["totalRecord"] == 1
    assert_error(partner_api.post(f"{PM12}/partners/apikey/request/search",
                                  dict(body, filters=[{"columnName": "nope", "type": "equals", "value": "x"}])),
                 "PMS-MSD-310")
    values = assert_ok(partner_api.post(f"{PM12}/partners/apikey/request/filtervalues",
                                        {"filters": [{"columnName": "partnerId", "type": "unique", "text": ""}]}))
    assert values == {"filters": [{"fieldID": "partnerId", "fieldValue": "airtel-01", "fieldCode": key}]}
    assert assert_ok(partner_api.post(f"{PM12}/partners/apikey/request/filtervalues", {"filters": [
        {"columnName": "partnerId", "type": "unique", "text": "TEL"}]}))["filters"][0]["fieldValue"] == "airtel-01"
    by_id = dict(body, filters=[{"columnName": "policyId", "type": "equals", "value": kyc_policy.id}],
                 sort=[{"sortField": "partnerId", "sortType": "desc"}])
    assert assert_ok(partner_api.post(f"{PM12}/partners/apikey/request/search", by_id))["totalRecord"] == 1
    assert_ok(decide(bank_manager_api, key))
    value = assert_ok(generate(partner_api, label="prod"))["apiKey"]
    keys = assert_ok(partner_api.post(f"{PM12}/partners/apikey/search", {
        "filters": [{"columnName": "policyName", "type": "equals", "value": "KYC Policy"}], "sort": [],
        "pagination": {"pageStart": 0, "pageFetch": 10}}))
    assert keys["totalRecord"] == 1 and keys["data"][0]["label"] == "prod" and value not in json.dumps(keys)
    assert assert_ok(other_api.post(f"{PM12}/partners/apikey/search", {"filters": [], "sort": [],
                                                                        "pagination": {"pageStart": 0, "pageFetch": 10}})) \
        == {"fromRecord": 0, "toRecord": 0, "totalRecord": 0, "data": None}


# --- R34, R35 -----------------------------------------------------------------------------------

def test_r34_r35_extractors_upserted_per_attribute_until_approval(banking, kyc_policy, bank_manager_api):
    user = make_user("cred", ["CREDENTIAL_PARTNER"])
    make_partner(user, name="Print Co", group=banking, partner_type="Credential_Partner", partner_id="cred-01")
    api = PmsApi(token=token_for(user))
    url = f"{PM12}/partners/cred-01/bioextractors/{kyc_policy.id}"
    face = {"attributeName": "photo", "biometric": "face", "extractor": {"provider": "t5-face-lowres", "version": "1.1"}}
    finger = {"attributeName": "fingers", "biometric": "finger[LeftThumb,RightThumb]",
              "extractor": {"provider": "f1", "version": "2"}}
    assert_error(api.post(url, {"extractors": [face]}), "PMS_PRT_061")  # no request yet
    assert_error(api.get(url), "PMS_PRT_064")
    key = map_policy(api, partner_id="cred-01")
    answer = api.post(url, {"extractors": [face, finger]})
    assert assert_ok(answer) == "Extractors added successfully." and answer.body["id"] == "mosip.test"
    assert_ok(api.post(url, {"extractors": [dict(face, extractor={"provider": "t6", "version": "2.0"})]}))
    listed = assert_ok(api.get(url))["extractors"]
    assert listed == [finger, dict(face, extractor={"provider": "t6", "version": "2.0"})]
    missing = api.post(url, {"extractors": [{"biometric": "face"}]})
    assert missing.body["errors"][0]["message"] == \
        "Invalid request parameter - value is empty or null :request.extractors[0].attributeName"
    stranger = PmsApi(token=token_for(make_user("stranger", ["CREDENTIAL_PARTNER"])))
    assert stranger.post(url, {"extractors": [face]}).body["errors"] == \
        stranger.post(f"{PM12}/partners/nobody/bioextractors/{kyc_policy.id}", {"extractors": [face]}).body["errors"]
    assert_error(stranger.get(url), "PMS_PRT_064")
    assert_ok(decide(bank_manager_api, key))
    assert_error(api.post(url, {"extractors": [face]}), "PMS_PRT_062")


# --- audit and history ----------------------------------------------------------------------------

def _audited(answer, *keys):
    rows = AuditEvent.objects.filter(request_id=answer.headers["X-Request-ID"]).order_by("pk")
    assert list(rows.values_list("event_key", flat=True)) == list(keys)
    return rows


def test_each_change_writes_its_audit_and_history_rows(partner, partner_api, bank_manager_api, kyc_policy):
    mapped = partner_api.post(f"{PM12}/partners/airtel-01/policy/map", {"policyName": "KYC Policy",
                                                                        "useCaseDescription": "x"})
    key = assert_ok(mapped)["mappingkey"]
    assert _audited(mapped, "partner.apikey.create.request", "partner.apikey.request.success").last().ref_id == key
    decided = decide(bank_manager_api, key)
    _audited(decided, "partner.apikey.decide.request", "partner.apikey.approve.success")
    request = ApiKeyRequest.objects.get(pk=key)
    assert [h.status for h in request.history.order_by("history_date")] == ["in-progress", "approved"]
    assert request.history.latest("history_date").history_user.username == "partner-manager-bank"
    made = generate(partner_api)
    _audited(made, "partner.apikey.generate.request", "partner.apikey.generate.success")
    changed = key_status(partner_api, kyc_policy.id)
    _audited(changed, "partner.apikey.status.request", "partner.apikey.status.success")
    key_row = PartnerApiKey.objects.get()
    assert [h.is_active for h in key_row.history.order_by("history_date")] == [True, False]
    assert all(h.label == "prod" for h in key_row.history.all())
    refused = decide(bank_manager_api, key)
    _audited(refused, "partner.apikey.decide.request", "partner.apikey.decide.failure")
    refused = generate(partner_api)
    rows = _audited(refused, "partner.apikey.generate.request", "partner.apikey.generate.failure")
    assert "PMS_PRT_110" in rows.last().description


def test_existing_keys_were_labelled_with_their_request_id_by_the_migration(partner, bank_manager_api, partner_api):
    """partners/0011's data step, run again on a key without a label (as every key was before it)."""
    import importlib

    from django.apps import apps as global_apps

    old = assert_ok(partner_api.patch(f"{PARTNERS}/airtel-01/partnerAPIKeyRequests",
                                      {"policyName": "KYC Policy", "useCaseDescription": "x"}))["apiRequestId"]
    assert_ok(bank_manager_api.patch(f"{MANAGER}/PartnerAPIKeyRequests/{old}", {"status": "Approved"}))
    PartnerApiKey.objects.update(label="", label_key="")
    PartnerApiKey.history.model.objects.update(label="", label_key="")
    importlib.import_module("partners.migrations.0012_api_key_labels").label_existing_keys(global_apps, None)
    key = PartnerApiKey.objects.get()
    assert (key.label, key.label_key) == (old, old.lower())
    assert set(PartnerApiKey.history.model.objects.values_list("label", flat=True)) == {old}


def test_the_10_key_status_and_remap_are_announced_like_r23_and_r30(partner, partner_api, bank_manager_api, banking,
                                                                     kyc_policy):
    old = assert_ok(partner_api.patch(f"{PARTNERS}/airtel-01/partnerAPIKeyRequests",
                                      {"policyName": "KYC Policy", "useCaseDescription": "x"}))["apiRequestId"]
    assert_ok(bank_manager_api.patch(f"{MANAGER}/PartnerAPIKeyRequests/{old}", {"status": "Approved"}))
    value = PartnerApiKey.objects.get().reveal()
    assert_ok(bank_manager_api.patch(f"{MANAGER}/airtel-01/{value}", {"status": "De-Active"}))
    assert_ok(bank_manager_api.patch(f"{MANAGER}/airtel-01/{value}", {"status": "De-Active"}))  # no change, no event
    assert [e["apiKeyData"]["apiKeyStatus"] for e in events("APIKEY_UPDATED")] == ["DEACTIVE"]
    assert_ok(bank_manager_api.patch(f"{MANAGER}/airtel-01/{value}", {"status": "Active"}))
    second = PolicyFactory(policy_group=banking, name="Second", status=PolicyStatus.PUBLISHED)
    assert_ok(bank_manager_api.post(f"{MANAGER}/airtel-01/{value}", {"oldPolicyID": kyc_policy.id,
                                                                     "newPolicyID": second.id}))
    assert [e["apiKeyData"]["apiKeyId"] for e in events("APIKEY_UPDATED")] == [value] * 3


@pytest.mark.parametrize("url", ["partner-policy-requests", "partner-api-keys", "partners/airtel-01/apikey/request"])
def test_the_lists_run_as_many_queries_for_many_rows_as_for_one(url, partner, partner_api, bank_manager_api, banking):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        assert_ok(partner_api.get(f"{PM12}/{url}"))  # warm the token cache
        with CaptureQueriesContext(connection) as ctx:
            assert_ok(partner_api.get(f"{PM12}/{url}"))
        return len(ctx.captured_queries)

    def add(n: int) -> None:
        policy = PolicyFactory(policy_group=banking, name=f"Policy {n}", status=PolicyStatus.PUBLISHED)
        assert_ok(decide(bank_manager_api, map_policy(partner_api, policy=policy.name)))
        assert_ok(generate(partner_api, label=f"k{n}", policy=policy.name))

    add(0)
    small = count()
    for n in range(1, 8):
        add(n)
    assert count() == small
