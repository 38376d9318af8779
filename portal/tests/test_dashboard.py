"""The partner's dashboard: its details, API-key requests and keys, certificates and
contacts, each change through the partner services; another partner's ids answer 404
and change nothing."""

import datetime as dt
import re

import pytest
from cryptography.hazmat.primitives.serialization import Encoding
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from audit.models import AuditEvent
from kernel.actors import Actor
from kernel.roles import Role
from partners import services as partner_services
from partners.models import ApiKeyRequest, PartnerCertificate, PartnerContact, RequestStatus
from partners.tests import pki
from partners.tests.factories import make_partner, make_partner_manager
from tests.support.audit import snapshot
from tests.support.keys import nothing_decrypted
from tests.support.users import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(db):
    return make_user("ops@airtel.example", ["PARTNER", "AUTH_PARTNER"])


@pytest.fixture
def airtel(owner, banking):
    return make_partner(owner, name="Airtel India", group=banking, partner_id="airtel-01")


@pytest.fixture
def rival(banking):
    other = make_user("ops@jio.example", ["PARTNER", "AUTH_PARTNER"])
    return make_partner(other, name="Jio", group=banking, partner_id="jio-01")


@pytest.fixture
def browser(owner):
    client = Client()
    assert client.login(username=owner.username, password=PASSWORD)
    return client


def approve(request_id, banking):
    manager = make_partner_manager("pm-bank", [banking])
    actor = Actor(username=manager.username, roles=frozenset({Role.PARTNERMANAGER}), user=manager)
    return partner_services.decide_api_key_request(actor=actor, request_id=request_id, approve=True)


def test_the_dashboard_leads_to_the_partner_page_with_its_details(browser, airtel):
    answer = browser.get("/portal/")
    assert answer.status_code == 302 and answer["Location"] == "/portal/partners/airtel-01/"
    page = browser.get("/portal/partners/airtel-01/")
    text = page.content.decode()
    assert page.status_code == 200 and "Airtel India" in text and "airtel-01" in text and "Banking" in text
    assert "Active" in text
    assert page["Content-Security-Policy"]  # the kernel's policy, not loosened
    assert "<script" not in text  # no JavaScript needed


def test_the_dashboard_needs_a_login(airtel):
    answer = Client().get("/portal/partners/airtel-01/")
    assert answer.status_code == 302 and answer["Location"].startswith("/portal/login/")


def test_a_partner_requests_a_key_a_manager_approves_it_and_the_partner_reveals_it(browser, airtel, kyc_policy, banking):
    answer = browser.post("/portal/partners/airtel-01/keys/", {"policy": "KYC Policy", "use_case": "e-KYC at branches"})
    assert answer.status_code == 302
    request = ApiKeyRequest.objects.get()
    assert request.partner == airtel and request.status == RequestStatus.IN_PROGRESS
    assert "Waiting for approval" in browser.get("/portal/partners/airtel-01/").content.decode()

    approve(request.pk, banking)
    page = browser.get("/portal/partners/airtel-01/").content.decode()
    assert "Approved" in page and "Show the key" in page
    value = partner_services.api_key_value(ApiKeyRequest.objects.get())
    assert value not in page  # the list never shows the key

    shown_by_get = browser.get(f"/portal/partners/airtel-01/keys/{request.pk}/reveal/")  # POST only: back to the dashboard
    assert shown_by_get.status_code == 302 and shown_by_get["Location"] == "/portal/"
    answer = browser.post(f"/portal/partners/airtel-01/keys/{request.pk}/reveal/")
    assert answer.status_code == 200 and value in answer.content.decode()
    assert "no-store" in answer["Cache-Control"] or "no-cache" in answer["Cache-Control"]
    row = AuditEvent.objects.filter(event_key="partner.apikey.get.success", ref_id=request.pk).latest("id")
    assert row.session_user_id == "ops@airtel.example" and "given to its owner in clear" in row.description
    assert not AuditEvent.objects.filter(description__contains=value).exists()


