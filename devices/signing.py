"""The signed answer of a device registration (catalog §10.4, SPEC §9.18).

MOSIP's documented form (default): ``b64(header).b64(payload).b64(b64(signature))`` in
standard base64 with padding, header ``{"alg":"RS256","type":"JWS"}``. The signature is
RS256 (PKCS#1 v1.5, SHA-256) by the server key over the ASCII text of the first two
segments exactly as sent, as in any JWS; MOSIP's sign API returns it base64-encoded, and
the answer encodes that text once more. ``PMS_DEVICE_RESPONSE_FORMAT=rfc7515`` answers a
standard compact JWS instead (base64url without padding, ``typ`` and ``x5c``), which
any JOSE library verifies with the certificate from ``getCertificate``."""

from __future__ import annotations

import base64
import json

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from kernel.keys import server_key

from .conf import app_settings


def _compact(value: dict) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode("utf-8")


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def sign_registration(payload: dict) -> str:
    key = server_key()
    if app_settings.PMS_DEVICE_RESPONSE_FORMAT.lower() == "rfc7515":
        header = {"alg": "RS256", "typ": "JWS", "x5c": [key.certificate_der_b64]}
        signing_input = f"{_b64url(_compact(header))}.{_b64url(_compact(payload))}"
        signature = key.private_key.sign(signing_input.encode("ascii"), padding.PKCS1v15(), hashes.SHA256())
        return f"{signing_input}.{_b64url(signature)}"
    signing_input = f"{_b64(_compact({'alg': 'RS256', 'type': 'JWS'}))}.{_b64(_compact(payload))}"
    signature = key.private_key.sign(signing_input.encode("ascii"), padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input}.{_b64(_b64(signature).encode('ascii'))}"


def encode_digital_id(json_bytes: bytes) -> str:
    """The digital ID inside the answer's payload, in the answer's own encoding."""
    if app_settings.PMS_DEVICE_RESPONSE_FORMAT.lower() == "rfc7515":
        return _b64url(json_bytes)
    return _b64(json_bytes)
