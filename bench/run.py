#!/usr/bin/env python3
"""The benchmark: ``python3 bench/run.py [--scale 10000] [--large-scale 1000000]
[--audit-rows 1000000] [--seconds 5] [--database postgres|sqlite] [--workers 2]``.

Creates its own database (PostgreSQL ``pms_bench_*``, dropped at the end; SQLite with a
warning when PostgreSQL cannot be reached), migrates it, seeds it, starts the service under
gunicorn with production settings (secrets made for the run, the floor endpoint on), and
drives each endpoint with wrk for a fixed time, in three phases:

1. ``base``: ``--scale`` partners and as many audit rows: every endpoint;
2. ``audit``: the audit table grown to ``--audit-rows``: every endpoint again (is any
   answer's cost tied to the audit table's size?);
3. ``large``: partners grown to ``--large-scale``: the list endpoints again;

then audited appends per second with 1, 4 and 16 concurrent writer processes
(``bench/audit_appends.py``: a plain INSERT of an audit row against the service's
``insert_chained`` path; ``--only "audit appends"`` runs only these).

Each endpoint is measured in slices paired with slices of two floors, and every figure is
also given as a ratio to both, since single timings say little on a shared machine: the
floor (``GET /v1/bench/floor``: the service's own authenticated view doing one primary-key
read) and the framework floor (``bench/floor_app``: Django, one DRF view, PyJWT's RS256
check of the same token and the same read, no project code, under its own gunicorn on the
same database), which shows what the project's request path itself costs. Prints a Markdown table and the targets (met or
missed), and writes everything to ``bench/results/<timestamp>.json``. docs/benchmark.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"

if __name__ == "__main__" and Path(sys.prefix).resolve() != (ROOT / ".venv").resolve() and VENV_PYTHON.exists() \
        and not os.environ.get("BENCH_NO_REEXEC"):
    os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), *sys.argv])  # the project's dependencies live in .venv

sys.path.insert(0, str(ROOT))

from bench import harness  # noqa: E402
from bench.harness import say  # noqa: E402

MACHINE_READS = ["device validate", "MISP license validate", "policy by API key", "partner-MISP validation (PM12)"]
LISTS = ["partner list page 1", "partner list filtered", "audit list"]
APPENDS = "audit appends"
SEALING_DELAY = "none — rows are chained at insert (a chain per writer)"
RATE_GUESS = 1200  # requests/s a one-shot endpoint is given data for (its errors show when it runs out)


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next((int(line.split()[1]) // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_mb": memory, "python": platform.python_version(),
            "load_average_at_start": os.getloadavg(), "commit": commit, "kernel": platform.release()}


def postgres_version(db: harness.Database) -> str:
    if db.vendor != "postgresql":
        return "sqlite"
    import psycopg

    with psycopg.connect(db.url) as conn:
        return conn.execute("SHOW server_version").fetchone()[0]


def _merge(slices: list[dict]) -> dict:
    """Figures of several wrk slices of one endpoint: requests/s over the whole time,
    percentiles weighted by the slices' requests (each slice's own percentile)."""
    requests = sum(f["requests"] for f in slices)
    seconds = sum(f["seconds"] for f in slices) or 1

    def weighted(key: str) -> float:
        return sum(f[key] * f["requests"] for f in slices) / requests if requests else 0.0

    samples = [f["sample"] for f in slices if f["sample"]]
    cpu_app, cpu_db = sum(f.get("cpu_app_s", 0.0) for f in slices), sum(f.get("cpu_db_s", 0.0) for f in slices)
    return {"requests": requests, "seconds": seconds, "rps": requests / seconds, "p50_ms": weighted("p50_ms"),
            "cpu_app_ms": 1000 * cpu_app / requests if requests else 0.0,
            "cpu_db_ms": 1000 * cpu_db / requests if requests else 0.0,
            "p90_ms": weighted("p90_ms"), "p99_ms": max((f["p99_ms"] for f in slices), default=0.0),
            "errors": sum(f["errors"] for f in slices), "sample": samples[0] if samples else ""}


def run_phase(name: str, server, framework, world: dict, chosen: list[harness.Endpoint], args) -> dict:
    """Each endpoint in rounds of one-second slices, each slice next to a slice of the floor
    and one of the framework floor (served by ``framework``): on a machine others share, the
    load they add changes by the second, so an endpoint is compared with the floors measured
    in the same moments (its ratios are over its rounds)."""
    say(f"phase {name}: {', '.join(e.name for e in chosen)}")
    floor_endpoint = next(e for e in chosen if e.kind == "floor")
    framework_endpoint = next(e for e in chosen if e.kind == "framework floor")
    results, floors, framework_floors = {}, [], []
    rounds = max(1, round(args.seconds))

    def floors_slice(length: int) -> tuple[dict, dict]:
        floor = harness.drive(server, floor_endpoint, world, seconds=length, connections=args.connections,
                              one_shot_budget=1)
        harness.drain(server, args.workers)
        bare = harness.drive(framework, framework_endpoint, world, seconds=length, connections=args.connections,
                             one_shot_budget=1)
        harness.drain(framework, args.workers)
        return floor, bare

    measured = [e for e in chosen if e.kind not in ("floor", "framework floor")]
    with harness.MemorySampler(server) as memory:
        if not measured:  # only the floors asked for: they are measured side by side
            for _round in range(rounds):
                floor, bare = floors_slice(1)
                floors.append(floor)
                framework_floors.append(bare)
        for endpoint in measured:
            warm = {"p50_ms": 0.0}
            # The framework's audited read is served by the framework floor's gunicorn.
            serving = framework if endpoint.kind == "framework audited read" else server
            if args.warmup > 0:
                warm = harness.drive(serving, endpoint, world, seconds=args.warmup, connections=args.connections,
                                     one_shot_budget=int(RATE_GUESS * args.warmup))
                harness.drain(serving, args.workers)
            mine, paired, paired_bare = [], [], []
            # A slow answer (a login hashes a password; a list may read a big table) gets one long
            # slice rather than several short ones that would end before their answers.
            slow = endpoint.kind == "login" or warm["p50_ms"] > 100
            slices, length = (1, rounds) if slow else (rounds, 1)
            for _round in range(slices):
                floor, bare = floors_slice(length)
                paired.append(floor)
                paired_bare.append(bare)
                mine.append(harness.drive(serving, endpoint, world, seconds=length, connections=args.connections,
                                          one_shot_budget=RATE_GUESS * length))
                harness.drain(serving, args.workers)
            figures, floor, bare = _merge(mine), _merge(paired), _merge(paired_bare)
            _ratios(figures, floor, bare)
            figures["floor"], figures["framework_floor"] = floor, bare
            results[endpoint.name] = figures
            floors.extend(paired)
            framework_floors.extend(paired_bare)
            say(f"  {endpoint.name:32} {figures['rps']:8.1f} req/s ({figures['x_floor']:.2f}× floor {floor['rps']:.1f}, "
                f"{figures['x_framework_floor']:.2f}× framework floor {bare['rps']:.1f})  "
                f"p50 {figures['p50_ms']:8.2f} ms (floor {floor['p50_ms']:.2f}, framework {bare['p50_ms']:.2f})  "
                f"p99 {figures['p99_ms']:8.2f} ms  "
                f"errors {figures['errors']}  CPU/request {figures['cpu_app_ms']:.2f} + {figures['cpu_db_ms']:.2f} ms "
                f"(floor {floor['cpu_app_ms']:.2f} + {floor['cpu_db_ms']:.2f}, framework floor "
                f"{bare['cpu_app_ms']:.2f} + {bare['cpu_db_ms']:.2f})"
                + (f"  e.g. {figures['sample'][:160]}" if figures["errors"] else ""))
    floor, bare = _merge(floors), _merge(framework_floors)
    floor_row, bare_row = dict(floor), dict(bare)
    _ratios(floor_row, floor, bare)
    _ratios(bare_row, floor, bare)
    if bare["errors"]:
        say(f"  framework floor errors {bare['errors']}, e.g. {bare['sample'][:160]}")
    say(f"  floor {floor['rps']:.1f} req/s = {floor_row['x_framework_floor']:.2f}× the framework floor's {bare['rps']:.1f}; "
        f"CPU/request {floor['cpu_app_ms']:.2f} + {floor['cpu_db_ms']:.2f} ms against "
        f"{bare['cpu_app_ms']:.2f} + {bare['cpu_db_ms']:.2f}")
    return {"endpoints": {"framework floor": bare_row, "floor": floor_row, **results},
            "peak_worker_rss_mb": memory.peak_mb}


def _ratios(figures: dict, floor: dict, bare: dict) -> None:
    """An endpoint's figures against the floor (the service's own authenticated one-row read)
    and the framework floor (``bench/floor_app``) measured in the same moments: requests/s
    over theirs, their CPU per request over its (the throughput the CPU allows), and how far
    its p50 is above the floor's."""
    cpu = figures["cpu_app_ms"] + figures["cpu_db_ms"]
    for key, base in (("floor", floor), ("framework_floor", bare)):
        figures[f"x_{key}"] = figures["rps"] / base["rps"] if base["rps"] else 0.0
        base_cpu = base["cpu_app_ms"] + base["cpu_db_ms"]
        figures[f"x_{key}_cpu"] = base_cpu / cpu if cpu else 0.0
    figures["p50_minus_floor_ms"] = figures["p50_ms"] - floor["p50_ms"]
    figures["p50_x_framework_floor"] = figures["p50_ms"] / bare["p50_ms"] if bare["p50_ms"] else 0.0


