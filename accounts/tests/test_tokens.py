import base64
import datetime as dt
import json
import uuid

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client

from accounts.tokens import InvalidToken
from kernel.keys import server_key
from kernel.roles import Role
from tests.support.api import assert_error, assert_ok
from tests.support.users import AUTHENTICATION_QUERIES, PASSWORD, make_user, token_for

pytestmark = pytest.mark.django_db

AUDITS = "/v1/auditmanager/audits"
LOGIN = "/v1/authmanager/authenticate/useridPwd"


def _claims(**overrides):
    now = int(dt.datetime.now(dt.timezone.utc).timestamp())
    claims = {"iss": "pms", "sub": "auditor", "preferred_username": "auditor", "roles": ["AUDITOR"],
              "iat": now, "nbf": now, "exp": now + 600, "jti": uuid.uuid4().hex}
    claims.update(overrides)
    return claims


def _sign(claims, key=None, alg="RS256", headers=None):
    return jwt.encode(claims, key or server_key().private_key, algorithm=alg, headers=headers)


@pytest.fixture
def auditor():
    return make_user("auditor", ["AUDITOR"])


def test_token_works_as_cookie(auditor):
    client = Client()
    client.cookies["Authorization"] = token_for(auditor)
    assert client.get(AUDITS).status_code == 200


@pytest.mark.parametrize("prefix", ["Bearer ", "Mosip-Token", "Mosip-Token ", ""])
def test_token_works_as_header_with_any_documented_prefix(auditor, prefix):
    response = Client().get(AUDITS, headers={"Authorization": prefix + token_for(auditor)})
    assert response.status_code == 200


def test_login_cookie_authenticates_the_next_request(api, auditor):
    assert_ok(api.post(LOGIN, {"userName": "auditor", "password": PASSWORD}))
    assert api.get(AUDITS).status == 200  # the test client kept the cookie


def test_no_token_is_401_in_the_envelope(api):
    answer = api.get(AUDITS)
    assert_error(answer, "KER-ATH-401", status=401)


def test_tampered_token_is_refused(api, auditor):
    header, payload, signature = token_for(auditor).split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["roles"] = ["PARTNER_ADMIN"]
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    assert_error(api.get(AUDITS, token=f"{header}.{forged}.{signature}"), "KER-ATH-401", status=401)


def test_expired_token_is_refused(api, auditor):
    past = int(dt.datetime.now(dt.timezone.utc).timestamp()) - 7200
    token = _sign(_claims(iat=past, nbf=past, exp=past + 60))
    answer = api.get(AUDITS, token=token)
    assert_error(answer, "KER-ATH-401", status=401)
    assert "expired" in answer.body["errors"][0]["message"]


def test_alg_none_token_is_refused(api, auditor):
    header = base64.urlsafe_b64encode(b'{"alg":"none","typ":"JWT"}').rstrip(b"=").decode()
    payload = base64.urlsafe_b64encode(json.dumps(_claims(roles=["PARTNER_ADMIN"])).encode()).rstrip(b"=").decode()
    assert_error(api.get(AUDITS, token=f"{header}.{payload}."), "KER-ATH-401", status=401)


