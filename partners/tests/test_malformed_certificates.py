"""Certificates that load but whose extensions or names are not valid DER/UTF-8: the
library parses those lazily, so each must be refused as KER-PCM-001 (never a 500), with
nothing stored and the failure audited."""

import pytest

from partners.models import PartnerCertificate, TrustedCertificate
from tests.support.audit import assert_refused, snapshot

from . import pki
from .conftest import PARTNERS
from .factories import make_partner

pytestmark = pytest.mark.django_db

UPLOAD_CA = f"{PARTNERS}/uploadCACertificate"
UPLOAD = f"{PARTNERS}/uploadPartnerCertificate"
LEGACY = f"{PARTNERS}/digitalcertificate"


@pytest.fixture
def trusted_chain(bank_manager_api):
    for cert in (pki.root_ca(), pki.intermediate_ca()):
        assert bank_manager_api.post(UPLOAD_CA, {"certificateData": pki.pem(cert), "partnerDomain": "AUTH"}).status == 200


@pytest.fixture
def airtel(partner_user, banking):
    return make_partner(partner_user, name="Airtel India", group=banking, partner_id="airtel-01")


@pytest.mark.parametrize("kind", sorted(pki.malformed_cas()))
def test_a_malformed_ca_certificate_is_ker_pcm_001(bank_manager_api, kind):
    before = snapshot(TrustedCertificate)
    answer = bank_manager_api.post(UPLOAD_CA, {"certificateData": pki.malformed_cas()[kind], "partnerDomain": "AUTH"})
    assert_refused(answer, "KER-PCM-001", unchanged=before, event="partner.ca_certificate.upload.failure")


@pytest.mark.parametrize("kind", sorted(pki.malformed_partner_certificates()))
def test_a_malformed_partner_certificate_is_ker_pcm_001(trusted_chain, airtel, partner_api, kind):
    before = snapshot(PartnerCertificate, TrustedCertificate)
    answer = partner_api.post(UPLOAD, {"certificateData": pki.malformed_partner_certificates()[kind], "partnerDomain": "AUTH",
                                       "partnerId": "airtel-01", "organizationName": "Airtel India",
                                       "partnerType": "Auth_Partner"})
    assert_refused(answer, "KER-PCM-001", unchanged=before, event="partner.certificate.upload.failure")


@pytest.mark.parametrize("kind", sorted(pki.malformed_partner_certificates()))
def test_the_1_0_calls_refuse_a_malformed_certificate_with_its_reason(trusted_chain, airtel, partner_api, kind):
    before = snapshot(PartnerCertificate)
    data = pki.malformed_partner_certificates()[kind]
    for method in (partner_api.put, partner_api.post):
        answer = method(LEGACY, {"partnerCertificate": data})
        assert_refused(answer, "PMS_PRT_007", unchanged=before)
        assert "KER-PCM-001" in answer.body["errors"][0]["message"]


@pytest.mark.parametrize("old,new,code", [
    ("a003020102", "a003020105", "KER-PCM-007"),  # X.509 version 6: the library refuses it while loading
    ("2a864886f70d01010b", "2a864886f70d01017f", "KER-PCM-014"),  # a signature algorithm nobody knows
])
def test_an_unknown_version_or_signature_algorithm_gets_its_code(bank_manager_api, old, new, code):
    der = pki.root_ca().public_bytes(pki.serialization.Encoding.DER)
    assert bytes.fromhex(old) in der
    before = snapshot(TrustedCertificate)
    answer = bank_manager_api.post(UPLOAD_CA, {"certificateData": pki.b64(der.replace(bytes.fromhex(old), bytes.fromhex(new))),
                                               "partnerDomain": "AUTH"})
    assert_refused(answer, code, unchanged=before, event="partner.ca_certificate.upload.failure")
