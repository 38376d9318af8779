"""DRF authentication from the ``Authorization`` cookie or header (catalog §4.2)."""

from __future__ import annotations

import dataclasses

from django.contrib.auth import get_user_model
from django.utils.crypto import constant_time_compare
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication

from kernel.roles import roles_of_user

from .tokens import InvalidToken, TokenClaims, credential_stamp, verify_token

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


def user_for_claims(claims: TokenClaims):
    """Local tokens name an existing user; Keycloak users get a local shadow user so
    history rows, ownership and policy-group mappings can point at them."""
    User = get_user_model()
    if claims.local:
        user = User.objects.filter(username=claims.username).first()
        if user is None:
            raise _failed("user does not exist")
        if not constant_time_compare(str(claims.raw.get("cst", "")), credential_stamp(user)):
            raise _failed("the password changed after this token was issued")
    else:
        from .services import local_user_for_keycloak

        user = local_user_for_keycloak(claims.username[:150])
    if not user.is_active:
        raise _failed("user is inactive")
    return user


class MosipTokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        raw, from_cookie = _token_and_source(request)
        if not raw:
            return None
        try:
            claims = verify_token(raw)
        except InvalidToken as exc:
            raise _failed(exc.reason) from None
        user = user_for_claims(claims)
        roles = roles_of_user(user) if claims.local else claims.roles
        return user, dataclasses.replace(claims, roles=roles, from_cookie=from_cookie)

    def authenticate_header(self, request) -> str:
        # A value here makes DRF answer 401 (not 403) to unauthenticated requests.
        return 'Bearer realm="pms"'
