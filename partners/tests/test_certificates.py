"""CA, intermediate and partner certificates: chains checked by cryptography's verifier,
each bad certificate its documented code, and the service's own signed copy."""

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ed25519

from kernel.keys import server_key
from partners.models import PartnerCertificate, TrustedCertificate
from tests.support.api import assert_ok
from tests.support.audit import assert_refused, snapshot

from . import pki
from .conftest import PARTNERS
from .factories import make_partner

pytestmark = pytest.mark.django_db

UPLOAD_CA = f"{PARTNERS}/uploadCACertificate"
UPLOAD = f"{PARTNERS}/uploadPartnerCertificate"


@pytest.fixture
def trusted_chain(bank_manager_api):
    assert assert_ok(bank_manager_api.post(UPLOAD_CA, {"certificateData": pki.pem(pki.root_ca()), "partnerDomain": "AUTH"}))["isRoot"]
    answer = bank_manager_api.post(UPLOAD_CA, {"certificateData": pki.der_b64(pki.intermediate_ca()), "partnerDomain": "auth"})
    assert assert_ok(answer)["isRoot"] is False


@pytest.fixture
def airtel(partner_user, banking):
    return make_partner(partner_user, name="Airtel India", group=banking, partner_id="airtel-01")


def upload(api, cert, **overrides):
    body = {"certificateData": pki.pem(cert) if not isinstance(cert, str) else cert, "partnerDomain": "AUTH",
            "partnerId": "airtel-01", "organizationName": "Airtel India", "partnerType": "Auth_Partner"}
    body.update(overrides)
    return api.post(UPLOAD, body)


def test_a_partner_certificate_chains_and_comes_back_signed_by_the_service(trusted_chain, airtel, partner_api):
    original = pki.partner_certificate()
    answer = assert_ok(upload(partner_api, original))
    signed = x509.load_pem_x509_certificate(answer["signedCertificateData"].encode())
    signed.verify_directly_issued_by(server_key().certificate)
    assert signed.public_key().public_numbers() == original.public_key().public_numbers()
    assert signed.subject == original.subject and signed.not_valid_after_utc <= original.not_valid_after_utc
    got = assert_ok(partner_api.get(f"{PARTNERS}/getPartnerCertificate/airtel-01"))
    assert got["caSignedCertificateData"] == pki.pem(original)
    assert got["mosipSignedCertificateData"] == answer["signedCertificateData"] == got["certificateData"]


