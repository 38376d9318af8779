"""The pieces of the benchmark: a database of its own, the seed, the service under gunicorn,
the load from wrk, and the workers' memory. ``bench/run.py`` puts them together; the smoke
test (``tests/test_bench_smoke.py``) runs them at a tiny scale.

Load comes from wrk (C, event loop, a Lua script for bodies and headers) rather than a
Python client: on a 2-core machine the load generator shares the cores with the workers,
and wrk spends a small fraction of the CPU a Python client needs per request, so it
squeezes the service least and its numbers are steadier from run to run.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WRK_SCRIPT = Path(__file__).resolve().parent / "wrk.lua"
POSTGRES_ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def say(text: str) -> None:
    print(f"[bench] {text}", file=sys.stderr, flush=True)


# --- the database ------------------------------------------------------------------------

@dataclass
class Database:
    url: str
    vendor: str  # "postgresql" or "sqlite"
    name: str
    admin_url: str = ""

    def drop(self) -> None:
        if self.vendor != "postgresql":
            Path(self.name).unlink(missing_ok=True)
            return
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [self.name])
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}"')


def create_database(kind: str, workdir: Path) -> Database:
    """A fresh PostgreSQL database ``pms_bench_<time>_<pid>`` (dropped at the end), or an
    SQLite file in ``workdir`` when asked for, or when PostgreSQL cannot be reached (with a
    warning: SQLite serialises writers, so its numbers are not production's)."""
    if kind == "postgres":
        try:
            import psycopg

            name = f"pms_bench_{time.strftime('%Y%m%d%H%M%S')}_{os.getpid()}"
            with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
            return Database(url=f"{base}/{name}", vendor="postgresql", name=name, admin_url=POSTGRES_ADMIN_URL)
        except Exception as exc:  # unreachable, no psycopg, no right to create databases
            say(f"WARNING: PostgreSQL at {POSTGRES_ADMIN_URL} is not usable ({exc.__class__.__name__}: {exc}); "
                "falling back to SQLite, whose numbers are NOT those of production")
    path = workdir / "bench.sqlite3"
    return Database(url=f"sqlite:///{path}", vendor="sqlite", name=str(path))


# --- the service's environment -------------------------------------------------------------

def service_environment(db: Database, workdir: Path) -> dict[str, str]:
    """Production settings with secrets made for this run (as tests/test_operations.py does),
    plain HTTP on localhost, and the floor endpoint switched on."""
    from cryptography.fernet import Fernet

    key_file, cert_file = workdir / "signing-key.pem", workdir / "signing-cert.pem"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PMS_ENV": "production",
        "PMS_SECRET_KEY": secrets.token_urlsafe(50),
        "PMS_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": db.url,
        "PMS_DATA_KEYS": Fernet.generate_key().decode(),
        "PMS_LOOKUP_KEY": Fernet.generate_key().decode(),
        "PMS_SIGNING_KEY_FILE": str(key_file),
        "PMS_SIGNING_CERT_FILE": str(cert_file),
        "PMS_VAR_DIR": str(workdir / "var"),
        "PMS_STATIC_ROOT": str(workdir / "static"),
        "PMS_SSL_REDIRECT": "false",  # TLS ends at the proxy in production; wrk speaks plain HTTP
        "PMS_TOKEN_LIFETIME_SECONDS": "14400",
        "PMS_BENCH_FLOOR": "true",
        "PMS_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    if not key_file.exists():
        manage(env, "generate_signing_key", "--key-out", str(key_file), "--cert-out", str(cert_file))
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def seed(env: dict[str, str], *, partners: int, audit_rows: int, approvals: int, drop_indexes: list[str] = ()) -> dict:
    """Run ``bench.seed`` in its own process (Django set up with the server's settings)."""
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "bench.seed", "--partners", str(partners), "--audit-rows", str(audit_rows),
         "--approvals", str(approvals), *[f"--drop-index={name}" for name in drop_indexes]],
        cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"seeding failed:\n{result.stderr[-4000:]}")
    say(f"seeded up to {partners} partners, {audit_rows} audit rows, {approvals} open key requests "
        f"in {time.monotonic() - started:.1f} s")
    return json.loads(result.stdout)


