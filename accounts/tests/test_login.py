import pytest
from django.test import override_settings

from audit.models import AuditEvent
from tests.support.api import assert_error, assert_ok
from tests.support.users import PASSWORD, make_user

pytestmark = pytest.mark.django_db

LOGIN = "/v1/authmanager/authenticate/useridPwd"
CLIENT_LOGIN = "/v1/authmanager/authenticate/clientidsecretkey"


def test_login_sets_authorization_cookie_and_returns_token(api):
    make_user("manager", ["POLICYMANAGER"])
    answer = api.post(LOGIN, {"appId": "partnermanagement", "userName": "manager", "password": PASSWORD})
    body = assert_ok(answer)
    assert body["status"] == "success"
    assert body["message"] == "Username and password combination had been validated successfully"
    assert body["roles"] == ["POLICYMANAGER"]
    cookie = answer.cookies["Authorization"]
    assert cookie.value == body["token"]
    assert cookie["httponly"] and cookie["path"] == "/"
    assert int(cookie["max-age"]) == 3600 == body["expiryTime"]
    assert answer.body["id"] == "mosip.test"  # envelope id echoed
    row = AuditEvent.objects.get(event_id="PMS_AUT_201")
    assert row.session_user_id == "manager" and row.outcome == "success"
    assert body["token"] not in row.description


def test_wrong_password_is_401_invalid_credentials_and_audited(api):
    make_user("manager", ["POLICYMANAGER"])
    answer = api.post(LOGIN, {"appId": "admin", "userName": "manager", "password": "nope"})
    assert_error(answer, "KER-ATH-023", status=401)
    assert "Authorization" not in answer.cookies
    failure = AuditEvent.objects.get(event_id="PMS_AUT_401")
    assert failure.ref_id == "manager" and "nope" not in failure.description


def test_unknown_and_inactive_users_get_the_same_answer(api):
    user = make_user("sleeper", ["PARTNER"])
    user.is_active = False
    user.save()
    assert_error(api.post(LOGIN, {"userName": "sleeper", "password": PASSWORD}), "KER-ATH-023", status=401)
    assert_error(api.post(LOGIN, {"userName": "ghost", "password": PASSWORD}), "KER-ATH-023", status=401)


@pytest.mark.parametrize("missing", ["userName", "password"])
def test_missing_login_field_is_pms_cor_001(api, missing):
    request = {"appId": "admin", "userName": "x", "password": "y"}
    del request[missing]
    answer = api.post(LOGIN, request)
    assert_error(answer, "PMS_COR_001")
    assert missing in answer.body["errors"][0]["message"]


def test_wrong_type_is_pms_cor_002(api):
    assert_error(api.post(LOGIN, {"userName": 12, "password": "y"}), "PMS_COR_002")


@pytest.mark.parametrize(
    "path,request_body",
    [
        ("/v1/authenticate/useridPwd", {"appid": "admin", "username": "manager", "password": PASSWORD}),
        ("/v1/authmanager/authenticate/internal/useridPwd", {"APPID": "admin", "USERNAME": "manager", "password": PASSWORD}),
    ],
)
def test_login_accepts_the_other_paths_and_spellings(api, path, request_body):
    make_user("manager", ["POLICYMANAGER"])
    assert assert_ok(api.post(path, request_body))["userId"] == "manager"


def test_repeated_failures_lock_the_account_even_for_the_right_password(api, settings):
    settings.PMS_LOGIN_MAX_FAILURES = 3
    make_user("target", ["PARTNER"])
    for _ in range(3):
        assert_error(api.post(LOGIN, {"userName": "target", "password": "guess"}), "KER-ATH-023", status=401)
    locked = api.post(LOGIN, {"userName": "target", "password": PASSWORD})
    assert_error(locked, "KER-ATH-401", status=429)
    assert "retry after" in locked.body["errors"][0]["message"]
    assert AuditEvent.objects.filter(event_id="PMS_AUT_401", description__contains="locked out").exists()


def test_success_clears_the_failure_count(api, settings):
    settings.PMS_LOGIN_MAX_FAILURES = 3
    make_user("target", ["PARTNER"])
    for _ in range(2):
        api.post(LOGIN, {"userName": "target", "password": "guess"})
    assert_ok(api.post(LOGIN, {"userName": "target", "password": PASSWORD}))
    for _ in range(2):
        api.post(LOGIN, {"userName": "target", "password": "guess"})
    assert_ok(api.post(LOGIN, {"userName": "target", "password": PASSWORD}))


@override_settings(PMS_AUTH_APP_IDS=["partnermanagement"])
def test_unknown_app_id_is_refused_when_app_ids_are_configured(api):
    make_user("manager", ["POLICYMANAGER"])
    assert_error(api.post(LOGIN, {"appId": "prereg", "userName": "manager", "password": PASSWORD}), "KER-ATH-026")


def test_machine_client_logs_in_with_client_id_and_secret(api):
    from django.core.management import call_command

    call_command("create_pms_user", "ida-client", "--roles", "ID_AUTHENTICATION", "--client-secret", "s3cret-value")
    answer = api.post(CLIENT_LOGIN, {"appId": "ida", "clientId": "ida-client", "secretKey": "s3cret-value"})
    body = assert_ok(answer)
    assert body["roles"] == ["ID_AUTHENTICATION"]
    assert answer.cookies["Authorization"].value == body["token"]
    assert AuditEvent.objects.filter(event_id="PMS_AUT_202", ref_id="ida-client").exists()


def test_machine_client_with_wrong_secret_is_refused(api):
    from django.core.management import call_command

    call_command("create_pms_user", "ida-client", "--roles", "ID_AUTHENTICATION", "--client-secret", "s3cret-value")
    answer = api.post(CLIENT_LOGIN, {"clientid": "ida-client", "secretkey": "wrong"})
    assert_error(answer, "KER-ATH-023", status=401)
    assert AuditEvent.objects.filter(event_id="PMS_AUT_402", ref_id="ida-client").exists()


def test_the_schema_documents_the_refusals_of_the_public_auth_endpoints(db):
    """Fuzzing finding: the logins answer 401 (wrong credentials) and 429 (locked out), and
    validateToken 401 (no or a bad token), though they need no token; all in the error envelope."""
    from tests.support.api import openapi_schema

    schema = openapi_schema()
    error = {"$ref": "#/components/schemas/ErrorEnvelope"}
    for path, method, statuses in [("/v1/authmanager/authenticate/useridPwd", "post", ("401", "429")),
                                   ("/v1/authmanager/authenticate/clientidsecretkey", "post", ("401", "429")),
                                   ("/v1/authmanager/authorize/admin/validateToken", "get", ("401",))]:
        responses = schema["paths"][path][method]["responses"]
        for status in statuses:
            assert responses[status]["content"]["application/json"]["schema"] == error, (path, status)
        assert "KER-ATH" in responses["401"]["description"]
