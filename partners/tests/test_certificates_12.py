"""MOSIP 1.2's certificate and trust-store routes (R13–R19, 1.2 catalog §6) on the one
certificate store: envelopes, codes, the partner's approval (§16.1), the WebSub events
(§17.1), the feature switches (§19.1), scope (SPEC §10.2) and both generations' uploads."""

import base64
import datetime as dt
import json

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs7
from django.utils import timezone

from audit.models import AuditEvent
from events.models import OutboxEvent
from kernel.keys import server_key
from kernel.secrets import secret_box
from partners.models import Partner, PartnerCertificate, TrustedCertificate
from tests.support.api import PmsApi, assert_ok
from tests.support.audit import assert_refused, snapshot
from tests.support.users import make_user, token_for

from . import pki
from .conftest import PARTNERS
from .factories import make_partner

pytestmark = pytest.mark.django_db

PM12 = "/v1/partnermanager"
CA_UPLOAD = f"{PM12}/partners/certificate/ca/upload"
UPLOAD = f"{PM12}/partners/certificate/upload"
MINE = f"{PM12}/partners/partner-certificates-details"
TRUST = f"{PM12}/trust-chain-certificates"
V1_KEYS = ["id", "version", "responsetime", "metadata", "response", "errors"]
V2_KEYS = ["id", "version", "responseTime", "metadata", "response", "errors"]


def body(**request):
    return {"id": "", "version": "1.0", "requesttime": "2026-01-01T10:00:00.000Z", "request": request}


@pytest.fixture
def trusted_chain(bank_manager_api):
    for cert in (pki.root_ca(), pki.intermediate_ca()):
        answer = bank_manager_api.call("post", CA_UPLOAD, body=body(certificateData=pki.pem(cert), partnerDomain="AUTH"))
        assert assert_ok(answer)["status"] == "Upload Success."
    return TrustedCertificate.objects.get(is_root=False)


@pytest.fixture
def airtel(partner_user, banking):
    """Registered through 1.2: in progress and inactive until its certificate is uploaded."""
    return make_partner(partner_user, name="Airtel India", group=banking, partner_id="airtel-01",
                        approval_status="InProgress", is_active=False)


@pytest.fixture
def hub(settings):
    settings.PMS_WEBSUB_HUB_URL = "http://hub.invalid/websub"


@pytest.fixture
def admin_api(db):
    return PmsApi(token=token_for(make_user("pms-admin", ["PARTNER_ADMIN"])))


def upload(api, cert=None, **overrides):
    request = {"partnerId": "airtel-01", "certificateData": pki.pem(cert or pki.partner_certificate()),
               "partnerDomain": "AUTH"}
    request.update(overrides)
    return api.call("post", UPLOAD, body=body(**request))


def events():
    return {e.topic: json.loads(secret_box().open(e.sealed_data)) for e in OutboxEvent.objects.order_by("id")}


# --- R13 -----------------------------------------------------------------------------------

def test_r13_stores_a_root_and_an_intermediate_through_the_ca_upload_service(trusted_chain, bank_manager_api):
    assert sorted(TrustedCertificate.objects.values_list("is_root", flat=True)) == [False, True]
    stored = TrustedCertificate.objects.get(is_root=True).certificate_pem
    answer = bank_manager_api.call("post", CA_UPLOAD, body=body(certificateData=stored, partnerDomain="AUTH"))
    assert list(answer.body) == V1_KEYS and answer.body["id"] == "mosip.partnermanagement"
    assert_refused(answer, "KER-PCM-003", unchanged=snapshot(TrustedCertificate),
                   event="partner.ca_certificate.upload.failure")


def test_r13_answers_in_the_v1_envelope_without_id(bank_manager_api):
    answer = bank_manager_api.call("post", CA_UPLOAD, body=body(certificateData=pki.pem(pki.root_ca()),
                                                                partnerDomain="FTM"))
    assert (answer.status, list(answer.body), answer.body["id"]) == (200, V1_KEYS, None)
    assert set(answer.body["response"]) == {"status", "timestamp"}
    assert AuditEvent.objects.filter(event_key="partner.ca_certificate.upload.success").count() == 1


