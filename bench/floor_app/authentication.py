"""The framework floor's authentication: the service's own bearer token, checked as the
service checks its tokens' signature and claims (RS256 only, the issuer, ``exp``/``iat``/
``jti``/``sub`` required, 30 s leeway), against the public key of the service's certificate,
read once per process. (Its own module: DRF reads its settings when ``APIView`` is
defined.)"""

from __future__ import annotations

import functools

import jwt
from cryptography import x509
from django.conf import settings
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header


@functools.cache
def public_key():
    """The public key of the service's signing certificate, once per process."""
    with open(settings.FLOOR_CERT_FILE, "rb") as handle:
        return x509.load_pem_x509_certificate(handle.read()).public_key()


class TokenUser:
    """The token's subject; what DRF's ``IsAuthenticated`` asks for."""

    is_authenticated = True

    def __init__(self, claims: dict):
        self.username = claims["sub"]
        self.claims = claims


class BearerTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if len(header) != 2 or header[0].lower() != b"bearer":
            return None
        try:
            claims = jwt.decode(header[1].decode("ascii"), public_key(), algorithms=["RS256"],
                                issuer=settings.FLOOR_TOKEN_ISSUER, leeway=30,
                                options={"verify_aud": False, "require": ["exp", "iat", "iss", "jti", "sub"]})
        except (jwt.PyJWTError, UnicodeDecodeError):
            raise exceptions.AuthenticationFailed("invalid token") from None
        return TokenUser(claims), None

    def authenticate_header(self, request):
        return "Bearer"