# --- the service under gunicorn -------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def workers(self) -> list[int]:
        """The worker processes: children of the gunicorn arbiter."""
        children = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid:
                    children.append(int(entry.name))
        return sorted(children)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # SIGTERM: gunicorn's graceful stop
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def clean_up(db: Database, *servers: Server | None) -> None:
    """At a run's end, whatever happened: the servers it started stopped, its database dropped."""
    for running in servers:
        if running is not None:
            running.stop()
    db.drop()


def start_server(env: dict[str, str], workdir: Path, workers: int) -> Server:
    """gunicorn with ``config/gunicorn.py`` (sync workers, redacting access log to a file),
    as docs/production.md runs it; waits for ``/healthz``."""
    return _start_gunicorn(["-c", "python:config.gunicorn", "config.wsgi:application"], env, workdir / "gunicorn.log",
                           workers)


def start_framework_floor(env: dict[str, str], workdir: Path, workers: int) -> Server:
    """The framework floor (``bench/floor_app``) under its own gunicorn on its own port, with
    the service's database, secret and certificate: gunicorn's defaults (sync workers, no
    access log) and as many workers as the service; waits for its ``/healthz``."""
    floor_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.floor_app.settings"}
    return _start_gunicorn(["bench.floor_app.wsgi:application"], floor_env, workdir / "gunicorn-framework-floor.log",
                           workers)


def _start_gunicorn(arguments: list[str], env: dict[str, str], log: Path, workers: int) -> Server:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", *arguments, "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
        cwd=ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT)
    server = Server(process, port, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({process.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{server.base}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"gunicorn did not answer /healthz in 60 s:\n{log.read_text()[-3000:]}")


def drain(server: "Server", workers: int) -> None:
    """Wait until the workers have finished what a wrk run left queued (a sync worker goes
    on with an accepted request after wrk hung up): one ``/healthz`` per worker, at once."""
    def probe() -> None:
        try:
            urllib.request.urlopen(f"{server.base}/healthz", timeout=120).read()
        except OSError:
            pass

    probes = [threading.Thread(target=probe) for _ in range(workers)]
    for thread in probes:
        thread.start()
    for thread in probes:
        thread.join()


def rss_kb(pid: int, field_name: str = "VmRSS") -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_of(stat: str) -> float:
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime


def cpu_snapshot(server: "Server") -> dict[tuple[str, int], float]:
    """CPU time used so far by each of the service's workers and each PostgreSQL process of
    the machine (what a request costs, whatever else waits for the cores), by process.
    Read before and after a wrk run (``cpu_used``), it gives CPU per request: a figure that
    moves far less than requests per second when other work shares the machine. Linux only
    (empty elsewhere)."""
    found: dict[tuple[str, int], float] = {}
    if not Path("/proc/self/stat").exists():
        return found
    workers = set(server.workers())
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        pid = int(entry.name)
        if pid in workers:
            found[("app", pid)] = _cpu_of(stat)
        elif stat.split(" (", 1)[1].startswith("postgres)"):
            found[("db", pid)] = _cpu_of(stat)
    return found


def cpu_used(before: dict[tuple[str, int], float], after: dict[tuple[str, int], float]) -> dict[str, float]:
    """CPU seconds between two snapshots, for the workers ("app") and PostgreSQL ("db"):
    a process that started in between counts whole; one that ended in between (an
    autovacuum worker, say) is left out, since its last figure is unknown (a sum over the
    processes alive would go down, even below zero, when one ends)."""
    used = {"app": 0.0, "db": 0.0}
    for (kind, pid), seconds in after.items():
        used[kind] += seconds - before.get((kind, pid), 0.0)
    return used


@dataclass
class MemorySampler:
    """Samples every worker's resident memory while the load runs; the peak also takes the
    kernel's own high-water mark (VmHWM) of each worker, which catches spikes between
    samples."""

    server: Server
    interval: float = 0.2
    peak_kb: dict[int, int] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> "MemorySampler":
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self) -> None:
        for pid in self.server.workers():
            self.peak_kb[pid] = max(self.peak_kb.get(pid, 0), rss_kb(pid), rss_kb(pid, "VmHWM"))

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self.sample()

    @property
    def peak_mb(self) -> float:
        return max(self.peak_kb.values(), default=0) / 1024


# --- the load ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Endpoint:
    """One endpoint under load: a name, who calls it, and its requests (method, path,
    body); ``make`` builds a fresh list for each wrk run (one-shot requests)."""

    name: str
    kind: str  # floor, framework floor, framework audited read, machine, write, list, login
    token: str
    make: object  # callable(world, count) -> list[tuple[str, str, str]]
    one_shot: bool = False


def envelope(request: dict, envelope_id: str = "") -> str:
    return json.dumps({"id": envelope_id, "version": "1.0", "requesttime": now_text(), "metadata": {},
                       "request": request}, separators=(",", ":"))


def now_text() -> str:
    moment = time.time()
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(moment)) + f".{int(moment * 1000) % 1000:03d}Z"


