"""MOSIP 1.2's OAuth/OIDC clients (1.2 catalog §14, R103-R109) against a real HTTP server
standing in for eSignet (records every call, fails on demand): the rules in MOSIP's order,
scope (another partner's client answers like an unknown one), WebSub events recorded with
the change, the 1.0 approval opening a client, and no client ever left in eSignet that
this service does not know, whatever fails and when."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from django.core.management import call_command
from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm

from audit.models import AuditEvent
from events.models import OutboxEvent
from kernel.secrets import secret_box
from partners.models import ApiKeyRequest, EsignetSync, OidcClient, RequestStatus
from partners.services import oidc_clients
from policies.models import PolicyStatus
from policies.tests.factories import PolicyFactory
from tests.support.api import PmsApi, assert_error, assert_ok
from tests.support.users import make_user, token_for

from .conftest import MANAGER, PARTNERS
from .factories import make_partner

pytestmark = pytest.mark.django_db

PM12 = "/v1/partnermanager"
OIDC_DOCUMENT = {
    "authPolicies": [{"authType": "otp", "mandatory": False}, {"authType": "bio", "authSubType": "FINGER",
                                                               "mandatory": False}],
    "allowedKycAttributes": [{"attributeName": "fullName"}, {"attributeName": "dateOfBirth"},
                             {"attributeName": "bloodGroup"}],
}


class Esignet:
    """eSignet's client-management API: keeps the clients it made; ``fail`` holds what the
    next calls do instead of answering: ``"refuse"`` (an error list), ``"500"``, ``"timeout"``
    (acts, then answers too late), ``"empty"`` (an empty error list, no response)."""

    def __init__(self):
        self.calls: list[dict] = []
        self.clients: dict[str, dict] = {}
        self.fail: list[str] = []
        self.delay = 0.0
        self.claims_supported = ["name", "birthdate", "email", "phone_number"]
        esignet = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, status: int, body: dict | None):
                raw = json.dumps(body).encode() if body is not None else b""
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def do_GET(self):
                esignet.calls.append({"method": "GET", "path": self.path})
                self._answer(200, {"claims_supported": esignet.claims_supported})

            def _change(self, method: str):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                esignet.calls.append({"method": method, "path": self.path, "body": body,
                                      "authorization": self.headers.get("Authorization")})
                mode = esignet.fail.pop(0) if esignet.fail else ""
                if mode == "500":
                    return self._answer(500, None)
                if mode == "refuse":
                    return self._answer(200, {"response": None, "errors": [
                        {"errorCode": "invalid_redirect_uri", "errorMessage": "Invalid redirect URI"}]})
                if mode == "empty":
                    return self._answer(200, {"response": None, "errors": []})
                request = body.get("request") or {}
                if method == "POST":
                    client_id = request.get("clientId")
                    if client_id in esignet.clients:
                        return self._answer(200, {"response": None, "errors": [
                            {"errorCode": "duplicate_client_id", "errorMessage": "Client id already exists"}]})
                    esignet.clients[client_id] = dict(request)
                else:
                    client_id = self.path.rstrip("/").rsplit("/", 1)[-1]
                    if client_id not in esignet.clients:
                        return self._answer(200, {"response": None, "errors": [
                            {"errorCode": "invalid_client_id", "errorMessage": "Invalid client id"}]})
                    esignet.clients[client_id].update(request)
                if mode == "timeout":
                    time.sleep(1.5)
                self._answer(200, {"response": {"clientId": client_id, "status": "ACTIVE"}, "errors": []})

            def do_POST(self):
                self._change("POST")

            def do_PUT(self):
                self._change("PUT")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def changes(self, method: str | None = None) -> list[dict]:
        return [c for c in self.calls if c["method"] != "GET" and (method is None or c["method"] == method)]


@pytest.fixture
def esignet(settings):
    running = Esignet()
    settings.PMS_ESIGNET_BASE_URL = running.url
    settings.PMS_ESIGNET_AUTHORIZATION = "Bearer esignet-token"
    settings.PMS_ESIGNET_TIMEOUT_SECONDS = 1
    yield running
    running.server.shutdown()
    running.server.server_close()


@pytest.fixture(autouse=True)
def hub(settings):
    settings.PMS_WEBSUB_HUB_URL = "http://hub.invalid/hub/"


@pytest.fixture
def oidc_policy(banking):
    return PolicyFactory(policy_group=banking, name="OIDC Policy", status=PolicyStatus.PUBLISHED,
                         document=json.loads(json.dumps(OIDC_DOCUMENT)))


@pytest.fixture
def partner(partner_user, banking, oidc_policy):
    partner = make_partner(partner_user, group=banking, partner_id="airtel-01")
    ApiKeyRequest.objects.create(partner=partner, policy=oidc_policy, use_case="login with MOSIP",
                                 status=RequestStatus.APPROVED)
    return partner


@pytest.fixture
def admin_api(db):
    return PmsApi(token=token_for(make_user("root-admin", ["PARTNER_ADMIN"])))


@pytest.fixture
def other_api(banking, oidc_policy):
    user = make_user("intruder", ["AUTH_PARTNER"])
    other = make_partner(user, name="Intruder Ltd", group=banking, partner_id="intruder-01")
    ApiKeyRequest.objects.create(partner=other, policy=oidc_policy, status=RequestStatus.APPROVED)
    return PmsApi(token=token_for(user))


def rsa_jwk() -> dict:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    return json.loads(RSAAlgorithm.to_jwk(key))


def client_id_of_key(key) -> str:
    der = key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return base64.urlsafe_b64encode(hashlib.sha256(der).digest()).rstrip(b"=").decode()


def create_body(policy, jwk=None, **overrides) -> dict:
    body = {"name": "Airtel e-KYC", "policyId": policy.id, "publicKey": jwk or rsa_jwk(), "authPartnerId": "airtel-01",
            "logoUri": "https://airtel.example/logo.png", "redirectUris": ["https://airtel.example/callback"],
            "grantTypes": ["authorization_code"], "clientAuthMethods": ["private_key_jwt"],
            "clientNameLangMap": {"eng": "Airtel e-KYC", "fra": "Airtel e-KYC (fr)"}}
    body.update(overrides)
    return body


def update_body(**overrides) -> dict:
    body = {"clientName": "Airtel Login", "logoUri": "https://airtel.example/logo2.png",
            "redirectUris": ["https://airtel.example/cb2"], "grantTypes": ["authorization_code"],
            "clientAuthMethods": ["private_key_jwt"], "status": "ACTIVE", "clientNameLangMap": {"eng": "Airtel Login"}}
    body.update(overrides)
    return body


def events(topic: str) -> list[dict]:
    return [json.loads(secret_box().open(row.sealed_data)) for row in OutboxEvent.objects.filter(topic=topic)
            .order_by("created_at")]


def assert_no_orphan(esignet: Esignet) -> None:
    """Every client eSignet holds is a row here."""
    for client_id in esignet.clients:
        assert OidcClient.objects.filter(pk=client_id).exists(), f"{client_id} is in eSignet only"


# --- the client id ------------------------------------------------------------------------------

def test_the_client_id_is_the_sha256_of_the_keys_der_subject_public_key_info():
    for private in (rsa.generate_private_key(public_exponent=65537, key_size=2048), ec.generate_private_key(ec.SECP256R1()),
                    ed25519.Ed25519PrivateKey.generate()):
        public = private.public_key()
        algorithm = RSAAlgorithm if isinstance(private, rsa.RSAPrivateKey) else (
            ECAlgorithm if isinstance(private, ec.EllipticCurvePrivateKey) else OKPAlgorithm)
        jwk = json.loads(algorithm.to_jwk(public))
        assert oidc_clients.client_id_of(jwk) == client_id_of_key(public)
    for bad in ({"kty": "RSA", "n": "abc"}, {"kty": "oct", "k": "c2VjcmV0"}, {"kty": "RSA", "n": None, "e": "AQAB"},
                json.loads(RSAAlgorithm.to_jwk(rsa.generate_private_key(public_exponent=65537, key_size=2048)))):
        with pytest.raises(Exception) as refused:
            oidc_clients.client_id_of(bad)
        assert "PMS_ESI_007" in str(refused.value)


# --- create, read, list, update against eSignet ------------------------------------------------

def test_create_read_list_update_and_deactivate_through_esignet(partner, partner_api, oidc_policy, esignet):
    jwk = rsa_jwk()
    created = assert_ok(partner_api.post(f"{PM12}/oauth/client", create_body(oidc_policy, jwk)))
    client_id = created["clientId"]
    assert created == {"clientId": client_id, "status": "ACTIVE"}
    [post] = esignet.changes("POST")
    assert post["path"] == "/v1/esignet/client-mgmt/oauth-client" and post["authorization"] == "Bearer esignet-token"
    sent = post["body"]["request"]
    assert (sent["clientId"], sent["relyingPartyId"], sent["publicKey"]) == (client_id, "airtel-01", jwk)
    assert sent["userClaims"] == ["name", "birthdate"]  # bloodGroup maps to no claim eSignet supports
    assert sent["authContextRefs"] == ["mosip:idp:acr:generated-code", "mosip:idp:acr:biometrics"]
    assert sent["clientNameLangMap"] == {"eng": "Airtel e-KYC", "fra": "Airtel e-KYC (fr)"}
    row = OidcClient.objects.get(pk=client_id)
    assert (row.status, row.esignet_sync, json.loads(row.name)) == (
        "ACTIVE", "", {"eng": "Airtel e-KYC", "fra": "Airtel e-KYC (fr)", "@none": "Airtel e-KYC"})
    [event] = events("OIDC_CLIENT_CREATED")
    data = event
    assert set(data) == {"partnerData", "policyData", "clientData"}
    assert data["clientData"] == {"clientId": client_id, "clientName": row.name, "clientStatus": "ACTIVE",
                                  "userClaims": ["name", "birthdate"],
                                  "authContextRefs": ["mosip:idp:acr:generated-code", "mosip:idp:acr:biometrics"],
                                  "clientAuthMethods": ["private_key_jwt"]}
    got = assert_ok(partner_api.get(f"{PM12}/oauth/client/{client_id}"))
    assert (got["id"], got["policyName"], got["relyingPartyId"], json.loads(got["publicKey"]), got["acrValues"]) == (
        client_id, "OIDC Policy", "airtel-01", jwk, ["mosip:idp:acr:generated-code", "mosip:idp:acr:biometrics"])
    page = partner_api.get(f"{PM12}/oauth/client?clientName=airtel&status=ACTIVE")
    assert page.body["id"] == "mosip.pms.oauth.partners.clients.get"
    [item] = page.response["data"]
    assert (item["clientId"], item["orgName"], item["policyGroupName"]) == (client_id, "Airtel India", "Banking")
    # a field change
    assert assert_ok(partner_api.put(f"{PM12}/oauth/client/{client_id}", update_body())) == {
        "clientId": client_id, "status": "ACTIVE"}
    put = esignet.changes("PUT")[-1]
    assert put["path"] == f"/v1/esignet/client-mgmt/oauth-client/{client_id}"
    assert (put["body"]["request"]["clientName"], put["body"]["request"]["redirectUris"]) == (
        "Airtel Login", ["https://airtel.example/cb2"])
    row.refresh_from_db()
    assert (row.display_name, row.logo_uri) == ("Airtel Login", "https://airtel.example/logo2.png")
    # a status change changes only the status; then the client is final
    assert assert_ok(partner_api.put(f"{PM12}/oauth/client/{client_id}", update_body(
        status="inactive", clientName="ignored", logoUri="https://ignored.example/x.png"))) == {
        "clientId": client_id, "status": "INACTIVE"}
    row.refresh_from_db()
    assert (row.status, row.display_name, row.logo_uri) == ("INACTIVE", "Airtel Login", "https://airtel.example/logo2.png")
    assert esignet.clients[client_id]["status"] == "INACTIVE"
    assert [e["clientData"]["clientStatus"] for e in events("OIDC_CLIENT_UPDATED")] == [
        "ACTIVE", "INACTIVE"]
    assert_error(partner_api.put(f"{PM12}/oauth/client/{client_id}", update_body(status="ACTIVE")), "PMS_ESI_008")
    assert_no_orphan(esignet)
    assert row.history.count() >= 3


def test_the_oidc_generation_uses_its_own_esignet_url_and_a_plain_name(partner, partner_api, oidc_policy, esignet):
    body = create_body(oidc_policy)
    del body["clientNameLangMap"]
    client_id = assert_ok(partner_api.post(f"{PM12}/oidc/client", body))["clientId"]
    [post] = esignet.changes("POST")
    assert post["path"] == "/v1/esignet/client-mgmt/oidc-client" and "clientNameLangMap" not in post["body"]["request"]
    got = assert_ok(partner_api.get(f"{PM12}/oidc/client/{client_id}"))
    assert got["name"] == "Airtel e-KYC"
    update = update_body()
    del update["clientNameLangMap"]
    assert_ok(partner_api.put(f"{PM12}/oidc/client/{client_id}", update))
    assert esignet.changes("PUT")[-1]["path"] == f"/v1/esignet/client-mgmt/oidc-client/{client_id}"


# --- no orphan client in eSignet --------------------------------------------------------------

@pytest.mark.parametrize("mode", ["500", "timeout"])
def test_no_answer_from_esignet_leaves_a_pending_row_that_the_retry_settles(partner, partner_api, oidc_policy, esignet,
                                                                            mode):
    jwk = rsa_jwk()
    esignet.fail = [mode]
    assert_error(partner_api.post(f"{PM12}/oauth/client", create_body(oidc_policy, jwk)), "PMS_PRT_500")
    row = OidcClient.objects.get()
    assert row.esignet_sync == EsignetSync.CREATING
    assert_no_orphan(esignet)
    # not a client yet: not read, not listed
    assert_error(partner_api.get(f"{PM12}/oauth/client/{row.id}"), "PMS_ESI_004")
    assert assert_ok(partner_api.get(f"{PM12}/oauth/client"))["totalResults"] == 0
    assert events("OIDC_CLIENT_CREATED") == []
    # the caller tries again: eSignet creates it, or says it has it; either way one client
    assert assert_ok(partner_api.post(f"{PM12}/oauth/client", create_body(oidc_policy, jwk))) == {
        "clientId": row.id, "status": "ACTIVE"}
    row.refresh_from_db()
    assert row.esignet_sync == "" and list(esignet.clients) == [row.id]
    assert len(events("OIDC_CLIENT_CREATED")) == 1
    assert_no_orphan(esignet)


def test_esignets_refusal_is_answered_and_nothing_is_kept(partner, partner_api, oidc_policy, esignet):
    esignet.fail = ["refuse"]
    answer = partner_api.post(f"{PM12}/oauth/client", create_body(oidc_policy))
    assert_error(answer, "invalid_redirect_uri")
    assert answer.body["errors"][0]["message"] == "Invalid redirect URI"
    assert not OidcClient.objects.exists() and esignet.clients == {}
    esignet.fail = ["empty"]
    assert_error(partner_api.post(f"{PM12}/oauth/client", create_body(oidc_policy)), "PMS_PRT_500")
    assert not OidcClient.objects.exists()
    assert AuditEvent.objects.filter(event_id="PMS_PRT_480").count() == 2


def test_our_failure_after_esignet_created_the_client_is_settled_by_the_reconciler(partner, partner_api, oidc_policy,
                                                                                    esignet, monkeypatch):
    real = oidc_clients.record_oidc_client_created
    calls = {"n": 0}

    def failing_once(client):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("the database went away")
        real(client)

    monkeypatch.setattr(oidc_clients, "record_oidc_client_created", failing_once)
    assert partner_api.post(f"{PM12}/oauth/client", create_body(oidc_policy)).status == 500
    [client_id] = list(esignet.clients)
    assert OidcClient.objects.get(pk=client_id).esignet_sync == EsignetSync.CREATING  # known here: no orphan
    out = io.StringIO()
    call_command("reconcile_oidc_clients", "--min-age", "0", stdout=out)
    assert "confirmed 1" in out.getvalue()
    row = OidcClient.objects.get(pk=client_id)
    assert (row.esignet_sync, row.status) == ("", "ACTIVE")
    assert len(events("OIDC_CLIENT_CREATED")) == 1
    assert esignet.changes("POST")[-1]["body"]["request"]["clientId"] == client_id  # sent again: duplicate = done
    assert_ok(partner_api.get(f"{PM12}/oauth/client/{client_id}"))
    assert_no_orphan(esignet)


def test_the_reconciler_removes_a_row_esignet_refuses_and_leaves_young_rows(partner, partner_api, oidc_policy,
                                                                             esignet):
    esignet.fail = ["500"]
    assert_error(partner_api.post(f"{PM12}/oauth/client", create_body(oidc_policy)), "PMS_PRT_500")
    out = io.StringIO()
    call_command("reconcile_oidc_clients", stdout=out)  # younger than a minute: left alone
    assert "confirmed 0, removed 0" in out.getvalue() and OidcClient.objects.count() == 1
    esignet.fail = ["refuse"]
    call_command("reconcile_oidc_clients", "--min-age", "0", stdout=out)
    assert not OidcClient.objects.exists() and esignet.clients == {}


def test_an_update_esignet_did_not_confirm_changes_nothing_here_and_is_sent_again(partner, partner_api, oidc_policy,
                                                                                   esignet, monkeypatch):
    client_id = assert_ok(partner_api.post(f"{PM12}/oauth/client", create_body(oidc_policy)))["clientId"]
    esignet.fail = ["500"]
    assert_error(partner_api.put(f"{PM12}/oauth/client/{client_id}", update_body()), "PMS_PRT_500")
    row = OidcClient.objects.get(pk=client_id)
    assert (row.display_name, row.esignet_sync) == ("Airtel e-KYC", EsignetSync.UPDATING)
    esignet.fail = ["refuse"]
    assert_error(partner_api.put(f"{PM12}/oauth/client/{client_id}", update_body()), "PMS_PRT_500")
    row.refresh_from_db()
    assert (row.display_name, row.esignet_sync) == ("Airtel e-KYC", "")
    # eSignet applies the change, then our side fails: eSignet is put back by the reconciler
    monkeypatch.setattr(oidc_clients, "record_oidc_client_updated", lambda client: 1 / 0)
    assert partner_api.put(f"{PM12}/oauth/client/{client_id}", update_body()).status == 500
    assert esignet.clients[client_id]["clientName"] == "Airtel Login"
    row.refresh_from_db()
    assert (row.display_name, row.esignet_sync) == ("Airtel e-KYC", EsignetSync.UPDATING)
    out = io.StringIO()
    call_command("reconcile_oidc_clients", "--min-age", "0", stdout=out)
    assert "sent again 1" in out.getvalue()
    row.refresh_from_db()
    assert row.esignet_sync == "" and esignet.clients[client_id]["clientName"] == "Airtel e-KYC"
    assert_no_orphan(esignet)


# --- eSignet not configured ---------------------------------------------------------------------

def test_without_esignet_the_client_is_kept_here_only(partner, partner_api, oidc_policy, settings):
    settings.PMS_ESIGNET_BASE_URL = ""
    client_id = assert_ok(partner_api.post(f"{PM12}/oauth/client", create_body(oidc_policy)))["clientId"]
    row = OidcClient.objects.get(pk=client_id)
    assert row.claims == ["name", "birthdate"]  # bloodGroup maps to no claim
    settings.PMS_ESIGNET_CLAIMS_SUPPORTED = ["birthdate"]
    other = assert_ok(partner_api.post(f"{PM12}/oauth/client", create_body(oidc_policy)))["clientId"]
    assert OidcClient.objects.get(pk=other).claims == ["birthdate"]
    assert_ok(partner_api.put(f"{PM12}/oauth/client/{client_id}", update_body(status="INACTIVE")))
    assert len(events("OIDC_CLIENT_CREATED")) == 2 and len(events("OIDC_CLIENT_UPDATED")) == 1


def test_the_feature_switch_refuses_every_route(partner, partner_api, oidc_policy, settings):
    settings.PMS_FEATURE_OIDC_CLIENT = False
    for answer in (partner_api.post(f"{PM12}/oauth/client", create_body(oidc_policy)),
                   partner_api.get(f"{PM12}/oauth/client"), partner_api.get(f"{PM12}/oauth/client/abc"),
                   partner_api.put(f"{PM12}/oidc/client/abc", update_body())):
        assert (answer.body["id"], answer.error_codes) == ("mosip.partnermanagement", ["PMS_FEATURE_002"])


# --- the rules in MOSIP's order -----------------------------------------------------------------

def test_create_rules_in_order(partner, partner_api, oidc_policy, banking, settings, partner_user):
    settings.PMS_ESIGNET_BASE_URL = ""
    api = f"{PM12}/oauth/client"
    assert_error(partner_api.post(api, create_body(oidc_policy, {"kty": "RSA", "n": "x", "e": "y"})), "PMS_ESI_007")
    jwk = rsa_jwk()
    assert_ok(partner_api.post(api, create_body(oidc_policy, jwk)))
    assert_error(partner_api.post(api, create_body(oidc_policy, jwk)), "PMS_ESI_001")
    assert_error(partner_api.post(api, create_body(oidc_policy, authPartnerId="nobody")), "PMS_POLICY_ERROR_009")
    make_partner(partner_user, name="Airtel Devices", group=banking, partner_type="Device_Provider",
                 partner_id="airtel-dp")
    assert_error(partner_api.post(api, create_body(oidc_policy, authPartnerId="airtel-dp")), "PMS_PRT_059")
    assert_error(partner_api.post(api, create_body(oidc_policy, policyId="no-such-policy")), "PMS_PRT_073")
    share = PolicyFactory(policy_group=banking, name="Share", policy_type="DataShare", status=PolicyStatus.PUBLISHED)
    assert_error(partner_api.post(api, create_body(share)), "PMS_PRT_057")
    unmapped = PolicyFactory(policy_group=banking, name="Other", status=PolicyStatus.PUBLISHED, document=OIDC_DOCUMENT)
    assert_error(partner_api.post(api, create_body(unmapped)), "PMS_PRT_061")
    ApiKeyRequest.objects.create(partner=partner, policy=unmapped, status=RequestStatus.IN_PROGRESS)
    assert_error(partner_api.post(api, create_body(unmapped)), "PMS_ESI_002")
    for document, code in (({"allowedKycAttributes": [{"attributeName": "bloodGroup"}],
                             "authPolicies": [{"authType": "otp"}]}, "PMS_ESI_005"),
                           ({"allowedKycAttributes": [{"attributeName": "fullName"}],
                             "authPolicies": [{"authType": "otp", "mandatory": True}]}, "PMS_ESI_003"),
                           ({"allowedKycAttributes": [{"attributeName": "fullName"}],
                             "authPolicies": [{"authType": "unknown"}]}, "PMS_ESI_006")):
        policy = PolicyFactory(policy_group=banking, status=PolicyStatus.PUBLISHED, document=document)
        ApiKeyRequest.objects.create(partner=partner, policy=policy, status=RequestStatus.APPROVED)
        assert_error(partner_api.post(api, create_body(policy)), code)
    partner.is_active = False
    partner.save()
    assert_error(partner_api.post(api, create_body(oidc_policy)), "PMS_PMP_016")
    assert OidcClient.objects.count() == 1


@pytest.mark.parametrize("field,value", [("name", ""), ("logoUri", "not a url"), ("redirectUris", []),
                                         ("grantTypes", ["a", "b", "c", "d"]), ("clientNameLangMap", {"en": "x"}),
                                         ("publicKey", {})])
def test_a_refused_body_changes_nothing(partner, partner_api, oidc_policy, field, value):
    answer = partner_api.post(f"{PM12}/oauth/client", create_body(oidc_policy, **{field: value}))
    assert_error(answer, "PMS_COR_001")
    assert f"request.{field}" in answer.body["errors"][0]["message"]
    assert not OidcClient.objects.exists()


def test_a_bad_status_is_refused(partner, partner_api, oidc_policy, settings):
    settings.PMS_ESIGNET_BASE_URL = ""
    client_id = assert_ok(partner_api.post(f"{PM12}/oauth/client", create_body(oidc_policy)))["clientId"]
    assert_error(partner_api.put(f"{PM12}/oauth/client/{client_id}", update_body(status="GONE")), "PMS_COR_001")


# --- scope --------------------------------------------------------------------------------------

def test_another_partners_client_answers_like_an_unknown_one(partner, partner_api, other_api, admin_api, oidc_policy,
                                                              settings):
    settings.PMS_ESIGNET_BASE_URL = ""
    client_id = assert_ok(partner_api.post(f"{PM12}/oauth/client", create_body(oidc_policy)))["clientId"]
    for path in (f"{PM12}/oauth/client/{client_id}", f"{PM12}/oidc/client/{client_id}"):
        on_victim, on_unknown = other_api.get(path), other_api.get(path.replace(client_id, "unknown-client"))
        assert on_victim.error_codes == on_unknown.error_codes == ["PMS_ESI_004"]
        assert on_victim.body["errors"] == on_unknown.body["errors"]
    assert_error(other_api.put(f"{PM12}/oauth/client/{client_id}", update_body(status="INACTIVE")), "PMS_ESI_004")
    assert OidcClient.objects.get(pk=client_id).status == "ACTIVE"
    assert assert_ok(other_api.get(f"{PM12}/oauth/client"))["totalResults"] == 0
    assert_error(other_api.post(f"{PM12}/oauth/client", create_body(oidc_policy)), "PMS_POLICY_ERROR_009")
    # PARTNER_ADMIN sees and changes every client
    assert assert_ok(admin_api.get(f"{PM12}/oauth/client"))["totalResults"] == 1
    assert_ok(admin_api.get(f"{PM12}/oauth/client/{client_id}"))
    assert_error(admin_api.post(f"{PM12}/oauth/client", create_body(oidc_policy, authPartnerId="nobody")), "PMS_PRT_058")


def test_a_caller_without_a_partner_is_told_so(db, oidc_policy):
    api = PmsApi(token=token_for(make_user("lonely", ["AUTH_PARTNER"])))
    assert_error(api.get(f"{PM12}/oauth/client"), "PMS_CERTIFICATE_ERROR_002")
    assert_error(api.post(f"{PM12}/oauth/client", create_body(oidc_policy)), "PMS_CERTIFICATE_ERROR_002")


# --- across generations -------------------------------------------------------------------------

def test_a_request_approved_through_the_10_routes_opens_a_client(partner_user, banking, oidc_policy, partner_api,
                                                                   bank_manager_api, settings):
    settings.PMS_ESIGNET_BASE_URL = ""
    make_partner(partner_user, group=banking, partner_id="airtel-01")
    request_id = assert_ok(partner_api.patch(f"{PARTNERS}/airtel-01/partnerAPIKeyRequests",
                                             {"policyName": "OIDC Policy", "useCaseDescription": "1.0 way"}))["apiRequestId"]
    assert_error(partner_api.post(f"{PM12}/oauth/client", create_body(oidc_policy)), "PMS_ESI_002")
    assert_ok(bank_manager_api.patch(f"{MANAGER}/PartnerAPIKeyRequests/{request_id}", {"status": "Approved"}))
    assert_ok(partner_api.post(f"{PM12}/oauth/client", create_body(oidc_policy)))


def test_a_row_with_the_same_id_written_meanwhile_is_a_duplicate_not_overwritten(partner, partner_api, oidc_policy,
                                                                                settings, monkeypatch):
    """Two creates with one key race: the second insert loses on the primary key."""
    settings.PMS_ESIGNET_BASE_URL = ""
    jwk = rsa_jwk()
    first = assert_ok(partner_api.post(f"{PM12}/oauth/client", create_body(oidc_policy, jwk, name="First")))["clientId"]
    real_filter = OidcClient.objects.filter

    def not_seen(*args, **kwargs):  # the second create's check runs before the first committed
        return real_filter(pk="not-yet") if kwargs.get("pk") == first else real_filter(*args, **kwargs)

    monkeypatch.setattr(OidcClient.objects, "filter", not_seen)
    assert_error(partner_api.post(f"{PM12}/oauth/client", create_body(oidc_policy, jwk, name="Second")), "PMS_ESI_001")
    monkeypatch.undo()
    assert json.loads(OidcClient.objects.get(pk=first).name)["@none"] == "First"


# --- hostile inputs (red team) ------------------------------------------------------------------

def _private_rsa_members() -> dict:
    return json.loads(RSAAlgorithm.to_jwk(rsa.generate_private_key(public_exponent=65537, key_size=2048)))


@pytest.mark.parametrize("dropped", [("d",), ("d", "dp", "dq", "qi"), ("d", "p", "q")])
def test_a_private_jwk_is_refused_even_without_its_d_and_nothing_private_is_stored(partner, partner_api, oidc_policy,
                                                                                  settings, dropped):
    """An RSA private JWK stripped of ``d`` still carries the primes (``p``, ``q``) or the CRT
    values: as a "public key" it must be refused, never stored, answered or sent on."""
    settings.PMS_ESIGNET_BASE_URL = ""
    jwk = {k: v for k, v in _private_rsa_members().items() if k not in dropped}
    answer = partner_api.post(f"{PM12}/oauth/client", create_body(oidc_policy, jwk))
    assert_error(answer, "PMS_ESI_007")
    assert not OidcClient.objects.exists()
    for member in ("p", "q", "dp", "dq", "qi"):
        if member in jwk:
            assert jwk[member] not in json.dumps(answer.body)
    assert not AuditEvent.objects.filter(description__contains=jwk.get("p") or jwk.get("dp") or "~").exists()
    for bad in ({"kty": "EC", "crv": "P-256", "x": "a", "y": "b", "d": "c"}, {"kty": "OKP", "crv": "Ed25519", "x": "a",
                                                                             "d": "b"},
                {**rsa_jwk(), "oth": [{"r": "a", "d": "b", "t": "c"}]}, {**rsa_jwk(), "k": "c2VjcmV0"}):
        with pytest.raises(Exception) as refused:
            oidc_clients.client_id_of(bad)
        assert "PMS_ESI_007" in str(refused.value)


class _Hostile:
    """A server standing in for a hostile or broken eSignet: ``answer(handler)`` decides."""

    def __init__(self, answer):
        self.seen: list[dict] = []
        hostile = self

        class Handler(BaseHTTPRequestHandler):
            def _any(self):
                length = int(self.headers.get("Content-Length", 0) or 0)
                if length:
                    self.rfile.read(length)
                hostile.seen.append({"method": self.command, "path": self.path,
                                     "authorization": self.headers.get("Authorization")})
                answer(self)

            do_GET = do_POST = do_PUT = _any

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def _send(handler, status: int, raw: bytes, **headers):
    handler.send_response(status)
    for name, value in {"Content-Type": "application/json", "Content-Length": str(len(raw)), **headers}.items():
        handler.send_header(name, value)
    handler.end_headers()
    try:
        handler.wfile.write(raw)
    except OSError:  # the client stopped reading: what a size limit does
        pass


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_esignet_redirects_are_not_followed_and_its_token_goes_nowhere_else(partner, partner_api, oidc_policy, settings,
                                                                           status):
    elsewhere = _Hostile(lambda h: _send(h, 200, json.dumps({"response": {"clientId": "x"}, "errors": [],
                                                             "claims_supported": ["name", "birthdate"]}).encode()))
    redirecting = _Hostile(lambda h: _send(h, status, b"", Location=f"{elsewhere.url}/stolen"))
    try:
        settings.PMS_ESIGNET_BASE_URL = redirecting.url
        settings.PMS_ESIGNET_AUTHORIZATION = "Bearer esignet-token"
        settings.PMS_ESIGNET_TIMEOUT_SECONDS = 2
        answer = partner_api.post(f"{PM12}/oauth/client", create_body(oidc_policy))
        assert_error(answer, "PMS_PRT_500", status=answer.status)
        assert redirecting.seen and elsewhere.seen == []
        assert not OidcClient.objects.filter(esignet_sync="").exists()
    finally:
        redirecting.close()
        elsewhere.close()


def test_a_huge_or_garbage_esignet_answer_is_no_answer(partner, partner_api, oidc_policy, settings):
    huge = b'{"response": {"clientId": "' + b"x" * (8 * 1024 * 1024) + b'"}, "errors": []}'
    answers = iter([huge, b"\x00\xff garbage", b"[1, 2]", b"[" * 200000,
                    json.dumps({"response": None, "errors": [{"errorCode": "c" * 5000,
                                                              "errorMessage": "m" * 100000}]}).encode()])
    hostile = _Hostile(lambda h: _send(h, 200, next(answers)))
    try:
        settings.PMS_ESIGNET_BASE_URL = hostile.url
        settings.PMS_ESIGNET_CLAIMS_SUPPORTED = ["name", "birthdate"]
        settings.PMS_ESIGNET_TIMEOUT_SECONDS = 5
        for _ in range(4):
            answer = partner_api.post(f"{PM12}/oauth/client", create_body(oidc_policy))
            assert answer.error_codes == ["PMS_PRT_500"], answer.body
            assert len(json.dumps(answer.body)) < 2000
        refused = partner_api.post(f"{PM12}/oauth/client", create_body(oidc_policy))
        assert refused.error_codes and len(json.dumps(refused.body)) < 2000
        assert not OidcClient.objects.filter(esignet_sync="").exists()
    finally:
        hostile.close()


def test_an_esignet_address_that_is_not_http_is_never_opened(partner, partner_api, oidc_policy, settings, tmp_path):
    secret = tmp_path / "v1" / "esignet" / "client-mgmt"
    secret.mkdir(parents=True)
    (secret / "oauth-client").write_text(json.dumps({"response": {"clientId": "x"}, "errors": []}))
    settings.PMS_ESIGNET_BASE_URL = f"file://{tmp_path}"
    settings.PMS_ESIGNET_CLAIMS_SUPPORTED = ["name", "birthdate"]
    answer = partner_api.post(f"{PM12}/oauth/client", create_body(oidc_policy))
    assert answer.error_codes == ["PMS_PRT_500"], answer.body
    assert not OidcClient.objects.filter(esignet_sync="").exists()