def test_r13_refuses_a_blank_certificate_with_the_field_path(bank_manager_api):
    answer = bank_manager_api.call("post", CA_UPLOAD, body=body(certificateData="", partnerDomain="AUTH"))
    assert answer.error_codes == ["PMS_COR_001"]
    assert answer.body["errors"][0]["message"] == "Invalid request parameter - value is empty or null :request.certificateData"
    missing = bank_manager_api.call("post", CA_UPLOAD, body=body(certificateData=pki.pem(pki.root_ca())))
    assert missing.body["errors"][0]["message"] == "Invalid request parameter - value is empty or null :request.partnerDomain"
    assert not TrustedCertificate.objects.exists()


# --- R14 -----------------------------------------------------------------------------------

def test_r14_signs_the_certificate_approves_the_partner_and_tells_the_subscribers(trusted_chain, airtel, partner_api,
                                                                                   hub):
    history_before = airtel.history.count()
    original = pki.partner_certificate()
    answer = upload(partner_api, original)
    assert (list(answer.body), answer.body["id"]) == (V1_KEYS, None)
    response = assert_ok(answer)
    assert set(response) == {"signedCertificateData", "certificateId", "timestamp"}
    signed = x509.load_pem_x509_certificate(response["signedCertificateData"].encode())
    signed.verify_directly_issued_by(server_key().certificate)
    assert signed.public_key().public_numbers() == original.public_key().public_numbers()
    airtel.refresh_from_db()
    assert (airtel.approval_status, airtel.is_active) == ("approved", True)
    assert airtel.history.count() == history_before + 1
    assert PartnerCertificate.objects.get().id == response["certificateId"]
    sent = events()
    assert sorted(sent) == ["CA_CERTIFICATE_UPLOADED", "PARTNER_UPDATED"]
    assert sent["PARTNER_UPDATED"] == {"partnerData": {
        "partnerId": "airtel-01", "partnerName": "Airtel India", "certificateData": response["signedCertificateData"],
        "partnerStatus": "ACTIVE"}}
    assert sent["CA_CERTIFICATE_UPLOADED"] == {"certChainDatashareUrl": None, "partnerDomain": "AUTH"}
    rows = AuditEvent.objects.filter(request_id=answer.headers["X-Request-ID"])
    assert sorted(rows.values_list("event_key", flat=True)) == ["partner.certificate.upload.request",
                                                              "partner.certificate.upload.success"]


def test_r14_again_on_an_active_partner_replaces_the_current_certificate(trusted_chain, airtel, partner_api):
    first = assert_ok(upload(partner_api))["certificateId"]
    second = assert_ok(upload(partner_api, pki.partner_certificate(days=200)))["certificateId"]
    assert first != second
    current = assert_ok(partner_api.get(f"{PM12}/partners/airtel-01/certificate"))["certificateData"]
    assert current == PartnerCertificate.objects.get(pk=second).signed_certificate_pem


def test_r14_refuses_an_approved_and_deactivated_partner(trusted_chain, airtel, partner_api, hub):
    Partner.objects.filter(pk=airtel.pk).update(approval_status="approved", is_active=False)
    answer = upload(partner_api)
    assert answer.body["id"] == "mosip.partnermanagement"
    assert_refused(answer, "PMS_PMP_016", unchanged=snapshot(Partner, PartnerCertificate, OutboxEvent),
                   event="partner.certificate.upload.failure")


def test_r14_refuses_a_partner_whose_type_needs_a_group_it_lacks(trusted_chain, partner_user, partner_api):
    partner = make_partner(partner_user, name="Airtel India", partner_id="airtel-01", approval_status="InProgress",
                           is_active=False)
    partner.partner_type.requires_policy_group = True
    partner.partner_type.save()
    assert_refused(upload(partner_api), "PMS_PRT_054", unchanged=snapshot(Partner, PartnerCertificate),
                   event="partner.certificate.upload.failure")


