"""Each documented refusal of the partner services: its code, the database unchanged, the
failure event of that request written once (catalog §8.3, §9.3)."""

import pytest

from partners.models import ApiKeyRequest, Partner, PartnerApiKey
from policies.models import PolicyStatus
from policies.tests.factories import PolicyFactory
from tests.support.api import PmsApi, assert_ok
from tests.support.audit import assert_refused, snapshot
from tests.support.users import make_user, token_for

from .conftest import MANAGER, PARTNERS, register_body
from .factories import make_partner

pytestmark = pytest.mark.django_db

MODELS = (Partner, ApiKeyRequest, PartnerApiKey)


@pytest.mark.parametrize("change,code,event", [
    ({"organizationName": None}, "PMS_COR_001", "partner.register.failure"),
    ({"emailId": "not-an-email"}, "PMS_PRT_012", "partner.register.invalid_email"),
    ({"contactNumber": "12345678901234567890"}, "PMS_PRT_013", "partner.register.failure"),
    ({"policyGroup": "Nowhere"}, "PMS_PRT_002", "partner.register.unknown_group"),
    ({"policyGroup": ""}, "PMS_PRT_108", "partner.register.failure"),
    ({"partnerType": "Device_Provider"}, "PMS_PRT_048", "partner.register.failure"),
    ({"partnerType": "Wizard"}, "PMS_PRT_010", "partner.register.failure"),
    ({"partnerId": "has space"}, "PMS_PRT_066", "partner.register.failure"),
    ({"partnerId": "x" * 40}, "PMS_PRT_052", "partner.register.failure"),
    ({"partnerId": 7}, "PMS_COR_002", "partner.register.failure"),
])
def test_registration_refusals(partner_api, banking, change, code, event):
    body = register_body()
    for key, value in change.items():
        if value is None:
            del body[key]
        else:
            body[key] = value
    before = snapshot(*MODELS)
    assert_refused(partner_api.post(PARTNERS, body), code, unchanged=before, event=event)


def test_a_taken_name_or_id_is_refused(partner_api, banking):
    make_partner(name="Airtel India", group=banking, partner_id="taken-id")
    before = snapshot(*MODELS)
    assert_refused(partner_api.post(PARTNERS, register_body(organizationName="AIRTEL india")), "PMS_PRT_001",
                   unchanged=before, event="partner.register.duplicate_name")
    assert_refused(partner_api.post(PARTNERS, register_body(organizationName="Other", partnerId="taken-id")),
                   "PMS_PRT_051", unchanged=before, event="partner.register.duplicate_name")


def test_blocked_email_domains_are_refused(partner_api, banking, settings):
    settings.PMS_PARTNER_EMAIL_BLOCKED_DOMAINS = ["airtel.example"]
    assert_refused(partner_api.post(PARTNERS, register_body()), "PMS_PRT_429", unchanged=snapshot(*MODELS),
                   event="partner.register.email_not_allowed")


def test_another_owners_partner_answers_as_unknown(partner_api, banking):
    theirs = make_partner(name="Jio", group=banking, partner_id="jio-01")
    unknown = partner_api.get(f"{PARTNERS}/no-such-partner")
    other = partner_api.get(f"{PARTNERS}/{theirs.id}")
    assert unknown.error_codes == other.error_codes == ["PMS_PRT_005"]
    assert other.body["response"] is None and "Jio" not in str(other.body)
    before = snapshot(*MODELS)
    assert_refused(partner_api.put(f"{PARTNERS}/{theirs.id}", {"organizationName": "Mine now", "contactNumber": "1",
                                                               "emailId": "a@b.example", "address": "x"}),
                   "PMS_PRT_005", unchanged=before, event="partner.update.failure")
    assert_refused(partner_api.patch(f"{PARTNERS}/{theirs.id}/partnerAPIKeyRequests",
                                     {"policyName": "KYC Policy", "useCaseDescription": "x"}),
                   "PMS_PRT_005", unchanged=before, event="partner.apikey.request.unknown_partner")


def test_key_requests_need_a_published_policy_of_the_partners_group(partner_api, partner_user, banking, telecom):
    make_partner(partner_user, group=banking, partner_id="airtel-01")
    PolicyFactory(policy_group=banking, name="Draft Policy", status=PolicyStatus.DRAFT)
    PolicyFactory(policy_group=telecom, name="Telecom Policy", status=PolicyStatus.PUBLISHED)
    before = snapshot(*MODELS)
    for name in ("Draft Policy", "Telecom Policy", "Nothing"):
        assert_refused(partner_api.patch(f"{PARTNERS}/airtel-01/partnerAPIKeyRequests",
                                         {"policyName": name, "useCaseDescription": "x"}),
                       "PMS_PRT_098", unchanged=before, event="partner.apikey.request.failure")


def test_a_second_request_for_the_same_policy_returns_the_open_one(partner_api, partner_user, banking, kyc_policy):
    make_partner(partner_user, group=banking, partner_id="airtel-01")
    url = f"{PARTNERS}/airtel-01/partnerAPIKeyRequests"
    first = assert_ok(partner_api.patch(url, {"policyName": "KYC Policy", "useCaseDescription": "x"}))
    again = assert_ok(partner_api.post(url, {"policyName": "KYC Policy", "useCaseDescription": "y"}))
    assert first["apiRequestId"] == again["apiRequestId"] and ApiKeyRequest.objects.count() == 1


