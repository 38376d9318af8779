"""The database going away (PostgreSQL): requests in flight answer PMS_COR_003 in the
envelope, /healthz answers 503, and the service recovers by itself when the database is
back. Driven through Django's real WSGI handler (not the test client, which keeps a broken
connection open), so connections are dropped and re-made exactly as under gunicorn."""

import json

import psycopg
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory

from tests.support.users import make_user, token_for

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

GROUPS = "/partnermanagement/v1/policies/policies/policyGroups"


def call(path: str, token: str | None = None) -> tuple[int, dict]:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    environ = RequestFactory().get(path, **headers).environ
    status = {}

    def start_response(line, _headers, exc_info=None):
        status["code"] = int(line.split()[0])

    response = WSGIHandler()(environ, start_response)
    try:
        body = b"".join(response)
    finally:
        response.close()  # request_finished: Django drops a connection that failed
    return status["code"], json.loads(body)


@pytest.fixture
def superuser_connection():
    settings = connection.settings_dict
    with psycopg.connect(host=settings["HOST"] or "127.0.0.1", port=settings["PORT"] or 5432,
                         user=settings["USER"], password=settings["PASSWORD"] or None, dbname="postgres",
                         autocommit=True) as admin:
        yield admin, connection.settings_dict["NAME"]
        admin.execute(f'ALTER DATABASE "{connection.settings_dict["NAME"]}" ALLOW_CONNECTIONS true')


def test_requests_fail_cleanly_while_the_database_is_gone_and_recover_after(superuser_connection):
    admin, name = superuser_connection
    token = token_for(make_user("root", ["PARTNER_ADMIN"]))
    assert call(GROUPS, token)[0] == 200
    assert call("/healthz")[0] == 200

    admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
    admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                  "AND pid <> pg_backend_pid()", [name])
    status, body = call(GROUPS, token)
    assert status == 500 and [e["errorCode"] for e in body["errors"]] == ["PMS_COR_003"]
    assert "Traceback" not in json.dumps(body) and "psycopg" not in json.dumps(body)
    status, health = call("/healthz")
    assert status == 503 and health["database"] == "unreachable"
    status, body = call(GROUPS, token)  # still gone: still the envelope, never a crash
    assert status == 500 and body["errors"][0]["errorCode"] == "PMS_COR_003"

    admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
    assert call("/healthz")[0] == 200
    status, body = call(GROUPS, token)
    assert status == 200 and body["errors"] == []


def _cut_every_connection(admin, name):
    admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                  "AND pid <> pg_backend_pid()", [name])


def test_a_connection_used_within_the_window_is_not_checked_and_fails_once(superuser_connection, settings):
    """PMS_DB_HEALTH_CHECK_IDLE_SECONDS (kernel/postgresql): a connection that ran a statement
    moments ago goes without the `SELECT 1`; if it died in that window its request answers
    PMS_COR_003, as a request in flight would, and the next one has a new connection."""
    admin, name = superuser_connection
    settings.PMS_DB_HEALTH_CHECK_IDLE_SECONDS = 60
    token = token_for(make_user("root", ["PARTNER_ADMIN"]))
    assert call(GROUPS, token)[0] == 200
    _cut_every_connection(admin, name)
    status, body = call(GROUPS, token)
    assert status == 500 and body["errors"][0]["errorCode"] == "PMS_COR_003"
    status, body = call(GROUPS, token)
    assert status == 200 and body["errors"] == []


@pytest.mark.parametrize("window", [0, 0.2])
def test_a_connection_idle_longer_than_the_window_is_checked_and_replaced(superuser_connection, settings, window):
    """0 checks before every request (Django's behaviour); otherwise a connection idle for
    longer than the window is checked, so one cut while idle is replaced unseen."""
    import time

    admin, name = superuser_connection
    settings.PMS_DB_HEALTH_CHECK_IDLE_SECONDS = window
    token = token_for(make_user("root", ["PARTNER_ADMIN"]))
    assert call(GROUPS, token)[0] == 200
    _cut_every_connection(admin, name)
    time.sleep(window + 0.1)
    status, body = call(GROUPS, token)
    assert status == 200 and body["errors"] == []