def test_hs256_token_signed_with_the_public_key_is_refused(api, auditor):
    public_pem = server_key().public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').rstrip(b"=").decode()
    payload = base64.urlsafe_b64encode(json.dumps(_claims()).encode()).rstrip(b"=").decode()
    import hashlib
    import hmac

    signature = hmac.new(public_pem, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    sig = base64.urlsafe_b64encode(signature).rstrip(b"=").decode()
    assert_error(api.get(AUDITS, token=f"{header}.{payload}.{sig}"), "KER-ATH-401", status=401)


def test_token_signed_by_another_key_is_refused(api, auditor):
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    assert_error(api.get(AUDITS, token=_sign(_claims(), key=other)), "KER-ATH-401", status=401)


def test_garbage_token_is_refused(api):
    assert_error(api.get(AUDITS, token="not-a-token"), "KER-ATH-401", status=401)
    assert_error(api.get(AUDITS, token="a.b.c"), "KER-ATH-401", status=401)


def test_valid_token_without_the_role_is_403(api):
    partner = make_user("bank", ["PARTNER"])
    answer = api.get(AUDITS, token=token_for(partner))
    assert_error(answer, "KER-ATH-403", status=403)


def test_partner_admin_passes_every_role_check(api):
    admin = make_user("root", ["PARTNER_ADMIN"])
    assert api.get(AUDITS, token=token_for(admin)).status == 200


def test_a_removed_role_stops_working_before_the_token_expires(api, auditor):
    token = token_for(auditor)
    assert api.get(AUDITS, token=token).status == 200
    auditor.groups.clear()
    assert_error(api.get(AUDITS, token=token), "KER-ATH-403", status=403)


def test_deactivated_user_token_stops_working(api, auditor):
    token = token_for(auditor)
    auditor.is_active = False
    auditor.save()
    assert_error(api.get(AUDITS, token=token), "KER-ATH-401", status=401)


def test_invalidated_token_stops_working_but_other_sessions_do_not(api, auditor):
    first, second = token_for(auditor), token_for(auditor)
    answer = api.post("/v1/authmanager/authorize/invalidateToken", token=first)
    assert assert_ok(answer)["message"] == "Token invalidated successfully"
    refused = api.get(AUDITS, token=first)
    assert_error(refused, "KER-ATH-401", status=401)
    assert "invalidated" in refused.body["errors"][0]["message"]
    assert api.get(AUDITS, token=second).status == 200


def test_invalidate_without_token_is_cookies_are_empty(api):
    assert_error(api.post("/v1/authmanager/authorize/invalidateToken"), "KER-ATH-006", status=401)


@pytest.mark.parametrize("method,path", [("get", "/v1/authmanager/authorize/admin/validateToken"),
                                         ("post", "/v1/authorize/validateToken")])
def test_validate_token_answers_the_owner_and_roles(api, auditor, method, path):
    answer = api.call(method, path, token=token_for(auditor))
    body = assert_ok(answer)
    assert body["userId"] == "auditor" and body["role"] == "AUDITOR"


def test_validate_token_refuses_a_bad_token_and_a_missing_one(api):
    assert_error(api.get("/v1/authmanager/authorize/admin/validateToken", token="x.y.z"), "KER-ATH-401", status=401)
    assert_error(api.get("/v1/authmanager/authorize/admin/validateToken"), "KER-ATH-006", status=401)


def test_token_lifetime_follows_the_setting(api, settings):
    settings.PMS_TOKEN_LIFETIME_SECONDS = 120
    make_user("short", ["PARTNER"])
    body = assert_ok(api.post(LOGIN, {"userName": "short", "password": PASSWORD}))
    claims = jwt.decode(body["token"], options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == 120 == body["expiryTime"]


def test_purging_keeps_revocations_of_live_tokens(auditor):
    from django.core.management import call_command
    from django.utils import timezone

    from accounts.models import RevokedToken

    RevokedToken.objects.create(jti="old", expires_at=timezone.now() - dt.timedelta(hours=2))
    RevokedToken.objects.create(jti="live", expires_at=timezone.now() + dt.timedelta(hours=1))
    call_command("purge_revoked_tokens")
    assert list(RevokedToken.objects.values_list("jti", flat=True)) == ["live"]
    from audit.models import AuditEvent

    row = AuditEvent.objects.get(event_key="auth.revocations.purge.success")
    assert row.event_type == "System" and "purged 1" in row.description


def test_home_page_links_the_admin_and_the_docs(client):
    page = client.get("/")
    assert page.status_code == 200 and b"/api/docs/" in page.content and b"/admin/" in page.content


def test_invalidate_token_refuses_a_cross_site_form_post_with_the_cookie(api):
    from accounts.models import RevokedToken

    user = make_user("victim", ["PARTNER"])
    browser = Client()
    browser.cookies["Authorization"] = token_for(user)
    for content_type in ("text/plain", "application/x-www-form-urlencoded"):
        answer = browser.post("/v1/authmanager/authorize/invalidateToken", "a=b", content_type=content_type,
                              headers={"Origin": "https://evil.example"})
        assert answer.status_code == 403
    assert not RevokedToken.objects.exists()
    same_site = browser.post("/v1/authmanager/authorize/invalidateToken", "", content_type="text/plain",
                             headers={"Origin": "http://testserver"})
    assert same_site.status_code == 200 and RevokedToken.objects.count() == 1


# The token check of our own tokens is one statement (accounts.authentication): the user, the
# token's revocation and the user's groups. Each condition below would be lost if that
# statement dropped its part, so each is asserted with the statement count.

def _authenticate(token):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.authentication import authenticate_token

    with CaptureQueriesContext(connection) as ctx:
        try:
            user, claims = authenticate_token(token)
        except InvalidToken as exc:
            return exc.reason, len(ctx.captured_queries)
    return (user, claims), len(ctx.captured_queries)


def test_authentication_is_one_statement_and_makes_the_orms_user(auditor):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    auditor.groups.add(Group.objects.get_or_create(name="PARTNER")[0], Group.objects.create(name="not-a-role"))
    (user, claims), statements = _authenticate(token_for(auditor))
    assert statements == AUTHENTICATION_QUERIES == 1
    assert claims.roles == {Role.AUDITOR, Role.PARTNER}
    stored = get_user_model().objects.get(pk=auditor.pk)
    fields = [f.attname for f in stored._meta.concrete_fields]
    assert {f: getattr(user, f) for f in fields} == {f: getattr(stored, f) for f in fields}
    assert user.date_joined.tzinfo is not None and not user._state.adding and user._state.db == "default"


@pytest.mark.parametrize("condition,reason", [
    ("revoked", "token invalidated"),
    ("password changed", "the password changed after this token was issued"),
    ("inactive", "user is inactive"),
    ("user deleted", "user does not exist"),
])
def test_each_refusal_is_decided_by_the_one_statement(auditor, condition, reason):
    from django.utils import timezone

    from accounts.models import RevokedToken

    token = token_for(auditor)
    other = token_for(auditor)
    jti = jwt.decode(token, options={"verify_signature": False})["jti"]
    if condition == "revoked":
        RevokedToken.objects.create(jti=jti, expires_at=timezone.now() + dt.timedelta(hours=1))
    elif condition == "password changed":
        auditor.set_password("Another-Horse-77")
        auditor.save()
    elif condition == "inactive":
        auditor.is_active = False
        auditor.save()
    else:
        auditor.delete()
    assert _authenticate(token) == (reason, 1)
    if condition == "revoked":  # only that token: the user's other session goes on
        assert _authenticate(other)[1] == 1 and _authenticate(other)[0][0].pk == auditor.pk


def test_roles_are_the_users_groups_now_not_the_tokens(api, auditor):
    from django.contrib.auth.models import Group

    partner = make_user("bank", ["PARTNER"])
    token = token_for(partner)
    assert_error(api.get(AUDITS, token=token), "KER-ATH-403", status=403)
    partner.groups.add(Group.objects.get(name="AUDITOR"))
    assert api.get(AUDITS, token=token).status == 200
    partner.groups.remove(Group.objects.get(name="AUDITOR"))
    assert_error(api.get(AUDITS, token=token), "KER-ATH-403", status=403)


def test_a_superuser_without_groups_holds_partner_admin(api):
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser("root", "root@example.org", PASSWORD)
    (_user, claims), statements = _authenticate(token_for(root))
    assert claims.roles == {Role.PARTNER_ADMIN} and statements == 1
    assert api.get(AUDITS, token=token_for(root)).status == 200


def test_a_group_name_holding_a_separator_grants_no_role(api):
    from django.contrib.auth.models import Group

    # Groups come as rows, never joined into one string a name could forge roles in.
    user = make_user("sly")
    user.groups.add(Group.objects.create(name="AUDITOR,PARTNER_ADMIN"))
    (_user, claims), _ = _authenticate(token_for(user))
    assert claims.roles == frozenset()
    assert_error(api.get(AUDITS, token=token_for(user)), "KER-ATH-403", status=403)
