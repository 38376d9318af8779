"""Running in production (hardening issue items 8, 9, 17, 21): the proxy in front of gunicorn
(deploy/nginx.conf) keeps slow clients away from the sync workers; gunicorn believes
X-Forwarded-Proto only when PMS_BEHIND_TLS_PROXY says a TLS proxy sets it; a weak
PMS_SECRET_KEY stops production at start-up; /healthz answers a probe by IP address and
says why it is down in one line."""

from __future__ import annotations

import importlib
import io
import logging
import os
import re
import secrets
import shutil
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import OperationalError, connection
from django.test import Client

from tests.support import free_port

ROOT = Path(__file__).resolve().parents[1]
NGINX_CONF = ROOT / "deploy" / "nginx.conf"



# --- 21: /healthz whatever the Host header, one line when down --------------------------


@pytest.fixture
def production_hosts(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["pms.example.org"]


@pytest.fixture
def service_log():
    """What the service's configured console handler writes, every level."""
    from kernel.logging import RedactSecrets

    root = logging.getLogger()
    handler = next(h for h in root.handlers if any(isinstance(f, RedactSecrets) for f in h.filters))
    stream, handler.stream = handler.stream, io.StringIO()
    level = root.level
    root.setLevel(logging.DEBUG)
    try:
        yield handler.stream
    finally:
        handler.stream = stream
        root.setLevel(level)


@pytest.mark.django_db
def test_healthz_answers_a_probe_by_ip_address_that_allowed_hosts_does_not_list(production_hosts, service_log):
    assert Client(HTTP_HOST="10.1.2.3").get("/portal/login/").status_code == 400  # the host check is on
    service_log.seek(0)
    service_log.truncate()
    answer = Client(HTTP_HOST="10.1.2.3").get("/healthz")
    assert answer.status_code == 200 and answer.json()["status"] == "UP"
    assert service_log.getvalue() == ""  # no DisallowedHost traceback


@pytest.mark.django_db
def test_healthz_with_the_database_down_is_503_and_one_log_line_with_the_reason(production_hosts, service_log,
                                                                              monkeypatch):
    def refused(*args, **kwargs):
        raise OperationalError('connection to server at "db" (10.0.0.5), port 5432 failed: Connection refused\n'
                               "\tIs the server running on that host and accepting TCP/IP connections?")

    monkeypatch.setattr(connection, "cursor", refused)
    answer = Client(HTTP_HOST="10.1.2.3").get("/healthz")
    assert answer.status_code == 503 and answer.json()["database"] == "unreachable"
    lines = service_log.getvalue().splitlines()
    assert len(lines) == 1, lines
    assert "database unreachable" in lines[0] and "Connection refused" in lines[0]
    assert "accepting TCP/IP connections" in lines[0]  # the whole reason, on the one line


# --- 17: a weak secret key stops production ----------------------------------------------


def _import_production_settings(tmp_path, secret_key: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PMS_", "DJANGO_")) and k != "DATABASE_URL"}
    env.update({"PMS_ENV": "production", "PMS_SECRET_KEY": secret_key, "PMS_ALLOWED_HOSTS": "pms.example.org",
                "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}"})
    return subprocess.run([sys.executable, "-c", "import config.settings"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)


@pytest.mark.parametrize("weak", [
    "change-me",                                              # short
    "a" * 64,                                                 # long, but 1 distinct character
    "abcd" * 16,                                              # 4 distinct characters
    "django-insecure-" + "q8Zr2kT5vW9xY3bN6mP1sL4dF7gH0jK" * 2,  # Django's startproject placeholder
])
def test_production_refuses_a_weak_secret_key_at_start_up(tmp_path, weak):
    result = _import_production_settings(tmp_path, weak)
    assert result.returncode != 0
    assert "PMS_SECRET_KEY is too weak" in result.stderr
    assert 'python -c "import secrets; print(secrets.token_urlsafe(64))"' in result.stderr


def test_production_starts_with_a_strong_secret_key(tmp_path):
    result = _import_production_settings(tmp_path, secrets.token_urlsafe(64))
    assert result.returncode == 0, result.stderr


# --- 9: X-Forwarded-Proto only from the declared TLS proxy --------------------------------


def _gunicorn_settings(monkeypatch, behind_tls_proxy: str | None):
    """config/gunicorn.py loaded as gunicorn loads it (``-c python:config.gunicorn``)."""
    from gunicorn.config import Config

    if behind_tls_proxy is None:
        monkeypatch.delenv("PMS_BEHIND_TLS_PROXY", raising=False)
    else:
        monkeypatch.setenv("PMS_BEHIND_TLS_PROXY", behind_tls_proxy)
    import config.gunicorn

    module = importlib.reload(config.gunicorn)
    cfg = Config()
    for name, value in vars(module).items():
        if name in cfg.settings:
            cfg.set(name.lower(), value)
    return module, cfg


def _scheme_seen(cfg, peer) -> str:
    from gunicorn.http.parser import RequestParser

    raw = b"GET /portal/login/ HTTP/1.1\r\nHost: pms.example.org\r\nX-Forwarded-Proto: https\r\n\r\n"
    return next(RequestParser(cfg, iter([raw]), peer)).scheme


@pytest.fixture
def reload_gunicorn_settings_after():
    yield
    import config.gunicorn

    importlib.reload(config.gunicorn)


@pytest.mark.parametrize("value", [None, "false", "0", "off"])
def test_without_a_tls_proxy_gunicorn_believes_no_forwarded_scheme(monkeypatch, reload_gunicorn_settings_after, value):
    module, cfg = _gunicorn_settings(monkeypatch, value)
    assert module.forwarded_allow_ips == "" and module.secure_scheme_headers == {}
    assert _scheme_seen(cfg, ("127.0.0.1", 40000)) == "http"  # from the loopback too
    assert _scheme_seen(cfg, "/run/pms/gunicorn.sock") == "http"  # and over a unix socket


@pytest.mark.parametrize("value", ["true", "1", "yes"])
def test_behind_a_tls_proxy_gunicorn_believes_it_only_from_the_proxy(monkeypatch, reload_gunicorn_settings_after,
                                                                     value):
    module, cfg = _gunicorn_settings(monkeypatch, value)
    assert module.forwarded_allow_ips == "127.0.0.1"
    assert module.secure_scheme_headers == {"X-FORWARDED-PROTO": "https"}
    assert _scheme_seen(cfg, ("127.0.0.1", 40000)) == "https"
    assert _scheme_seen(cfg, ("203.0.113.9", 40000)) == "http"  # a client reaching gunicorn directly


def test_gunicorn_timeouts_are_set_deliberately(monkeypatch, reload_gunicorn_settings_after):
    module, cfg = _gunicorn_settings(monkeypatch, None)
    assert (cfg.timeout, cfg.graceful_timeout, cfg.keepalive) == (30, 30, 2)
    nginx = NGINX_CONF.read_text()
    read_timeouts = [int(found) for found in re.findall(r"proxy_read_timeout (\d+)s;", nginx)]
    assert max(read_timeouts) > cfg.timeout  # gunicorn replaces a stuck worker before nginx gives up


# --- 8: the proxy in front of gunicorn ------------------------------------------------------


def test_the_proxy_configuration_matches_the_service_limits():
    from django.conf import settings

    import config.gunicorn as gunicorn_settings

    text = NGINX_CONF.read_text()
    directives = dict(re.findall(r"^\s*([a-z_]+)\s+([^;{]+);", text, re.M))
    assert directives["proxy_request_buffering"] == "on"
    size = directives["client_max_body_size"]
    assert int(size.rstrip("m")) * 1024 * 1024 == settings.PMS_MAX_BODY_BYTES
    count, buffer = directives["large_client_header_buffers"].split()
    assert int(buffer.rstrip("k")) * 1024 <= min(gunicorn_settings.limit_request_line + 2,
                                                 gunicorn_settings.limit_request_field_size)
    for timeout in ("client_body_timeout", "client_header_timeout", "send_timeout", "keepalive_timeout"):
        assert directives[timeout].endswith("s") and 0 < int(directives[timeout][:-1]) <= 30, timeout
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in text
    assert re.search(r"server 127\.0\.0\.1:8000;", text)
    assert directives["access_log"] == "off"  # gunicorn's access log is the redacted one


def _nginx_missing() -> str | None:
    """The reason to skip, or None; under PMS_REQUIRE_NGINX=1 (.ci/run) never skip: a
    missing nginx then fails the test."""
    if os.environ.get("PMS_REQUIRE_NGINX") == "1":
        return None
    if not shutil.which("nginx") and not os.path.exists("/usr/sbin/nginx"):
        return "needs nginx (apt-get install nginx-light) to check deploy/nginx.conf"
    return None


def _nginx() -> str:
    return shutil.which("nginx") or "/usr/sbin/nginx"


def _certificate(tmp_path) -> tuple[Path, Path]:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    from kernel.keys import self_signed_certificate

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    key_file, cert_file = tmp_path / "privkey.pem", tmp_path / "fullchain.pem"
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    cert_file.write_bytes(self_signed_certificate(key, "localhost").public_bytes(serialization.Encoding.PEM))
    return key_file, cert_file


def _local_copy(tmp_path, *, http_port: int, https_port: int, upstream_port: int) -> Path:
    """deploy/nginx.conf as shipped, with only what a test run must change: certificate,
    ports, the upstream's port, and files an unprivileged nginx can write."""
    key_file, cert_file = _certificate(tmp_path)
    text = NGINX_CONF.read_text()
    replacements = [
        ("user www-data;", ""),
        ("pid /run/nginx.pid;", f"pid {tmp_path}/nginx.pid;"),
        ("error_log /var/log/nginx/error.log crit;", f"error_log {tmp_path}/error.log crit;"),
        ("listen [::]:80 default_server;", ""),
        ("listen [::]:443 ssl default_server;", ""),
        ("listen 80 default_server;", f"listen 127.0.0.1:{http_port} default_server;"),
        ("listen 443 ssl default_server;", f"listen 127.0.0.1:{https_port} ssl default_server;"),
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream_port};"),
        ("/etc/ssl/pms/fullchain.pem", str(cert_file)),
        ("/etc/ssl/pms/privkey.pem", str(key_file)),
        ("http {", "http {\n" + "".join(f"    {kind}_temp_path {tmp_path}/{kind};\n"
                                         for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))),
    ]
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    local = tmp_path / "nginx.conf"
    local.write_text(text)
    return local


@pytest.mark.skipif(_nginx_missing() is not None, reason=_nginx_missing() or "")
def test_the_shipped_proxy_configuration_is_valid_nginx(tmp_path):
    local = _local_copy(tmp_path, http_port=free_port(), https_port=free_port(), upstream_port=free_port())
    result = subprocess.run([_nginx(), "-t", "-q", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"),
                             "-c", str(local)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def _slow_request(port: int, *, tls: bool) -> socket.socket:
    """A client that sends headers promising 200 bytes of body, then one byte."""
    raw = socket.create_connection(("127.0.0.1", port), timeout=10)
    conn = ssl._create_unverified_context().wrap_socket(raw, server_hostname="localhost") if tls else raw
    conn.sendall(b"POST /v1/authmanager/authenticate/useridPwd HTTP/1.1\r\nHost: localhost\r\n"
                 b"Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{")
    return conn


def _probe(port: int, *, tls: bool, timeout: float) -> int | None:
    """The status of GET /healthz, or None when no answer came within ``timeout`` seconds."""
    import http.client

    conn = (http.client.HTTPSConnection("127.0.0.1", port, timeout=timeout, context=ssl._create_unverified_context())
            if tls else http.client.HTTPConnection("127.0.0.1", port, timeout=timeout))
    try:
        conn.request("GET", "/healthz", headers={"Host": "localhost"})
        return conn.getresponse().status
    except (TimeoutError, socket.timeout):
        return None
    finally:
        conn.close()


@pytest.mark.skipif(_nginx_missing() is not None, reason=_nginx_missing() or "")
def test_slow_clients_hold_nginx_connections_not_gunicorn_workers(tmp_path):
    """The attack from the issue against one sync worker: two clients trickling a body.
    Straight to gunicorn, the health probe waits behind them; through the shipped proxy
    it is answered at once."""
    gunicorn_port, http_port, https_port = free_port(), free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PMS_", "DJANGO_")) and k != "DATABASE_URL"}
    env.update({"PMS_VAR_DIR": str(tmp_path / "var"), "DATABASE_URL": f"sqlite:///{tmp_path / 'pms.sqlite3'}"})
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "python:config.gunicorn", "--bind",
                               f"127.0.0.1:{gunicorn_port}", "--workers", "1", "config.wsgi:application"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    local = _local_copy(tmp_path, http_port=http_port, https_port=https_port, upstream_port=gunicorn_port)
    proxy = subprocess.Popen([_nginx(), "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(local),
                              "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    slow: list[socket.socket] = []
    try:
        for _ in range(150):
            try:
                if _probe(gunicorn_port, tls=False, timeout=1) == 200:
                    break
            except ConnectionRefusedError:
                pass
            assert server.poll() is None, server.stderr.read().decode()[-3000:]
            time.sleep(0.2)
        assert _probe(gunicorn_port, tls=False, timeout=5) == 200

        slow = [_slow_request(gunicorn_port, tls=False) for _ in range(2)]
        assert _probe(gunicorn_port, tls=False, timeout=2) is None  # the only worker is held
        for conn in slow:
            conn.close()
        slow = []
        assert _probe(gunicorn_port, tls=False, timeout=10) == 200

        slow = [_slow_request(https_port, tls=True) for _ in range(2)]
        started = time.monotonic()
        assert _probe(https_port, tls=True, timeout=5) == 200
        assert _probe(http_port, tls=False, timeout=5) == 200  # the plain-HTTP probe too
        assert time.monotonic() - started < 5
        assert proxy.poll() is None, proxy.stderr.read().decode()[-3000:]
    finally:
        for conn in slow:
            conn.close()
        for process in (proxy, server):
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