def test_decisions_are_made_once_and_by_the_groups_manager(partner_user, banking, kyc_policy, bank_manager_api,
                                                           telecom_manager_api):
    partner = make_partner(partner_user, group=banking, partner_id="airtel-01")
    request = ApiKeyRequest.objects.create(partner=partner, policy=kyc_policy, use_case="x")
    url = f"{MANAGER}/PartnerAPIKeyRequests/{request.id}"
    before = snapshot(*MODELS)
    assert_refused(telecom_manager_api.patch(url, {"status": "Approved"}), "PMS_PMP_012", unchanged=before,
                   event="partner.apikey.decide.failure")
    assert_refused(bank_manager_api.patch(url, {"status": "Maybe"}), "PMS_COR_002", unchanged=before,
                   event="partner.apikey.decide.failure")
    assert_refused(bank_manager_api.patch(f"{MANAGER}/PartnerAPIKeyRequests/999", {"status": "Approved"}),
                   "PMS_PMP_011", unchanged=before, event="partner.apikey.decide.failure")
    assert_ok(bank_manager_api.patch(url, {"status": "Rejected"}))
    after_reject = snapshot(*MODELS)
    assert_refused(bank_manager_api.patch(url, {"status": "Approved"}), "PMS_COR_002", status=200,
                   unchanged=after_reject, event="partner.apikey.decide.failure")
    assert not PartnerApiKey.objects.exists()


def test_an_inactive_partner_cannot_be_given_a_key(partner_user, banking, kyc_policy, bank_manager_api):
    partner = make_partner(partner_user, group=banking, partner_id="airtel-01", is_active=False)
    request = ApiKeyRequest.objects.create(partner=partner, policy=kyc_policy, use_case="x")
    assert_refused(bank_manager_api.patch(f"{MANAGER}/PartnerAPIKeyRequests/{request.id}", {"status": "Approved"}),
                   "PMS_PMP_016", unchanged=snapshot(*MODELS), event="partner.apikey.decide.failure")


def test_managers_see_and_change_only_their_groups_partners(banking, telecom, bank_manager_api, telecom_manager_api):
    make_partner(name="Airtel", group=banking, partner_id="airtel-01")
    listed = assert_ok(telecom_manager_api.get(MANAGER))
    assert listed == {"partners": []}
    assert telecom_manager_api.get(f"{MANAGER}/airtel-01").error_codes == ["PMS_PMP_013"]
    before = snapshot(*MODELS)
    assert_refused(telecom_manager_api.patch(f"{MANAGER}/airtel-01", {"status": "De-Active"}), "PMS_PMP_006",
                   unchanged=before, event="partner.status.failure")
    assert_refused(bank_manager_api.patch(f"{MANAGER}/no-such", {"status": "De-Active"}), "PMS_PMP_005",
                   unchanged=before, event="partner.status.failure")
    assert [p["partnerId"] for p in assert_ok(bank_manager_api.get(MANAGER))["partners"]] == ["airtel-01"]


def test_a_policy_manager_is_not_a_partner_manager(banking):
    from policies.tests.factories import make_manager

    api = PmsApi(token=token_for(make_manager("pm", groups=[banking])))
    assert api.get(MANAGER).status == 403
    assert api.post(PARTNERS, register_body()).status == 403


def test_key_values_never_reach_managers(partner_user, banking, kyc_policy, bank_manager_api):
    partner = make_partner(partner_user, group=banking, partner_id="airtel-01")
    request = ApiKeyRequest.objects.create(partner=partner, policy=kyc_policy, use_case="x")
    assert_ok(bank_manager_api.patch(f"{MANAGER}/PartnerAPIKeyRequests/{request.id}", {"status": "Approved"}))
    listed = assert_ok(bank_manager_api.get(f"{MANAGER}/PartnerAPIKeyRequests"))["apikeyRequests"]
    assert listed[0]["status"] == "Approved" and "partnerApiKey" not in listed[0]
    admin = PmsApi(token=token_for(make_user("other-owner", ["AUTH_PARTNER"])))
    assert admin.get(f"{PARTNERS}/airtel-01/partnerAPIKeyRequests").error_codes == ["PMS_PRT_005"]


def test_request_codes_006_047_060(partner_api, partner_user, banking, kyc_policy, bank_manager_api):
    partner = make_partner(partner_user, group=banking, partner_id="airtel-01")
    assert partner_api.get(f"{PARTNERS}/airtel-01/partnerAPIKeyRequests/999").error_codes == ["PMS_PRT_006"]
    request = ApiKeyRequest.objects.create(partner=partner, policy=kyc_policy, use_case="x")
    assert_ok(bank_manager_api.patch(f"{MANAGER}/PartnerAPIKeyRequests/{request.id}", {"status": "Approved"}))
    before = snapshot(*MODELS)
    assert_refused(partner_api.patch(f"{PARTNERS}/airtel-01/partnerAPIKeyRequests",
                                     {"policyName": "KYC Policy", "useCaseDescription": "again"}),
                   "PMS_PRT_060", unchanged=before, event="partner.apikey.request.failure")
    make_partner(partner_user, name="Chip Maker", partner_type="Device_Provider", partner_id="chips-01")
    assert_refused(partner_api.patch(f"{PARTNERS}/chips-01/partnerAPIKeyRequests",
                                     {"policyName": "KYC Policy", "useCaseDescription": "x"}),
                   "PMS_PRT_047", unchanged=snapshot(*MODELS), event="partner.apikey.request.failure")
