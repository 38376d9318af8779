#!/usr/bin/env python3
"""Audited appends per second with 1, 4 and 16 concurrent writers:
``python bench/audit_appends.py [--seconds 5] [--clients 1 4 16]``.

Each client is a process of its own (as app servers are) writing rows in a loop for
``--seconds``, in two ways measured one after the other at each client count:

- ``chained``: ``audit.services.record`` (one audited read's row: built, hashed into the
  writer's chain by ``audit.chain.insert_chained``, one INSERT, a durable commit; the
  writer's signed checkpoints included), what every audited request pays;
- ``plain``: the same row's INSERT on a raw cursor, autocommit, durable, into
  ``bench_audit_plain``, a copy of the audit table with the same columns and indexes (and
  no chain): what the database charges for a row, and what group commit allows.

Alone (the default), it makes a database ``pms_bench_appends`` on ``--server``, migrates
it, checks the trail with ``verify_audit`` after each client count, and drops it.
``--in-place`` uses the database of ``DATABASE_URL`` with the settings of the environment
(how ``bench/run.py`` calls it, on its own database, and verifies the trail at its end).
Prints one JSON line per client count: ``{"clients", "plain", "chained", "ratio"}`` (rows
per second; ratio = chained / plain). docs/benchmark.md, "Audited appends"."""

from __future__ import annotations

import argparse
import io
import json
import multiprocessing
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE = "pms_bench_appends"
PLAIN_TABLE = "bench_audit_plain"
MODES = ("plain", "chained")


def _setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _plain_writer():
    """A function writing one row the plain way: the row ``record`` would write, one INSERT
    on a raw cursor (autocommit: its own durable commit)."""
    from django.db import connection

    from audit.models import AuditEvent
    from audit.services import _row

    fields = [f for f in AuditEvent._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(PLAIN_TABLE)} ({', '.join(quote(f.column) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")

    def write(actor, ref_id: str) -> None:
        row = _row("policy.group.get.success", actor, ref_id=ref_id)
        with connection.cursor() as cursor:
            cursor.execute(sql, [f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields])

    return write


def _client(url: str, mode: str, seconds: float, start, counts) -> None:
    _setup(url)
    from audit.services import record
    from kernel.actors import Actor
    from kernel.roles import Role

    actor = Actor(username="bench", roles=frozenset({Role.ID_AUTHENTICATION}), client_ip="127.0.0.1", request_id="b")
    if mode == "plain":
        write = _plain_writer()
    else:
        def write(actor, ref_id: str) -> None:
            record("policy.group.get.success", actor, ref_id=ref_id)
    from kernel.keys import server_key

    server_key()  # loaded once per process, as a warm worker has it (checkpoints sign with it)
    write(actor, "warm-up")  # connects, and registers the writer's chain
    start.wait()
    written, until = 0, time.monotonic() + seconds
    while time.monotonic() < until:
        write(actor, f"r{written}")
        written += 1
    counts.put(written)


def _plain_table(create: bool) -> None:
    from django.db import connection

    from audit.models import AuditEvent

    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {quote(PLAIN_TABLE)}")
        if not create:
            return
        source = quote(AuditEvent._meta.db_table)
        if connection.vendor == "postgresql":
            cursor.execute(f"CREATE TABLE {quote(PLAIN_TABLE)} (LIKE {source} INCLUDING ALL)")
        else:  # SQLite: the columns (the bench's smoke run proves the pieces fit, times nothing)
            cursor.execute(f"CREATE TABLE {quote(PLAIN_TABLE)} AS SELECT * FROM {source} WHERE 0")


def _run(url: str, mode: str, clients: int, seconds: float) -> int:
    context = multiprocessing.get_context("spawn")
    start, counts = context.Barrier(clients + 1), context.Queue()
    workers = [context.Process(target=_client, args=(url, mode, seconds, start, counts)) for _ in range(clients)]
    for worker in workers:
        worker.start()
    start.wait(timeout=300)
    total = sum(counts.get(timeout=seconds + 300) for _ in workers)
    for worker in workers:
        worker.join()
        if worker.exitcode != 0:
            raise RuntimeError(f"an append client ({mode}) exited with {worker.exitcode}")
    return total


def measure(url: str, clients_list: list[int], seconds: float, *, verify: bool, emit=None) -> list[dict]:
    """Both ways at each client count (Django set up on ``url`` in this process)."""
    from django.core.management import call_command
    from django.db import connections

    _plain_table(create=True)
    connections.close_all()
    found = []
    try:
        for clients in clients_list:
            figures = {"clients": clients}
            for mode in MODES:
                figures[mode] = round(_run(url, mode, clients, seconds) / seconds, 1)
            figures["ratio"] = round(figures["chained"] / figures["plain"], 3) if figures["plain"] else 0.0
            if verify:
                out = io.StringIO()
                try:
                    call_command("verify_audit", stdout=out)
                    figures["verify_audit"] = out.getvalue().strip()
                except BaseException as exc:  # the figure is worthless if the trail broke: say so
                    figures["verify_audit"] = f"BROKEN: {exc}"
                connections.close_all()
            found.append(figures)
            if emit:
                emit(figures)
    finally:
        _plain_table(create=False)
        connections.close_all()
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--in-place", action="store_true",
                        help="use DATABASE_URL's database and the environment's settings (bench/run.py)")
    args = parser.parse_args()

    def emit(figures: dict) -> None:
        print(json.dumps(figures), flush=True)

    if args.in_place:
        url = os.environ["DATABASE_URL"]
        _setup(url)
        measure(url, args.clients, args.seconds, verify=False, emit=emit)
        return
    url = f"{args.server}/{DATABASE}"
    import psycopg

    with psycopg.connect(f"{args.server}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE}")
        admin.execute(f"CREATE DATABASE {DATABASE}")
    _setup(url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    measure(url, args.clients, args.seconds, verify=True, emit=emit)
    with psycopg.connect(f"{args.server}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE}")


if __name__ == "__main__":
    main()
