"""Keycloak mode: tokens verified against a JWKS served by a local HTTP server."""

import datetime as dt
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from kernel import tokens
from kernel.testing import assert_error

pytestmark = pytest.mark.django_db

AUDITS = "/v1/auditmanager/audits"
ISSUER = "http://127.0.0.1/realms/mosip"


class JwksServer:
    def __init__(self):
        self.keys: dict[str, rsa.RSAPrivateKey] = {}
        self.hits = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.hits += 1
                jwks = {"keys": [dict(json.loads(RSAAlgorithm.to_jwk(k.public_key())), kid=kid, use="sig", alg="RS256")
                                 for kid, k in server.keys.items()]}
                body = json.dumps(jwks).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/realms/mosip/protocol/openid-connect/certs"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def add_key(self, kid: str) -> rsa.RSAPrivateKey:
        self.keys[kid] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return self.keys[kid]

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def jwks(settings):
    server = JwksServer()
    settings.PMS_OIDC_ISSUER = ISSUER
    settings.PMS_OIDC_JWKS_URL = server.url
    settings.PMS_OIDC_AUDIENCE = ""
    tokens._jwks_clients.clear()
    yield server
    server.close()
    tokens._jwks_clients.clear()


def keycloak_token(key, kid, *, roles=("AUDITOR",), issuer=ISSUER, expires_in=300, **extra):
    now = int(dt.datetime.now(dt.timezone.utc).timestamp())
    claims = {"iss": issuer, "sub": str(uuid.uuid4()), "preferred_username": "kc-auditor", "aud": "account",
              "realm_access": {"roles": list(roles)}, "iat": now, "exp": now + expires_in, "jti": uuid.uuid4().hex}
    claims.update(extra)
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


def test_keycloak_token_is_accepted_and_realm_roles_apply(api, jwks):
    key = jwks.add_key("k1")
    assert api.get(AUDITS, token=keycloak_token(key, "k1")).status == 200
    assert_error(api.get(AUDITS, token=keycloak_token(key, "k1", roles=["PARTNER"])), "KER-ATH-403", status=403)


def test_realm_role_names_match_case_insensitively(api, jwks):
    key = jwks.add_key("k1")
    assert api.get(AUDITS, token=keycloak_token(key, "k1", roles=["auditor", "offline_access"])).status == 200


def test_token_from_an_unknown_key_is_refused(api, jwks):
    jwks.add_key("k1")
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    assert_error(api.get(AUDITS, token=keycloak_token(stranger, "k1")), "KER-ATH-401", status=401)
    assert_error(api.get(AUDITS, token=keycloak_token(stranger, "unknown-kid")), "KER-ATH-401", status=401)


def test_token_with_the_wrong_issuer_is_refused(api, jwks):
    key = jwks.add_key("k1")
    token = keycloak_token(key, "k1", issuer="http://127.0.0.1/realms/other")
    assert_error(api.get(AUDITS, token=token), "KER-ATH-401", status=401)


def test_expired_keycloak_token_is_refused(api, jwks):
    key = jwks.add_key("k1")
    assert_error(api.get(AUDITS, token=keycloak_token(key, "k1", expires_in=-120)), "KER-ATH-401", status=401)


def test_audience_is_checked_when_configured(api, jwks, settings):
    settings.PMS_OIDC_AUDIENCE = "pms"
    key = jwks.add_key("k1")
    assert_error(api.get(AUDITS, token=keycloak_token(key, "k1")), "KER-ATH-401", status=401)
    assert api.get(AUDITS, token=keycloak_token(key, "k1", aud="pms")).status == 200


def test_key_set_is_cached_and_a_rotated_key_is_picked_up(api, jwks, settings):
    settings.PMS_OIDC_JWKS_REFRESH_COOLDOWN_SECONDS = 0
    old = jwks.add_key("k1")
    assert api.get(AUDITS, token=keycloak_token(old, "k1")).status == 200
    assert api.get(AUDITS, token=keycloak_token(old, "k1")).status == 200
    assert jwks.hits == 1  # the second request used the cached key set
    new = jwks.add_key("k2")
    assert api.get(AUDITS, token=keycloak_token(new, "k2")).status == 200
    assert jwks.hits == 2


def test_keycloak_token_invalidated_stops_working(api, jwks):
    key = jwks.add_key("k1")
    token = keycloak_token(key, "k1")
    assert api.post("/v1/authmanager/authorize/invalidateToken", token=token).status == 200
    assert_error(api.get(AUDITS, token=token), "KER-ATH-401", status=401)


def test_keycloak_mode_off_refuses_foreign_issuers(api, settings):
    settings.PMS_OIDC_ISSUER = ""
    settings.PMS_OIDC_JWKS_URL = ""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    assert_error(api.get(AUDITS, token=keycloak_token(key, "k1")), "KER-ATH-401", status=401)


def test_unknown_key_ids_do_not_hammer_the_identity_provider(api, jwks):
    key = jwks.add_key("k1")
    assert api.get(AUDITS, token=keycloak_token(key, "k1")).status == 200
    for n in range(5):
        assert api.get(AUDITS, token=keycloak_token(key, f"made-up-{n}")).status == 401
    assert jwks.hits == 1  # within the refresh cooldown no refetch happens
