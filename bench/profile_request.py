#!/usr/bin/env python3
"""Where a request's worker CPU goes: ``python3 bench/profile_request.py [--requests 2000]
[--only "floor,framework floor,policy by API key"] [--database postgres|sqlite] [--cprofile 40]
[--cprofile-sort tottime] [--cprofile-dump FILE] [--instructions 20,220]``.

Measurement only (docs/benchmark.md, "Where the worker CPU goes"). It makes a database as
the bench does (``bench/harness.py``: migrate, a small seed), then, for each endpoint, runs
a process with that endpoint's settings (the service's production settings, or
``bench/floor_app``'s for the framework floor) that calls the WSGI application itself, as
gunicorn's worker would, ``--requests`` times after a warm-up, one request after another.
Around the phases of the request path it reads the process's CPU clock
(``time.process_time``), the outermost call of each only, so a phase's figure includes what
it calls and the table's "rest" lines are differences:

- ``total``: the WSGI application, from the environ to the closed answer (what gunicorn
  calls; its own parsing and socket work are not in it);
- ``middleware``: total minus Django's ``_get_response`` (the middleware chain, and the
  request and answer objects);
- ``URL resolution``: the root resolver's ``resolve``;
- ``authentication``: DRF's ``Request._authenticate`` (the token check and its queries),
  of which ``connection health check``: Django's ``close_if_health_check_failed`` (the
  ``SELECT 1`` before a reused connection's first query in a request);
- ``DRF``: ``APIView.dispatch`` minus the handler and the authentication (request wrapping,
  permissions, throttles, content negotiation, ``finalize_response``);
- ``view``: the handler (``get``/``post``...: its reads, writes, audit rows and the answer's
  data);
- ``render``: the answer's JSON (``Response.rendered_content``: the envelope's renderer);
- ``SQL statements``: their count and the CPU spent inside them in this process (building
  them is outside: it is the ORM's, in the phase that asked), through Django's
  ``execute_wrapper``; the health check's ``SELECT 1`` is counted apart;
- ``PostgreSQL backend CPU``: the CPU the connection's server process spent over the
  measured calls (``/proc/<pid>/stat``: the database runs on this host), parsing, planning
  and running the statements (none when the connection was replaced during the run).

One-shot endpoints (device registration, API-key approval: each request can be sent once)
get a new body for every call, made by the bench's own generator and handed over in a file.
``--instructions A,B`` also counts the worker's instructions per request under valgrind's
callgrind (the measured process run with A and then B requests; the difference over B-A),
a figure the machine's load does not move.

The wrappers cost some CPU of their own (a few microseconds per phase), the same for both
floors. No network, no gunicorn, no load generator: the figures are the worker's share of
what the bench measures, on an idle process rather than a loaded one.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"

if __name__ == "__main__" and Path(sys.prefix).resolve() != (ROOT / ".venv").resolve() and VENV_PYTHON.exists() \
        and not os.environ.get("BENCH_NO_REEXEC"):
    os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), *sys.argv])  # as bench/run.py: the dependencies live in .venv

sys.path.insert(0, str(ROOT))

DEFAULT_ENDPOINTS = "floor,framework floor,policy by API key"
PHASES = ["total", "middleware", "URL resolution", "authentication", "connection health check", "DRF", "view",
          "render"]


# --- in the measured process -------------------------------------------------------------

class Clock:
    """CPU seconds spent inside the outermost call of each wrapped function, by label."""

    def __init__(self):
        self.spent: dict[str, float] = {}
        self.depth: dict[str, int] = {}
        self.statements = 0
        self.statement_cpu = 0.0
        self.health_checks = 0

    def wrap(self, owner, name: str, label: str) -> None:
        original = getattr(owner, name)
        clock = self

        def timed(*args, **kwargs):
            if clock.depth.get(label):
                return original(*args, **kwargs)
            clock.depth[label] = 1
            started = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                clock.spent[label] = clock.spent.get(label, 0.0) + time.process_time() - started
                clock.depth[label] = 0

        setattr(owner, name, timed)

    def statement(self, execute, sql, params, many, context):
        self.statements += 1
        started = time.process_time()
        try:
            return execute(sql, params, many, context)
        finally:
            self.statement_cpu += time.process_time() - started


def _instrument(clock: Clock) -> None:
    from django.core.handlers.base import BaseHandler
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.urls import resolvers
    from rest_framework.request import Request
    from rest_framework.response import Response
    from rest_framework.views import APIView

    clock.wrap(BaseHandler, "_get_response", "get_response")
    clock.wrap(resolvers.URLResolver, "resolve", "URL resolution")
    clock.wrap(Request, "_authenticate", "authentication")
    clock.wrap(APIView, "dispatch", "dispatch")
    original = Response.rendered_content.fget  # a property

    def rendered(self):
        if clock.depth.get("render"):
            return original(self)
        clock.depth["render"] = 1
        started = time.process_time()
        try:
            return original(self)
        finally:
            clock.spent["render"] = clock.spent.get("render", 0.0) + time.process_time() - started
            clock.depth["render"] = 0

    Response.rendered_content = property(rendered)

    original_health = BaseDatabaseWrapper.close_if_health_check_failed

    def counted_health(self):
        if self.connection is not None and self.health_check_enabled and not self.health_check_done:
            clock.health_checks += 1
        return original_health(self)

    BaseDatabaseWrapper.close_if_health_check_failed = counted_health
    clock.wrap(BaseDatabaseWrapper, "close_if_health_check_failed", "connection health check")


def _wrap_handler(clock: Clock, path: str, method: str) -> None:
    from django.urls import resolve

    view_class = getattr(resolve(path.split("?")[0]).func, "view_class", None)
    if view_class is not None:
        clock.wrap(view_class, method.lower(), "view")


def _environ(method: str, path: str, body: str, token: str) -> dict:
    path_info, _, query = path.partition("?")
    data = body.encode()
    environ = {
        "REQUEST_METHOD": method, "PATH_INFO": path_info, "QUERY_STRING": query, "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(data), "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0), "wsgi.multithread": False, "wsgi.multiprocess": True, "wsgi.run_once": False,
        "CONTENT_LENGTH": str(len(data)), "CONTENT_TYPE": "application/json",
    }
    if token:
        environ["HTTP_AUTHORIZATION"] = token
    return environ


def measure(spec: dict, requests: int, warmup: int) -> dict:
    """In a process whose environment names the settings: the WSGI application, called
    ``requests`` times after ``warmup`` unmeasured calls."""
    import django

    django.setup()
    from django.core.wsgi import get_wsgi_application
    from django.db import connection

    clock = Clock()
    # Before the application exists: its middleware chain holds the handler's methods bound
    # when it is built.
    _instrument(clock)
    application = get_wsgi_application()
    statuses: dict[str, int] = {}

    # A one-shot endpoint (each body registers a new device, say) gets its own body for
    # every call, warm-up included, read from the file the driver wrote.
    one_shot = json.loads(Path(spec["requests_file"]).read_text()) if spec.get("requests_file") else None
    sent = [0]

    def call() -> None:
        outcome = {}

        def start_response(status, headers, exc_info=None):
            outcome["status"] = status
            return lambda _data: None

        method, path, body = spec["method"], spec["path"], spec["body"]
        if one_shot is not None:
            method, path, body = one_shot[sent[0]]
            sent[0] += 1
        started = time.process_time()
        answer = application(_environ(method, path, body, spec["token"]), start_response)
        try:
            body = b"".join(answer)
        finally:
            answer.close()  # request_finished: what closes an obsolete connection
        clock.spent["total"] = clock.spent.get("total", 0.0) + time.process_time() - started
        good = outcome["status"].startswith("2") and b'"errors":[]' in body
        key = outcome["status"] if good else f"{outcome['status']} {body[:200]!r}"
        statuses[key] = statuses.get(key, 0) + 1

    _wrap_handler(clock, spec["path"], spec["method"])
    with connection.execute_wrapper(clock.statement):
        for _ in range(warmup):
            call()
        backend = _backend_pid(connection)
        backend_cpu = _process_cpu(backend)
        clock.__init__()  # only the measured calls count
        statuses.clear()
        profiler = None
        if spec.get("cprofile"):
            import cProfile

            profiler = cProfile.Profile(time.process_time)  # CPU, as the phases
            profiler.enable()
        for _ in range(requests):
            call()
        if profiler is not None:
            import pstats

            profiler.disable()
            if spec.get("cprofile_dump"):
                profiler.dump_stats(spec["cprofile_dump"])
            listing = io.StringIO()
            pstats.Stats(profiler, stream=listing).sort_stats(spec.get("cprofile_sort") or "cumulative").print_stats(
                spec["cprofile"])
            print(listing.getvalue(), file=sys.stderr)
    db_ms = None
    if backend is not None and _backend_pid(connection) == backend:
        db_ms = 1000 * (_process_cpu(backend) - backend_cpu) / requests
    ms = {label: 1000 * seconds / requests for label, seconds in clock.spent.items()}
    phases = {
        "total": ms.get("total", 0.0),
        "middleware": ms.get("total", 0.0) - ms.get("get_response", 0.0),
        "URL resolution": ms.get("URL resolution", 0.0),
        "authentication": ms.get("authentication", 0.0),
        "connection health check": ms.get("connection health check", 0.0),
        "DRF": ms.get("dispatch", 0.0) - ms.get("view", 0.0) - ms.get("authentication", 0.0),
        "view": ms.get("view", 0.0),
        "render": ms.get("render", 0.0),
    }
    phases["rest of Django"] = (ms.get("get_response", 0.0) - ms.get("URL resolution", 0.0) - ms.get("dispatch", 0.0)
                                - ms.get("render", 0.0))
    return {"phases_ms": phases, "statements": clock.statements / requests,
            "statement_cpu_ms": 1000 * clock.statement_cpu / requests,
            "health_checks": clock.health_checks / requests, "statuses": statuses, "db_backend_cpu_ms": db_ms}


def _backend_pid(connection) -> int | None:
    if connection.vendor != "postgresql" or connection.connection is None:
        return None
    return connection.connection.info.backend_pid


def _process_cpu(pid: int | None) -> float:
    """User + system CPU seconds of a process of this host."""
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# --- the driver ----------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Worker CPU per phase of the request path (docs/benchmark.md).")
    parser.add_argument("--requests", type=int, default=2000, help="measured requests per endpoint")
    parser.add_argument("--warmup", type=int, default=200, help="unmeasured requests first")
    parser.add_argument("--only", default=DEFAULT_ENDPOINTS, help="comma-separated endpoint names of bench/run.py")
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--output", default="", help="also write the figures to this JSON file")
    parser.add_argument("--cprofile", type=int, default=0,
                        help="also print cProfile's top N functions (cumulative) of each endpoint's measured calls; "
                             "the phase figures then include the profiler's own cost")
    parser.add_argument("--cprofile-sort", default="cumulative", help="cProfile's order: cumulative, tottime...")
    parser.add_argument("--cprofile-dump", default="", help="also write the profile (pstats) to this file")
    parser.add_argument("--instructions", default="",
                        help="A,B: also count each endpoint's instructions per request under valgrind's callgrind "
                             "(the measured process run twice, with A and then B requests after the warm-up; "
                             "per request: the difference over B-A). Counts do not move with the machine's load")
    parser.add_argument("--measure", default="", help=argparse.SUPPRESS)  # the measured process's part
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(json.loads(args.measure), args.requests, args.warmup)))
        return 0

    from bench import harness
    from bench.harness import say

    workdir = Path(tempfile.mkdtemp(prefix="pms-profile-"))
    db = harness.create_database(args.database, workdir)
    try:
        env = harness.service_environment(db, workdir)
        harness.manage(env, "migrate", "--no-input")
        # Approvals are one-shot: one seeded In-Progress request per call of every process.
        runs = 1 + 2 * bool(args.instructions)
        needed = args.warmup + max([args.requests, *(int(n) for n in args.instructions.split(",") if n)])
        approvals = runs * needed if "API-key approval" in args.only else 0
        world = harness.seed(env, partners=100, audit_rows=100, approvals=approvals)
        chosen = {e.name: e for e in harness.endpoints(world, harness.ApprovalPool(world.get("approvals", [])))}
        results = {}
        for name in [n.strip() for n in args.only.split(",") if n.strip()]:
            endpoint = chosen[name]
            make_spec = _spec_maker(endpoint, world, args, workdir)
            spec = make_spec()
            settings = "bench.floor_app.settings" if endpoint.kind == "framework floor" else "config.settings"
            result = subprocess.run(
                [sys.executable, str(Path(__file__).resolve()), "--measure", json.dumps(spec),
                 "--requests", str(args.requests), "--warmup", str(args.warmup)],
                # One connection for the whole run, so its server process's CPU can be read.
                cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": settings, "PMS_DB_CONN_MAX_AGE": "3600"},
                capture_output=True, text=True)
            if result.returncode != 0:
                raise RuntimeError(f"{name}: {result.stderr[-3000:]}")
            if args.cprofile:
                print(f"--- {name}\n{result.stderr}", file=sys.stderr)
            results[name] = json.loads(result.stdout.strip().splitlines()[-1])
            if args.instructions:
                results[name]["instructions"] = count_instructions(
                    make_spec, args, {**env, "DJANGO_SETTINGS_MODULE": settings, "PMS_DB_CONN_MAX_AGE": "3600"}, workdir)
                say(f"{name}: {results[name]['instructions'] / 1e6:.2f} M instructions per request")
            say(f"{name}: {results[name]['phases_ms']['total']:.2f} ms of worker CPU per request; "
                f"answers {results[name]['statuses']}")
        print(breakdown(results))
        if args.output:
            Path(args.output).write_text(json.dumps(results, indent=2) + "\n")
    finally:
        db.drop()
    return 0


def _spec_maker(endpoint, world: dict, args, workdir: Path):
    """A callable making the measured process's request spec; for a one-shot endpoint (each
    request once: a device registration, an approval) every call makes new bodies, as many
    as one process sends (warm-up included), written to a file (too many for a command
    line), made when asked (registrations are stamped with the time)."""
    made = [0]

    def make() -> dict:
        spec = {"token": endpoint.token, "cprofile": args.cprofile, "cprofile_sort": args.cprofile_sort,
                "cprofile_dump": args.cprofile_dump and str(Path(args.cprofile_dump).resolve())}
        if not endpoint.one_shot:
            spec.update(zip(("method", "path", "body"), endpoint.make(world, 1)[0], strict=True))
            return spec
        wanted = args.warmup + max([args.requests, *(int(n) for n in args.instructions.split(",") if n)])
        requests = endpoint.make(world, wanted)
        if len(requests) < wanted:
            raise SystemExit(f"{endpoint.name}: only {len(requests)} one-shot requests left, {wanted} wanted")
        made[0] += 1
        requests_file = workdir / f"{endpoint.name.replace(' ', '-')}-{made[0]}.json"
        requests_file.write_text(json.dumps(requests))
        spec.update(zip(("method", "path", "body"), requests[0], strict=True))
        spec["requests_file"] = str(requests_file)
        return spec

    return make


def count_instructions(make_spec, args, env: dict, workdir: Path) -> float:
    """Instructions per request of the measured process (callgrind's total, which includes
    the start-up and the warm-up; so it runs twice and the difference is divided by the
    difference in requests). Slow: valgrind runs Python some 50 times slower."""
    low, high = (int(n) for n in args.instructions.split(","))
    totals = []
    for requests in (low, high):
        out = workdir / f"callgrind.{os.getpid()}.{requests}.out"
        result = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable,
             str(Path(__file__).resolve()), "--measure", json.dumps({**make_spec(), "cprofile": 0}),
             "--requests", str(requests), "--warmup", str(args.warmup)],
            cwd=ROOT, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"callgrind: {result.stderr[-3000:]}")
        summary = next(line for line in out.read_text().splitlines() if line.startswith(("summary:", "totals:")))
        totals.append(int(summary.split()[1]))
        out.unlink()
    return (totals[1] - totals[0]) / (high - low)


def breakdown(results: dict) -> str:
    names = list(results)
    lines = ["| ms of worker CPU per request | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for phase in [*PHASES, "rest of Django"]:
        label = {"connection health check": "… of which the connection health check"}.get(phase, phase)
        lines.append(f"| {label} | " + " | ".join(f"{results[n]['phases_ms'].get(phase, 0.0):.3f}" for n in names) + " |")
    lines.append("| SQL statements per request (+ health check `SELECT 1`) | "
                 + " | ".join(f"{results[n]['statements']:.1f} (+ {results[n]['health_checks']:.1f})" for n in names) + " |")
    lines.append("| … CPU inside them in the worker | " + " | ".join(f"{results[n]['statement_cpu_ms']:.3f}" for n in names) + " |")
    if all("instructions" in results[n] for n in names):
        lines.append("| worker instructions per request (callgrind), M | "
                     + " | ".join(f"{results[n]['instructions'] / 1e6:.2f}" for n in names) + " |")
    lines.append("| PostgreSQL backend CPU per request | " + " | ".join(
        "–" if results[n].get("db_backend_cpu_ms") is None else f"{results[n]['db_backend_cpu_ms']:.3f}" for n in names)
        + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
