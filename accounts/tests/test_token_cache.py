"""The token cache (accounts.token_cache) and the authentication epoch (accounts 0003).

With PMS_AUTH_CACHE_SECONDS=0 every request is checked against the database, even after
changes that bypass Django (raw SQL, as another process or a DBA would make them). At the
default (1 s), changes made through the services or the ORM in this process are refused
at once; a raw-SQL change is refused once the epoch is re-read, which the test drives by
moving the cache's clock. The triggers are tested table by table with raw SQL (this file
runs on SQLite and, with DATABASE_URL, on PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import token_cache
from accounts.authentication import authenticate_token
from accounts.models import AuthEpoch, RevokedToken
from accounts.tokens import LEEWAY_SECONDS, InvalidToken
from kernel.actors import Actor
from kernel.roles import Role
from tests.support.api import assert_error, assert_ok
from tests.support.users import AUTHENTICATION_QUERIES, WARM_AUTHENTICATION_QUERIES, make_user, token_for

pytestmark = pytest.mark.django_db

AUDITS = "/v1/auditmanager/audits"
User = get_user_model()
qn = connection.ops.quote_name


class Clock:
    def __init__(self, now: float = 5000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(token_cache, "monotonic", clock)
    return clock


@pytest.fixture
def auditor():
    return make_user("auditor", ["AUDITOR"])


def _authenticate(token):
    """(user, claims) or the refusal's reason, and the statements it took."""
    with CaptureQueriesContext(connection) as ctx:
        try:
            result = authenticate_token(token)
        except InvalidToken as exc:
            result = exc.reason
    return result, len(ctx.captured_queries)


def _sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _epoch():
    return AuthEpoch.objects.filter(pk=1).values_list("value", flat=True).first() or 0


# --- raw-SQL changes, as another process would make them ---------------------------------

def _revoke(user, token_claims):
    _sql(f"INSERT INTO {qn(RevokedToken._meta.db_table)} (jti, expires_at, revoked_at, revoked_by) "
         f"VALUES (%s, %s, %s, %s)", [token_claims.jti, token_claims.expires_at, timezone.now(), "dba"])


def _deactivate(user, _claims):
    _sql(f"UPDATE {qn(User._meta.db_table)} SET is_active = %s WHERE id = %s", [False, user.pk])


def _change_password(user, _claims):
    _sql(f"UPDATE {qn(User._meta.db_table)} SET password = %s WHERE id = %s", ["md5$x$y", user.pk])


def _remove_role(user, _claims):
    membership = User._meta.get_field("groups").remote_field.through._meta.db_table
    _sql(f"DELETE FROM {qn(membership)} WHERE user_id = %s", [user.pk])


def _rename_group(user, _claims):
    _sql(f"UPDATE {qn(Group._meta.db_table)} SET name = %s WHERE name = %s", ["auditors-old", "AUDITOR"])


def _delete_user(user, claims):
    _remove_role(user, claims)
    _sql(f"DELETE FROM {qn(User._meta.db_table)} WHERE id = %s", [user.pk])


# change → what the next full check says: a refusal's reason, or the roles left
RAW_CHANGES = {
    "revoked": (_revoke, "token invalidated"),
    "deactivated": (_deactivate, "user is inactive"),
    "password changed": (_change_password, "the password changed after this token was issued"),
    "role removed": (_remove_role, frozenset()),
    "group renamed": (_rename_group, frozenset()),
    "user deleted": (_delete_user, "user does not exist"),
}


def _outcome(result):
    return result if isinstance(result, str) else result[1].roles


@pytest.mark.parametrize("change", sorted(RAW_CHANGES))
def test_with_no_cache_a_raw_sql_change_counts_on_the_very_next_request(settings, auditor, change):
    settings.PMS_AUTH_CACHE_SECONDS = 0
    token = token_for(auditor)
    (user, claims), statements = _authenticate(token)
    assert claims.roles == {Role.AUDITOR} and statements == AUTHENTICATION_QUERIES
    assert _authenticate(token)[1] == AUTHENTICATION_QUERIES  # checked in full again: nothing kept
    make_change, expected = RAW_CHANGES[change]
    make_change(auditor, claims)
    result, statements = _authenticate(token)
    assert _outcome(result) == expected and statements == AUTHENTICATION_QUERIES
    assert len(token_cache.cache) == 0


