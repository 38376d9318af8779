"""Issuing and verifying bearer tokens (SPEC §4).

Our own tokens are RS256 JWTs signed by the server key, issuer PMS_TOKEN_ISSUER. In
Keycloak mode (PMS_OIDC_ISSUER + PMS_OIDC_JWKS_URL) tokens from that issuer are verified
against its JWKS. The unverified ``iss`` only chooses *which key* to verify with; the
algorithm list is fixed per issuer, so ``alg: none`` and HS256-signed-with-our-public-key
tokens fail verification.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import threading
import uuid
from dataclasses import dataclass, field
from typing import Any

import jwt
from django.utils import timezone
from django.utils.crypto import salted_hmac

from kernel.keys import server_key
from kernel.roles import Role, normalise_roles

from .conf import app_settings

LEEWAY_SECONDS = 30


class InvalidToken(Exception):
    """The token cannot be trusted; ``reason`` is safe to show (no token content)."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class IssuedToken:
    token: str
    jti: str
    expires_at: dt.datetime
    lifetime_seconds: int


@dataclass(frozen=True)
class TokenClaims:
    username: str
    jti: str
    expires_at: dt.datetime
    issuer: str
    local: bool
    token_roles: frozenset[Role]
    raw: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)
    # Roles that apply to this request: for local tokens, the user's current groups
    # (so a removed role stops working at once); for Keycloak tokens, the realm roles.
    roles: frozenset[Role] = frozenset()
    # True when the token came in the Authorization cookie, which a browser sends along
    # with cross-site requests too (kernel.permissions refuses those when they change state).
    from_cookie: bool = False


def credential_stamp(user) -> str:
    """A keyed digest of the user's password hash: a token carries it, and a token whose
    stamp no longer matches (the password changed) is refused. It says nothing about the
    password itself (HMAC with the secret key, of a salted hash)."""
    return salted_hmac("pms.accounts.token-credential", user.password, algorithm="sha256").hexdigest()[:32]


def issue_token(user, roles: frozenset[Role]) -> IssuedToken:
    key = server_key()
    lifetime = app_settings.PMS_TOKEN_LIFETIME_SECONDS
    now = timezone.now()
    expires = now + dt.timedelta(seconds=lifetime)
    jti = uuid.uuid4().hex
    role_list = sorted(str(r) for r in roles)
    claims = {
        "iss": app_settings.PMS_TOKEN_ISSUER,
        "sub": user.username,
        "preferred_username": user.username,
        "userId": user.username,
        "name": user.get_full_name() or user.username,
        "email": user.email or None,
        "roles": role_list,
        "realm_access": {"roles": role_list},
        "iat": int(now.timestamp()),
        "nbf": int(now.timestamp()),
        "exp": int(expires.timestamp()),
        "jti": jti,
        "cst": credential_stamp(user),
    }
    token = jwt.encode(claims, key.private_key, algorithm="RS256", headers={"kid": key.kid, "typ": "JWT"})
    return IssuedToken(token=token, jti=jti, expires_at=expires, lifetime_seconds=lifetime)


def strip_token_prefix(value: str) -> str:
    value = (value or "").strip()
    for prefix in ("Bearer ", "bearer ", "Mosip-Token ", "Mosip-Token"):
        if value.startswith(prefix):
            return value[len(prefix):].strip()
    return value


_jwks_lock = threading.Lock()
_jwks_clients: dict[str, jwt.PyJWKClient] = {}


def _jwks_client() -> jwt.PyJWKClient:
    url = app_settings.PMS_OIDC_JWKS_URL
    with _jwks_lock:
        client = _jwks_clients.get(url)
        if client is None:
            # The key set is cached; a token naming an unknown kid makes PyJWKClient fetch
            # the set again (at most once per cooldown), which is how Keycloak key
            # rotation is picked up.
            client = jwt.PyJWKClient(
                url,
                cache_jwk_set=True,
                lifespan=app_settings.PMS_OIDC_JWKS_CACHE_SECONDS,
                cooldown_duration=app_settings.PMS_OIDC_JWKS_REFRESH_COOLDOWN_SECONDS,
                timeout=5,
            )
            _jwks_clients[url] = client
        return client