def test_the_key_list_decrypts_no_key(browser, airtel, kyc_policy, banking):
    request = ApiKeyRequest.objects.create(partner=airtel, policy=kyc_policy, use_case="x")
    approve(request.pk, banking)
    with nothing_decrypted():
        page = browser.get("/portal/partners/airtel-01/")
    assert page.status_code == 200 and "Show the key" in page.content.decode()


def test_a_key_for_a_policy_outside_the_group_is_refused(browser, airtel):
    answer = browser.post("/portal/partners/airtel-01/keys/", {"policy": "Not there", "use_case": "x"})
    assert answer.status_code == 200 and not ApiKeyRequest.objects.exists()


def test_revealing_a_key_not_approved_yet_says_so(browser, airtel, kyc_policy):
    browser.post("/portal/partners/airtel-01/keys/", {"policy": "KYC Policy", "use_case": "x"})
    request = ApiKeyRequest.objects.get()
    answer = browser.post(f"/portal/partners/airtel-01/keys/{request.pk}/reveal/", follow=True)
    assert "This key has not been created yet." in answer.content.decode()


def test_another_partners_pages_answer_404_and_change_nothing(browser, airtel, rival, kyc_policy, banking):
    rival_owner = Client()
    rival_owner.login(username="ops@jio.example", password=PASSWORD)
    rival_owner.post("/portal/partners/jio-01/keys/", {"policy": "KYC Policy", "use_case": "x"})
    rival_request = ApiKeyRequest.objects.get(partner=rival)
    approve(rival_request.pk, banking)
    partner_services.upload_ca_certificate(actor=Actor.system(), certificate_data=pki.pem(pki.root_ca()), domain="AUTH")
    partner_services.upload_ca_certificate(actor=Actor.system(), certificate_data=pki.pem(pki.intermediate_ca()),
                                           domain="AUTH")
    rival_owner.post("/portal/partners/jio-01/certificates/",
                     {"domain": "AUTH", "certificate_text": pki.pem(pki.partner_certificate(org="Jio"))})
    assert PartnerCertificate.objects.filter(partner=rival).count() == 1
    before = snapshot(ApiKeyRequest, PartnerContact, PartnerCertificate)
    value = partner_services.api_key_value(ApiKeyRequest.objects.get(pk=rival_request.pk))

    answers = [
        browser.get("/portal/partners/jio-01/"),
        browser.post("/portal/partners/jio-01/keys/", {"policy": "KYC Policy", "use_case": "x"}),
        browser.post(f"/portal/partners/jio-01/keys/{rival_request.pk}/reveal/"),
        browser.post(f"/portal/partners/airtel-01/keys/{rival_request.pk}/reveal/"),  # own partner, their request
        browser.get("/portal/partners/jio-01/certificates/current/signed.pem"),
        browser.post("/portal/partners/jio-01/contacts/", {"email": "x@jio.example", "contact_no": "123", "address": "y"}),
        browser.post("/portal/partners/jio-01/certificates/", {"domain": "AUTH", "certificate_text": "x"}),
        browser.get("/portal/partners/nobody/"),
    ]
    for answer in answers:
        assert answer.status_code == 404, answer
        assert "Page not found" in answer.content.decode()  # the portal's own page, in the visitor's language
        body = answer.content.decode()
        assert "Jio" not in body and value not in body and "jio-01" not in body.replace("/portal/partners/jio-01", "")
    assert before.take() == before.rows