def targets(phases: dict, appends: list[dict] | None = None) -> list[dict]:
    """The issue's targets, each with the measured figure and whether it is met."""
    found = []
    if appends and len(appends) > 1:
        first, last = appends[0], appends[-1]
        growth = last["chained"] / first["chained"] if first["chained"] else 0.0
        found.append({"target": f"audit appends grow with concurrency: {last['clients']} clients > "
                                f"{first['clients']} client(s) (insert_chained, rows/s)",
                      "value": round(growth, 2), "met": growth > 1})
    if "base" not in phases:
        return found
    base = phases["base"]["endpoints"]
    # Issue 25's targets, against the framework floor (bench/floor_app).
    found.append({"target": "floor: ≥ 0.90× the framework floor's requests/s",
                  "value": round(base["floor"]["x_framework_floor"], 3),
                  "cpu_per_request_x_framework_floor": round(base["floor"]["x_framework_floor_cpu"], 3),
                  "met": base["floor"]["x_framework_floor"] >= 0.9})
    audited = base.get(harness.FRAMEWORK_AUDITED_READ)
    for name in MACHINE_READS:
        if name in base:
            found.append({"target": f"{name}: ≥ 0.80× the framework floor's requests/s",
                          "value": round(base[name]["x_framework_floor"], 3),
                          "cpu_per_request_x_framework_floor": round(base[name]["x_framework_floor_cpu"], 3),
                          # Beside it, the same read against the framework floor's own audited
                          # read (one durable audit row): how much of the gap the row alone is.
                          **({"framework_audited_read_x_framework_floor": round(audited["x_framework_floor"], 3),
                              "x_framework_audited_read": round(base[name]["rps"] / audited["rps"], 3)}
                             if audited and audited["rps"] else {}),
                          "met": base[name]["x_framework_floor"] >= 0.8})
    if "device registration" in base:
        times = base["device registration"]["p50_x_framework_floor"]
        found.append({"target": "device registration: p50 ≤ 3× the framework floor's p50", "value": round(times, 2),
                      "met": 0 < times <= 3})
    # The earlier targets, against the service's own floor.
    for name in MACHINE_READS:
        if name in base:
            found.append({"target": f"{name}: ≥ 0.80× the floor's requests/s", "value": round(base[name]["x_floor"], 3),
                          "cpu_per_request_x_floor": round(base[name].get("x_floor_cpu", 0.0), 3),
                          "met": base[name]["x_floor"] >= 0.8})
    if "device registration" in base:
        gap = base["device registration"]["p50_minus_floor_ms"]
        found.append({"target": "device registration: p50 ≤ floor p50 + 0.5 ms", "value": round(gap, 2), "met": gap <= 0.5})
    for name in LISTS:
        large = phases.get("audit" if name == "audit list" else "large")
        if large and name in base and name in large["endpoints"]:
            if not large["endpoints"][name]["requests"] or not base[name]["requests"]:
                found.append({"target": f"{name}: p50 at the large scale ≤ 1.5× p50 at the base scale",
                              "value": None, "met": False})
                continue
            raw = large["endpoints"][name]["p50_ms"] / base[name]["p50_ms"]
            floor_ratio = large["endpoints"][name]["floor"]["p50_ms"] / base[name]["floor"]["p50_ms"]
            found.append({"target": f"{name}: p50 at the large scale ≤ 1.5× p50 at the base scale",
                          "value": round(raw, 2), "paired_floor_p50_ratio": round(floor_ratio, 2), "met": raw <= 1.5})
    if "audit" in phases:
        for name, figures in phases["audit"]["endpoints"].items():
            if (name in ("floor", "framework floor", harness.FRAMEWORK_AUDITED_READ, "audit list") or name not in base
                    or not base[name]["x_floor"]):
                continue
            change = figures["x_floor"] / base[name]["x_floor"]
            found.append({"target": f"{name}: ×floor with the large audit table ≥ 0.8 of ×floor with the small one",
                          "value": round(change, 2), "met": change >= 0.8})
    peak = max(phase["peak_worker_rss_mb"] for phase in phases.values())
    found.append({"target": "peak resident memory per worker ≤ 150 MB", "value": round(peak, 1), "met": peak <= 150})
    return found


