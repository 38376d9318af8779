"""Transport details from the hardening issue (finding 8): chunked bodies, long URLs, caching
of API answers, Content-Security-Policy on pages, and tokens after a password change."""

import json

import pytest
from django.test import Client

from tests.support.api import PmsApi, assert_error, assert_ok
from tests.support.users import PASSWORD, make_user, token_for

pytestmark = pytest.mark.django_db

LOGIN = "/v1/authmanager/authenticate/useridPwd"
AUDITS = "/v1/auditmanager/audits"


def test_chunked_body_is_refused_with_411_not_read_as_empty(api):
    answer = api.post(LOGIN, raw=b"", headers={"Transfer-Encoding": "chunked"})
    assert_error(answer, "PMS_COR_002", status=411)
    assert "Content-Length" in answer.body["errors"][0]["message"]


def test_a_real_chunked_upload_gets_the_411_envelope(live_server):
    import socket
    from urllib.parse import urlparse

    url = urlparse(live_server.url)
    body = json.dumps({"request": {"userName": "x", "password": "y"}}).encode()
    raw = (f"POST {LOGIN} HTTP/1.1\r\nHost: {url.hostname}\r\nContent-Type: application/json\r\n"
           "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").encode()
    raw += f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\n\r\n"
    with socket.create_connection((url.hostname, url.port), timeout=30) as conn:
        conn.sendall(raw)  # one write: the server may answer and close before reading the body
        received = b""
        while chunk := conn.recv(65536):
            received += chunk
    head, _, payload = received.partition(b"\r\n\r\n")
    assert head.split(b" ")[1] == b"411"
    assert json.loads(payload)["errors"][0]["errorCode"] == "PMS_COR_002"


def test_a_too_long_url_is_414_in_the_envelope(api, settings):
    settings.PMS_MAX_URL_LENGTH = 4096
    answer = api.get(AUDITS + "?eventId=" + "x" * 5000)
    assert_error(answer, "PMS_COR_002", status=414)


def test_api_answers_are_not_cached(api):
    make_user("someone", ["AUDITOR"])
    login = api.post(LOGIN, {"userName": "someone", "password": PASSWORD})
    assert_ok(login)
    assert "no-store" in login.headers["Cache-Control"]
    assert "no-store" in api.get(AUDITS).headers["Cache-Control"]  # errors too


@pytest.mark.parametrize("path", ["/", "/admin/login/", "/api/docs/"])
def test_pages_carry_a_content_security_policy(client, path):
    answer = client.get(path)
    assert answer.status_code == 200
    policy = answer.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-eval" not in policy


def test_swagger_ui_runs_its_configuration_from_a_script_file(client):
    page = client.get("/api/docs/").content.decode()
    assert "<script>" not in page.replace(" ", "")  # no inline script for the CSP to block
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and "javascript" in script.headers["Content-Type"]


def test_api_docs_without_the_slash_redirects(client):
    answer = client.get("/api/docs")
    assert answer.status_code in (301, 302) and answer.headers["Location"].endswith("/api/docs/")


def test_a_password_change_ends_the_users_tokens(api):
    user = make_user("someone", ["AUDITOR"])
    token = token_for(user)
    assert_ok(api.get(AUDITS, token=token))
    user.set_password("Another-Horse-77")
    user.save()
    assert_error(api.get(AUDITS, token=token), "KER-ATH-401", status=401)
    assert_ok(PmsApi(token=token_for(user)).get(AUDITS))


def test_an_admin_session_ends_with_a_password_change():
    user = make_user("boss", ["PARTNER_ADMIN"])
    user.is_staff = True
    user.save()
    browser = Client()
    browser.force_login(user)
    assert browser.get("/admin/").status_code == 200
    user.set_password("Another-Horse-77")
    user.save()
    assert browser.get("/admin/").status_code == 302
