"""The portal's OAuth clients page (MOSIP 1.2 R103/R104 through
``partners.services.oidc_clients``): an authentication partner lists its clients, creates
one under an approved Auth policy with a pasted JWK, edits and deactivates it (for good);
another partner's client answers 404 and changes nothing. eSignet is not configured here
(the service keeps clients locally); partners/tests/test_oidc_clients_12.py covers eSignet."""

import json

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client
from jwt.algorithms import RSAAlgorithm

from partners.models import ApiKeyRequest, OidcClient, RequestStatus
from partners.tests.factories import make_partner
from policies.models import PolicyStatus
from policies.tests.factories import PolicyFactory
from tests.support.users import PASSWORD, make_user

pytestmark = pytest.mark.django_db
DOCUMENT = {"authPolicies": [{"authType": "otp", "mandatory": False}],
            "allowedKycAttributes": [{"attributeName": "fullName"}]}


@pytest.fixture(autouse=True)
def no_esignet(settings):
    settings.PMS_ESIGNET_BASE_URL = ""


@pytest.fixture
def owner(db):
    return make_user("ops@airtel.example", ["PARTNER", "AUTH_PARTNER"])


@pytest.fixture
def login_policy(banking):
    return PolicyFactory(policy_group=banking, name="Login Policy", status=PolicyStatus.PUBLISHED, document=DOCUMENT)


@pytest.fixture
def airtel(owner, banking, login_policy):
    partner = make_partner(owner, name="Airtel India", group=banking, partner_id="airtel-01")
    ApiKeyRequest.objects.create(partner=partner, policy=login_policy, status=RequestStatus.APPROVED)
    return partner


@pytest.fixture
def browser(owner):
    client = Client()
    assert client.login(username=owner.username, password=PASSWORD)
    return client


def jwk_text() -> str:
    return RSAAlgorithm.to_jwk(rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key())


def form(policy, **overrides):
    data = {"name": "Airtel Login", "policy": policy.pk, "public_key": jwk_text(),
            "logo_uri": "https://airtel.example/logo.png", "redirect_uris": "https://airtel.example/cb\n",
            "grant_types": ["authorization_code"], "auth_methods": ["private_key_jwt"]}
    data.update(overrides)
    return data


def test_a_partner_creates_edits_and_deactivates_a_client(airtel, browser, login_policy):
    page = browser.get("/portal/partners/airtel-01/")
    assert b'id="manage-clients"' in page.content
    answer = browser.post("/portal/partners/airtel-01/clients/", form(login_policy))
    assert answer.status_code == 302
    client = OidcClient.objects.get()
    assert (client.display_name, client.redirect_uris, json.loads(client.name)["eng"]) == (
        "Airtel Login", ["https://airtel.example/cb"], "Airtel Login")
    listing = browser.get("/portal/partners/airtel-01/clients/").content.decode()
    assert "Airtel Login" in listing and client.pk in listing
    edit = f"/portal/partners/airtel-01/clients/{client.pk}/"
    assert browser.get(edit).status_code == 200
    assert browser.post(edit, {"name": "Airtel Sign-in", "logo_uri": "https://airtel.example/l2.png",
                               "redirect_uris": "https://airtel.example/a\nhttps://airtel.example/b",
                               "grant_types": ["authorization_code"], "auth_methods": ["private_key_jwt"]}
                        ).status_code == 302
    client.refresh_from_db()
    assert (client.display_name, client.redirect_uris) == ("Airtel Sign-in", ["https://airtel.example/a",
                                                                              "https://airtel.example/b"])
    assert browser.post(edit, {"action": "deactivate"}).status_code == 302
    client.refresh_from_db()
    assert (client.status, client.display_name) == ("INACTIVE", "Airtel Sign-in")
    assert "PMS_ESI_008" not in browser.get("/portal/partners/airtel-01/clients/").content.decode()


def test_refusals_come_back_on_their_field(airtel, browser, login_policy):
    key = jwk_text()
    assert browser.post("/portal/partners/airtel-01/clients/", form(login_policy, public_key=key)).status_code == 302
    again = browser.post("/portal/partners/airtel-01/clients/", form(login_policy, public_key=key))
    assert again.status_code == 200 and "A client with this public key already exists." in again.content.decode()
    bad = browser.post("/portal/partners/airtel-01/clients/", form(login_policy, public_key="not json"))
    assert "This is not a JSON Web Key." in bad.content.decode()
    assert OidcClient.objects.count() == 1


def test_another_partners_client_answers_404(airtel, login_policy, banking):
    rival = make_user("ops@jio.example", ["PARTNER", "AUTH_PARTNER"])
    make_partner(rival, name="Jio", group=banking, partner_id="jio-01")
    owner_browser = Client()
    owner_browser.login(username="ops@airtel.example", password=PASSWORD)
    owner_browser.post("/portal/partners/airtel-01/clients/", form(login_policy))
    client = OidcClient.objects.get()
    intruder = Client()
    assert intruder.login(username=rival.username, password=PASSWORD)
    assert intruder.get("/portal/partners/airtel-01/clients/").status_code == 404
    assert intruder.get(f"/portal/partners/jio-01/clients/{client.pk}/").status_code == 404
    assert intruder.post(f"/portal/partners/jio-01/clients/{client.pk}/", {"action": "deactivate"}).status_code == 404
    client.refresh_from_db()
    assert client.status == "ACTIVE"


def test_the_switch_hides_the_clients(airtel, browser, settings):
    settings.PMS_FEATURE_OIDC_CLIENT = False
    assert b'id="manage-clients"' not in browser.get("/portal/partners/airtel-01/").content
    assert browser.get("/portal/partners/airtel-01/clients/").status_code == 404


@pytest.mark.parametrize("field,value", [
    ("public_key", "[" * 200000),
    ("public_key", json.dumps({**json.loads(RSAAlgorithm.to_jwk(rsa.generate_private_key(
        public_exponent=65537, key_size=2048))), "d": None} | {"d": "x"})),
    ("redirect_uris", "https://airtel.example/" + "a" * 5000),
    ("redirect_uris", "\n".join(f"https://airtel.example/{n}" for n in range(6))),
])
def test_a_hostile_client_form_is_refused_and_changes_nothing(airtel, browser, login_policy, field, value):
    """What the API refuses (a key nested past the parser, a private key, a redirect
    address longer than 2048 characters, more than five) the portal refuses too: a page
    with the error, never a server error, and no client."""
    answer = browser.post("/portal/partners/airtel-01/clients/", form(login_policy, **{field: value}))
    assert answer.status_code == 200
    assert not OidcClient.objects.exists()
