"""The production recipe (docs/production.md) works as printed: its ``sh`` blocks, copied
literally and run in order in one bash, create a PostgreSQL database and its owner, install
the service from this checkout into a new virtualenv, make the secret, data, lookup and
signing keys, write the environment file, migrate, collect static files, pass
``check --deploy``, create the first admin, start gunicorn with the shipped configuration,
and end with ``/healthz`` answering 200 and the admin logging in.

The recipe's variables (``PMS_HOME``, ``PG_ADMIN_URL``, ...) are set here to a temporary
directory, a database with a unique name on the test run's PostgreSQL server and a free
port. Needs PostgreSQL (marker ``postgres``), ``psql``, ``curl`` and the package registry
(pip installs the dependencies): about a minute."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from tests.support import free_port, sh_blocks

ROOT = Path(__file__).resolve().parents[1]
RECIPE = ROOT / "docs" / "production.md"




def _admin_connection():
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    return psycopg.connect(host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"],
                           password=db["PASSWORD"] or None, dbname="postgres", autocommit=True)


def _admin_url() -> tuple[str, str]:
    from django.conf import settings

    db = settings.DATABASES["default"]
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    secret = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{secret}@{host}:{port}/postgres", f"{host}:{port}"


def _stop(pid_file: Path) -> None:
    if not pid_file.exists():
        return
    pid = int(pid_file.read_text().strip())
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    for _ in range(100):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)


def test_the_recipe_has_its_steps_in_the_order_they_run():
    text = "\n".join(sh_blocks(RECIPE))
    order = ["CREATE DATABASE", "bin/pip\" install", "token_urlsafe(64)", "generate_data_key", "generate_signing_key",
             "pms.env", "migrate", "collectstatic", "check --deploy", "create_pms_user", "gunicorn", "/healthz"]
    positions = [text.find(step) for step in order]
    assert -1 not in positions, dict(zip(order, positions, strict=True))
    assert positions == sorted(positions), dict(zip(order, positions, strict=True))


@pytest.mark.postgres
def test_the_production_recipe_runs_as_printed(tmp_path):
    for tool in ("psql", "curl", "bash"):
        assert shutil.which(tool), f"{tool} is needed to run docs/production.md"
    admin_url, db_host = _admin_url()
    unique = f"pms_recipe_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    home, source = tmp_path / "pms", tmp_path / "source"
    # Install from a copy: setuptools writes build/ and *.egg-info into the tree it builds.
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "var", "build", "dist", "*.egg-info", "__pycache__", "db.sqlite3*", "bench", ".hypothesis"))
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PMS_", "DJANGO_")) and k not in ("DATABASE_URL", "PYTHONPATH", "VIRTUAL_ENV")}
    env.update({
        "PMS_HOME": str(home), "PMS_SOURCE": str(source), "PG_ADMIN_URL": admin_url, "PMS_DB_HOST": db_host,
        "PMS_DB_NAME": unique, "PMS_DB_USER": unique, "PMS_HOSTNAME": "localhost",
        "PMS_BIND": f"127.0.0.1:{free_port()}", "SMTP_HOST": "127.0.0.1", "SMTP_USER": "pms", "SMTP_PASSWORD": "unused",
    })
    blocks = sh_blocks(RECIPE)
    assert len(blocks) >= 7, "the recipe lost its steps"
    script = "set -euo pipefail\n" + "\n".join(
        f"echo '=== recipe block {n}' >&2\n{block}" for n, block in enumerate(blocks, 1))
    try:
        result = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True,
                                timeout=540)
        output = f"{result.stdout[-3000:]}\n--- stderr ---\n{result.stderr[-4000:]}"
        assert result.returncode == 0, output
        assert "admin logged in" in result.stdout, output
        assert (home / "etc" / "pms.env").stat().st_mode & 0o077 == 0, "the environment file holds secrets"
        assert (home / "etc" / "signing-key.pem").stat().st_mode & 0o077 == 0
    finally:
        _stop(home / "var" / "gunicorn.pid")
        with _admin_connection() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{unique}" WITH (FORCE)')
            conn.execute(f'DROP ROLE IF EXISTS "{unique}"')
    log = home / "var" / "error.log"
    assert not log.exists() or "Traceback" not in log.read_text(), log.read_text()[-3000:]