@pytest.mark.parametrize("make,code", [
    (lambda: pki.partner_certificate(org="Somebody Else"), "KER-PCM-008"),
    (lambda: pki.certificate("Airtel India self", org="Airtel India"), "KER-PCM-006"),
    (lambda: pki.partner_certificate(days=-1, starts=-30), "KER-PCM-004"),
])
def test_r14_the_key_managers_refusals_leave_the_partner_in_progress(trusted_chain, airtel, partner_api, hub, make,
                                                                     code):
    assert_refused(upload(partner_api, make()), code, unchanged=snapshot(Partner, PartnerCertificate, OutboxEvent),
                   event="partner.certificate.upload.failure")


def test_r14_refuses_an_unknown_domain(trusted_chain, airtel, partner_api):
    assert_refused(upload(partner_api, partnerDomain="MOON"), "KER-PCM-011", unchanged=snapshot(Partner))


def test_r14_another_partners_id_answers_like_an_unknown_one(trusted_chain, airtel, banking):
    intruder = make_user("intruder", ["AUTH_PARTNER"])
    make_partner(intruder, name="Intruder Bank", group=banking, partner_id="intruder-01")
    api = PmsApi(token=token_for(intruder))
    before = snapshot(Partner, PartnerCertificate)
    on_victim, on_unknown = upload(api), upload(api, partnerId="nobody-01")
    assert on_victim.error_codes == on_unknown.error_codes == ["PMS_PRT_005"]
    assert {k: v for k, v in on_victim.body.items() if k != "responsetime"} == \
        {k: v for k, v in on_unknown.body.items() if k != "responsetime"}
    assert snapshot(Partner, PartnerCertificate).rows == before.rows


def test_r14_a_partner_admin_may_upload_for_any_partner(trusted_chain, airtel, admin_api):
    assert_ok(upload(admin_api))
    airtel.refresh_from_db()
    assert airtel.approval_status == "approved"


# --- R15 -----------------------------------------------------------------------------------

def test_r15_reads_the_mosip_signed_certificate_in_v1_without_id(trusted_chain, airtel, partner_api):
    signed = assert_ok(upload(partner_api))["signedCertificateData"]
    answer = partner_api.get(f"{PM12}/partners/airtel-01/certificate")
    assert (list(answer.body), answer.body["id"]) == (V1_KEYS, None)
    assert assert_ok(answer)["certificateData"] == signed


def test_r15_without_a_certificate_and_for_others_partners(trusted_chain, airtel, partner_api, banking):
    assert_refused(partner_api.get(f"{PM12}/partners/airtel-01/certificate"), "PMS_PRT_108",
                   event="partner.certificate.get.failure")
    make_partner(make_user("victim", ["AUTH_PARTNER"]), name="Victim Bank", group=banking, partner_id="victim-01")
    on_victim = partner_api.get(f"{PM12}/partners/victim-01/certificate")
    on_unknown = partner_api.get(f"{PM12}/partners/nobody-01/certificate")
    assert on_victim.error_codes == on_unknown.error_codes == ["PMS_PRT_005"]
    assert on_victim.body["errors"] == on_unknown.body["errors"]


def test_r15_the_platforms_services_read_any_partners_certificate(trusted_chain, airtel, partner_api):
    assert_ok(upload(partner_api))
    ida = PmsApi(token=token_for(make_user("ida-client", ["ID_AUTHENTICATION"])))
    assert assert_ok(ida.get(f"{PM12}/partners/airtel-01/certificate"))["certificateData"].startswith("-----BEGIN")


# --- R16 -----------------------------------------------------------------------------------

def test_r16_gives_both_certificates_with_their_expiry_flags(trusted_chain, airtel, partner_api):
    original = pki.partner_certificate()
    signed = assert_ok(upload(partner_api, original))["signedCertificateData"]
    answer = partner_api.get(f"{PM12}/partners/airtel-01/certificate-data")
    assert (list(answer.body), answer.body["id"], answer.body["version"]) == (
        V2_KEYS, "mosip.pms.original.partner.certificate.get", "1.0")
    assert assert_ok(answer) == {"caSignedCertificateData": pki.pem(original), "isCaSignedCertificateExpired": False,
                                 "mosipSignedCertificateData": signed, "isMosipSignedCertificateExpired": False}