def test_a_certificate_upload_is_checked_and_the_signed_copy_downloads(browser, airtel):
    answer = browser.post("/portal/partners/airtel-01/certificates/",
                          {"domain": "AUTH", "certificate_text": pki.pem(pki.partner_certificate())})
    assert answer.status_code == 200 and "KER-PCM-006" in answer.content.decode()  # no trusted chain yet
    assert not PartnerCertificate.objects.exists()

    partner_services.upload_ca_certificate(actor=Actor.system(), certificate_data=pki.pem(pki.root_ca()), domain="AUTH")
    partner_services.upload_ca_certificate(actor=Actor.system(), certificate_data=pki.pem(pki.intermediate_ca()),
                                           domain="AUTH")
    wrong_org = pki.partner_certificate(org="Somebody Else")
    answer = browser.post("/portal/partners/airtel-01/certificates/", {"domain": "AUTH", "certificate_text": pki.pem(wrong_org)})
    assert "KER-PCM-008" in answer.content.decode() and not PartnerCertificate.objects.exists()

    der = pki.partner_certificate().public_bytes(Encoding.DER)
    answer = browser.post("/portal/partners/airtel-01/certificates/",
                          {"domain": "AUTH", "certificate_file": SimpleUploadedFile("airtel.der", der)})
    assert answer.status_code == 302
    row = PartnerCertificate.objects.get()
    signed = browser.get("/portal/partners/airtel-01/certificates/current/signed.pem")
    assert signed.status_code == 200 and signed.content.decode() == row.signed_certificate_pem
    assert "attachment" in signed["Content-Disposition"]
    original = browser.get("/portal/partners/airtel-01/certificates/current/original.pem")
    assert original.content.decode() == row.certificate_pem


def test_contacts_are_added_and_updated(browser, airtel):
    browser.post("/portal/partners/airtel-01/contacts/", {"email": "it@airtel.example", "contact_no": "+91 1", "address": "A"})
    browser.post("/portal/partners/airtel-01/contacts/", {"email": "IT@airtel.example", "contact_no": "+91 2", "address": "B"})
    contact = PartnerContact.objects.get()
    assert contact.contact_no == "+91 2" and contact.address == "B"
    assert "it@airtel.example" in browser.get("/portal/partners/airtel-01/").content.decode()
    answer = browser.post("/portal/partners/airtel-01/contacts/", {"email": "not-an-address", "contact_no": "1", "address": "C"})
    assert answer.status_code == 200 and PartnerContact.objects.count() == 1


def test_portal_login_uses_the_same_lock_out(airtel, owner, settings):
    settings.PMS_LOGIN_MAX_FAILURES = 3
    client = Client()
    for _ in range(3):
        answer = client.post("/portal/login/", {"username": owner.username, "password": "wrong"})
        assert answer.status_code == 200
    answer = client.post("/portal/login/", {"username": owner.username, "password": PASSWORD})
    assert "Too many failed attempts" in answer.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(event_id="PMS_AUT_401", ref_id=owner.username).count() == 4


def test_login_sends_partners_to_the_dashboard_and_managers_to_the_admin(airtel, owner, banking):
    answer = Client().post("/portal/login/", {"username": "OPS@airtel.example", "password": PASSWORD})
    assert answer.status_code == 302 and answer["Location"] == "/portal/"
    manager = make_partner_manager("pm-bank", [banking])
    manager.is_staff = True
    manager.save()
    answer = Client().post("/portal/login/", {"username": "pm-bank", "password": PASSWORD})
    assert answer["Location"] == "/admin/"


def test_logout_is_a_post(browser, airtel):
    assert browser.get("/portal/logout/")["Location"] == "/portal/login/"  # a GET ends nothing
    assert browser.get("/portal/partners/airtel-01/").status_code == 200
    assert browser.post("/portal/logout/").status_code == 302
    assert browser.get("/portal/partners/airtel-01/").status_code == 302


