#!/usr/bin/env python3
"""Audited appends per second with 1, 4 and 16 concurrent writers on PostgreSQL:
``python bench/audit_appends.py [--seconds 5] [--clients 1 4 16]``.

Each client is a process of its own (as app servers are), calling ``audit.services.record``
(one audited read's row, a durable commit) in a loop for ``--seconds``. The database
(``pms_bench_appends``, dropped and created) is on the server of ``DATABASE_URL``'s host.
Prints one JSON line per client count: rows written, appends per second, and whether
``verify_audit`` says the trail is intact. docs/benchmark.md, "Audited appends"."""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE = "pms_bench_appends"


def _setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _client(url: str, seconds: float, start, counts) -> None:
    _setup(url)
    from audit.services import record
    from kernel.actors import Actor
    from kernel.roles import Role

    actor = Actor(username="bench", roles=frozenset({Role.ID_AUTHENTICATION}), client_ip="127.0.0.1", request_id="b")
    record("policy.group.get.success", actor, ref_id="warm-up")
    start.wait()
    written, until = 0, time.monotonic() + seconds
    while time.monotonic() < until:
        record("policy.group.get.success", actor, ref_id=f"r{written}")
        written += 1
    counts.put(written)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    args = parser.parse_args()
    url = f"{args.server}/{DATABASE}"
    import psycopg

    with psycopg.connect(f"{args.server}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        admin.execute(f"CREATE DATABASE {DATABASE}")
    _setup(url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("spawn")
    for clients in args.clients:
        start, counts = context.Barrier(clients + 1), context.Queue()
        workers = [context.Process(target=_client, args=(url, args.seconds, start, counts)) for _ in range(clients)]
        for worker in workers:
            worker.start()
        start.wait()
        total = sum(counts.get() for _ in workers)
        for worker in workers:
            worker.join()
        import io

        out = io.StringIO()
        try:
            call_command("verify_audit", stdout=out)
            verified = out.getvalue().strip()
        except Exception as exc:  # the figure is worthless if the trail broke: say so
            verified = f"BROKEN: {exc}"
        print(json.dumps({"clients": clients, "rows": total, "appends_per_second": round(total / args.seconds),
                          "verify_audit": verified}), flush=True)
    connections.close_all()
    with psycopg.connect(f"{args.server}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE}")


if __name__ == "__main__":
    main()
