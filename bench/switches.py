#!/usr/bin/env python3
"""Where a request's worker time goes under load: ``python3 bench/switches.py [--rounds 3]
[--seconds 5] [--only "framework floor,floor,policy by API key"]``.

Measurement only (docs/benchmark.md). It makes a database and a small seed as the bench
does (``bench/harness.py``), starts the service and the framework floor under gunicorn (two
sync workers each), and drives each endpoint with wrk (four connections) for ``--seconds``
after a one-second warm-up, ``--rounds`` times in turn. Around each run it reads every
worker's ``/proc/<pid>/stat`` and ``status`` and prints, per request: the workers' user and
system CPU, their voluntary context switches (the worker waited: for PostgreSQL's answer,
a commit's WAL flush, the next request) and involuntary ones (the kernel took the core for
another process), and PostgreSQL's CPU. ``bench/profile_request.py`` says what the same
request costs in-process, with no load and no gunicorn; the difference is what load adds.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness  # noqa: E402


def counters(server: harness.Server) -> dict[int, tuple[int, int, int, int]]:
    """Per worker: user and system CPU in clock ticks, voluntary and involuntary switches."""
    found = {}
    for pid in server.workers():
        stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                      if ":" in line)
        found[pid] = (int(stat[11]), int(stat[12]), int(status["voluntary_ctxt_switches"]),
                      int(status["nonvoluntary_ctxt_switches"]))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Worker CPU and context switches per request under load.")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--only", default="framework floor,floor,policy by API key",
                        help="comma-separated endpoint names of bench/run.py, measured in this order")
    args = parser.parse_args(argv)
    harness.wrk_path()
    workdir = Path(tempfile.mkdtemp(prefix="pms-switches-"))
    db = harness.create_database("postgres", workdir)
    server = framework = None
    try:
        env = harness.service_environment(db, workdir)
        harness.manage(env, "migrate", "--no-input")
        world = harness.seed(env, partners=200, audit_rows=200, approvals=0)
        endpoints = {e.name: e for e in harness.endpoints(world, harness.ApprovalPool(world["approvals"]))}
        wanted = [name.strip() for name in args.only.split(",") if name.strip()]
        unknown = [name for name in wanted if name not in endpoints or endpoints[name].one_shot]
        if unknown:
            parser.error(f"not a repeatable endpoint of bench/run.py: {', '.join(unknown)}")
        server = harness.start_server(env, workdir, 2)
        framework = harness.start_framework_floor(env, workdir, 2)
        print("| round | endpoint | requests/s | user CPU, ms | system CPU, ms | voluntary switches "
              "| involuntary switches | PostgreSQL CPU, ms |")
        print("|---|---|---|---|---|---|---|---|")
        for round_number in range(1, args.rounds + 1):
            for name in wanted:
                endpoint = endpoints[name]
                target = framework if endpoint.kind == "framework floor" else server
                harness.drive(target, endpoint, world, seconds=1, connections=4, one_shot_budget=1)
                harness.drain(target, 2)
                before = counters(target)
                result = harness.drive(target, endpoint, world, seconds=args.seconds, connections=4, one_shot_budget=1)
                after = counters(target)
                count = result["requests"] or 1
                user, system, voluntary, involuntary = (
                    sum(after[pid][i] - before.get(pid, (0, 0, 0, 0))[i] for pid in after) for i in range(4))
                per_ms = 1000 / harness.CLOCK_TICKS / count
                print(f"| {round_number} | {name} | {result['rps']:.0f} | {user * per_ms:.3f} | {system * per_ms:.3f} "
                      f"| {voluntary / count:.2f} | {involuntary / count:.2f} | {result['cpu_db_s'] * 1000 / count:.3f} |",
                      flush=True)
    finally:
        harness.clean_up(db, server, framework)
    return 0


if __name__ == "__main__":
    sys.exit(main())
