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

from kernel.keys import server_key
from kernel.roles import roles_from_group_names

from . import token_cache
from .conf import app_settings
from .models import AuthEpoch, RevokedToken
from .tokens import InvalidToken, TokenClaims, credential_stamp, strip_token_prefix, verify_token

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
    """The one statement behind every request with one of our own tokens that the token
    cache cannot answer: the user's row, whether the token's jti is revoked, the
    authentication epoch (``accounts.token_cache``: read with the rows it vouches for), and
    the user's group names, one row per group (a LEFT JOIN, so a user without groups still
    gives one row, its group NULL). Rows rather
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
            f"(SELECT e.{qn(AuthEpoch._meta.get_field('value').column)} FROM {qn(AuthEpoch._meta.db_table)} e "
            f"WHERE e.{qn(AuthEpoch._meta.pk.column)} = 1), "
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
    """The user, whether the token is revoked, the user's roles and the authentication
    epoch: one statement."""
    query = _token_owner_query()
    with connection.cursor() as cursor:
        # An empty jti matches no revocation (NULL never equals), as before.
        cursor.execute(query.sql, [claims.jti or None, claims.username])
        rows = cursor.fetchall()
    if not rows:
        return None, False, frozenset(), None
    width = len(query.field_names)
    values = list(rows[0][:width])
    for i, converters in enumerate(query.converters):
        for convert in converters:
            values[i] = convert(values[i], query.expressions[i], connection)
    user = get_user_model().from_db(connection.alias, list(query.field_names), values)
    revoked = bool(rows[0][width])
    epoch = rows[0][width + 1]
    roles = roles_from_group_names((row[width + 2] for row in rows if row[width + 2] is not None), user.is_superuser)
    return user, revoked, roles, epoch


_epoch_statements: dict[str, str] = {}


def _read_epoch():
    """The authentication epoch (None when its row is gone): one primary-key SELECT."""
    sql = _epoch_statements.get(connection.vendor)
    if sql is None:
        qn = connection.ops.quote_name
        sql = (f"SELECT {qn(AuthEpoch._meta.get_field('value').column)} FROM {qn(AuthEpoch._meta.db_table)} "
               f"WHERE {qn(AuthEpoch._meta.pk.column)} = 1")
        _epoch_statements[connection.vendor] = sql
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return row[0] if row else None


def _verification_context(local: bool) -> tuple:
    """What a token's verification depended on besides the token and the database: a cached
    answer is only reused while these are the same (a new server key, a changed issuer)."""
    if local:
        return (True, app_settings.PMS_TOKEN_ISSUER, server_key().kid)
    return (False, app_settings.PMS_OIDC_ISSUER, app_settings.PMS_OIDC_JWKS_URL, app_settings.PMS_OIDC_AUDIENCE,
            tuple(app_settings.PMS_OIDC_ALGORITHMS))


def _check_in_full(raw: str, *, with_epoch: bool):
    """The whole check, as every request ran it before the cache: the user, the claims with
    the roles that apply, and (``with_epoch``) the authentication epoch read no later than
    the rows the answer rests on."""
    claims = verify_token(raw)
    epoch = None
    if claims.local:
        user, revoked, roles, epoch = _local_token_owner(claims)
        if user is None:
            raise InvalidToken("user does not exist")
        if revoked:
            raise InvalidToken("token invalidated")
        if not constant_time_compare(str(claims.raw.get("cst", "")), credential_stamp(user)):
            raise InvalidToken("the password changed after this token was issued")
        claims = dataclasses.replace(claims, roles=roles)
    else:
        if with_epoch:
            epoch = _read_epoch()
        # Keycloak users get a local record so history rows, ownership and policy-group
        # mappings can point at them; their roles are the token's realm roles.
        if claims.jti and RevokedToken.objects.filter(jti=claims.jti).exists():
            raise InvalidToken("token invalidated")
        from .services import local_user_for_keycloak

        user = local_user_for_keycloak(claims.username[:150])
    if not user.is_active:
        raise InvalidToken("user is inactive")
    return user, claims, epoch


def authenticate_token(raw: str):
    """The user a token speaks for, and its claims with the roles that apply to this request:
    signature, algorithm, issuer and times (``verify_token``), then the user, whether the
    token was invalidated and whether the user's password changed since it was issued. For
    our own tokens the user, the revocation and the user's current groups (so a removed
    role stops working) come in one statement. Raises InvalidToken with a reason safe to
    show.

    With ``PMS_AUTH_CACHE_SECONDS`` above 0 the answer for a token is kept in this process
    (``accounts.token_cache``) and a request carrying the identical token string again is
    answered without SQL: its signature is not verified again, because these exact bytes
    were verified before (a token changed in any byte is another key, checked in full);
    its ``exp``, ``nbf`` and ``iat`` are checked against the clock every time, and the user
    is a new instance. A change to the user, the user's groups, a group or the revocations
    made in this process empties the cache at once; one made elsewhere is seen when the
    authentication epoch is next read, within ``PMS_AUTH_CACHE_SECONDS``. At ``0`` every
    request is checked in full."""
    max_age = token_cache.cache_seconds()
    if max_age <= 0:
        user, claims, _epoch = _check_in_full(raw, with_epoch=False)
        return user, claims
    key = token_cache.token_key(strip_token_prefix(raw))
    cache = token_cache.cache
    entry, generation = cache.lookup(key, max_age, _read_epoch)
    if entry is not None and entry.context == _verification_context(entry.claims.local):
        token_cache.check_times(entry.claims)
        return token_cache.user_from(entry, connection.alias), token_cache.claims_from(entry)
    started = token_cache.monotonic()
    user, claims, epoch = _check_in_full(raw, with_epoch=True)
    fields = user._meta.concrete_fields
    entry = token_cache.CachedToken(
        claims=token_cache.copy_claims(claims),  # this request's claims stay its own
        field_names=tuple(f.attname for f in fields),
        user_values=tuple(getattr(user, f.attname) for f in fields),
        context=_verification_context(claims.local),
    )
    cache.store(key, entry, epoch, generation, started)
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
