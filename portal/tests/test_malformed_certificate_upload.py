"""The portal's certificate upload with certificates the library loads but cannot read
(malformed extensions, a name that is not UTF-8): a form error naming KER-PCM-001,
never a server error, and nothing stored."""

import base64

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from audit.models import AuditEvent
from kernel.actors import Actor
from partners import services as partner_services
from partners.models import PartnerCertificate, TrustedCertificate
from partners.tests import pki
from partners.tests.factories import make_partner
from tests.support.audit import snapshot
from tests.support.users import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(db):
    return make_user("ops@airtel.example", ["PARTNER", "AUTH_PARTNER"])


@pytest.fixture
def browser(owner, banking):
    make_partner(owner, name="Airtel India", group=banking, partner_id="airtel-01")
    for cert in (pki.root_ca(), pki.intermediate_ca()):
        partner_services.upload_ca_certificate(actor=Actor.system(), certificate_data=pki.pem(cert), domain="AUTH")
    client = Client()
    assert client.login(username=owner.username, password=PASSWORD)
    return client


@pytest.mark.parametrize("kind", sorted(pki.malformed_partner_certificates()))
def test_a_malformed_certificate_file_is_a_form_error(browser, kind):
    der = base64.b64decode(pki.malformed_partner_certificates()[kind])
    before = snapshot(PartnerCertificate, TrustedCertificate)
    answer = browser.post("/portal/partners/airtel-01/certificates/",
                          {"domain": "AUTH", "certificate_file": SimpleUploadedFile("airtel.der", der)})
    assert answer.status_code == 200 and "KER-PCM-001" in answer.content.decode()
    assert before.take() == before.rows
    assert not AuditEvent.objects.filter(event_key="partner.certificate.upload.success").exists()
    assert AuditEvent.objects.filter(event_key="partner.certificate.upload.failure").count() == 1
