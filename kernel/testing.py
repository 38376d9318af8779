"""Test machinery shared by every app's tests (NetBox's utilities/testing idea).

``PmsApi`` speaks the envelope over Django's test client; ``make_user`` creates users
with roles; ``assert_error`` checks an answer carries a code.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import uuid
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Iterable

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from jwt.algorithms import RSAAlgorithm

from .roles import Role, normalise_role, roles_of_user
from .tokens import issue_token

PASSWORD = "Correct-Horse-9"


def make_user(username: str, roles: Iterable[Role | str] = (), *, password: str = PASSWORD, policy_groups: Iterable[Any] = ()):
    user = get_user_model().objects.create_user(username=username, password=password)
    for name in roles:
        role = normalise_role(str(name))
        assert role is not None, name
        user.groups.add(Group.objects.get_or_create(name=str(role))[0])
    if policy_groups:
        from policies.models import ManagerGroupMapping

        for group in policy_groups:
            ManagerGroupMapping.objects.create(user=user, policy_group=group)
    return user


def token_for(user) -> str:
    return issue_token(user, roles_of_user(user)).token


def envelope(request: Any, envelope_id: str = "mosip.test", version: str = "1.0") -> dict[str, Any]:
    return {"id": envelope_id, "version": version, "requesttime": "2026-01-01T00:00:00.000Z", "metadata": {}, "request": request}


@dataclass
class Answer:
    status: int
    body: Any
    headers: Any
    cookies: Any

    @property
    def response(self) -> Any:
        return self.body.get("response") if isinstance(self.body, dict) else None

    @property
    def error_codes(self) -> list[str]:
        errors = self.body.get("errors") if isinstance(self.body, dict) else None
        return [e["errorCode"] for e in errors or []]


class PmsApi:
    def __init__(self, client: Client | None = None, token: str | None = None):
        self.client = client or Client()
        self.token = token

    def as_user(self, user) -> "PmsApi":
        return PmsApi(Client(), token_for(user))

    def _headers(self, token: str | None, extra: dict[str, str] | None) -> dict[str, str]:
        headers = dict(extra or {})
        token = token if token is not None else self.token
        if token:
            headers.setdefault("Authorization", f"Bearer {token}")
        return headers

    def call(self, method: str, url: str, request: Any = None, *, body: Any = None, raw: bytes | str | None = None,
             token: str | None = None, headers: dict[str, str] | None = None, content_type: str = "application/json",
             params: dict[str, Any] | None = None) -> Answer:
        data: Any = None
        if raw is not None:
            data = raw
        elif body is not None:
            data = json.dumps(body)
        elif request is not None:
            data = json.dumps(envelope(request))
        kwargs: dict[str, Any] = {"headers": self._headers(token, headers)}
        if method in ("get", "delete") and params:
            kwargs["data"] = params
        elif data is not None:
            kwargs["data"] = data
            kwargs["content_type"] = content_type
        response = getattr(self.client, method)(url, **kwargs)
        try:
            parsed = json.loads(response.content) if response.content else None
        except ValueError:
            parsed = response.content.decode(errors="replace")
        return Answer(response.status_code, parsed, response.headers, response.cookies)

    def get(self, url: str, **kw) -> Answer:
        return self.call("get", url, **kw)

    def post(self, url: str, request: Any = None, **kw) -> Answer:
        return self.call("post", url, request, **kw)

    def put(self, url: str, request: Any = None, **kw) -> Answer:
        return self.call("put", url, request, **kw)

    def patch(self, url: str, request: Any = None, **kw) -> Answer:
        return self.call("patch", url, request, **kw)

    def delete(self, url: str, **kw) -> Answer:
        return self.call("delete", url, **kw)


def assert_error(answer: Answer, code: str, status: int = 200) -> None:
    assert answer.status == status, (answer.status, answer.body)
    assert isinstance(answer.body, dict), answer.body
    assert code in answer.error_codes, answer.body
    assert answer.body.get("response") is None, answer.body
    for item in answer.body["errors"]:
        assert item["message"], item


def assert_ok(answer: Answer, status: int = 200) -> Any:
    assert answer.status == status, (answer.status, answer.body)
    assert answer.body["errors"] == [], answer.body
    return answer.response


# --- role matrix (pretix's permission table): every app lists who may call what ----------

ALLOWED, FORBIDDEN = "allowed", "forbidden"
ALL_ROLES = [
    "PARTNER_ADMIN", "POLICYMANAGER", "PARTNERMANAGER", "MISP_ADMIN", "PARTNER", "DEVICE_PROVIDER",
    "FTM_PROVIDER", "ZONAL_ADMIN", "ID_AUTHENTICATION", "REGISTRATION_PROCESSOR", "AUDITOR",
]


def route_shape(path: str) -> str:
    """``/policyGroup/<pmsid:group_id>`` and ``/policyGroup/{group}`` both become ``/policyGroup/X``."""
    import re

    return re.sub(r"<[^>]+>|\{[^}]+\}", "X", path)


def missing_from_matrix(routes, matrix) -> set[str]:
    """Route shapes of an app that its role matrix does not list (should be empty)."""
    covered = {route_shape(suffix) for _, suffix, _ in matrix}
    return {route_shape(r.suffix) for r in routes} - covered


def assert_role_outcome(answer: Answer, expected: str) -> None:
    if expected == FORBIDDEN:
        assert answer.status == 403 and answer.error_codes == ["KER-ATH-403"], answer.body
    else:
        assert answer.status not in (401, 403) and not {"KER-ATH-401", "KER-ATH-403"} & set(answer.error_codes), answer.body


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
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def add_key(self, kid: str) -> rsa.RSAPrivateKey:
        self.keys[kid] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return self.keys[kid]

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def keycloak_token(key, kid, *, roles=("AUDITOR",), issuer=KEYCLOAK_ISSUER, expires_in=300, **extra):
    now = int(dt.datetime.now(dt.timezone.utc).timestamp())
    claims = {"iss": issuer, "sub": str(uuid.uuid4()), "preferred_username": "kc-auditor", "aud": "account",
              "realm_access": {"roles": list(roles)}, "iat": now, "exp": now + expires_in, "jti": uuid.uuid4().hex}
    claims.update(extra)
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})