def test_r16_an_expired_certificate_is_blank_and_flagged(airtel, partner_api):
    expired = pki.pem(pki.partner_certificate(days=-1, starts=-30))
    valid = pki.pem(pki.partner_certificate())
    PartnerCertificate.objects.create(partner=airtel, domain="AUTH", certificate_pem=expired,
                                      signed_certificate_pem=valid, fingerprint="x",
                                      not_after=timezone.now() - dt.timedelta(days=1))
    response = assert_ok(partner_api.get(f"{PM12}/partners/airtel-01/certificate-data"))
    assert response == {"caSignedCertificateData": "", "isCaSignedCertificateExpired": True,
                        "mosipSignedCertificateData": valid, "isMosipSignedCertificateExpired": False}


def test_r16_refusals_in_their_envelopes(trusted_chain, airtel, partner_api, settings, banking):
    url = f"{PM12}/partners/airtel-01/certificate-data"
    answer = partner_api.get(url)
    assert answer.body["id"] == "mosip.pms.original.partner.certificate.get"
    assert_refused(answer, "PMS_PRT_108", event="partner.certificate.get.failure")
    nobody = PmsApi(token=token_for(make_user("no-partner", ["AUTH_PARTNER"])))
    assert_refused(nobody.get(url), "PMS_CERTIFICATE_ERROR_002", event="partner.certificate.get.failure")
    make_partner(make_user("victim", ["AUTH_PARTNER"]), name="Victim Bank", group=banking, partner_id="victim-01")
    assert_refused(partner_api.get(f"{PM12}/partners/victim-01/certificate-data"), "PMS_PRT_005")
    assert_ok(upload(partner_api))
    Partner.objects.filter(pk=airtel.pk).update(is_active=False)
    assert_refused(partner_api.get(url), "PMS_CERTIFICATE_ERROR_009")
    settings.PMS_FEATURE_CA_SIGNED_PARTNER_CERTIFICATE = False
    off = partner_api.get(url)
    assert (list(off.body), off.body["id"], off.body["version"]) == (V1_KEYS, "mosip.partnermanagement", "1.0")
    assert_refused(off, "PMS_FEATURE_003")


# --- R17 -----------------------------------------------------------------------------------

def test_r17_lists_the_callers_partners_with_and_without_a_certificate(trusted_chain, airtel, partner_user,
                                                                       partner_api):
    make_partner(partner_user, name="Airtel Devices", partner_type="Device_Provider", partner_id="airtel-dp")
    assert_ok(upload(partner_api))
    answer = partner_api.get(MINE)
    assert (list(answer.body), answer.body["id"]) == (V2_KEYS, "mosip.pms.partner.certificates.get")
    by_id = {entry["partnerId"]: entry for entry in assert_ok(answer)}
    assert set(by_id) == {"airtel-01", "airtel-dp"}
    mine = by_id["airtel-01"]
    assert (mine["partnerType"], mine["isCertificateAvailable"], mine["certificateIssuedTo"], mine["isPartnerActive"]) \
        == ("Auth_Partner", True, "airtel-auth", True)
    assert mine["certificateExpiryDateTime"].endswith("+00:00")
    assert by_id["airtel-dp"] == {"partnerId": "airtel-dp", "partnerType": "Device_Provider",
                                  "isCertificateAvailable": False, "certificateIssuedTo": None,
                                  "certificateUploadDateTime": None, "certificateExpiryDateTime": None,
                                  "isPartnerActive": True}


def test_r17_without_a_partner_of_ones_own(admin_api, airtel):
    # even a partner admin lists only the partners it owns (MOSIP's findByUserId)
    answer = admin_api.get(MINE)
    assert answer.body["id"] == "mosip.pms.partner.certificates.get"
    assert_refused(answer, "PMS_CERTIFICATE_ERROR_002", event="partner.certificate.get.failure")


