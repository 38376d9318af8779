"""The OAuth clients page of an authentication partner in Chromium, in English, French and
Arabic, against the stand-in eSignet (a real HTTP server, partners/tests/test_oidc_clients_12.py):
log in → the partner page links to its clients → create one (policy among the approved
ones, a pasted JWK, logo, redirect addresses, grant type and method from the platform's
values) → eSignet holds it and the list shows it active → edit its name → deactivate it
for good. A screenshot of every step is saved (tests/browser/screenshots/, or $PMS_SCREENSHOTS)."""

import json

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from partners.models import ApiKeyRequest, OidcClient, PartnerType, RequestStatus
from partners.tests.factories import make_partner
from partners.tests.test_oidc_clients_12 import Esignet
from policies.models import PolicyStatus
from policies.tests.factories import PolicyFactory, PolicyGroupFactory
from tests.support.users import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "en": {"dir": "ltr", "clients": "OAuth clients", "created": "Client “Airtel Login” created.", "active": "Active",
           "saved": "Client saved.", "deactivated": "Client deactivated.", "off": "Deactivated"},
    "fr": {"dir": "ltr", "clients": "Clients OAuth", "created": "Client « Airtel Login » créé.", "active": "Actif",
           "saved": "Client enregistré.", "deactivated": "Client désactivé.", "off": "Désactivé"},
    "ar": {"dir": "rtl", "clients": "عملاء OAuth", "created": "تم إنشاء العميل «Airtel Login».", "active": "نشط",
           "saved": "تم حفظ العميل.", "deactivated": "تم تعطيل العميل.", "off": "معطّل"},
}
DOCUMENT = {"authPolicies": [{"authType": "otp", "mandatory": False}],
            "allowedKycAttributes": [{"attributeName": "fullName"}, {"attributeName": "dateOfBirth"}]}


@pytest.fixture
def esignet(settings):
    running = Esignet()
    settings.PMS_ESIGNET_BASE_URL = running.url
    yield running
    running.server.shutdown()
    running.server.server_close()


@pytest.fixture
def world(db):
    PartnerType.objects.update_or_create(pk="Auth_Partner", defaults={
        "description": "Authentication partner (bank, telco)", "requires_policy_group": True, "role": "AUTH_PARTNER"})
    group = PolicyGroupFactory(name="Banking")
    policy = PolicyFactory(policy_group=group, name="Login Policy", status=PolicyStatus.PUBLISHED, document=DOCUMENT)
    owner = make_user("ops@airtel.example", ["PARTNER", "AUTH_PARTNER"])
    partner = make_partner(owner, name="Airtel India", group=group, partner_id="airtel-01")
    ApiKeyRequest.objects.create(partner=partner, policy=policy, status=RequestStatus.APPROVED)
    return partner


def check(page, words, text):
    assert page.locator("html").get_attribute("dir") == words["dir"]
    assert text in page.locator("main").inner_text()
    assert page.foreign_requests == [] and page.csp_violations == []


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_create_edit_deactivate_a_client(page, screenshots, world, esignet, language):
    words = WORDS[language]

    def shot(name):
        page.screenshot(path=str(screenshots / f"oidc-{language}-{name}.png"), full_page=True)

    page.goto("/portal/login/")
    if language != "en":
        page.select_option("#language", language)
        page.click("#set-language")
    page.fill("#id_username", "ops@airtel.example")
    page.fill("#id_password", PASSWORD)
    page.click("#login")
    page.wait_for_selector("#oauth-clients")
    page.click("#manage-clients")
    page.wait_for_selector("#new-client")
    check(page, words, words["clients"])
    shot("01-no-client")

    jwk = json.loads(RSAAlgorithm.to_jwk(rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()))
    page.fill("#id_name", "Airtel Login")
    page.select_option("#id_policy", label="Login Policy")
    page.fill("#id_public_key", json.dumps(jwk))
    page.fill("#id_logo_uri", "https://airtel.example/logo.png")
    page.fill("#id_redirect_uris", "https://airtel.example/callback")
    page.check("#id_grant_types_0")
    page.check("#id_auth_methods_0")
    page.click("#create-client")
    page.wait_for_selector(f"text={words['created']}")
    client = OidcClient.objects.get()
    assert list(esignet.clients) == [client.pk] and esignet.clients[client.pk]["publicKey"] == jwk
    row = page.locator(".oidc-client").first
    assert client.pk in row.inner_text() and words["active"] in row.locator(".status").inner_text()
    check(page, words, words["created"])
    shot("02-client-created")

    row.locator("a.edit").click()
    page.wait_for_selector("#save-client")
    page.fill("#id_name", "Airtel Sign-in")
    page.click("#save-client")
    page.wait_for_selector(f"text={words['saved']}")
    client.refresh_from_db()
    assert client.display_name == "Airtel Sign-in" and esignet.clients[client.pk]["clientName"] == "Airtel Sign-in"
    shot("03-client-renamed")

    page.locator(".oidc-client a.edit").first.click()
    page.click("#deactivate-client-button")
    page.wait_for_selector(f"text={words['deactivated']}")
    client.refresh_from_db()
    assert client.status == "INACTIVE" and esignet.clients[client.pk]["status"] == "INACTIVE"
    row = page.locator(".oidc-client").first
    assert words["off"] in row.locator(".status").inner_text() and row.locator("a.edit").count() == 0
    check(page, words, words["deactivated"])
    shot("04-client-deactivated")