def registration_bodies(world: dict, count: int) -> list[tuple[str, str, str]]:
    """``count`` L0 AUTH registrations of new serial numbers, stamped now (within the
    timestamp window while the run lasts)."""
    bodies = []
    run = uuid.uuid4().hex[:8]
    for n in range(count):
        digital = {"serialNo": f"BENCH-{run}-{n:07d}", "deviceProvider": world["providerName"],
                   "deviceProviderId": world["providerId"], "make": "AX", "model": "AX-100", "dateTime": now_text(),
                   "type": "Fingerprint", "subType": "Single"}
        info = {"deviceSubId": "1", "certification": "L0",
                "digitalId": base64.b64encode(json.dumps(digital).encode()).decode(), "firmware": "fw-2.1.0",
                "deviceExpiry": "2099-01-01T00:00:00.000Z", "timeStamp": now_text()}
        data = {"deviceId": str(uuid.uuid4()), "purpose": "AUTH", "deviceInfo": info, "foundationalTrustProviderId": ""}
        body = envelope({"deviceData": base64.b64encode(json.dumps(data).encode()).decode()}, "io.mosip.deviceregister")
        bodies.append(("POST", "/v1/masterdata/registereddevices", body))
    return bodies


class ApprovalPool:
    """Hands out each seeded In-Progress request once, across wrk runs."""

    def __init__(self, ids: list[str]):
        self.ids = list(ids)

    def take(self, world: dict, count: int) -> list[tuple[str, str, str]]:
        taken, self.ids = self.ids[:count], self.ids[count:]
        body = envelope({"status": "Approved"})
        return [("PATCH", f"/partnermanagement/v1/pmpartners/PartnerAPIKeyRequests/{pk}", body) for pk in taken]


FRAMEWORK_AUDITED_READ = "framework floor + audit row"


