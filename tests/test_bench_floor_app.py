"""The bench's framework floor (bench/floor_app, docs/benchmark.md) is what it claims to be:
a token the service would accept gets the token's user row; a token not signed by the
service's key, another user's row or no token is refused; and the app loads no project
package, so what it costs is the framework's alone.

It runs in a subprocess: the floor has its own settings module, and this process's Django
is set up with the service's."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PACKAGES = ["config", "kernel", "audit", "events", "accounts", "policies", "partners", "misp", "devices", "portal"]

SCRIPT = """
import datetime as dt, json, os, sys, time, uuid
import django, jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

def key_and_cert():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "floor test")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now).not_valid_after(now + dt.timedelta(days=1))
            .sign(key, hashes.SHA256()))
    return key, cert

key, cert = key_and_cert()
other_key, _ = key_and_cert()
with open(os.environ["PMS_SIGNING_CERT_FILE"], "wb") as handle:
    handle.write(cert.public_bytes(serialization.Encoding.PEM))
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.contrib.auth.models import User
from django.test import Client
alice, bob = User.objects.create(username="alice"), User.objects.create(username="bob")

def token(signer, sub="alice", issuer="pms"):
    now = int(time.time())
    claims = {"iss": issuer, "sub": sub, "iat": now, "nbf": now, "exp": now + 600, "jti": uuid.uuid4().hex}
    return jwt.encode(claims, signer, algorithm="RS256", headers={"kid": "k", "typ": "JWT"})

def audit_rows():
    from django.db import connection
    from bench.floor_app.audit_row import COLUMNS, TABLE
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(COLUMNS)} FROM {TABLE} ORDER BY id")
        return [dict(zip(COLUMNS, map(str, row))) for row in cursor.fetchall()]

client = Client()
def get(pk, auth=None):
    answer = client.get(f"/floor/{pk}", **({"HTTP_AUTHORIZATION": auth} if auth else {}))
    return answer.status_code, answer.content.decode()

project = sorted({name.split(".")[0] for name in sys.modules} & set(sys.argv[1].split(",")))
print(json.dumps({
    "own": get(alice.pk, "Bearer " + token(key)),
    "other_row": get(bob.pk, "Bearer " + token(key))[0],
    "foreign_key": get(alice.pk, "Bearer " + token(other_key))[0],
    "wrong_issuer": get(alice.pk, "Bearer " + token(key, issuer="someone")),
    "none": get(alice.pk)[0],
    "health": client.get("/healthz").status_code,
    "audited": [client.get(f"/floor/{alice.pk}/audited", HTTP_AUTHORIZATION="Bearer " + token(key)).status_code
                for _ in range(2)],
    "audited_other_row": client.get(f"/floor/{bob.pk}/audited", HTTP_AUTHORIZATION="Bearer " + token(key)).status_code,
    "audit_rows": audit_rows(),
    "project_modules": project,
}))
"""


@pytest.fixture(scope="module")
def seen(tmp_path_factory) -> dict:
    """What the script above saw, run once for the module's tests."""
    tmp_path = tmp_path_factory.mktemp("floor")
    env = {"DJANGO_SETTINGS_MODULE": "bench.floor_app.settings", "DATABASE_URL": f"sqlite:///{tmp_path / 'floor.sqlite3'}",
           "PMS_SIGNING_CERT_FILE": str(tmp_path / "cert.pem"), "PMS_SECRET_KEY": "floor-test", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", SCRIPT, ",".join(PROJECT_PACKAGES)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_framework_floor_verifies_the_token_reads_its_row_and_loads_no_project_code(seen):
    status, body = seen["own"]
    assert status == 200
    answer = json.loads(body)
    assert answer["response"] == {"id": 1, "userName": "alice"} and answer["errors"] == []
    assert '"errors":[]' in body  # what bench/wrk.lua counts as a good answer
    assert seen["other_row"] == 403
    assert seen["foreign_key"] == 401
    assert seen["wrong_issuer"][0] == 401
    assert seen["none"] in (401, 403)
    assert seen["health"] == 200
    assert seen["project_modules"] == []


def test_the_framework_floors_audited_read_commits_one_chained_row_per_answer(seen):
    """The reference for the machine reads (bench/floor_app/audit_row.py): one row per answered
    read, none for a refused one, positions in order, each hash over the previous one."""
    import hashlib
    import hmac

    assert seen["audited"] == [200, 200] and seen["audited_other_row"] == 403
    rows = seen["audit_rows"]
    assert [row["chain_seq"] for row in rows] == ["1", "2"]
    assert {row["session_user_id"] for row in rows} == {"alice"} and {row["ref_id"] for row in rows} == {"1"}
    previous = hashlib.sha256(f"floor {rows[0]['chain_id']}".encode()).hexdigest()
    for row in rows:
        values = [row[name] for name in row if name != "row_hash"]
        assert row["row_hash"] == hmac.new(b"floor-test", "\x1f".join([previous, *values]).encode(),
                                           hashlib.sha256).hexdigest()
        previous = row["row_hash"]
    assert seen["project_modules"] == []
