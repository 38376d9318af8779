"""Bad input of every shape answers in the envelope with a documented code, never a 500."""

import json

import pytest

from tests.support.api import assert_error
from tests.support.users import make_user, token_for

pytestmark = pytest.mark.django_db

LOGIN = "/v1/authmanager/authenticate/useridPwd"
AUDITS = "/v1/auditmanager/audits"


def test_malformed_json_is_pms_cor_002(api):
    answer = api.post(LOGIN, raw='{"request": {"userName": ')
    assert_error(answer, "PMS_COR_002")
    assert answer.body["response"] is None and answer.body["responsetime"].endswith("Z")


@pytest.mark.parametrize("raw", ["[1, 2]", '"text"', "42", "null"])
def test_body_that_is_not_an_object_is_pms_cor_002(api, raw):
    assert_error(api.post(LOGIN, raw=raw), "PMS_COR_002")


def test_missing_request_is_pms_cor_001(api):
    answer = api.post(LOGIN, body={"id": "mosip.io.userId.pwd", "version": "1.0"})
    assert_error(answer, "PMS_COR_001")
    assert answer.body["errors"][0]["message"] == "Missing Input Parameter - request"
    assert answer.body["id"] == "mosip.io.userId.pwd"


def test_request_that_is_not_an_object_is_pms_cor_002(api):
    assert_error(api.post(LOGIN, body={"request": ["x"]}), "PMS_COR_002")


def test_ten_megabyte_body_is_413_in_the_envelope(api):
    answer = api.post(LOGIN, raw=b"{" + b" " * (10 * 1024 * 1024) + b"}")
    assert_error(answer, "PMS_COR_002", status=413)


def test_body_size_limit_follows_the_setting(api, settings):
    settings.PMS_MAX_BODY_BYTES = 100
    assert_error(api.post(LOGIN, {"userName": "x" * 200, "password": "y"}), "PMS_COR_002", status=413)


def test_deeply_nested_json_is_pms_cor_002(api):
    raw = '{"request": ' + "[" * 100 + "]" * 100 + "}"
    answer = api.post(LOGIN, raw=raw)
    assert_error(answer, "PMS_COR_002")
    assert "nested" in answer.body["errors"][0]["message"]


def test_extremely_deep_json_does_not_crash(api):
    raw = "[" * 100000 + "]" * 100000
    assert_error(api.post(LOGIN, raw=raw), "PMS_COR_002")


def test_nul_character_is_pms_cor_002(api):
    answer = api.post(LOGIN, {"userName": "ab\u0000c", "password": "y"})
    assert_error(answer, "PMS_COR_002")


def test_nan_is_not_json(api):
    assert_error(api.post(LOGIN, raw='{"request": {"userName": NaN}}'), "PMS_COR_002")


def test_invalid_utf8_is_pms_cor_002(api):
    assert_error(api.post(LOGIN, raw=b'{"request": {"userName": "\xff\xfe"}}'), "PMS_COR_002")


def test_wrong_content_type_is_415_in_the_envelope(api):
    answer = api.post(LOGIN, raw="userName=x&password=y", content_type="application/x-www-form-urlencoded")
    assert_error(answer, "PMS_COR_002", status=415)


@pytest.mark.parametrize("path", ["/partnermanagement/v1/nothing", "/v1/masterdata/nothing", "/masterdata/x", "/v1/x/y"])
def test_unknown_api_path_is_404_in_the_envelope(api, path):
    assert_error(api.get(path), "PMS_COR_002", status=404)
    assert_error(api.post(path, {"a": 1}), "PMS_COR_002", status=404)


def test_wrong_method_is_405_in_the_envelope(api):
    answer = api.get(LOGIN)
    assert_error(answer, "PMS_COR_002", status=405)
    assert "GET" in answer.body["errors"][0]["message"]


def test_unexpected_exception_is_pms_cor_003_without_a_trace(api, monkeypatch):
    from accounts import services

    def explode(*args, **kwargs):
        raise RuntimeError("database password is hunter2")

    monkeypatch.setattr(services, "login_with_password", explode)
    answer = api.post(LOGIN, {"userName": "x", "password": "y"})
    assert_error(answer, "PMS_COR_003", status=500)
    text = json.dumps(answer.body)
    assert "hunter2" not in text and "Traceback" not in text and "RuntimeError" not in text


