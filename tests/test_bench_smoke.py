"""The benchmark harness works (docs/benchmark.md): a tiny run on SQLite, one second per
endpoint, every phase, the table and the results file. Nothing here is timed: it proves the
pieces fit (database, migrate, seed, gunicorn with production settings and the floor,
wrk, memory sampling, the audit chain after the load), not how fast anything is.

It takes about a minute and needs wrk, so it runs only when PMS_TEST_BENCH=1."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.skipif(os.environ.get("PMS_TEST_BENCH", "").lower() not in ("1", "true", "yes"),
                       reason="runs the benchmark harness for about a minute: set PMS_TEST_BENCH=1 (needs wrk)"),
    pytest.mark.skipif(shutil.which("wrk") is None, reason="needs wrk (apt-get install wrk)"),
]


def test_a_tiny_run_measures_every_endpoint_and_keeps_the_chain(tmp_path):
    output = tmp_path / "run.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--database", "sqlite", "--scale", "60", "--large-scale", "120",
         "--audit-rows", "150", "--seconds", "1", "--warmup", "0", "--connections", "2", "--output", str(output)],
        cwd=ROOT, capture_output=True, text=True, timeout=600, env={**os.environ, "BENCH_NO_REEXEC": "1"})
    assert result.returncode == 0, result.stderr[-3000:]
    assert "WARNING" not in result.stderr  # SQLite was asked for: no fallback warning
    report = json.loads(output.read_text())
    assert set(report["phases"]) == {"base", "audit", "large"}
    base = report["phases"]["base"]["endpoints"]
    assert {"floor", "framework floor", "login", "device validate", "MISP license validate", "policy by API key",
            "partner-MISP validation (PM12)", "device registration", "API-key approval", "partner list page 1",
            "partner list filtered", "audit list"} <= set(base)
    for name, figures in base.items():
        if name != "login":  # a login hashes a password: one second may see none finish
            assert figures["requests"] > 0, name
        assert figures["errors"] == 0, (name, figures["sample"])
    assert report["phases"]["base"]["peak_worker_rss_mb"] > 0
    assert report["verify_audit"].startswith("audit chain intact")
    assert "| floor |" in result.stdout and "×floor" in result.stdout
    # The framework floor (bench/floor_app) answered the service's own token in every phase,
    # beside every endpoint, and every endpoint has its ratio to it.
    assert "| framework floor |" in result.stdout and "× framework floor" in result.stdout
    for phase in report["phases"].values():
        bare = phase["endpoints"]["framework floor"]
        assert bare["requests"] > 0 and bare["errors"] == 0, bare["sample"]
        assert bare["cpu_app_ms"] > 0
    for name, figures in base.items():
        if name not in ("floor", "framework floor", "login"):
            assert figures["framework_floor"]["requests"] > 0, name
            assert figures["x_framework_floor"] > 0 and figures["x_framework_floor_cpu"] > 0, name
    assert base["floor"]["x_framework_floor"] > 0
    assert any(t["target"].startswith("floor: ≥ 0.90× the framework floor") for t in report["targets"])
    # The framework's audited read (bench/floor_app/audit_row.py) ran, and each machine read's
    # target gives the read against it too.
    assert base["framework floor + audit row"]["requests"] > 0
    machine = [t for t in report["targets"] if t["target"].startswith("policy by API key: ≥ 0.80× the framework floor")]
    assert machine and machine[0]["x_framework_audited_read"] > 0
    # a reference, not an endpoint of the service: no target of its own (its table does not
    # grow with the audit phase's)
    assert not any(t["target"].startswith("framework floor + audit row") for t in report["targets"])
    # CPU per request is measured (workers' and the database's CPU over each run)
    assert base["floor"]["cpu_app_ms"] > 0 and base["device validate"]["x_floor_cpu"] > 0
    # Audited appends at 1, 4 and 16 writers, both ways, and the sealing delay stated; the
    # chained rows are in the trail verify_audit found intact above.
    appends = report["audit_appends"]
    assert [row["clients"] for row in appends["clients"]] == [1, 4, 16]
    for row in appends["clients"]:
        assert row["plain"] > 0 and row["chained"] > 0 and row["ratio"] > 0, row
    assert appends["sealing_delay"].startswith("none")
    assert "| insert_chained / plain |" in result.stdout and "Sealing delay: none" in result.stdout


def test_the_request_profile_breaks_both_floors_down_by_phase(tmp_path):
    """bench/profile_request.py: every measured answer good, each floor's phases measured,
    and the statements counted (each floor reads one row: the service's token check comes
    from its token cache after the warm-up); a one-shot endpoint (device registration) gets
    a new body for every call, warm-up included."""
    output = tmp_path / "profile.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "profile_request.py"), "--database", "sqlite", "--requests", "20",
         "--warmup", "5", "--only", "floor,framework floor,device registration", "--output", str(output)],
        cwd=ROOT, capture_output=True, text=True, timeout=600, env={**os.environ, "BENCH_NO_REEXEC": "1"})
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads(output.read_text())
    assert set(figures) == {"floor", "framework floor", "device registration"}
    for name, measured in figures.items():
        assert measured["statuses"] == {"200 OK": 20}, name
        for phase in ("total", "authentication", "view", "render", "URL resolution"):
            assert measured["phases_ms"][phase] > 0, (name, phase)
        assert measured["phases_ms"]["view"] < measured["phases_ms"]["total"], name
    assert figures["framework floor"]["statements"] == 1
    assert figures["floor"]["statements"] == 1
    assert figures["device registration"]["statements"] > 1
    assert "| authentication |" in result.stdout