@pytest.mark.parametrize("make,code", [
    (lambda: "not a certificate", "KER-PCM-001"),
    (lambda: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", "KER-PCM-001"),
    (lambda: pki.partner_certificate(days=-1, starts=-30), "KER-PCM-004"),
    (lambda: pki.certificate("Airtel India self", org="Airtel India"), "KER-PCM-006"),
    (lambda: pki.partner_certificate(org="Somebody Else"), "KER-PCM-008"),
    (lambda: pki.certificate("weak", org="Airtel India", subject_key=pki.key("weak", 1024), issuer_cn="Airtel Sub CA",
                             issuer_key=pki.key("Airtel Sub CA")), "KER-PCM-013"),
    (lambda: pki.partner_certificate_with_key(ed25519.Ed25519PrivateKey.generate()), "KER-PCM-014"),
    (lambda: pki.intermediate_ca(), "KER-PCM-001"),
])
def test_bad_partner_certificates_get_their_code(trusted_chain, airtel, partner_api, make, code):
    before = snapshot(PartnerCertificate, TrustedCertificate)
    assert_refused(upload(partner_api, make()), code, unchanged=before, event="partner.certificate.upload.failure")


def test_a_certificate_of_another_domain_does_not_chain(trusted_chain, airtel, partner_api):
    assert_refused(upload(partner_api, pki.partner_certificate(), partnerDomain="DEVICE"), "KER-PCM-006",
                   unchanged=snapshot(PartnerCertificate), event="partner.certificate.upload.failure")
    assert_refused(upload(partner_api, pki.partner_certificate(), partnerDomain="MOON"), "KER-PCM-011",
                   unchanged=snapshot(PartnerCertificate), event="partner.certificate.upload.failure")


def test_an_intermediate_needs_its_root_and_a_ca_is_stored_once(bank_manager_api):
    before = snapshot(TrustedCertificate)
    assert_refused(bank_manager_api.post(UPLOAD_CA, {"certificateData": pki.pem(pki.intermediate_ca()), "partnerDomain": "AUTH"}),
                   "KER-PCM-005", unchanged=before, event="partner.ca_certificate.upload.failure")
    root = {"certificateData": pki.pem(pki.root_ca()), "partnerDomain": "AUTH"}
    assert_ok(bank_manager_api.post(UPLOAD_CA, root))
    after = snapshot(TrustedCertificate)
    assert_refused(bank_manager_api.post(UPLOAD_CA, root), "KER-PCM-003", unchanged=after,
                   event="partner.ca_certificate.upload.failure")
    leaf = {"certificateData": pki.pem(pki.certificate("leaf")), "partnerDomain": "AUTH"}
    assert_refused(bank_manager_api.post(UPLOAD_CA, leaf), "KER-PCM-001", unchanged=after,
                   event="partner.ca_certificate.upload.failure")


def test_another_owners_partner_cannot_receive_a_certificate(trusted_chain, banking, partner_api):
    make_partner(name="Airtel India", group=banking, partner_id="airtel-01")  # owned by someone else
    assert_refused(upload(partner_api, pki.partner_certificate()), "PMS_PRT_005", unchanged=snapshot(PartnerCertificate),
                   event="partner.certificate.upload.failure")
    assert partner_api.get(f"{PARTNERS}/getPartnerCertificate/airtel-01").error_codes == ["PMS_PRT_005"]


def test_no_certificate_yet_is_ker_pcm_012(airtel, partner_api):
    assert partner_api.get(f"{PARTNERS}/getPartnerCertificate/airtel-01").error_codes == ["KER-PCM-012"]


def test_the_1_0_certificate_calls_use_the_callers_only_partner(trusted_chain, airtel, partner_api):
    url = f"{PARTNERS}/digitalcertificate"
    good = pki.pem(pki.partner_certificate())
    assert assert_ok(partner_api.put(url, {"partnerCertificate": good}))["message"] == (
        "successfully validated partner's digital certificate")
    assert not PartnerCertificate.objects.exists()  # checking stores nothing
    refused = partner_api.put(url, {"partnerCertificate": pki.pem(pki.partner_certificate(org="Else"))})
    assert refused.error_codes == ["PMS_PRT_007"] and "KER-PCM-008" in refused.body["errors"][0]["message"]
    uploaded = assert_ok(partner_api.post(url, {"partnerCertificate": good}))
    assert uploaded["message"] == "successfully uploaded partner's digital certificate"
    assert PartnerCertificate.objects.get().partner_id == "airtel-01"
    assert_refused(partner_api.post(url, {"partnerCertificate": "garbage"}), "PMS_PRT_007",
                   unchanged=snapshot(PartnerCertificate), event="partner.certificate.upload.failure")


def test_the_1_0_upload_needs_a_partner_named_when_the_caller_has_several(trusted_chain, airtel, partner_user, banking,
                                                                          partner_api):
    make_partner(partner_user, name="Airtel Africa", group=banking, partner_id="airtel-02")
    answer = partner_api.post(f"{PARTNERS}/digitalcertificate", {"partnerCertificate": pki.pem(pki.partner_certificate())})
    assert answer.error_codes == ["PMS_COR_001"] and "partnerId" in answer.body["errors"][0]["message"]
    assert_ok(partner_api.post(f"{PARTNERS}/digitalcertificate", {"partnerCertificate": pki.pem(pki.partner_certificate()),
                                                                   "partnerId": "airtel-01"}))