def endpoints(world: dict, approvals: ApprovalPool) -> list[Endpoint]:
    tokens = {name: f"Bearer {token}" for name, token in world["tokens"].items()}
    pm = "/partnermanagement/v1"
    validate = envelope(world["validate"], "io.mosip.devicevalidate")
    license_body = envelope({"mispLicenseKey": world["licenseKey"]})
    login = envelope({"appId": "partnermanagement", **world["login"]}, "mosip.io.userId.pwd")
    pm12 = (f"{pm}/pmpartners/validatePartnerMisp/partnerId/{world['partnerId']}/partnerApiKey/{world['apiKey']}"
            f"/mispLicenseKey/{world['licenseKey']}")

    def fixed(*request):
        return lambda _world, _count: [request]

    return [
        Endpoint("floor", "floor", tokens["ida"], fixed("GET", "/v1/bench/floor", "")),
        # Served by the framework floor's own gunicorn (start_framework_floor), not the service.
        Endpoint("framework floor", "framework floor", tokens["ida"], fixed("GET", f"/floor/{world['floorUserId']}", "")),
        # The framework floor's read plus one durable audit row (bench/floor_app/audit_row.py): the
        # least an audited read costs with this framework and database; served by the same.
        Endpoint(FRAMEWORK_AUDITED_READ, "framework audited read", tokens["ida"],
                 fixed("GET", f"/floor/{world['floorUserId']}/audited", "")),
        Endpoint("login", "login", "", fixed("POST", "/v1/authmanager/authenticate/useridPwd", login)),
        Endpoint("device validate", "machine", tokens["ida"],
                 fixed("POST", "/v1/masterdata/deviceprovidermanagement/validate", validate)),
        Endpoint("MISP license validate", "machine", tokens["ida"],
                 fixed("PATCH", f"{pm}/misps/{world['mispId']}/licenseKey", license_body)),
        Endpoint("policy by API key", "machine", tokens["ida"], fixed("GET", f"{pm}/policies/partnerApiKey/{world['apiKey']}", "")),
        Endpoint("partner-MISP validation (PM12)", "machine", tokens["ida"], fixed("GET", pm12, "")),
        Endpoint("device registration", "write", tokens["zonal"], registration_bodies, one_shot=True),
        Endpoint("API-key approval", "write", tokens["manager"], approvals.take, one_shot=True),
        Endpoint("partner list page 1", "list", tokens["manager"], fixed("GET", f"{pm}/pmpartners?page=1&pageSize=50", "")),
        Endpoint("partner list filtered", "list", tokens["manager"],
                 fixed("GET", f"{pm}/pmpartners?partnerType={world['filterType']}&isActive=true&page=2&pageSize=50", "")),
        Endpoint("audit list", "list", tokens["auditor"], fixed("GET", "/v1/auditmanager/audits?page=1&pageSize=50", "")),
    ]


def wrk_path() -> str:
    found = shutil.which("wrk")
    if not found:
        raise RuntimeError("wrk is not installed: apt-get install wrk (Debian) and run again")
    return found


def drive(server: Server, endpoint: Endpoint, world: dict, *, seconds: float, connections: int,
          one_shot_budget: int) -> dict:
    """One wrk run against one endpoint; returns its figures (requests/s, p50/p99 in ms,
    errors with a sample answer)."""
    requests = endpoint.make(world, one_shot_budget if endpoint.one_shot else 1)
    if not requests:
        return {"cpu_app_s": 0.0, "cpu_db_s": 0.0, "requests": 0, "seconds": 0.0, "rps": 0.0, "p50_ms": 0.0, "p90_ms": 0.0, "p99_ms": 0.0, "errors": 0,
                "sample": "no requests left"}
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write(endpoint.token + "\n")
        for method, path, body in requests:
            handle.write(f"{method}\t{path}\t{body}\n")
        request_file = handle.name
    threads = 1  # one event loop drives every connection; two cores are for the service
    cpu_before = cpu_snapshot(server)
    try:
        result = subprocess.run(
            [wrk_path(), f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "30s",
             "-s", str(WRK_SCRIPT), server.base],
            env={**os.environ, "BENCH_REQUESTS": request_file, "BENCH_THREADS": str(threads),
                 "BENCH_HOST": f"127.0.0.1:{server.port}"},
            capture_output=True, text=True, timeout=seconds + 120)
    finally:
        os.unlink(request_file)
    line = next((ln for ln in result.stdout.splitlines() if ln.startswith("BENCH_RESULT ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no result:\n{result.stdout}\n{result.stderr}")
    raw = json.loads(line[len("BENCH_RESULT "):])
    cpu = cpu_used(cpu_before, cpu_snapshot(server))
    seconds_taken = raw["duration_us"] / 1e6 or 1
    return {
        "cpu_app_s": cpu["app"],
        "cpu_db_s": cpu["db"],
        "requests": raw["requests"],
        "seconds": seconds_taken,
        "rps": raw["requests"] / seconds_taken,
        "p50_ms": raw["p50_us"] / 1000,
        "p90_ms": raw["p90_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "errors": raw["errors"] + raw["socket_errors"],
        "sample": raw["sample"],
    }
