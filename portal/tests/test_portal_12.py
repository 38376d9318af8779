"""The partner page's MOSIP 1.2 parts: policy requests (R20), labelled API keys generated
by the partner (R22) and (de)activated by label (R23), and the current certificate's data
with its expiry (R17's fields). Every change goes through ``partners.services.mapping``:
its audit rows are the evidence; another partner's ids answer 404 and change nothing."""

import pytest
from django.test import Client

from audit.models import AuditEvent
from events.models import OutboxEvent
from kernel.actors import Actor
from kernel.roles import Role
from partners import services as partner_services
from partners.models import ApiKeyRequest, PartnerApiKey, PartnerCertificate, RequestStatus
from partners.services import mapping
from partners.tests import pki
from partners.tests.factories import make_partner, make_partner_manager
from policies.models import PolicyStatus
from policies.tests.factories import PolicyFactory
from tests.support.audit import snapshot
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


def manager_actor(banking):
    from django.contrib.auth import get_user_model

    manager = get_user_model().objects.filter(username="pm-bank").first() or make_partner_manager("pm-bank", [banking])
    return Actor(username=manager.username, roles=frozenset({Role.PARTNERMANAGER}), user=manager)


def approve_12(request_id, banking):
    """A partner manager approves through MOSIP 1.2's R21: no key is made."""
    return mapping.decide_policy_mapping(actor=manager_actor(banking), mapping_id=request_id, status="Approved")


def page_of(client, partner_id="airtel-01"):
    answer = client.get(f"/portal/partners/{partner_id}/")
    assert answer.status_code == 200
    return answer.content.decode()


def generate(client, label, policy="KYC Policy", partner_id="airtel-01"):
    return client.post(f"/portal/partners/{partner_id}/api-keys/", {"generate-policy": policy, "generate-label": label})


@pytest.fixture
def approved(browser, airtel, kyc_policy, banking):
    assert browser.post("/portal/partners/airtel-01/keys/", {"policy": "KYC Policy", "use_case": "e-KYC"}).status_code == 302
    request = ApiKeyRequest.objects.get(partner=airtel)
    approve_12(request.pk, banking)
    return request


# --- 1. policy requests ------------------------------------------------------------------


def test_requesting_a_policy_goes_through_the_1_2_request_service(browser, airtel, kyc_policy):
    answer = browser.post("/portal/partners/airtel-01/keys/", {"policy": "KYC Policy", "use_case": "e-KYC"}, follow=True)
    assert answer.status_code == 200 and "Policy requested: a partner manager will decide." in answer.content.decode()
    request = ApiKeyRequest.objects.get()
    assert request.partner == airtel and request.policy == kyc_policy and request.status == RequestStatus.IN_PROGRESS
    row = AuditEvent.objects.filter(event_key="partner.apikey.request.success", ref_id=request.pk).get()
    assert "MOSIP 1.2 mapping request" in row.description and row.session_user_id == "ops@airtel.example"
    assert row.event_id == "PMS_PRT_213"
    assert request.history.count() == 1
    page = page_of(browser)
    assert 'id="policy-requests"' in page and "Waiting for approval" in page and "Request a policy" in page


def test_asking_again_while_waiting_changes_nothing_and_says_so(browser, airtel, kyc_policy):
    browser.post("/portal/partners/airtel-01/keys/", {"policy": "KYC Policy", "use_case": "e-KYC"})
    answer = browser.post("/portal/partners/airtel-01/keys/", {"policy": "KYC Policy", "use_case": "again"}, follow=True)
    assert "A request for this policy is already waiting for a decision." in answer.content.decode()
    assert ApiKeyRequest.objects.count() == 1
    assert AuditEvent.objects.filter(event_key="partner.apikey.request.failure").count() == 1  # PMS_PRT_053


def test_an_approved_policy_cannot_be_requested_again(browser, approved):
    answer = browser.post("/portal/partners/airtel-01/keys/", {"policy": "KYC Policy", "use_case": "again"})
    assert answer.status_code == 200 and "You already have an approved key for this policy." in answer.content.decode()
    assert ApiKeyRequest.objects.count() == 1


