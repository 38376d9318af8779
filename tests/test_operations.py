import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]


def test_healthz_is_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "UP"


def test_healthz_is_503_when_the_database_does_not(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["status"] == "DOWN"


def test_openapi_schema_lists_the_auth_endpoints_with_envelopes(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    assert "/v1/authmanager/authenticate/useridPwd" in paths
    assert "/v1/auditmanager/audits" in paths
    assert "/v1/keymanager/getCertificate" in paths
    assert "/v1/authenticate/useridPwd" not in paths  # aliases stay out of the schema
    body = paths["/v1/authmanager/authenticate/useridPwd"]["post"]["requestBody"]["content"]["application/json"]
    ref = body["schema"]["$ref"].rsplit("/", 1)[-1]
    assert set(schema["components"]["schemas"][ref]["properties"]) >= {"id", "version", "requesttime", "request"}
    audits = paths["/v1/auditmanager/audits"]["get"]["responses"]
    assert {"200", "401", "403"} <= set(audits)
    assert audits["403"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorEnvelope")
    assert "401" not in paths["/v1/keymanager/getCertificate"]["get"]["responses"]  # public endpoint
    assert paths["/v1/auditmanager/audits"]["get"]["security"] == [{"mosipTokenCookie": []}, {"bearerToken": []}]


def test_swagger_ui_is_served_without_any_cdn(client):
    html = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in html
    assert "cdn." not in html and "unpkg" not in html and "jsdelivr" not in html
    assert "/static/drf_spectacular_sidecar/" in html


def _manage(env_overrides, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PMS_") and k != "DATABASE_URL"}
    env.update(env_overrides)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_in_production_mode(tmp_path):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    from kernel.keys import self_signed_certificate

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (tmp_path / "k.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption()))
    (tmp_path / "c.pem").write_bytes(self_signed_certificate(key, "PMS").public_bytes(serialization.Encoding.PEM))
    result = _manage(
        {
            "PMS_ENV": "production",
            "PMS_SECRET_KEY": "x" * 20 + "a-long-and-random-production-secret-value-0123456789",
            "PMS_ALLOWED_HOSTS": "pms.example.org",
            "PMS_SIGNING_KEY_FILE": str(tmp_path / "k.pem"),
            "PMS_SIGNING_CERT_FILE": str(tmp_path / "c.pem"),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
            "PMS_DATA_KEYS": DATA_KEY,
            "PMS_LOOKUP_KEY": LOOKUP_KEY,
        },
        "check", "--deploy", "--fail-level", "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


DATA_KEY = "kKXbL2c3s0yK0eC1mF7mS6u8x3Y8b9JYQpX0w6bJx2Q="
LOOKUP_KEY = "Zq1m8c7Yw4nL2p0sR5tV9xB3dF6hJ8kM1qW4eR7tY0U="


def _production(tmp_path, **overrides):
    env = {
        "PMS_DATA_KEYS": DATA_KEY,
        "PMS_LOOKUP_KEY": LOOKUP_KEY,
        "PMS_ENV": "production",
        "PMS_SECRET_KEY": "x" * 20 + "a-long-and-random-production-secret-value-0123456789",
        "PMS_ALLOWED_HOSTS": "pms.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
    }
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def test_generated_key_files_pass_the_production_checks(tmp_path):
    made = _manage({}, "generate_signing_key", "--key-out", str(tmp_path / "k.pem"), "--cert-out", str(tmp_path / "c.pem"))
    assert made.returncode == 0, made.stderr
    assert (tmp_path / "k.pem").stat().st_mode & 0o077 == 0
    again = _manage({}, "generate_signing_key", "--key-out", str(tmp_path / "k.pem"), "--cert-out", str(tmp_path / "x.pem"))
    assert again.returncode != 0 and "refusing to overwrite" in again.stderr
    env = _production(tmp_path, PMS_SIGNING_KEY_FILE=str(tmp_path / "k.pem"), PMS_SIGNING_CERT_FILE=str(tmp_path / "c.pem"))
    result = _manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("key,cert,expected", [
    (None, None, "Set PMS_SIGNING_KEY_FILE and PMS_SIGNING_CERT_FILE"),
    ("k.pem", None, "Set PMS_SIGNING_KEY_FILE and PMS_SIGNING_CERT_FILE"),
    ("missing.pem", "c.pem", "No such file"),
    ("c.pem", "c.pem", "not a usable PEM key"),
    ("k.pem", "other-c.pem", "does not match"),
])
def test_a_wrong_or_half_set_signing_key_fails_the_checks(tmp_path, key, cert, expected):
    _manage({}, "generate_signing_key", "--key-out", str(tmp_path / "k.pem"), "--cert-out", str(tmp_path / "c.pem"))
    _manage({}, "generate_signing_key", "--key-out", str(tmp_path / "other-k.pem"), "--cert-out", str(tmp_path / "other-c.pem"))
    env = _production(tmp_path, PMS_SIGNING_KEY_FILE=str(tmp_path / key) if key else None,
                      PMS_SIGNING_CERT_FILE=str(tmp_path / cert) if cert else None)
    result = _manage(env, "check")
    assert result.returncode != 0
    assert expected in result.stderr, result.stderr


def test_healthz_is_503_when_the_signing_key_cannot_be_loaded(client, settings, tmp_path):
    settings.PMS_SIGNING_KEY_FILE = str(tmp_path / "missing.pem")
    settings.PMS_SIGNING_CERT_FILE = str(tmp_path / "missing-cert.pem")
    answer = client.get("/healthz")
    assert answer.status_code == 503 and answer.json()["signingKey"].startswith("unusable")


def test_production_without_a_database_url_refuses_to_start(tmp_path):
    result = _manage(_production(tmp_path, DATABASE_URL=None), "check")
    assert result.returncode != 0
    assert "DATABASE_URL must be set" in result.stderr


def test_production_without_a_secret_key_refuses_to_start():
    result = _manage({"PMS_ENV": "production", "PMS_ALLOWED_HOSTS": "pms.example.org"}, "check")
    assert result.returncode != 0
    assert "PMS_SECRET_KEY must be set" in result.stderr


def test_openapi_schema_generates_without_warnings(tmp_path):
    from django.core.management import call_command

    out = tmp_path / "schema.json"
    call_command("spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", "--file", str(out))
    assert out.stat().st_size > 1000


def test_every_operation_documents_the_error_envelope_for_each_failure(client):
    """Fuzzing finding: every failure status an operation can answer is documented with the
    error envelope, and a business error (HTTP 200 by default, as MOSIP) is documented
    beside the success envelope."""
    from tests.support.api import documented_success, openapi_schema

    schema = openapi_schema()
    error = schema["components"]["schemas"]["ErrorEnvelope"]
    assert error["properties"]["errors"]["minItems"] == 1  # a failure names its code
    assert error["properties"]["response"]["enum"] == [None]  # and carries no response
    operations = [(path, method, op) for path, ops in schema["paths"].items() for method, op in ops.items()]
    assert len(operations) > 60
    for path, method, operation in operations:
        responses = operation["responses"]
        for status in ("400", "404", "405", "409", "411", "413", "414", "415", "500"):
            body = responses[status]["content"]["application/json"]["schema"]
            assert body == {"$ref": "#/components/schemas/ErrorEnvelope"}, (path, method, status)
        if any(operation.get("security", [])):
            assert {"401", "403"} <= set(responses), (path, method)
        else:  # public: only the auth manager's own endpoints answer 401 (wrong credentials, no token)
            assert "403" not in responses and ("401" in responses) == path.startswith("/v1/authmanager/"), path
        success = [status for status in responses if status.startswith("2")]
        assert success == ["200"], (path, method, success)  # MOSIP answers 200 in the envelope, DELETE too
        documented = set(documented_success(schema, path, method)["properties"])
        assert "errors" in documented and ("responsetime" in documented or "responseTime" in documented)
