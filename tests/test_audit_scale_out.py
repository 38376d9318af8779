"""The audit trail scales out (issue 25 §2): two gunicorn instances (separate processes and
ports, production settings, 2 workers each) on one PostgreSQL database take audited logins,
reads and policy-group creations at once; every row lands in an intact chain of the worker
that wrote it, `audit_checkpoint` witnesses the tails and `verify_audit` confirms all of it
against the checkpoint file the instances appended to."""

from __future__ import annotations

import json
import threading
import urllib.request

import pytest

from bench import harness

pytestmark = pytest.mark.postgres

LOGIN = "/v1/authmanager/authenticate/useridPwd"
GROUPS = "/partnermanagement/v1/policies/policyGroup"
PASSWORD = "Scale-Out-Pass-71"


def call(base: str, path: str, body: dict | None = None, token: str = "") -> tuple[dict, dict]:
    data = None if body is None else json.dumps({"id": "x", "version": "1.0", "requesttime": harness.now_text(),
                                                  "request": body}).encode()
    request = urllib.request.Request(base + path, data=data, method="POST" if body is not None else "GET",
                                     headers={"Content-Type": "application/json",
                                              **({"Authorization": f"Bearer {token}"} if token else {})})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.load(answer), dict(answer.headers)


@pytest.fixture
def database(tmp_path):
    from django.conf import settings

    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        pytest.skip("needs PostgreSQL")  # the marker's skip or failure applies first
    db = harness.create_database("postgres", tmp_path)
    assert db.vendor == "postgresql", "PostgreSQL is required here"
    yield db
    db.drop()


def test_two_gunicorn_instances_write_intact_chains_side_by_side(database, tmp_path):
    env = harness.service_environment(database, tmp_path)
    env.update({"PMS_AUDIT_CHECKPOINT_FILE": str(tmp_path / "checkpoints.jsonl"), "PMS_AUDIT_CHECKPOINT_SECONDS": "1"})
    harness.manage(env, "migrate", "--no-input")
    harness.manage(env, "shell", "-c", "from tests.support.users import make_user; "
                   f"make_user('pm', ['POLICYMANAGER'], password='{PASSWORD}')")
    servers = []
    try:
        for name in ("a", "b"):
            workdir = tmp_path / name
            workdir.mkdir()
            servers.append(harness.start_server(env, workdir, workers=2))
        errors: list[BaseException] = []

        def drive(server, index):
            try:
                for n in range(8):
                    if n % 4 == 0:  # a login hashes the password: a few are enough
                        login, _ = call(server.base, LOGIN, {"userName": "pm", "password": PASSWORD,
                                                             "appId": "partnermanagement"})
                        token = login["response"]["token"]
                    created, _ = call(server.base, GROUPS, {"name": f"group {index}-{n}", "desc": "scale-out"},
                                      token=token)
                    assert created["errors"] in (None, []), created
            except BaseException as exc:  # noqa: BLE001 (reported below, in the test's thread)
                errors.append(exc)

        threads = [threading.Thread(target=drive, args=(server, index))
                   for index, server in enumerate(servers * 2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert not errors, errors
    finally:
        for server in servers:
            server.stop()
    harness.manage(env, "audit_checkpoint")
    shell = ("from audit.models import AuditEvent; import json; "
             "print(json.dumps([AuditEvent.objects.count(), AuditEvent.objects.filter(chain__isnull=True).count(), "
             "AuditEvent.objects.filter(event_key='policy.group.create.success').count(), "
             "sorted(set(AuditEvent.objects.values_list('chain__pid', flat=True)))]))")
    rows, unchained, created, pids = json.loads(harness.manage(env, "shell", "-c", shell).strip().splitlines()[-1])
    assert created == 4 * 8 and unchained == 0
    assert len(pids) >= 3  # the workers of both instances each wrote a chain of their own
    verified = harness.manage(env, "verify_audit", "--checkpoints", env["PMS_AUDIT_CHECKPOINT_FILE"]).strip()
    assert verified.startswith(f"audit chain intact: {rows} rows in ")