@pytest.mark.parametrize("change", sorted(RAW_CHANGES))
def test_a_raw_sql_change_counts_once_the_epoch_is_read_again(clock, auditor, change):
    assert token_cache.cache_seconds() == 1  # the default
    token = token_for(auditor)
    (user, claims), statements = _authenticate(token)
    assert statements == AUTHENTICATION_QUERIES
    make_change, expected = RAW_CHANGES[change]
    make_change(auditor, claims)
    # No signal told this process: within the delay the cached answer stands, as it would
    # in a worker other than the one that made the change.
    clock.now += 0.99
    (user, claims), statements = _authenticate(token)
    assert claims.roles == {Role.AUDITOR} and statements == WARM_AUTHENTICATION_QUERIES == 0
    clock.now += 0.01
    result, statements = _authenticate(token)
    assert _outcome(result) == expected
    assert statements == 1 + AUTHENTICATION_QUERIES  # the epoch, then the full check


def test_the_epoch_unchanged_keeps_the_cache_for_another_period(clock, auditor):
    token = token_for(auditor)
    _authenticate(token)
    clock.now += 1.5
    assert _authenticate(token)[1] == 1  # the epoch read; same value: still a hit
    clock.now += 0.5
    assert _authenticate(token)[1] == 0
    clock.now += 0.5
    assert _authenticate(token)[1] == 1


# --- changes through the services and the ORM: at once, in this process -----------------

def test_logout_ends_the_token_at_once_in_the_process_that_handled_it(api, auditor):
    token = token_for(auditor)
    assert api.get(AUDITS, token=token).status == 200
    assert api.get(AUDITS, token=token).status == 200  # cached now
    assert_ok(api.post("/v1/authmanager/authorize/invalidateToken", token=token))
    refused = api.get(AUDITS, token=token)
    assert_error(refused, "KER-ATH-401", status=401)
    assert "invalidated" in refused.body["errors"][0]["message"]


def test_a_password_reset_ends_the_token_at_once(auditor):
    from accounts.services import reset_password

    token = token_for(auditor)
    _authenticate(token)
    assert _authenticate(token)[1] == 0
    reset_password(actor=Actor.system("test"), user=auditor, password="Another-Horse-42")
    assert _authenticate(token)[0] == "the password changed after this token was issued"


def _orm_deactivate(user):
    user.is_active = False
    user.save()


def _orm_rename(user):
    group = Group.objects.get(name="AUDITOR")
    group.name = "auditors-old"
    group.save()


ORM_CHANGES = {
    "deactivated": (_orm_deactivate, "user is inactive"),
    "role removed": (lambda user: user.groups.remove(Group.objects.get(name="AUDITOR")), frozenset()),
    "groups cleared": (lambda user: user.groups.clear(), frozenset()),
    "removed from the group's side": (lambda user: Group.objects.get(name="AUDITOR").user_set.remove(user),
                                      frozenset()),
    "group renamed": (_orm_rename, frozenset()),
    "group deleted": (lambda user: Group.objects.get(name="AUDITOR").delete(), frozenset()),
    "user deleted": (lambda user: user.delete(), "user does not exist"),
    "revoked": (lambda user: RevokedToken.objects.create(jti=user._test_jti, expires_at=timezone.now()),
                "token invalidated"),
}


@pytest.mark.parametrize("change", sorted(ORM_CHANGES))
def test_an_orm_change_counts_at_once(clock, auditor, change):
    token = token_for(auditor)
    (user, claims), _ = _authenticate(token)
    assert _authenticate(token)[1] == 0  # cached
    auditor._test_jti = claims.jti
    make_change, expected = ORM_CHANGES[change]
    make_change(auditor)
    result, statements = _authenticate(token)
    assert _outcome(result) == expected and statements == AUTHENTICATION_QUERIES  # the clock did not move