def oidc_enabled() -> bool:
    return bool(app_settings.PMS_OIDC_ISSUER and app_settings.PMS_OIDC_JWKS_URL)


def _peek(token: str) -> tuple[dict, dict]:
    """Header and claims *without* verification, only to choose the key and algorithms
    (PyJWT verifies everything afterwards). Decoded here once rather than by two extra
    PyJWT passes, which check the base64 alphabet character by character in Python."""
    try:
        header_b64, payload_b64, _signature = token.split(".")
        header = json.loads(base64.urlsafe_b64decode(header_b64 + "=" * (-len(header_b64) % 4)))
        payload = json.loads(base64.urlsafe_b64decode(payload_b64 + "=" * (-len(payload_b64) % 4)))
    except (ValueError, TypeError, binascii.Error, RecursionError):
        raise InvalidToken("malformed token") from None
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise InvalidToken("malformed token")
    return header, payload


def verify_token(raw: str) -> TokenClaims:
    """The token's signature, algorithm, issuer and times. Whether it was invalidated, and
    whether its user may still use it, is ``accounts.authentication.authenticate_token``'s
    part (one query with the user), so call that, not this, to trust a token."""
    token = strip_token_prefix(raw)
    if not token or token.count(".") != 2:
        raise InvalidToken("malformed token")
    header, unverified = _peek(token)
    issuer = unverified.get("iss")
    options = {"require": ["exp", "iat", "iss"]}
    try:
        if issuer == app_settings.PMS_TOKEN_ISSUER:
            claims = jwt.decode(
                token,
                server_key().public_key,
                algorithms=["RS256"],
                issuer=app_settings.PMS_TOKEN_ISSUER,
                leeway=LEEWAY_SECONDS,
                options={**options, "verify_aud": False, "require": ["exp", "iat", "iss", "jti", "sub"]},
            )
            local = True
        elif oidc_enabled() and issuer == app_settings.PMS_OIDC_ISSUER:
            if header.get("alg") not in app_settings.PMS_OIDC_ALGORITHMS:
                raise InvalidToken("algorithm not allowed")
            signing_key = _jwks_client().get_signing_key_from_jwt(token)
            audience = app_settings.PMS_OIDC_AUDIENCE or None
            claims = jwt.decode(
                token,
                signing_key.key,
                algorithms=app_settings.PMS_OIDC_ALGORITHMS,
                issuer=app_settings.PMS_OIDC_ISSUER,
                audience=audience,
                leeway=LEEWAY_SECONDS,
                options={**options, "verify_aud": audience is not None},
            )
            local = False
        else:
            raise InvalidToken("unknown issuer")
    except jwt.ExpiredSignatureError:
        raise InvalidToken("token expired") from None
    except jwt.PyJWKClientError:
        raise InvalidToken("signing key not found") from None
    except jwt.PyJWTError:
        raise InvalidToken("token verification failed") from None

    username = claims.get("preferred_username") or claims.get("sub") or ""
    if not username:
        raise InvalidToken("token names no user")
    jti = str(claims.get("jti") or "")
    realm = claims.get("realm_access") or {}
    role_names = list(realm.get("roles") or []) if isinstance(realm, dict) else []
    if isinstance(claims.get("roles"), list):
        role_names += claims["roles"]
    token_roles = normalise_roles(str(r) for r in role_names)
    return TokenClaims(
        username=str(username),
        jti=jti,
        expires_at=dt.datetime.fromtimestamp(int(claims["exp"]), tz=dt.timezone.utc),
        issuer=str(issuer),
        local=local,
        token_roles=token_roles,
        raw=claims,
        roles=token_roles,
    )
