"""JWS with the server key: RFC 7515 compact form, and MOSIP's own variant (catalog §10.4)."""

from __future__ import annotations

import base64
import json
from typing import Any

import jwt
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from .keys import server_key


def sign_compact(payload: dict[str, Any], *, include_x5c: bool = True) -> str:
    """RFC 7515 compact JWS (base64url, header ``typ``), RS256 by the server key."""
    key = server_key()
    headers: dict[str, Any] = {"kid": key.kid, "typ": "JWT"}
    if include_x5c:
        headers["x5c"] = [key.certificate_der_b64]
    return jwt.encode(payload, key.private_key, algorithm="RS256", headers=headers)


def verify_compact(token: str) -> dict[str, Any]:
    return jwt.decode(token, server_key().public_key, algorithms=["RS256"], options={"verify_aud": False})


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def sign_mosip(payload: dict[str, Any]) -> str:
    """MOSIP's device-registration JWS: standard base64 with padding, header key ``type``,
    and the signature base64-encoded twice (the kernel sign API returned base64 text,
    which MOSIP then encoded again)."""
    key = server_key()
    header_b64 = _b64(json.dumps({"alg": "RS256", "type": "JWS"}, separators=(",", ":")).encode())
    payload_b64 = _b64(json.dumps(payload, separators=(",", ":")).encode())
    signing_input = f"{header_b64}.{payload_b64}".encode()
    signature = key.private_key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
    return f"{header_b64}.{payload_b64}.{_b64(_b64(signature).encode())}"


def verify_mosip(token: str) -> dict[str, Any]:
    header_b64, payload_b64, signature_b64 = token.split(".")
    signature = base64.b64decode(base64.b64decode(signature_b64))
    server_key().public_key.verify(
        signature, f"{header_b64}.{payload_b64}".encode(), padding.PKCS1v15(), hashes.SHA256()
    )
    return json.loads(base64.b64decode(payload_b64))