def test_a_login_does_not_empty_the_cache(api, auditor):
    from tests.support.users import PASSWORD

    token = token_for(auditor)
    _authenticate(token)
    answer = api.post("/v1/authmanager/authenticate/useridPwd",
                      {"userName": "auditor", "password": PASSWORD, "appId": "admin"})
    assert answer.status == 200
    assert _authenticate(token)[1] == 0


def test_the_cache_is_emptied_again_when_a_change_commits(auditor):
    """A request of another thread can fill the cache from the rows as they were while a
    change is in flight; the clear at commit drops that, and a fill that began before any
    clear is not kept."""
    cache = token_cache.cache
    entry_token = token_for(auditor)
    _authenticate(entry_token)
    key = token_cache.token_key(entry_token)
    entry, generation = cache.lookup(key, 1, lambda: pytest.fail("no epoch read within the period"))
    assert entry is not None
    cache.clear()  # what a change's receiver does, now and at commit
    cache.store(key, entry, _epoch(), generation, token_cache.monotonic())  # the fill begun before
    assert len(cache) == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_answer_read_by_another_thread_before_a_commit_is_dropped_at_the_commit():
    """Real commits: a request of another thread, between the change's save (which empties
    the cache) and its commit, reads the row as committed (still active) and fills the
    cache; the commit empties it again, so the change counts at once in this process."""
    import threading

    from django.db import transaction

    user = make_user("auditor", ["AUDITOR"])
    token = token_for(user)
    assert _authenticate(token)[0][0].is_active
    seen = []

    def another_request():
        try:
            seen.append(authenticate_token(token)[0].is_active)
        finally:
            connection.close()

    with transaction.atomic():
        user.is_active = False
        user.save()
        assert len(token_cache.cache) == 0
        thread = threading.Thread(target=another_request)
        thread.start()
        thread.join()
        assert seen == [True] and len(token_cache.cache) == 1  # the old answer, kept for now
    assert len(token_cache.cache) == 0
    assert _authenticate(token) == ("user is inactive", AUTHENTICATION_QUERIES)


# --- what a cache hit still checks ----------------------------------------------------------

def test_an_expired_token_is_refused_on_a_cache_hit(monkeypatch, auditor):
    token = token_for(auditor)
    (user, claims), _ = _authenticate(token)
    expires = claims.expires_at.timestamp()
    monkeypatch.setattr(token_cache, "wall_clock", lambda: expires + LEEWAY_SECONDS - 1)
    assert _authenticate(token)[1] == 0  # a hit, within PyJWT's leeway
    monkeypatch.setattr(token_cache, "wall_clock", lambda: expires + LEEWAY_SECONDS)
    assert _authenticate(token) == ("token expired", 0)


def test_a_token_not_yet_valid_is_refused_on_a_cache_hit(monkeypatch, auditor):
    token = token_for(auditor)
    (user, claims), _ = _authenticate(token)
    issued = claims.raw["iat"]
    monkeypatch.setattr(token_cache, "wall_clock", lambda: issued - LEEWAY_SECONDS - 1)  # the clock went back
    assert _authenticate(token) == ("token verification failed", 0)


def test_two_tokens_of_one_user_have_entries_of_their_own(api, auditor):
    first, second = token_for(auditor), token_for(auditor)
    (_, first_claims), _ = _authenticate(first)
    (_, second_claims), _ = _authenticate(second)
    assert len(token_cache.cache) == 2
    assert _authenticate(first)[0][1].jti == first_claims.jti
    assert _authenticate(second)[0][1].jti == second_claims.jti
    assert_ok(api.post("/v1/authmanager/authorize/invalidateToken", token=first))
    assert _authenticate(first)[0] == "token invalidated"
    assert _authenticate(second)[0][1].jti == second_claims.jti


def test_a_token_with_an_altered_signature_is_refused_though_its_payload_is_cached(auditor):
    token = token_for(auditor)
    _authenticate(token)
    header, payload, signature = token.split(".")
    altered = f"{header}.{payload}.{signature[:-4]}{'AAAA' if signature[-4:] != 'AAAA' else 'BBBB'}"
    assert _authenticate(altered) == ("token verification failed", 0)
    assert _authenticate(f"Bearer {token}")[1] == 0  # the same token with its prefix is the same key
    assert len(token_cache.cache) == 1


