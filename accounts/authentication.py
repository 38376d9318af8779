"""DRF authentication from the ``Authorization`` cookie or header (catalog §4.2)."""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass
from typing import Any, Callable

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models.expressions import Col
from django.utils.crypto import constant_time_compare
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication

from kernel.roles import roles_from_group_names

from .models import RevokedToken
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


@dataclass(frozen=True)
class _TokenOwnerQuery:
    """The one statement behind every request with one of our own tokens: the user's row,
    whether the token's jti is revoked, and the user's group names, one row per group (a
    LEFT JOIN, so a user without groups still gives one row, its group NULL). Rows rather
    than a string_agg/group_concat, since a group name may hold any separator. Written as
    SQL once per process: building and compiling the two ORM queries it replaces was most
    of the request's CPU (docs/benchmark.md, "Where the worker CPU goes")."""

    vendor: str
    sql: str
    field_names: tuple[str, ...]
    # The ORM's converters per user column (SQLite's naive datetimes made aware, ...), so
    # the instance is the one ``User.objects.get`` would have made.
    converters: tuple[tuple[Callable[..., Any], ...], ...]
    expressions: tuple[Col, ...]


_query_lock = threading.Lock()
_owner_query: _TokenOwnerQuery | None = None


def _token_owner_query() -> _TokenOwnerQuery:
    global _owner_query
    query = _owner_query
    if query is not None and query.vendor == connection.vendor:
        return query
    with _query_lock:
        User = get_user_model()
        qn = connection.ops.quote_name
        groups = User._meta.get_field("groups")
        Group = groups.related_model
        membership = groups.remote_field.through
        fields = User._meta.concrete_fields
        expressions = tuple(Col("u", field) for field in fields)
        sql = (
            f"SELECT {', '.join('u.' + qn(f.column) for f in fields)}, "
            f"EXISTS (SELECT 1 FROM {qn(RevokedToken._meta.db_table)} r "
            f"WHERE r.{qn(RevokedToken._meta.get_field('jti').column)} = %s), "
            f"g.{qn(Group._meta.get_field('name').column)} "
            f"FROM {qn(User._meta.db_table)} u "
            f"LEFT JOIN {qn(membership._meta.db_table)} m ON m.{qn(groups.m2m_column_name())} = u.{qn(User._meta.pk.column)} "
            f"LEFT JOIN {qn(Group._meta.db_table)} g ON g.{qn(Group._meta.pk.column)} = m.{qn(groups.m2m_reverse_name())} "
            f"WHERE u.{qn(User._meta.get_field(User.USERNAME_FIELD).column)} = %s"
        )
        query = _TokenOwnerQuery(
            vendor=connection.vendor,
            sql=sql,
            field_names=tuple(f.attname for f in fields),
            converters=tuple(tuple(connection.ops.get_db_converters(e) + e.get_db_converters(connection))
                             for e in expressions),
            expressions=expressions,
        )
        _owner_query = query
        return query


def _local_token_owner(claims: TokenClaims):
    """The user, whether the token is revoked, and the user's roles: one statement."""
    query = _token_owner_query()
    with connection.cursor() as cursor:
        # An empty jti matches no revocation (NULL never equals), as before.
        cursor.execute(query.sql, [claims.jti or None, claims.username])
        rows = cursor.fetchall()
    if not rows:
        return None, False, frozenset()
    width = len(query.field_names)
    values = list(rows[0][:width])
    for i, converters in enumerate(query.converters):
        for convert in converters:
            values[i] = convert(values[i], query.expressions[i], connection)
    user = get_user_model().from_db(connection.alias, list(query.field_names), values)
    revoked = bool(rows[0][width])
    roles = roles_from_group_names((row[width + 1] for row in rows if row[width + 1] is not None), user.is_superuser)
    return user, revoked, roles


def authenticate_token(raw: str):
    """The user a token speaks for, and its claims with the roles that apply to this request:
    signature, algorithm, issuer and times (``verify_token``), then the user, whether the
    token was invalidated and whether the user's password changed since it was issued. For
    our own tokens the user, the revocation and the user's current groups (so a removed
    role stops working at once) come in one statement. Raises InvalidToken with a reason
    safe to show."""
    claims = verify_token(raw)
    if claims.local:
        user, revoked, roles = _local_token_owner(claims)
        if user is None:
            raise InvalidToken("user does not exist")
        if revoked:
            raise InvalidToken("token invalidated")
        if not constant_time_compare(str(claims.raw.get("cst", "")), credential_stamp(user)):
            raise InvalidToken("the password changed after this token was issued")
        claims = dataclasses.replace(claims, roles=roles)
    else:
        # Keycloak users get a local record so history rows, ownership and policy-group
        # mappings can point at them; their roles are the token's realm roles.
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
        return user, dataclasses.replace(claims, from_cookie=from_cookie)

    def authenticate_header(self, request) -> str:
        # A value here makes DRF answer 401 (not 403) to unauthenticated requests.
        return 'Bearer realm="pms"'
