"""After approval: a manager (de)activates and re-maps a key (PM3, PM1, PM7), the owner
downloads it (PS3) and keeps contacts (addcontact, PS7)."""

import pytest

from partners import services
from partners.models import ApiKeyRequest, PartnerApiKey, PartnerContact
from policies.models import PolicyStatus
from policies.tests.factories import PolicyFactory
from tests.support.api import PmsApi, assert_ok
from tests.support.audit import assert_refused, snapshot
from tests.support.users import make_user, token_for

from .conftest import MANAGER, PARTNERS, POLICIES
from .factories import make_partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(partner_user, banking, kyc_policy, bank_manager):
    from kernel.actors import Actor
    from kernel.roles import Role

    partner = make_partner(partner_user, group=banking, partner_id="airtel-01")
    request = ApiKeyRequest.objects.create(partner=partner, policy=kyc_policy, use_case="x")
    manager = Actor(username=bank_manager.username, roles=frozenset({Role.PARTNERMANAGER}), user=bank_manager)
    services.decide_api_key_request(actor=manager, request_id=request.id, approve=True)
    key = services.download_api_key(actor=Actor(username="airtel", roles=frozenset({Role.AUTH_PARTNER}), user=partner_user),
                                    partner_id=partner.id, request_id=request.id)
    return partner, request, key


def test_the_owner_downloads_the_key_and_nobody_else(approved, partner_api):
    partner, request, key = approved
    answer = assert_ok(partner_api.post(f"{PARTNERS}/{partner.id}/partnerAPIKeyRequests/{request.id}"))
    assert answer == {"partnerAPIKey": key}
    stranger = PmsApi(token=token_for(make_user("stranger", ["AUTH_PARTNER"])))
    assert stranger.post(f"{PARTNERS}/{partner.id}/partnerAPIKeyRequests/{request.id}").error_codes == ["PMS_PRT_005"]


def test_an_undecided_request_has_no_key_to_download(partner_api, partner_user, banking, kyc_policy):
    partner = make_partner(partner_user, group=banking, partner_id="airtel-01")
    request = ApiKeyRequest.objects.create(partner=partner, policy=kyc_policy, use_case="x")
    assert partner_api.post(f"{PARTNERS}/{partner.id}/partnerAPIKeyRequests/{request.id}").error_codes == ["PMS_PRT_105"]


def test_a_manager_deactivates_a_key_and_it_opens_nothing(approved, bank_manager_api):
    partner, _request, key = approved
    machine = PmsApi(token=token_for(make_user("ida", ["ID_AUTHENTICATION"])))
    assert_ok(machine.get(f"{POLICIES}/partnerApiKey/{key}"))
    assert assert_ok(bank_manager_api.get(f"{MANAGER}/{partner.id}/{key}"))["partnerID"] == partner.id
    assert_ok(bank_manager_api.patch(f"{MANAGER}/{partner.id}/{key}", {"status": "De-Active"}))
    assert machine.get(f"{POLICIES}/partnerApiKey/{key}").error_codes == ["PMS_POL_013"]
    assert_ok(bank_manager_api.put(f"{MANAGER}/{partner.id}/{key}", {"status": "Active"}))  # PUT with only status
    assert_ok(machine.get(f"{POLICIES}/partnerApiKey/{key}"))


def test_key_refusals(approved, bank_manager_api, telecom_manager_api, kyc_policy, banking, telecom):
    partner, _request, key = approved
    other_group_policy = PolicyFactory(policy_group=telecom, status=PolicyStatus.PUBLISHED)
    draft = PolicyFactory(policy_group=banking, status=PolicyStatus.DRAFT, name="Draft")
    before = snapshot(PartnerApiKey)
    url = f"{MANAGER}/{partner.id}/{key}"
    assert_refused(telecom_manager_api.patch(url, {"status": "De-Active"}), "PMS_PMP_009", unchanged=before,
                   event="partner.apikey.status.failure")
    assert_refused(bank_manager_api.patch(f"{MANAGER}/{partner.id}/not-the-key", {"status": "De-Active"}), "PMS_PMP_007",
                   unchanged=before, event="partner.apikey.status.failure")
    assert_refused(bank_manager_api.patch(f"{MANAGER}/no-such/{key}", {"status": "De-Active"}), "PMS_PMP_005",
                   unchanged=before, event="partner.apikey.status.failure")
    remap = {"oldPolicyID": kyc_policy.id, "newPolicyID": other_group_policy.id}
    assert_refused(bank_manager_api.put(url, remap), "PMS_PMP_010", unchanged=before, event="partner.policymap.create.failure")
    assert_refused(bank_manager_api.put(url, {**remap, "newPolicyID": "nothing"}), "PMS_PMP_014", unchanged=before,
                   event="partner.policymap.create.failure")
    assert_refused(bank_manager_api.put(url, {**remap, "newPolicyID": draft.id}), "PMS_PMP_019", unchanged=before,
                   event="partner.policymap.create.failure")
    assert_refused(bank_manager_api.post(url, {"oldPolicyID": "wrong", "newPolicyID": kyc_policy.id}), "PMS_PMP_008",
                   unchanged=before, event="partner.policymap.create.failure")