def test_a_new_server_key_or_issuer_is_not_answered_from_the_cache(settings, auditor):
    token = token_for(auditor)
    _authenticate(token)
    settings.PMS_TOKEN_ISSUER = "another-issuer"
    assert _authenticate(token)[0] == "unknown issuer"


def test_each_request_gets_its_own_user_and_claims(auditor):
    other = make_user("other", ["PARTNER"])
    token, other_token = token_for(auditor), token_for(other)
    (user, claims), _ = _authenticate(token)
    (other_user, other_claims), _ = _authenticate(other_token)
    user.username = "mallory"
    user.is_superuser = True
    claims.raw["sub"] = "mallory"
    claims.raw["realm_access"]["roles"].append("PARTNER_ADMIN")
    (again, again_claims), statements = _authenticate(token)
    assert statements == 0 and again is not user
    assert (again.username, again.is_superuser, again.pk) == ("auditor", False, auditor.pk)
    assert again_claims.raw["sub"] == "auditor" and again_claims.raw["realm_access"]["roles"] == ["AUDITOR"]
    assert again_claims.roles == {Role.AUDITOR}
    (other_again, other_again_claims), _ = _authenticate(other_token)
    assert (other_again.username, other_again.pk, other_again_claims.roles) == ("other", other.pk, {Role.PARTNER})
    assert not again._state.adding and again._state.db == "default"


def test_the_cache_is_bounded_and_drops_the_least_recently_used(monkeypatch, auditor):
    monkeypatch.setattr(token_cache, "cache", token_cache.TokenCache(max_entries=3))
    tokens = [token_for(auditor) for _ in range(5)]
    for token in tokens[:3]:
        _authenticate(token)
    _authenticate(tokens[0])  # the oldest becomes the most recent
    for token in tokens[3:]:
        _authenticate(token)
    assert len(token_cache.cache) == 3
    assert [_authenticate(t)[1] for t in (tokens[0], tokens[3], tokens[4])] == [0, 0, 0]
    assert _authenticate(tokens[1])[1] == AUTHENTICATION_QUERIES  # dropped, checked in full
    assert token_cache.MAX_ENTRIES == 4096


def test_refused_tokens_are_not_cached(auditor):
    token = token_for(auditor)
    _deactivate(auditor, None)
    assert _authenticate(token) == ("user is inactive", AUTHENTICATION_QUERIES)
    assert len(token_cache.cache) == 0


def test_the_cache_key_is_a_digest_not_the_token(auditor):
    token = token_for(auditor)
    _authenticate(token)
    (key,) = token_cache.cache._entries
    assert isinstance(key, bytes) and len(key) == 32 and token.encode() not in key


def test_a_keycloak_token_is_cached_and_its_logout_counts_at_once(api, jwks):
    from tests.support.users import keycloak_token

    key = jwks.add_key("k1")
    token = keycloak_token(key, "k1")
    assert api.get(AUDITS, token=token).status == 200
    assert _authenticate(token)[1] == 0
    assert_ok(api.post("/v1/authmanager/authorize/invalidateToken", token=token))
    assert _authenticate(token)[0] == "token invalidated"


# --- the triggers -----------------------------------------------------------------------------

def _membership_table():
    return User._meta.get_field("groups").remote_field.through._meta.db_table


def _setup_trigger_world():
    AuthEpoch.objects.get_or_create(pk=1)
    user = make_user("subject", ["AUDITOR"])
    spare = make_user("spare")
    empty_group = Group.objects.create(name="empty")
    RevokedToken.objects.create(jti="j1", expires_at=timezone.now() + dt.timedelta(hours=1))
    return user, spare, empty_group


USERS, GROUPS, MEMBERS, REVOKED = "user", "group", "membership", "revocation"


def _table(kind):
    return qn({USERS: User._meta.db_table, GROUPS: Group._meta.db_table, MEMBERS: _membership_table(),
               REVOKED: RevokedToken._meta.db_table}[kind])