@pytest.mark.parametrize("params", [{"page": "-1"}, {"page": "abc"}, {"pageSize": "0"}, {"pageSize": "1.5"}])
def test_bad_pagination_is_pms_cor_002(api, params):
    admin = make_user("root", ["PARTNER_ADMIN"])
    assert_error(api.get(AUDITS, token=token_for(admin), params=params), "PMS_COR_002")


def test_page_size_above_500_is_capped(api):
    admin = make_user("root", ["PARTNER_ADMIN"])
    answer = api.get(AUDITS, token=token_for(admin), params={"pageSize": "100000"})
    assert answer.body["metadata"]["pageSize"] == 500


def test_rest_status_setting_switches_business_errors_to_4xx(api, settings):
    assert api.post(LOGIN, {"userName": "x"}).status == 200
    settings.PMS_REST_STATUS_CODES = True
    assert_error(api.post(LOGIN, {"userName": "x"}), "PMS_COR_001", status=400)


def test_every_answer_carries_a_request_id(api):
    answer = api.get("/v1/auditmanager/audits", headers={"X-Request-ID": "trace-123"})
    assert answer.headers["X-Request-ID"] == "trace-123"


def test_options_is_405_in_the_envelope(api):
    assert_error(api.call("options", LOGIN), "PMS_COR_002", status=405)


def test_a_real_client_receives_the_413_for_a_ten_megabyte_upload(live_server):
    """Over a socket: the server reads the oversized body before answering, so the client
    is not cut off mid-upload and gets the envelope (SPEC §9.21)."""
    import http.client
    from urllib.parse import urlparse

    url = urlparse(live_server.url)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    body = b"{" + b" " * (10 * 1024 * 1024) + b"}"
    conn.request("POST", LOGIN, body=body, headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    payload = json.loads(response.read())
    conn.close()
    assert response.status == 413
    assert payload["errors"][0]["errorCode"] == "PMS_COR_002"


def _envelope_views():
    from django.urls import get_resolver

    from kernel.api import EnvelopeAPIView

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                view = getattr(pattern.callback, "view_class", None)
                if view is not None and issubclass(view, EnvelopeAPIView):
                    yield prefix + str(pattern.pattern), view

    return list(walk(get_resolver().url_patterns))


def test_every_envelope_view_names_its_documented_id_for_every_method():
    """1.0 routes name their envelope id; 1.2 routes declare the envelope each method answers
    in (kernel.mosip12: V1 with its id, possibly null as MOSIP's, or V2 with its API id)."""
    from kernel.mosip12 import Mosip12APIView
    from kernel.views import UnknownRouteView

    missing = []
    for route, view in _envelope_views():
        for method in ("get", "post", "put", "patch", "delete"):
            if not hasattr(view, method) or view is UnknownRouteView:
                continue
            if issubclass(view, Mosip12APIView):
                declared = method.upper() in view.answers or "*" in view.answers
            else:
                declared = bool(view().documented_id(method.upper()))
            if not declared:
                missing.append(f"{method.upper()} {route} ({view.__name__})")
    assert missing == []


def test_errors_carry_the_documented_id_when_the_request_names_none(api):
    denied = api.post("/partnermanagement/v1/policies/policies/policyGroup", body={"request": {"name": "x"}})
    assert denied.status == 401 and denied.body["id"] == "mosip.partnermanagement.policyGroup.create"
    wrong = api.post(LOGIN, body={"request": {"userName": "nobody", "password": "x"}})
    assert wrong.body["id"] == "mosip.io.userId.pwd"
    echoed = api.post(LOGIN, body={"id": "client.id", "request": {"userName": "nobody", "password": "x"}})
    assert echoed.body["id"] == "client.id"


def test_a_disallowed_host_says_what_is_wrong(client):
    answer = client.get("/v1/auditmanager/audits", headers={"Host": "evil.example"})
    assert answer.status_code == 400
    assert "PMS_ALLOWED_HOSTS" in json.loads(answer.content)["errors"][0]["message"]
    page = client.get("/admin/", headers={"Host": "evil.example"})
    assert page.status_code == 400 and b"PMS_ALLOWED_HOSTS" in page.content
