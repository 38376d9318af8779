"""Test machinery for users and tokens: ``make_user`` with roles, ``token_for``, and a
JWKS server on localhost with Keycloak-style tokens for Keycloak mode."""

from __future__ import annotations

import datetime as dt
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterable

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from jwt.algorithms import RSAAlgorithm

from accounts.tokens import issue_token
from kernel.roles import Role, normalise_role, roles_of_user

PASSWORD = "Correct-Horse-9"

# Statements a request with one of our own tokens spends authenticating: the user, the
# token's revocation and the user's groups in one (accounts.authentication).
AUTHENTICATION_QUERIES = 1
# ... and a later request with the same token, answered from the token cache while the
# authentication epoch was read less than PMS_AUTH_CACHE_SECONDS ago (accounts.token_cache).
WARM_AUTHENTICATION_QUERIES = 0


def make_user(username: str, roles: Iterable[Role | str] = (), *, password: str = PASSWORD):
    user = get_user_model().objects.create_user(username=username, password=password)
    for name in roles:
        role = normalise_role(str(name))
        assert role is not None, name
        user.groups.add(Group.objects.get_or_create(name=str(role))[0])
    return user


def token_for(user) -> str:
    return issue_token(user, roles_of_user(user)).token


def staff_browser(user):
    """A Django test client logged in to the admin as ``user`` (made staff)."""
    from django.test import Client

    user.is_staff = True
    user.save()
    client = Client()
    client.force_login(user)
    return client


# --- Keycloak mode: a JWKS endpoint on localhost and tokens signed by its keys ------------

KEYCLOAK_ISSUER = "http://127.0.0.1/realms/mosip"


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
        # A short poll interval: shutdown() waits for the loop's next poll (0.5 s by default).
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    def add_key(self, kid: str) -> rsa.RSAPrivateKey:
        self.keys[kid] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return self.keys[kid]

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=2)


def keycloak_token(key, kid, *, roles=("AUDITOR",), issuer=KEYCLOAK_ISSUER, expires_in=300, **extra):
    now = int(dt.datetime.now(dt.timezone.utc).timestamp())
    claims = {"iss": issuer, "sub": str(uuid.uuid4()), "preferred_username": "kc-auditor", "aud": "account",
              "realm_access": {"roles": list(roles)}, "iat": now, "exp": now + expires_in, "jti": uuid.uuid4().hex}
    claims.update(extra)
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})