def table(phases: dict, args) -> str:
    base = phases["base"]["endpoints"]
    audit = phases.get("audit", {}).get("endpoints", {})
    large = phases.get("large", {}).get("endpoints", {})
    head = ("| endpoint | req/s | ×floor | × framework floor | p50 ms (floor's; framework floor's) | p99 ms | errors "
            "| CPU ms/request: app + db (×floor; × framework floor) "
            f"| ×floor, audit {args.audit_rows:,} | p50 ms at {args.large_scale:,} rows |")
    lines = [head, "|" + "---|" * 10]
    for name, figures in base.items():
        in_audit = audit.get(name)
        at_large = (audit if name == "audit list" else large).get(name)
        audit_cell = f"{in_audit['x_floor']:.2f}" if in_audit else "–"
        large_cell = "–"
        if at_large and name in LISTS:
            large_cell = f"{at_large['p50_ms']:.2f} ({at_large['p50_ms'] / figures['p50_ms']:.2f}×)"
        paired = ""
        if "floor" in figures:
            paired = f" ({figures['floor']['p50_ms']:.2f}; {figures['framework_floor']['p50_ms']:.2f})"
        lines.append(
            f"| {name} | {figures['rps']:.1f} | {figures['x_floor']:.2f} | {figures['x_framework_floor']:.2f} | "
            f"{figures['p50_ms']:.2f}{paired} | "
            f"{figures['p99_ms']:.2f} | {figures['errors']} | {figures.get('cpu_app_ms', 0):.2f} + "
            f"{figures.get('cpu_db_ms', 0):.2f} ({figures.get('x_floor_cpu', 0):.2f}; "
            f"{figures.get('x_framework_floor_cpu', 0):.2f}) | {audit_cell} | {large_cell} |")
    memory = ", ".join(f"{name} {phase['peak_worker_rss_mb']:.0f} MB" for name, phase in phases.items())
    lines.append("")
    lines.append(f"Peak resident memory per worker: {memory}.")
    return "\n".join(lines)