def test_password_reset_by_email_sets_a_new_password_through_the_service(airtel, owner, mailoutbox):
    owner.email = "ops@airtel.example"
    owner.save()
    client = Client()
    client.post("/portal/password-reset/", {"email": "ops@airtel.example"})
    assert len(mailoutbox) == 1
    link = re.search(r"http://testserver(/portal/password-reset/\S+/)", mailoutbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    target = form_page.redirect_chain[-1][0]
    answer = client.post(target, {"new_password1": "password", "new_password2": "password"})
    assert answer.status_code == 200  # too common: refused
    answer = client.post(target, {"new_password1": "Quiet-Meadow-Engine-7", "new_password2": "Quiet-Meadow-Engine-7"})
    assert answer.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password("Quiet-Meadow-Engine-7")
    assert AuditEvent.objects.filter(event_id="PMS_AUT_209", ref_id=owner.username).exists()
    assert "Quiet-Meadow" not in " ".join(AuditEvent.objects.values_list("description", flat=True))


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(mailoutbox, db):
    answer = Client().post("/portal/password-reset/", {"email": "nobody@nowhere.example"})
    assert answer.status_code == 302 and answer["Location"] == "/portal/password-reset/sent/"
    assert mailoutbox == []


def test_reset_links_for_one_address_wait_for_the_pause(airtel, owner, mailoutbox):
    owner.email = "ops@airtel.example"
    owner.save()
    client = Client()
    for _ in range(3):
        answer = client.post("/portal/password-reset/", {"email": "ops@airtel.example"})
        assert answer["Location"] == "/portal/password-reset/sent/"
    assert len(mailoutbox) == 1


def test_the_partner_page_costs_the_same_queries_with_more_keys_contacts_and_certificates(browser, airtel, banking):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from policies.models import PolicyStatus
    from policies.tests.factories import PolicyFactory

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert browser.get("/portal/partners/airtel-01/").status_code == 200
        return len(captured)

    policies = PolicyFactory.create_batch(5, policy_group=banking, status=PolicyStatus.PUBLISHED)
    ApiKeyRequest.objects.create(partner=airtel, policy=policies[0], use_case="x")
    PartnerContact.objects.create(partner=airtel, email="a@airtel.example", contact_no="1", address="x")
    small = queries()
    for policy in policies[1:]:
        ApiKeyRequest.objects.create(partner=airtel, policy=policy, use_case="x")
    for number in range(4):
        PartnerContact.objects.create(partner=airtel, email=f"c{number}@airtel.example", contact_no="1", address="x")
    assert queries() == small


def test_a_device_provider_sees_its_own_devices_and_no_one_elses(db):
    """Devices registered over the API with the provider's login appear on its partner page."""
    from devices import services as device_services
    from devices.device_data import parse_registration
    from devices.tests.factories import device_data, digital_id

    def provider_with_device(login, provider_id, serial):
        user = make_user(login, ["PARTNER", "DEVICE_PROVIDER"])
        actor = Actor(username=login, roles=frozenset({Role.DEVICE_PROVIDER}), user=user)
        device_services.create_device_provider(actor=actor, provider_id=provider_id, details=device_services.ProviderDetails(
            vendor_name=f"{provider_id} Biometrics", address="x", email=f"d@{provider_id}.example", contact_number="1",
            certificate_alias="a"))
        device_services.create_device_service(actor=actor, service_id=None, details=device_services.ServiceDetails(
            device_provider_id=provider_id, device_type="Finger", device_sub_type="Single", sw_version="1",
            sw_binary_hash="h", make="AX", model="AX-100", sw_create_time=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc),
            sw_expiry_time=dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)))
        device, _ = device_services.register_device(actor=actor, device_data=parse_registration(device_data(digital_id(
            provider_id, f"{provider_id} Biometrics", serial=serial))))
        make_partner(user, name=f"{provider_id} Ltd", partner_type="Device_Provider", partner_id=provider_id)
        return user, device

    acme_user, acme_device = provider_with_device("ops@acme.example", "acme", "ACME-SERIAL-1")
    _, beta_device = provider_with_device("ops@beta.example", "beta", "BETA-SERIAL-9")
    client = Client()
    assert client.login(username=acme_user.username, password=PASSWORD)
    page = client.get("/portal/partners/acme/").content.decode()
    assert 'id="devices"' in page and acme_device.pk in page and "ACME-SERIAL-1" in page
    assert beta_device.pk not in page and "BETA-SERIAL-9" not in page
    french = client.get("/portal/partners/acme/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Appareils" in french and "Numéro de série" in french


def test_other_partner_types_have_no_device_section(browser, airtel):
    assert 'id="devices"' not in browser.get("/portal/partners/airtel-01/").content.decode()
