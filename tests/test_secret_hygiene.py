"""No password, token, API key or license key in the logs the service writes or in audit
rows (SPEC §6), and the cookie flags production relies on."""

import datetime as dt
import io
import json
import logging

import pytest

from audit.models import AuditEvent
from kernel.logging import REDACTED, RedactingGunicornLogger, RedactSecrets, redact
from tests.support.api import PmsApi, assert_ok
from tests.support.users import PASSWORD, make_user, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def service_log():
    """What the service's console handler writes (the configured handler, its filters)."""
    handler = next(h for h in logging.getLogger().handlers if any(isinstance(f, RedactSecrets) for f in h.filters))
    stream, handler.stream = handler.stream, io.StringIO()
    try:
        yield handler.stream
    finally:
        handler.stream = stream


def test_redaction_of_key_bearing_paths_and_tokens():
    key, licence = "k" * 43, "L" * 50
    assert key not in redact(f"Not Found: /partnermanagement/v1/policies/partnerApiKey/{key}")
    assert licence not in redact(f"GET /pmpartners/validatePartnerMisp/partnerId/p/partnerApiKey/x/mispLicenseKey/{licence}")
    assert "short-key" not in redact("/partnermanagement/v1/pmpartners/pmpartners/airtel-01/short-key")
    assert redact("/v1/masterdata/registereddevices/deregister/8cd42864-2cdc-4067-8d11-40b25ff8c760").endswith("c760")
    assert "eyJhbGciOiJSUzI1NiJ9" not in redact("token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0x.c2lnbmF0dXJlMTIz")


def test_gunicorns_access_log_is_redacted():
    from gunicorn.config import Config

    class Response:
        status, sent, headers = "200 OK", 10, []

    key = "A" * 43
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": f"/partnermanagement/v1/policies/partnerApiKey/{key}",
               "PATH_INFO": f"/partnermanagement/v1/policies/partnerApiKey/{key}", "QUERY_STRING": "",
               "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "10.0.0.1"}
    atoms = RedactingGunicornLogger(Config()).atoms(
        Response(), [("Authorization", "Bearer eyJ.secret"), ("Cookie", "Authorization=eyJ")], environ,
        dt.timedelta(milliseconds=3))
    assert key not in atoms["r"] and key not in atoms["U"] and REDACTED in atoms["r"]
    assert atoms["{authorization}i"] == REDACTED and atoms["{cookie}i"] == REDACTED


def test_secrets_used_over_http_never_reach_the_log_or_the_audit_trail(service_log, settings):
    settings.PMS_REST_STATUS_CODES = True  # so failed lookups are 404s, which Django logs with their path
    admin = make_user("root", ["PARTNER_ADMIN"])
    login = PmsApi().post("/v1/authmanager/authenticate/useridPwd",
                          {"appId": "partnermanagement", "userName": "root", "password": PASSWORD})
    token = login.cookies["Authorization"].value
    api = PmsApi(token=token)
    misp = assert_ok(api.post("/partnermanagement/v1/misps/misps", {
        "organizationName": "Telecom MISP", "contactNumber": "1", "emailId": "ops@misp.example", "address": "x"}))
    licence = assert_ok(api.patch(f"/partnermanagement/v1/misps/misps/{misp['mispID']}/status",
                                  {"mispStatus": "approved"}))["mispLicenseKey"]
    assert_ok(api.patch(f"/partnermanagement/v1/misps/misps/{misp['mispID']}/licenseKey", {"mispLicenseKey": licence}))
    guessed_key = "G" * 43
    api.get(f"/partnermanagement/v1/policies/policies/partnerApiKey/{guessed_key}")
    outsider = PmsApi(token=token_for(make_user("outsider", ["AUTH_PARTNER"])))
    outsider.get(f"/partnermanagement/v1/pmpartners/pmpartners/validatePartnerMisp/partnerId/p1/partnerApiKey/"
                 f"{guessed_key}/mispLicenseKey/{licence}")  # 403, which Django logs with the path
    api.get(f"/partnermanagement/v1/misps/misps/{misp['mispID']}/licenseKey")

    written = service_log.getvalue()
    assert "Forbidden" in written and REDACTED in written  # the refusals were logged, redacted
    rows = json.dumps(list(AuditEvent.objects.values()), default=str)
    for secret in (PASSWORD, token, token.split(".")[2], licence, guessed_key):
        assert secret not in written, secret[:8]
        assert secret not in rows, secret[:8]
    assert admin.pk


def test_production_cookie_flags(tmp_path):
    from tests.test_operations import _manage, _production

    script = ("from django.conf import settings; from accounts.conf import app_settings as a; import json; "
              "print(json.dumps([settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, "
              "settings.SESSION_COOKIE_HTTPONLY, a.PMS_TOKEN_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS > 0, "
              "settings.SECURE_SSL_REDIRECT]))")
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    from kernel.keys import self_signed_certificate

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (tmp_path / "k.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption()))
    (tmp_path / "c.pem").write_bytes(self_signed_certificate(key, "PMS").public_bytes(serialization.Encoding.PEM))
    env = _production(tmp_path, PMS_SIGNING_KEY_FILE=str(tmp_path / "k.pem"), PMS_SIGNING_CERT_FILE=str(tmp_path / "c.pem"))
    result = _manage(env, "shell", "-c", script)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [True, True, True, True, True, True]


def test_the_token_cookie_is_secure_http_only_and_same_site_in_production(settings):
    settings.PMS_TOKEN_COOKIE_SECURE = True
    make_user("root", ["PARTNER_ADMIN"])
    login = PmsApi().post("/v1/authmanager/authenticate/useridPwd",
                          {"appId": "partnermanagement", "userName": "root", "password": PASSWORD})
    cookie = login.cookies["Authorization"]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] in ("Strict", "Lax")