def appends_table(appends: list[dict]) -> str:
    lines = ["Audit appends (rows/s; writer processes in a loop, durable commits): a plain INSERT of the row "
             "into a copy of the audit table against the service's insert_chained (audit.services.record)", "",
             "| clients | plain INSERT rows/s | insert_chained rows/s | insert_chained / plain |", "|---|---|---|---|"]
    for row in appends:
        lines.append(f"| {row['clients']} | {row['plain']:.1f} | {row['chained']:.1f} | {row['ratio']:.2f} |")
    lines.append("")
    lines.append(f"Sealing delay: {SEALING_DELAY}.")
    return "\n".join(lines)


def run_appends(env: dict[str, str], args) -> list[dict]:
    """``bench/audit_appends.py --in-place`` on the bench's database, with the service's settings."""
    clients = [str(int(n)) for n in args.append_clients.split(",") if n.strip()]
    seconds = args.append_seconds if args.append_seconds is not None else args.seconds
    say(f"audit appends: {', '.join(clients)} clients, {seconds:g} s each way")
    result = subprocess.run([sys.executable, str(HERE / "audit_appends.py"), "--in-place", "--seconds", str(seconds),
                             "--clients", *clients], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"audit appends failed:\n{result.stderr[-4000:]}")
    found = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    for row in found:
        say(f"  {row['clients']:3} clients: plain INSERT {row['plain']:8.1f} rows/s, insert_chained "
            f"{row['chained']:8.1f} rows/s ({row['ratio']:.2f}×)")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the service under gunicorn (docs/benchmark.md).")
    parser.add_argument("--scale", type=int, default=10_000, help="partners (and audit rows) of the base phase")
    parser.add_argument("--large-scale", type=int, default=1_000_000, help="partners of the large phase (0: skip it)")
    parser.add_argument("--audit-rows", type=int, default=1_000_000, help="audit rows of the audit phase (0: skip it)")
    parser.add_argument("--seconds", type=float, default=5, help="measured seconds per endpoint")
    parser.add_argument("--warmup", type=float, default=1, help="unmeasured seconds before each endpoint")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections (2 per worker by default)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--only", default="",
                        help=f"comma-separated endpoint names (the floor is always run), or {APPENDS!r}")
    parser.add_argument("--append-clients", default="1,4,16", help="concurrent writers of the audit appends")
    parser.add_argument("--append-seconds", type=float, default=None,
                        help="seconds per client count and way of the audit appends (default --seconds)")
    parser.add_argument("--drop-index", action="append", default=[],
                        help="drop this index after migrating (measures as before the migration that made it)")
    parser.add_argument("--output", default="", help="results file (default bench/results/<timestamp>.json)")
    args = parser.parse_args(argv)

    harness.wrk_path()
    workdir = Path(tempfile.mkdtemp(prefix="pms-bench-"))
    db = harness.create_database(args.database, workdir)
    say(f"database: {db.vendor} {db.name}; work files in {workdir}")
    server = framework = None
    try:
        env = harness.service_environment(db, workdir)
        harness.manage(env, "migrate", "--no-input")
        phases_run = 1 + (args.audit_rows > args.scale)
        approvals = int(RATE_GUESS * (args.seconds + args.warmup) * phases_run)
        world = harness.seed(env, partners=args.scale, audit_rows=args.scale, approvals=approvals,
                             drop_indexes=args.drop_index)
        pool = harness.ApprovalPool(world["approvals"])
        everything = harness.endpoints(world, pool)
        wanted = {name.strip() for name in args.only.split(",") if name.strip()}
        with_appends = not wanted or APPENDS in wanted
        with_endpoints = not wanted or bool(wanted - {APPENDS})
        if wanted:
            # A machine read comes with the framework's audited read, its reference.
            references = {harness.FRAMEWORK_AUDITED_READ} if wanted & set(MACHINE_READS) else set()
            everything = [e for e in everything if e.name in wanted | references | {"floor", "framework floor"}]
        phases = {}
        if with_endpoints:
            server = harness.start_server(env, workdir, args.workers)
            say(f"gunicorn on {server.base}, workers {server.workers()}")
            framework = harness.start_framework_floor(env, workdir, args.workers)
            say(f"framework floor (bench/floor_app) on {framework.base}, workers {framework.workers()}")
            phases["base"] = run_phase("base", server, framework, world, everything, args)
            if args.audit_rows > args.scale:
                harness.seed(env, partners=args.scale, audit_rows=args.audit_rows, approvals=0)
                phases["audit"] = run_phase("audit", server, framework, world, everything, args)
            if args.large_scale > args.scale:
                harness.seed(env, partners=args.large_scale, audit_rows=0, approvals=0)
                chosen = [e for e in everything if e.kind in ("floor", "framework floor") or e.name in LISTS[:2]]
                phases["large"] = run_phase("large", server, framework, world, chosen, args)
            server.stop()
            framework.stop()
        # With the servers stopped: the writers have the cores (and the audit table its size).
        appends = run_appends(env, args) if with_appends else []
        harness.manage(env, "audit_checkpoint")  # the stopped workers' tails, as at a real shutdown
        chain = harness.manage(env, "verify_audit").strip()
        say(chain)
        report = {
            "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "command": " ".join(["bench/run.py", *(argv if argv is not None else sys.argv[1:])]),
            "machine": {**machine(), "database": f"{db.vendor} {postgres_version(db)}"},
            "parameters": vars(args),
            "phases": phases,
            "audit_appends": {"clients": appends, "sealing_delay": SEALING_DELAY} if with_appends else None,
            "targets": targets(phases, appends),
            "verify_audit": chain,
        }
        if phases:
            print(table(phases, args))
            print()
        if appends:
            print(appends_table(appends))
            print()
        for target in report["targets"]:
            beside = (f" ({target['x_framework_audited_read']:.2f}× the framework's audited read, itself "
                      f"{target['framework_audited_read_x_framework_floor']:.2f}× the framework floor)"
                      if "x_framework_audited_read" in target else "")
            print(f"{'met ' if target['met'] else 'MISS'}  {target['target']}: {target['value']}{beside}")
        output = Path(args.output) if args.output else HERE / "results" / f"{dt.datetime.now():%Y%m%d-%H%M%S}.json"
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        say(f"results written to {output}")
    finally:
        harness.clean_up(db, server, framework)
    return 0


if __name__ == "__main__":
    sys.exit(main())