def test_a_key_is_moved_to_another_published_policy_of_the_group(approved, bank_manager_api, kyc_policy, banking):
    partner, _request, key = approved
    other = PolicyFactory(policy_group=banking, status=PolicyStatus.PUBLISHED, name="Other")
    assert_ok(bank_manager_api.put(f"{MANAGER}/{partner.id}/{key}", {"oldPolicyID": kyc_policy.id, "newPolicyID": other.id}))
    machine = PmsApi(token=token_for(make_user("ida", ["ID_AUTHENTICATION"])))
    assert assert_ok(machine.get(f"{POLICIES}/partnerApiKey/{key}"))["policyId"] == other.id
    assert PartnerApiKey.objects.get().history.count() == 2


def test_contacts_are_added_updated_and_listed(partner_api, partner_user, banking):
    make_partner(partner_user, group=banking, partner_id="airtel-01")
    url = f"{PARTNERS}/airtel-01/addcontact"
    body = {"emailId": "kyc@airtel.example", "contactNo": "+91 80 1234", "address": "Mumbai", "is_Active": True}
    assert assert_ok(partner_api.post(url, body))["message"] == "Contacts added successfully."
    assert assert_ok(partner_api.post(url, {**body, "emailId": "KYC@airtel.example", "address": "Pune"}))["message"] == (
        "Contacts updated successfully.")
    contacts = assert_ok(partner_api.get(f"{PARTNERS}/airtel-01"))["contacts"]
    assert contacts == [{"emailId": "kyc@airtel.example", "contactNo": "+91 80 1234", "address": "Pune", "is_Active": True}]
    assert_refused(partner_api.post(url, {**body, "emailId": "nope"}), "PMS_PRT_012", unchanged=snapshot(PartnerContact),
                   event="partner.contact.upsert.failure")


def test_extractors_are_set_while_the_request_is_in_progress(partner_api, partner_user, banking, kyc_policy,
                                                             bank_manager_api):
    partner = make_partner(partner_user, group=banking, partner_id="airtel-01")
    url = f"{PARTNERS}/partnerId/{partner.id}/policyId/{kyc_policy.id}"
    body = {"extractors": [{"attributeName": "photo", "biometric": "face",
                            "extractor": {"provider": "mosip", "version": "1.1"}}]}
    from partners.models import BiometricExtractor

    assert_refused(partner_api.post(url, body), "PMS_PRT_061", unchanged=snapshot(BiometricExtractor),
                   event="partner.extractors.create.unmapped")
    request = ApiKeyRequest.objects.create(partner=partner, policy=kyc_policy, use_case="x")
    assert_ok(partner_api.post(url, body))
    assert assert_ok(partner_api.get(url))["extractors"] == body["extractors"]
    assert_ok(bank_manager_api.patch(f"{MANAGER}/PartnerAPIKeyRequests/{request.id}", {"status": "Approved"}))
    assert_refused(partner_api.post(url, body), "PMS_PRT_062", unchanged=snapshot(BiometricExtractor),
                   event="partner.extractors.create.failure")


def test_the_policy_of_a_partner_for_machine_clients(approved, kyc_policy):
    partner, _request, _key = approved
    machine = PmsApi(token=token_for(make_user("ida", ["ID_AUTHENTICATION"])))
    answer = assert_ok(machine.get(f"{POLICIES}/partnerId/{partner.id}/policyId/{kyc_policy.id}"))
    assert answer["policyId"] == kyc_policy.id and answer["partnerId"] == partner.id
    assert machine.get(f"{POLICIES}/partnerId/{partner.id}/policyId/other").error_codes == ["PMS_PMP_017"]
    assert machine.get(f"{POLICIES}/partnerId/nobody/policyId/{kyc_policy.id}").error_codes == ["PMS_PRT_005"]
    stranger = PmsApi(token=token_for(make_user("p", ["AUTH_PARTNER"])))
    assert stranger.get(f"{POLICIES}/partnerId/{partner.id}/policyId/{kyc_policy.id}").status == 403


def test_partners_download_the_mosip_certificate(partner_api):
    import base64

    from cryptography import x509

    from kernel.keys import server_key

    answer = assert_ok(partner_api.get(f"{PARTNERS}/digitalcertificate"))
    certificate = x509.load_der_x509_certificate(base64.b64decode(answer["moispCertificate"]))
    assert certificate == server_key().certificate and answer["certificate"].startswith("-----BEGIN CERTIFICATE-----")


def test_the_managers_summary_never_shows_a_key(approved, bank_manager_api, banking):
    make_partner(name="Quiet Bank", group=banking, partner_id="quiet-01")
    rows = assert_ok(bank_manager_api.get(f"{MANAGER}/getManager"))["partners"]
    by_partner = {row["partnerID"]: row for row in rows}
    assert by_partner["airtel-01"]["partnerAPIKey"] == "CREATED" and by_partner["airtel-01"]["apikeyReqIDStatus"] == "Approved"
    assert by_partner["quiet-01"]["apikeyReqIDStatus"] == "YET TO SUBMIT"
    _partner, _request, key = approved
    assert key not in str(rows)


def test_a_policy_id_by_its_name_in_the_managers_groups(kyc_policy, bank_manager_api, telecom_manager_api):
    assert assert_ok(bank_manager_api.get(f"{MANAGER}/policyname/kyc policy"))["policyID"] == kyc_policy.id
    assert telecom_manager_api.get(f"{MANAGER}/policyname/KYC Policy").error_codes == ["PMS_PMP_014"]