# --- R18, R19 ----------------------------------------------------------------------------------

def test_r18_pages_the_trust_store(trusted_chain, admin_api):
    answer = admin_api.get(TRUST)
    assert (list(answer.body), answer.body["id"]) == (V2_KEYS, "mosip.pms.trust.certificates.get")
    page = assert_ok(answer)
    assert (page["pageNo"], page["pageSize"], page["totalResults"]) == (0, 8, 2)
    item = next(i for i in page["data"] if i["caCertificateType"] == "INTERMEDIATE")
    assert item["certId"] == trusted_chain.id and item["partnerDomain"] == "AUTH" and item["status"] is True
    assert item["issuedTo"] == "CN=Airtel Sub CA" and item["issuedBy"] == "CN=Airtel Root CA"
    assert len(item["certThumbprint"]) == 40 and "+" not in item["validTillDate"]
    roots = assert_ok(admin_api.get(TRUST, params={"caCertificateType": "root"}))
    assert [i["caCertificateType"] for i in roots["data"]] == ["ROOT"]
    assert assert_ok(admin_api.get(TRUST, params={"partnerDomain": "FTM"}))["totalResults"] == 0
    sub = assert_ok(admin_api.get(TRUST, params={"issuedTo": "sub ca"}))
    assert [i["certId"] for i in sub["data"]] == [trusted_chain.id]
    ordered = assert_ok(admin_api.get(TRUST, params={"sortFieldName": "caCertificateType", "sortType": "desc",
                                                     "pageNo": "0", "pageSize": "1"}))
    assert [i["caCertificateType"] for i in ordered["data"]] == ["ROOT"] and ordered["totalResults"] == 2


def test_r18_list_parameters_and_switch_are_the_controllers(trusted_chain, admin_api, settings):
    wrong = admin_api.get(TRUST, params={"sortFieldName": "subject", "sortType": "asc", "pageNo": "0", "pageSize": "8"})
    assert (wrong.body["id"], wrong.error_codes) == ("mosip.partnermanagement", ["PMS_PRT_357"])
    settings.PMS_FEATURE_ROOT_AND_INTERMEDIATE_CERTIFICATES = False
    off = admin_api.get(TRUST)
    assert (list(off.body), off.body["id"], off.error_codes) == (V1_KEYS, "mosip.partnermanagement", ["PMS_FEATURE_001"])
    off = admin_api.get(f"{TRUST}/{trusted_chain.id}/certificateFile")
    assert (off.body["id"], off.error_codes) == ("mosip.partnermanagement", ["PMS_FEATURE_001"])


def test_r19_gives_the_certificate_and_its_chain_as_a_p7b(trusted_chain, admin_api):
    answer = admin_api.get(f"{TRUST}/{trusted_chain.id}/certificateFile")
    assert (list(answer.body), answer.body["id"]) == (V2_KEYS, "mosip.pms.download.trust.certificates.get")
    response = assert_ok(answer)
    bundle = pkcs7.load_der_pkcs7_certificates(base64.b64decode(response["p7bFile"]))
    assert sorted(c.subject.rfc4514_string() for c in bundle) == ["CN=Airtel Root CA", "CN=Airtel Sub CA"]
    root = TrustedCertificate.objects.get(is_root=True)
    alone = pkcs7.load_der_pkcs7_certificates(base64.b64decode(assert_ok(
        admin_api.get(f"{TRUST}/{root.id}/certificateFile"))["p7bFile"]))
    assert [c.subject.rfc4514_string() for c in alone] == ["CN=Airtel Root CA"]
    unknown = admin_api.get(f"{TRUST}/nobody-cert/certificateFile")
    assert (unknown.body["id"], unknown.error_codes) == ("mosip.pms.download.trust.certificates.get", ["KER-PCM-012"])


# --- one record, two generations (SPEC §10.1) ---------------------------------------------------

