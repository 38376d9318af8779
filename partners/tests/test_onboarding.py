"""The real client's onboarding over HTTP with doubled prefixes (catalog §9, [RC]): group
→ policy → publish → partner → CA certificates → partner certificate → key request →
approval → the partner sees its key → the policy lookup by that key."""

import logging

import pytest

from audit.models import AuditEvent
from partners.models import PartnerApiKey
from tests.support.api import PmsApi, assert_ok
from tests.support.users import make_user, token_for

from .conftest import MANAGER, PARTNERS, POLICIES, register_body

pytestmark = pytest.mark.django_db

DOC = {"authPolicies": [{"authType": "otp", "mandatory": True}], "allowedKycAttributes": [{"attributeName": "fullName"}]}


def test_group_policy_partner_request_approval_key_and_lookup(caplog):
    caplog.set_level(logging.DEBUG)  # every log line of the whole flow, to look for the key in
    admin = PmsApi(token=token_for(make_user("pmsadmin", ["PARTNER_ADMIN"])))
    group = assert_ok(admin.post(f"{POLICIES}/policyGroup", {"name": "Banking", "desc": "banks"}))
    policy = assert_ok(admin.post(POLICIES, {"name": "KYC Policy", "desc": "d", "policies": DOC,
                                             "policyGroupName": "Banking", "policyType": "Auth", "version": 1}))
    assert_ok(admin.post(f"{POLICIES}/publishPolicy/policyGroupId/{group['id']}/policyId/{policy['id']}"))

    partner_api = PmsApi(token=token_for(make_user("airtel", ["AUTH_PARTNER"])))
    partner = assert_ok(partner_api.post(PARTNERS, register_body()))
    assert partner["partnerId"] == "airtel-01" and partner["status"] == "Active" and partner["policyGroup"] == "Banking"

    from . import pki

    for ca in (pki.root_ca(), pki.intermediate_ca()):
        assert_ok(admin.post(f"{PARTNERS}/uploadCACertificate", {"certificateData": pki.pem(ca), "partnerDomain": "AUTH"}))
    signed = assert_ok(partner_api.post(f"{PARTNERS}/uploadPartnerCertificate", {
        "certificateData": pki.pem(pki.partner_certificate()), "partnerDomain": "AUTH", "partnerId": "airtel-01",
        "organizationName": "Airtel India", "partnerType": "Auth_Partner"}))
    assert signed["signedCertificateData"].startswith("-----BEGIN CERTIFICATE-----")

    created = partner_api.patch(f"{PARTNERS}/airtel-01/partnerAPIKeyRequests",
                                {"policyName": "kyc policy", "useCaseDescription": "e-KYC at branches"})
    request_id = assert_ok(created)["apiRequestId"]
    assert assert_ok(partner_api.get(f"{PARTNERS}/airtel-01/partnerAPIKeyRequests"))[0]["apiKeyRequestStatus"] == "In-Progress"

    decided = admin.patch(f"{MANAGER}/PartnerAPIKeyRequests/{request_id}", {"status": "Approved"})
    assert assert_ok(decided)["message"] == "PartnerAPIKey approved successfully"

    mine = assert_ok(partner_api.get(f"{PARTNERS}/airtel-01/partnerAPIKeyRequests/{request_id}"))
    assert mine["apiKeyRequestStatus"] == "Approved" and mine["validityTill"].endswith("Z")
    key = mine["partnerApiKey"]
    assert key and len(key) >= 40

    machine = PmsApi(token=token_for(make_user("ida", ["ID_AUTHENTICATION"])))
    for path in (f"{POLICIES}/partnerApiKey/{key}", f"{POLICIES}/{key}"):
        assert assert_ok(machine.get(path))["policyId"] == policy["id"]

    # the key is never stored or audited in clear
    stored = PartnerApiKey.objects.get()
    assert key not in stored.sealed_key and key != stored.key_digest
    assert not AuditEvent.objects.filter(description__contains=key).exists()
    assert not AuditEvent.objects.filter(ref_id__contains=key).exists()
    assert key not in caplog.text
    events = set(AuditEvent.objects.values_list("event_id", flat=True))
    assert {"PMS_PRT_101", "PMS_PRT_200", "PMS_PRT_122", "PMS_PRT_213", "PMS_PRT_123", "PMS_PRT_112", "PMS_PRT_212",
            "PMS_PRT_222", "PMS_PRT_130", "PMS_PRT_230", "PMS_PRT_131", "PMS_PRT_231"} <= events


def test_a_deactivated_partner_key_no_longer_opens_the_policy(kyc_policy, partner_api, bank_manager_api):
    assert_ok(partner_api.post(PARTNERS, register_body()))
    request_id = assert_ok(partner_api.patch(f"{PARTNERS}/airtel-01/partnerAPIKeyRequests",
                                             {"policyName": "KYC Policy", "useCaseDescription": "x"}))["apiRequestId"]
    assert_ok(bank_manager_api.patch(f"{MANAGER}/PartnerAPIKeyRequests/{request_id}", {"status": "Approved"}))
    key = assert_ok(partner_api.get(f"{PARTNERS}/airtel-01/partnerAPIKeyRequests/{request_id}"))["partnerApiKey"]
    machine = PmsApi(token=token_for(make_user("ida", ["ID_AUTHENTICATION"])))
    assert_ok(machine.get(f"{POLICIES}/partnerApiKey/{key}"))
    assert_ok(bank_manager_api.patch(f"{MANAGER}/airtel-01", {"status": "De-Active"}))
    answer = machine.get(f"{POLICIES}/partnerApiKey/{key}")
    assert answer.error_codes == ["PMS_POL_013"]