# name → (statement with {table}, params from (user, spare, empty group), raises the epoch)
TRIGGER_CASES = {
    "user password": (USERS, "UPDATE {t} SET password = %s WHERE id = %s", lambda u, s, g: ["md5$a$b", u.pk], True),
    "user is_active": (USERS, "UPDATE {t} SET is_active = %s WHERE id = %s", lambda u, s, g: [False, u.pk], True),
    "user is_superuser": (USERS, "UPDATE {t} SET is_superuser = %s WHERE id = %s", lambda u, s, g: [True, u.pk],
                          True),
    "user is_staff": (USERS, "UPDATE {t} SET is_staff = %s WHERE id = %s", lambda u, s, g: [True, u.pk], True),
    "user username": (USERS, "UPDATE {t} SET username = %s WHERE id = %s", lambda u, s, g: ["renamed", u.pk], True),
    "user email": (USERS, "UPDATE {t} SET email = %s WHERE id = %s", lambda u, s, g: ["a@b.example", u.pk], True),
    "user deleted": (USERS, "DELETE FROM {t} WHERE id = %s", lambda u, s, g: [s.pk], True),
    "user last_login": (USERS, "UPDATE {t} SET last_login = %s WHERE id = %s", lambda u, s, g: [timezone.now(), u.pk],
                        False),
    "user password set to the same value": (USERS, "UPDATE {t} SET password = password WHERE id = %s",
                                            lambda u, s, g: [u.pk], False),
    "user inserted": (USERS, "INSERT INTO {t} (password, is_superuser, username, first_name, last_name, email, "
                             "is_staff, is_active, date_joined) VALUES ('', %s, 'new', '', '', '', %s, %s, %s)",
                      lambda u, s, g: [False, False, True, timezone.now()], False),
    "membership added": (MEMBERS, "INSERT INTO {t} (user_id, group_id) VALUES (%s, %s)", lambda u, s, g: [s.pk, g.pk],
                         True),
    "membership changed": (MEMBERS, "UPDATE {t} SET group_id = %s WHERE user_id = %s", lambda u, s, g: [g.pk, u.pk],
                           True),
    "membership removed": (MEMBERS, "DELETE FROM {t} WHERE user_id = %s", lambda u, s, g: [u.pk], True),
    "group renamed": (GROUPS, "UPDATE {t} SET name = %s WHERE id = %s", lambda u, s, g: ["renamed", g.pk], True),
    "group deleted": (GROUPS, "DELETE FROM {t} WHERE id = %s", lambda u, s, g: [g.pk], True),
    "group inserted": (GROUPS, "INSERT INTO {t} (name) VALUES ('brand-new')", lambda u, s, g: [], False),
    "revocation added": (REVOKED, "INSERT INTO {t} (jti, expires_at, revoked_at, revoked_by) VALUES ('j2', %s, %s, '')",
                         lambda u, s, g: [timezone.now(), timezone.now()], True),
    "revocation changed": (REVOKED, "UPDATE {t} SET jti = 'j3' WHERE jti = 'j1'", lambda u, s, g: [], True),
    "revocation removed": (REVOKED, "DELETE FROM {t} WHERE jti = 'j1'", lambda u, s, g: [], True),
}


@pytest.mark.parametrize("case", sorted(TRIGGER_CASES))
def test_the_triggers_raise_the_epoch_for_what_a_token_check_reads(case):
    kind, statement, params, raises = TRIGGER_CASES[case]
    world = _setup_trigger_world()
    before = _epoch()
    _sql(statement.format(t=_table(kind)), params(*world))
    assert _epoch() == before + (1 if raises else 0)


def test_the_epoch_row_comes_back_when_it_was_deleted(auditor):
    AuthEpoch.objects.all().delete()
    _sql(f"UPDATE {qn(User._meta.db_table)} SET is_active = %s WHERE id = %s", [False, auditor.pk])
    assert _epoch() == 1


def test_a_missing_epoch_row_still_lets_a_change_through(clock, auditor):
    AuthEpoch.objects.all().delete()
    token = token_for(auditor)
    _authenticate(token)
    _deactivate(auditor, None)  # the trigger inserts the row again: the value moved from none to 1
    clock.now += 1
    assert _authenticate(token)[0] == "user is inactive"
