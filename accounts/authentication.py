"""DRF authentication from the ``Authorization`` cookie or header (catalog §4.2)."""

from __future__ import annotations

import dataclasses

from django.contrib.auth import get_user_model
from django.db.models import Exists, Value
from django.utils.crypto import constant_time_compare
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication

from kernel.roles import roles_of_user

from .models import RevokedToken
from .tokens import InvalidToken, credential_stamp, verify_token

COOKIE_NAME = "Authorization"


def token_from_request(request) -> str:
    """The cookie first (MOSIP clients and browsers), else the header."""
    return _token_and_source(request)[0]


def _token_and_source(request) -> tuple[str, bool]:
    cookie = request.COOKIES.get(COOKIE_NAME, "")
    if cookie:
        return cookie, True
    return request.META.get("HTTP_AUTHORIZATION", ""), False


def _failed(reason: str) -> exceptions.AuthenticationFailed:
    exc = exceptions.AuthenticationFailed(reason)
    exc.pms_detail = f"Invalid Token : {reason}"  # type: ignore[attr-defined]
    return exc


def authenticate_token(raw: str):
    """The user a token speaks for, and its claims: signature, algorithm, issuer and times
    (``verify_token``), then the user, whether the token was invalidated and whether the
    user's password changed since it was issued. For our own tokens the user and the
    revocation come in one query. Raises InvalidToken with a reason safe to show."""
    claims = verify_token(raw)
    User = get_user_model()
    if claims.local:
        revoked = Exists(RevokedToken.objects.filter(jti=claims.jti)) if claims.jti else Value(False)
        user = User.objects.annotate(token_revoked=revoked).filter(username=claims.username).first()
        if user is None:
            raise InvalidToken("user does not exist")
        if user.token_revoked:
            raise InvalidToken("token invalidated")
        if not constant_time_compare(str(claims.raw.get("cst", "")), credential_stamp(user)):
            raise InvalidToken("the password changed after this token was issued")
    else:
        # Keycloak users get a local record so history rows, ownership and policy-group
        # mappings can point at them.
        if claims.jti and RevokedToken.objects.filter(jti=claims.jti).exists():
            raise InvalidToken("token invalidated")
        from .services import local_user_for_keycloak

        user = local_user_for_keycloak(claims.username[:150])
    if not user.is_active:
        raise InvalidToken("user is inactive")
    return user, claims


class MosipTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        raw, from_cookie = _token_and_source(request)
        if not raw:
            return None
        try:
            user, claims = authenticate_token(raw)
        except InvalidToken as exc:
            raise _failed(exc.reason) from None
        roles = roles_of_user(user) if claims.local else claims.roles
        return user, dataclasses.replace(claims, roles=roles, from_cookie=from_cookie)

    def authenticate_header(self, request) -> str:
        # A value here makes DRF answer 401 (not 403) to unauthenticated requests.
        return 'Bearer realm="pms"'