def test_the_three_statuses_are_shown_in_english_and_french(browser, airtel, kyc_policy, banking):
    other = PolicyFactory(policy_group=banking, name="Other Policy", status=PolicyStatus.PUBLISHED)
    third = PolicyFactory(policy_group=banking, name="Third Policy", status=PolicyStatus.PUBLISHED)
    for policy in (kyc_policy, other, third):
        browser.post("/portal/partners/airtel-01/keys/", {"policy": policy.name, "use_case": "x"})
    manager = manager_actor(banking)
    mapping.decide_policy_mapping(actor=manager, mapping_id=ApiKeyRequest.objects.get(policy=kyc_policy).pk,
                                  status="Approved")
    mapping.decide_policy_mapping(actor=manager, mapping_id=ApiKeyRequest.objects.get(policy=other).pk,
                                  status="rejected")
    english = page_of(browser)
    assert "Approved" in english and "Rejected" in english and "Waiting for approval" in english
    french = browser.get("/portal/partners/airtel-01/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Approuvée" in french and "Refusée" in french and "En attente d'approbation" in french
    assert "Demandes de politique" in french


# --- 2. labelled keys ---------------------------------------------------------------------


def test_a_key_is_generated_with_a_label_and_shown_once(browser, approved, settings):
    settings.PMS_WEBSUB_HUB_URL = "http://hub.invalid/hub/"
    page = page_of(browser)
    assert "Generate a key" in page and "Generate its keys below." in page and "Show the key" not in page
    answer = generate(browser, "branch tablets")
    assert answer.status_code == 200 and "no-store" in answer["Cache-Control"]
    key = PartnerApiKey.objects.get()
    assert key.label == "branch tablets" and key.request == approved and key.is_active
    text = answer.content.decode()
    value = key.reveal()
    assert value in text and "branch tablets" in text
    row = AuditEvent.objects.filter(event_key="partner.apikey.generate.success").get()
    assert row.session_user_id == "ops@airtel.example" and value not in row.description and row.event_id == "PMS_PRT_271"
    assert OutboxEvent.objects.filter(topic="APIKEY_APPROVED").exists()
    assert key.history.count() == 1

    page = page_of(browser)  # listed by label, never with its value
    assert "branch tablets" in page and value not in page and f'id="key-{key.pk}"' in page
    again = generate(browser, "Branch  Tablets")  # the same label once normalised: refused, nothing shown
    assert again.status_code == 200 and value not in again.content.decode()
    assert "This label is already used for a key of this policy." in again.content.decode()
    assert PartnerApiKey.objects.count() == 1
    assert AuditEvent.objects.filter(event_key="partner.apikey.generate.failure").count() == 1


def test_several_labels_under_one_policy(browser, approved):
    for label in ("one", "two", "three"):
        assert generate(browser, label).status_code == 200
    page = page_of(browser)
    assert all(label in page for label in ("one", "two", "three")) and PartnerApiKey.objects.count() == 3


def test_a_key_needs_an_approved_policy(browser, airtel, kyc_policy):
    browser.post("/portal/partners/airtel-01/keys/", {"policy": "KYC Policy", "use_case": "x"})
    assert "Keys can be generated once a partner manager approves a policy request." in page_of(browser)
    answer = generate(browser, "early")  # not offered: the form refuses it, the service is never asked
    assert answer.status_code == 200 and not PartnerApiKey.objects.exists()
    assert not AuditEvent.objects.filter(event_key="partner.apikey.generate.request").exists()


def test_a_key_needs_a_label(browser, approved):
    answer = generate(browser, "   ")
    assert answer.status_code == 200 and 'id="generate-label-error"' in answer.content.decode()
    assert not PartnerApiKey.objects.exists()


def test_keys_are_deactivated_and_activated_by_label(browser, approved, settings):
    settings.PMS_WEBSUB_HUB_URL = "http://hub.invalid/hub/"
    generate(browser, "tablets")
    key = PartnerApiKey.objects.get()
    answer = browser.post(f"/portal/partners/airtel-01/api-keys/{key.pk}/status/", {"status": "inactive"}, follow=True)
    assert answer.status_code == 200 and "Key “tablets” deactivated." in answer.content.decode()
    key.refresh_from_db()
    assert not key.is_active
    assert AuditEvent.objects.filter(event_key="partner.apikey.status.success", event_id="PMS_PRT_224").count() == 1
    assert OutboxEvent.objects.filter(topic="APIKEY_UPDATED").count() == 1
    page = page_of(browser)
    assert "Activate" in page

    answer = browser.post(f"/portal/partners/airtel-01/api-keys/{key.pk}/status/", {"status": "inactive"}, follow=True)
    assert "This key is already inactive." in answer.content.decode()  # PMS_PMS_022, nothing changed
    assert AuditEvent.objects.filter(event_key="partner.apikey.status.failure").count() == 1

    browser.post(f"/portal/partners/airtel-01/api-keys/{key.pk}/status/", {"status": "active"})
    key.refresh_from_db()
    assert key.is_active and key.history.count() == 3
    assert browser.post(f"/portal/partners/airtel-01/api-keys/{key.pk}/status/", {"status": "bogus"}).status_code == 404


def test_a_key_made_by_the_1_0_approval_is_in_the_same_list(browser, airtel, kyc_policy, banking):
    browser.post("/portal/partners/airtel-01/keys/", {"policy": "KYC Policy", "use_case": "x"})
    request = ApiKeyRequest.objects.get()
    partner_services.decide_api_key_request(actor=manager_actor(banking), request_id=request.pk, approve=True)
    key = PartnerApiKey.objects.get()
    page = page_of(browser)
    assert key.label == request.pk and f'id="key-{key.pk}"' in page and "Show the key" in page
    browser.post(f"/portal/partners/airtel-01/api-keys/{key.pk}/status/", {"status": "inactive"})
    key.refresh_from_db()
    assert not key.is_active
    assert generate(browser, "second").status_code == 200  # and more keys under the same policy
    assert PartnerApiKey.objects.count() == 2


def test_posts_need_the_csrf_token(owner, approved):
    client = Client(enforce_csrf_checks=True)
    assert client.login(username=owner.username, password=PASSWORD)
    before = snapshot(ApiKeyRequest, PartnerApiKey)
    assert client.post("/portal/partners/airtel-01/api-keys/", {"generate-policy": "KYC Policy",
                                                               "generate-label": "x"}).status_code == 403
    assert client.post("/portal/partners/airtel-01/keys/", {"policy": "KYC Policy", "use_case": "x"}).status_code == 403
    assert before.take() == before.rows
    page = client.get("/portal/partners/airtel-01/").content.decode()
    assert page.count('name="csrfmiddlewaretoken"') >= 4


def test_gets_of_the_post_only_addresses_do_nothing(browser, approved):
    assert browser.get("/portal/partners/airtel-01/api-keys/")["Location"] == "/portal/"
    assert browser.get("/portal/partners/airtel-01/api-keys/x/status/")["Location"] == "/portal/"
    assert not PartnerApiKey.objects.exists()


def test_another_partners_ids_answer_404_and_change_nothing(browser, airtel, rival, kyc_policy, banking):
    jio = Client()
    assert jio.login(username="ops@jio.example", password=PASSWORD)
    jio.post("/portal/partners/jio-01/keys/", {"policy": "KYC Policy", "use_case": "x"})
    approve_12(ApiKeyRequest.objects.get(partner=rival).pk, banking)
    generate(jio, "jio key", partner_id="jio-01")
    rival_key = PartnerApiKey.objects.get(partner=rival)
    browser.post("/portal/partners/airtel-01/keys/", {"policy": "KYC Policy", "use_case": "x"})
    approve_12(ApiKeyRequest.objects.get(partner=airtel).pk, banking)
    before = snapshot(ApiKeyRequest, PartnerApiKey)
    answers = [
        browser.post("/portal/partners/jio-01/keys/", {"policy": "KYC Policy", "use_case": "x"}),
        generate(browser, "mine", partner_id="jio-01"),
        browser.post(f"/portal/partners/jio-01/api-keys/{rival_key.pk}/status/", {"status": "inactive"}),
        browser.post(f"/portal/partners/airtel-01/api-keys/{rival_key.pk}/status/", {"status": "inactive"}),
        browser.post("/portal/partners/nobody/api-keys/", {"generate-policy": "KYC Policy", "generate-label": "x"}),
        browser.post("/portal/partners/airtel-01/api-keys/unknown/status/", {"status": "inactive"}),
    ]
    for answer in answers:
        assert answer.status_code == 404
        assert "jio key" not in answer.content.decode()
    assert before.take() == before.rows
    assert "jio key" not in page_of(browser)


def test_a_partner_admin_sees_the_keys_but_cannot_generate_one_for_someone_else(airtel, approved, banking):
    admin = make_user("pms-admin", ["PARTNER_ADMIN"])
    client = Client()
    assert client.login(username=admin.username, password=PASSWORD)
    answer = generate(client, "admin key")
    assert answer.status_code == 200 and "only the partner&#x27;s owner can see it" in answer.content.decode()  # PMS_PRT_055
    assert not PartnerApiKey.objects.exists()


# --- 3. certificates with expiry -------------------------------------------------------


def _trust_chain():
    partner_services.upload_ca_certificate(actor=Actor.system(), certificate_data=pki.pem(pki.root_ca()), domain="AUTH")
    partner_services.upload_ca_certificate(actor=Actor.system(), certificate_data=pki.pem(pki.intermediate_ca()),
                                           domain="AUTH")


def test_the_current_certificate_shows_issued_to_upload_and_expiry(browser, airtel):
    assert 'id="current-certificate"' not in page_of(browser)
    _trust_chain()
    answer = browser.post("/portal/partners/airtel-01/certificates/",
                          {"domain": "AUTH", "certificate_text": pki.pem(pki.partner_certificate())})
    assert answer.status_code == 302
    page = page_of(browser)
    assert 'id="current-certificate"' in page and "airtel-auth" in page and 'id="certificate-expired"' not in page
    assert "Valid" in page

    row = PartnerCertificate.objects.get()
    row.signed_certificate_pem = pki.pem(pki.certificate("airtel-auth", org="Airtel India", starts=-30, days=-1))
    row.save(update_fields=["signed_certificate_pem"])
    page = page_of(browser)
    assert 'id="certificate-expired"' in page and "Expired" in page
    french = browser.get("/portal/partners/airtel-01/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Délivré à" in french and "Expiré" in french


def test_the_key_list_costs_the_same_queries_for_many_keys_and_decrypts_none(browser, approved):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.support.keys import nothing_decrypted

    def queries():
        with CaptureQueriesContext(connection) as captured, nothing_decrypted():
            assert browser.get("/portal/partners/airtel-01/").status_code == 200
        return len(captured)

    generate(browser, "first")
    small = queries()
    for number in range(5):
        generate(browser, f"key {number}")
    assert PartnerApiKey.objects.count() == 6 and queries() == small


def test_a_key_past_its_validity_is_marked_expired(browser, approved):
    import datetime as dt

    from django.utils import timezone

    generate(browser, "old")
    key = PartnerApiKey.objects.get()
    assert "Expired" not in page_of(browser).split(f'id="key-{key.pk}"')[1].split("</tr>")[0]
    PartnerApiKey.objects.filter(pk=key.pk).update(valid_to=timezone.now() - dt.timedelta(days=1))
    row = page_of(browser).split(f'id="key-{key.pk}"')[1].split("</tr>")[0]
    assert "Expired" in row and "Active" in row  # still switched on, but past its validity