def test_a_certificate_uploaded_through_1_0_reads_through_r15_r16_r17(trusted_chain, partner_user, partner_api,
                                                                      banking):
    make_partner(partner_user, name="Airtel India", group=banking, partner_id="airtel-01")  # registered through 1.0
    original = pki.partner_certificate()
    legacy = assert_ok(partner_api.post(f"{PARTNERS}/uploadPartnerCertificate", {
        "certificateData": pki.pem(original), "partnerDomain": "AUTH", "partnerId": "airtel-01",
        "organizationName": "Airtel India", "partnerType": "Auth_Partner"}))
    signed = legacy["signedCertificateData"]
    assert assert_ok(partner_api.get(f"{PM12}/partners/airtel-01/certificate"))["certificateData"] == signed
    pair = assert_ok(partner_api.get(f"{PM12}/partners/airtel-01/certificate-data"))
    assert (pair["caSignedCertificateData"], pair["mosipSignedCertificateData"]) == (pki.pem(original), signed)
    [entry] = assert_ok(partner_api.get(MINE))
    assert (entry["partnerId"], entry["isCertificateAvailable"], entry["isPartnerActive"]) == ("airtel-01", True, True)


def test_a_certificate_uploaded_through_r14_reads_through_1_0(trusted_chain, airtel, partner_api):
    original = pki.partner_certificate()
    response = assert_ok(upload(partner_api, original))
    got = assert_ok(partner_api.get(f"{PARTNERS}/getPartnerCertificate/airtel-01"))
    assert got["certificateId"] == response["certificateId"]
    assert got["mosipSignedCertificateData"] == response["signedCertificateData"]
    assert got["caSignedCertificateData"] == pki.pem(original)


def test_r16_wants_a_partner_of_the_callers_own_even_from_the_platforms_services(trusted_chain, airtel, partner_api):
    assert_ok(upload(partner_api))
    ida = PmsApi(token=token_for(make_user("ida-client", ["ID_AUTHENTICATION"])))
    assert_refused(ida.get(f"{PM12}/partners/airtel-01/certificate-data"), "PMS_CERTIFICATE_ERROR_002")


def test_a_partner_manager_reads_no_partner_certificate(trusted_chain, airtel, partner_api, bank_manager_api):
    assert_ok(upload(partner_api))
    for path in ("certificate", "certificate-data"):
        answer = bank_manager_api.get(f"{PM12}/partners/airtel-01/{path}")
        assert (answer.status, answer.error_codes) == (403, ["KER-ATH-403"])


def test_a_1_2_partner_certified_through_the_1_0_route_is_approved_too(trusted_chain, airtel, partner_api, hub):
    """One record: the partner registered through 1.2 waits for its certificate, whichever
    generation's route brings it."""
    legacy = partner_api.post(f"{PARTNERS}/uploadPartnerCertificate", {
        "certificateData": pki.pem(pki.partner_certificate()), "partnerDomain": "AUTH", "partnerId": "airtel-01"})
    assert_ok(legacy)
    airtel.refresh_from_db()
    assert (airtel.approval_status, airtel.is_active) == ("approved", True)
    assert events()["PARTNER_UPDATED"]["partnerData"]["partnerStatus"] == "ACTIVE"
    described = AuditEvent.objects.get(request_id=legacy.headers["X-Request-ID"],
                                       event_key="partner.certificate.upload.success").description
    assert described.endswith("; partner approved")


def test_the_1_0_route_leaves_a_deactivated_partner_deactivated(trusted_chain, airtel, partner_api, hub):
    Partner.objects.filter(pk=airtel.pk).update(deactivated_through="1.2")
    assert_ok(partner_api.post(f"{PARTNERS}/uploadPartnerCertificate", {
        "certificateData": pki.pem(pki.partner_certificate()), "partnerDomain": "AUTH", "partnerId": "airtel-01"}))
    airtel.refresh_from_db()
    assert (airtel.approval_status, airtel.is_active) == ("InProgress", False)
    assert not OutboxEvent.objects.filter(topic="PARTNER_UPDATED").exists()
