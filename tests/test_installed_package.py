"""The wheel an operator installs works on its own, away from the checkout (hardening
issue, operator finding 1): build it, install it into a new virtualenv, and from another
directory migrate, collect static files, pass ``check --deploy``, start gunicorn with the
shipped configuration and use the login, a policy (JSON schemas), the admin (templates and
static files), the API docs and the portal (templates, stylesheet, Arabic catalogue)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.support import free_port

pytestmark = pytest.mark.package

ROOT = Path(__file__).resolve().parents[1]


def _run(args, **kwargs):
    result = subprocess.run(args, capture_output=True, text=True, timeout=600, **kwargs)
    assert result.returncode == 0, f"{args}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result



def _call(url, body=None, token=None, extra_headers=None):
    headers = {"Content-Type": "application/json"} if body is not None else {}
    headers.update(extra_headers or {})
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers=headers, method="POST" if body is not None else "GET")
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_the_installed_wheel_serves_login_policies_admin_and_docs(tmp_path):
    dist, venv, run_dir, source = tmp_path / "dist", tmp_path / "venv", tmp_path / "elsewhere", tmp_path / "source"
    run_dir.mkdir()
    # Build from a copy: setuptools writes build/ and *.egg-info into the tree it builds.
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "var", "build", "dist", "*.egg-info", "__pycache__", "db.sqlite3*", "bench"))
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(dist), str(source)])
    wheel = next(dist.glob("pms-*.whl"))
    _run([sys.executable, "-m", "venv", str(venv)])
    _run([str(venv / "bin" / "pip"), "install", "--quiet", str(wheel)])

    env = {k: v for k, v in os.environ.items() if not k.startswith(("PMS_", "DJANGO_")) and k not in ("DATABASE_URL", "PYTHONPATH")}
    env.update({
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PMS_ENV": "production",
        "PMS_SECRET_KEY": "an-installed-package-test-secret-" + "k" * 30,
        "PMS_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{run_dir / 'pms.sqlite3'}",
        "PMS_SIGNING_KEY_FILE": str(run_dir / "signing-key.pem"),
        "PMS_SIGNING_CERT_FILE": str(run_dir / "signing-cert.pem"),
        "PMS_STATIC_ROOT": str(run_dir / "static"),
        "PMS_SSL_REDIRECT": "false",
        "PMS_DATA_KEYS": "kKXbL2c3s0yK0eC1mF7mS6u8x3Y8b9JYQpX0w6bJx2Q=",
        "PMS_LOOKUP_KEY": "Zq1m8c7Yw4nL2p0sR5tV9xB3dF6hJ8kM1qW4eR7tY0U=",
        "PMS_COOKIE_SECURE": "false",
        "PMS_TOKEN_COOKIE_SECURE": "false",
    })
    admin = [str(venv / "bin" / "django-admin")]
    kw = {"cwd": run_dir, "env": env}
    _run(admin + ["generate_signing_key", "--key-out", env["PMS_SIGNING_KEY_FILE"], "--cert-out",
                  env["PMS_SIGNING_CERT_FILE"]], **kw)
    _run(admin + ["migrate", "--no-input"], **kw)
    _run(admin + ["collectstatic", "--no-input"], **kw)
    _run(admin + ["check", "--deploy"], **kw)
    _run(admin + ["create_pms_user", "pm", "--password", "Installed-Horse-42", "--roles", "POLICYMANAGER",
                  "--policy-groups", "Banking"], **kw)

    port = free_port()
    server = subprocess.Popen([str(venv / "bin" / "gunicorn"), "-c", "python:config.gunicorn", "--bind",
                               f"127.0.0.1:{port}", "--workers", "1", "config.wsgi:application"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kw)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if _call(base + "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        assert _call(base + "/healthz")[0] == 200
        status, body = _call(base + "/v1/authmanager/authenticate/useridPwd",
                             {"request": {"userName": "pm", "password": "Installed-Horse-42"}})
        assert status == 200, body
        token = json.loads(body)["response"]["token"]
        document = {"authPolicies": [{"authType": "otp", "mandatory": True}],
                    "allowedKycAttributes": [{"attributeName": "fullName"}]}
        status, body = _call(base + "/partnermanagement/v1/policies", {"request": {
            "name": "p", "desc": "d", "policies": document, "policyGroupName": "Banking", "policyType": "Auth"}}, token)
        assert status == 200 and json.loads(body)["errors"] == [], body
        status, page = _call(base + "/admin/login/")
        assert status == 200 and b"csrfmiddlewaretoken" in page
        assert _call(base + "/static/admin/css/base.css")[0] == 200
        status, docs = _call(base + "/api/docs/")
        assert status == 200 and b"swagger" in docs.lower()
        assert _call(base + "/")[0] == 200
        # The portal's templates, stylesheet and compiled catalogues travel in the wheel.
        status, page = _call(base + "/portal/register/", extra_headers={"Accept-Language": "ar"})
        assert status == 200 and b'dir="rtl"' in page and "سجّل مؤسستك".encode() in page
        assert _call(base + "/static/portal/portal.css")[0] == 200
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert b"Traceback" not in output, output.decode(errors="replace")[-3000:]
