"""The audit trail's hash chains (SPEC §5 "Audit"; issue 25, "an audit trail that scales out").

A transparency log with a chain per writer. Each writer (a process, or a thread of one: used
by one thread at a time, and a fork starts a chain of its own) registers an ``AuditChain`` row with
its first audit row and keeps its chain's head (position, last hash) in memory. An audited
request then costs one INSERT, in its own transaction or in the change's: no row shared by
all writers is touched on the request path, so writers on any number of app servers append
side by side.

Every row carries its chain, its gapless position there (``chain_seq``) and ``row_hash`` =
HMAC-SHA256, keyed by the lookup key (kernel.secrets; never rotated), of the previous row's
hash and this row's fields (the definition of the single chain before it). A chain's first
row follows its *genesis*: the HMAC of the chain's registration, so a row cannot be moved
to another chain; the ``legacy`` chain (the rows of the single chain, audit.0005) starts
from the empty hash as it always did.

A row written inside a transaction is *pending*: the head moves for the writer's next row in
that transaction, and becomes the committed head only on commit (``transaction.on_commit``).
Whether the pending write's transaction is still open is whether its on-commit callback is
still queued on the connection; when it is not and the callback never ran, the transaction
(or the savepoint around the write) rolled back, and the writer re-reads its chain's last
row (one query, rare) instead of leaving a hole. The database's unique (chain, position) is
the backstop.

Because the head lives in memory, an intruder with database access who deletes a chain's
newest rows leaves nothing in the database that remembers them. Checkpoints do: every
``PMS_AUDIT_CHECKPOINT_ROWS`` rows or ``PMS_AUDIT_CHECKPOINT_SECONDS`` seconds, after a
commit, the writer signs its chain's (position, hash, time) with the server's signing key
(kernel.keys, the certificate GET /v1/keymanager/getCertificate serves), stores it in
``AuditCheckpoint``, appends it to ``PMS_AUDIT_CHECKPOINT_FILE`` (JSON lines, outside the
database) and serves it at GET /v1/auditmanager/checkpoints for witnesses.
``manage.py audit_checkpoint`` checkpoints every chain (cron, shutdown).

``verify`` walks every chain and names the first row of each that was altered, deleted or
moved, rows cut off a chain's end that a checkpoint saw, and rows older than
``PMS_AUDIT_UNWITNESSED_SECONDS`` that no checkpoint covers yet.

A write that records no change of its own (a read's rows) may commit asynchronously on PostgreSQL (``durable=False``, setting
``PMS_AUDIT_ASYNC_COMMIT``, off by default): its one INSERT, run on its own, sets
``synchronous_commit`` off for its own transaction (``set_config(..., true)`` in its
RETURNING clause, evaluated before the statement's implicit commit and undone by it), so
the write stays one statement and one round trip. A PostgreSQL crash can then lose a *tail*
of such rows (at most three ``wal_writer_delay``, 600 ms by default), never a row in the
middle of a chain: the WAL replays in commit order and a writer's rows commit one after
another."""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from django.db import IntegrityError, connection, models, transaction
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper
from django.db.models import OuterRef, Q, Subquery, Sum
from django.utils import timezone

from kernel.keys import server_key
from kernel.secrets import secret_box

from .models import AuditChain, AuditCheckpoint, AuditEvent

logger = logging.getLogger("pms.audit")

LEGACY = "legacy"

CHAINED_FIELDS = (
    "event_id", "event_key", "event_name", "event_type", "outcome", "host_name", "host_ip", "application_id",
    "application_name", "session_user_id", "session_user_name", "roles", "ref_id", "ref_id_type", "created_by",
    "module_name", "module_id", "description", "client_ip", "request_id",
)


def _canonical(row: AuditEvent) -> str:
    values = {name: getattr(row, name) for name in CHAINED_FIELDS}
    values["chain_seq"] = row.chain_seq
    values["action_time"] = row.action_time.isoformat(timespec="microseconds") if row.action_time else None
    return json.dumps(values, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def row_hash(previous: str, row: AuditEvent) -> str:
    return secret_box().digest(previous + "\n" + _canonical(row))


def genesis(chain: AuditChain) -> str:
    """What a chain's first row follows: the chain's registration, keyed."""
    if chain.label == LEGACY and chain.pid is None:
        return ""
    registration = {"chain": chain.pk, "label": chain.label,
                    "started_at": chain.started_at.isoformat(timespec="microseconds")}
    return secret_box().digest("audit chain\n" + json.dumps(registration, sort_keys=True, separators=(",", ":")))


# --- the one INSERT ---------------------------------------------------------------------


@dataclass(frozen=True)
class _InsertStatement:
    vendor: str
    sql: str
    fields: tuple
    returns_id: bool
    # Per field: its attname and which values its preparation gives back unchanged
    # (``_preparation``).
    plain: tuple = ()
    # The SQL names its parameters as PostgreSQL does (``$1``...), for psycopg's RawCursor
    # (``_raw_placeholders``).
    raw: bool = False
    # Run on its own, the statement's transaction commits without waiting for the WAL flush
    # (PostgreSQL; ``insert_chained(durable=False)``).
    asynchronous: bool = False


# The most rows one compiled INSERT takes: an operation writes at most a handful (a read's
# request, notes and closing row); more (the bench's seed, in batches of thousands) go
# through ``bulk_create``, which splits them within the database's parameter limits.
COMPILED_ROWS = 16

_insert_statements: dict[tuple[str, bool, int, bool], _InsertStatement] = {}

# Evaluated once per inserted row while the statement runs, before the commit that ends its
# implicit transaction; ``true``: for that transaction only (as SET LOCAL), so the next one on
# the connection commits durably again.
_ASYNCHRONOUS_COMMIT = "set_config('synchronous_commit', 'off', true)"


def _raw_placeholders() -> bool:
    """Whether the INSERT goes through psycopg's ``RawCursor`` with ``$n`` parameters:
    PostgreSQL with server-side binding (config/settings.py, PMS_DB_PREPARED_STATEMENTS).

    psycopg rewrites a statement's ``%s`` into ``$n`` on every execution, and keeps the
    rewrite only for statements of at most 50 parameters: a read's four rows (96
    parameters) were parsed again on each request, about 1.6 M instructions, a fifth of a
    license validation (docs/benchmark.md). With the ``$n`` written once, psycopg only binds
    the values, with the same dumpers as before, so the database stores the same values.
    With client-side binding (the setting off: a pooler that cannot keep prepared
    statements) the ``%s`` statement stays: a RawCursor binds on the server and could
    prepare."""
    return connection.vendor == "postgresql" and connection.settings_dict.get("OPTIONS", {}).get(
        "server_side_binding") is True


# Values a column's preparation (``get_db_prep_save``) gives back unchanged: a str or None
# in a plain CharField or TextField (CharField.to_python); an int or None in a BigIntegerField
# or a foreign key to a BigAutoField (IntegerField.get_prep_value is ``int(value)``, the
# database operations' adaptation returns it); an aware datetime in a DateTimeField on
# PostgreSQL (DateTimeField.to_python returns it, PostgreSQL's adapt_datetimefield_value too;
# SQLite's writes it as text, so there it is prepared). Anything else is prepared.
_TEXT, _INTEGER, _AWARE_TIME, _PREPARED = "text", "integer", "aware time", "prepared"


def _preparation(f) -> str:
    if type(f) in (models.CharField, models.TextField):
        return _TEXT
    target = f.target_field if type(f) is models.ForeignKey else f
    if type(target) in (models.BigIntegerField, models.BigAutoField):
        return _INTEGER
    if type(f) is models.DateTimeField and connection.vendor == "postgresql":
        return _AWARE_TIME
    return _PREPARED


def _statement(count: int = 1, asynchronous: bool = False) -> _InsertStatement:
    """The INSERT of ``count`` audit rows (``VALUES (...), (...)``), written once per process
    and row count: building and compiling it through the ORM on every audited request cost
    about a third of a row's worker CPU, and ``bulk_create`` two thirds of a license
    validation's view (docs/benchmark.md). Values still pass through each field's own
    preparation. ``asynchronous`` (PostgreSQL only): its RETURNING clause also turns the
    synchronous commit off for the statement's own transaction."""
    raw = _raw_placeholders()
    statement = _insert_statements.get((connection.vendor, raw, count, asynchronous))
    if statement is not None:
        return statement
    if asynchronous and connection.vendor != "postgresql":
        raise ValueError("an asynchronous commit is PostgreSQL's")
    meta = AuditEvent._meta
    fields = tuple(f for f in meta.concrete_fields if not f.primary_key)
    qn = connection.ops.quote_name
    features = connection.features
    returns_id = features.can_return_columns_from_insert if count == 1 else features.can_return_rows_from_bulk_insert
    width = len(fields)
    if raw:
        groups = ["(" + ", ".join(f"${row * width + i}" for i in range(1, width + 1)) + ")" for row in range(count)]
    else:
        groups = ["(" + ", ".join(["%s"] * width) + ")"] * count
    sql = (f"INSERT INTO {qn(meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) "
           f"VALUES {', '.join(groups)}"
           + (f" RETURNING {qn(meta.pk.column)}" if returns_id else "")
           + (f", {_ASYNCHRONOUS_COMMIT}" if asynchronous else ""))
    plain = tuple((f.attname, _preparation(f)) for f in fields)
    statement = _InsertStatement(connection.vendor, sql, fields, returns_id, plain, raw, asynchronous)
    _insert_statements[(connection.vendor, raw, count, asynchronous)] = statement
    return statement


def _cursor(raw: bool):
    """``connection.cursor()``, or the same with psycopg's RawCursor in it: opened as
    Django opens its cursors (``BaseDatabaseWrapper._cursor``: the health check, the
    connection, the wrapper through which execute_wrappers and query logging see it)."""
    if not raw:
        return connection.cursor()
    import psycopg

    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        connection.validate_thread_sharing()
        cursor = psycopg.RawCursor(connection.connection)
        return _RawDebugCursor(cursor, connection) if connection.queries_logged else connection.make_cursor(cursor)


class _RawDebugCursor(CursorDebugWrapper):
    """The query log (DEBUG, tests' CaptureQueriesContext) of a ``$n`` statement: its SQL
    as sent, since Django's way of logging it with the values in (psycopg's client-side
    ``mogrify``) knows only ``%s``."""

    def execute(self, sql, params=None):
        with self.debug_sql(sql, params):
            return CursorWrapper.execute(self, sql, params)


def _compiled(count: int) -> bool:
    """Whether ``count`` rows go in one compiled INSERT: one row always; several when the
    database returns every inserted id (PostgreSQL, SQLite ≥ 3.35), in VALUES order."""
    return count == 1 or (count <= COMPILED_ROWS and connection.features.can_return_rows_from_bulk_insert)


def _insert_rows(rows: list[AuditEvent], asynchronous: bool = False) -> None:
    """``bulk_create(rows)`` without the ORM's per-call compilation: one INSERT of every
    row (``_compiled(len(rows))``), each row's id set from ``RETURNING`` in VALUES order,
    as ``bulk_create`` sets them. Outside a transaction the one statement is atomic on its
    own (``bulk_create`` wrapped it in BEGIN/COMMIT). Positions and hashes are given before
    (``_Writer.append``), so a row's values are those ``bulk_create`` stored."""
    statement = _statement(len(rows), asynchronous)
    params = []
    for row in rows:
        values = row.__dict__
        for f, (attname, plain) in zip(statement.fields, statement.plain, strict=True):
            value = values[attname]
            if plain is _TEXT:
                if value is None or type(value) is str:
                    params.append(value)
                    continue
            elif plain is _INTEGER:
                if value is None or type(value) is int:
                    params.append(value)
                    continue
            elif plain is _AWARE_TIME:
                if type(value) is dt.datetime and value.tzinfo is not None:
                    params.append(value)
                    continue
            params.append(f.get_db_prep_save(f.pre_save(row, True), connection))
    with _cursor(statement.raw) as cursor:
        cursor.execute(statement.sql, params)
        if statement.returns_id:
            ids = cursor.fetchall()
        else:  # one row, a database that cannot return it
            ids = [(connection.ops.last_insert_id(cursor, AuditEvent._meta.db_table, AuditEvent._meta.pk.column),)]
    for row, returned in zip(rows, ids, strict=True):
        row.pk = returned[0]
        row._state.adding = False
        row._state.db = connection.alias


def _insert_one(row: AuditEvent) -> None:
    """``row.save(force_insert=True)`` without the ORM's per-call compilation: one INSERT,
    its id set on the row. Audit rows have no save signals to skip (append-only)."""
    _insert_rows([row])


# --- the writer -------------------------------------------------------------------------


class _Pending:
    """A write in a transaction still open: its on-commit callback (queued while the
    transaction is open, run on commit, dropped on rollback) is the write's marker."""

    def __init__(self, writer: "_Writer", position: int, digest: str):
        self.writer, self.position, self.digest = writer, position, digest

    def __call__(self) -> None:
        writer = self.writer
        if writer.pending is self:
            writer.pending = None
        if self.position > writer.position:
            writer.position, writer.last_hash = self.position, self.digest
        writer.after_commit()


@dataclass
class _Writer:
    pid: int
    thread: int
    chain: AuditChain | None = None
    genesis: str = ""
    position: int = 0  # committed
    last_hash: str = ""
    pending: _Pending | None = None
    checkpointed: int = 0
    checkpointed_at: float = field(default_factory=time.monotonic)

    def head(self) -> tuple[int, str]:
        """Where this writer's next row goes, in the connection's current transaction."""
        pending = self.pending
        if pending is not None:
            if connection.in_atomic_block and any(entry[1] is pending for entry in connection.run_on_commit):
                return pending.position, pending.digest
            # The transaction (or a savepoint) around the write rolled back without commit.
            self.pending = None
            self.reload()
        if self.chain is None:
            self.register()
        return self.position, self.last_hash

    def register(self) -> None:
        from .services import _host_cached

        host = _host_cached()[0]
        self.chain = AuditChain.objects.create(label=f"{host} pid {self.pid} thread {self.thread}"[:200], host=host[:128],
                                               pid=self.pid, thread=self.thread, started_at=timezone.now())
        self.genesis = genesis(self.chain)
        self.position, self.last_hash, self.checkpointed = 0, self.genesis, 0
        self.checkpointed_at = time.monotonic()

    def reload(self) -> None:
        """The chain's last row from the database (one query): after a rollback, or when the
        chain is gone (an emptied test database), which registers a new one."""
        if self.chain is None:
            return
        last = AuditEvent.objects.filter(chain=OuterRef("pk")).order_by("-chain_seq")
        found = AuditChain.objects.filter(pk=self.chain.pk).values_list(
            Subquery(last.values("chain_seq")[:1]), Subquery(last.values("row_hash")[:1])).first()
        if found is None:
            self.chain = None
            return
        self.position, self.last_hash = (found[0], found[1]) if found[0] is not None else (0, self.genesis)

    def append(self, rows: list[AuditEvent], asynchronous: bool = False) -> None:
        position, previous = self.head()
        for row in rows:
            position += 1
            row.chain, row.chain_seq = self.chain, position
            row.row_hash = previous = row_hash(previous, row)
        if _compiled(len(rows)):
            _insert_rows(rows, asynchronous)
        else:
            AuditEvent.objects.bulk_create(rows)
        pending = _Pending(self, position, previous)
        if connection.in_atomic_block:
            self.pending = pending
            transaction.on_commit(pending)
        else:
            pending()

    def after_commit(self) -> None:
        """A checkpoint when one is due; never allowed to fail the request that wrote."""
        from .conf import app_settings

        if self.position <= self.checkpointed or self.chain is None:
            return
        every_rows, every_seconds = app_settings.PMS_AUDIT_CHECKPOINT_ROWS, app_settings.PMS_AUDIT_CHECKPOINT_SECONDS
        due = (every_rows > 0 and self.position - self.checkpointed >= every_rows) or (
            every_seconds > 0 and time.monotonic() - self.checkpointed_at >= every_seconds)
        if due:
            self.checkpoint()

    def checkpoint(self) -> AuditCheckpoint | None:
        if self.chain is None or self.position <= self.checkpointed:
            return None
        try:
            made = checkpoint(self.chain, self.position, self.last_hash)
        except Exception:
            logger.exception("could not write the audit checkpoint of chain %s", self.chain.pk)
            return None
        self.checkpointed, self.checkpointed_at = self.position, time.monotonic()
        return made


_local = threading.local()
_idle_lock = threading.Lock()
_idle: list[_Writer] = []


def writer() -> _Writer:
    """This thread's writer: the one it holds, else an idle one of this process (a thread
    that served a request gave it back), else a new one. A forked child never uses its
    parent's: the pid tells them apart."""
    current = getattr(_local, "writer", None)
    if current is None or current.pid != os.getpid():
        current = None
        with _idle_lock:
            while _idle and current is None:
                candidate = _idle.pop()
                current = candidate if candidate.pid == os.getpid() else None
        current = _local.writer = current or _Writer(pid=os.getpid(), thread=threading.get_ident())
    return current


def release_writer(**kwargs) -> None:
    """At the end of a request (``request_finished``), the thread gives its writer back for
    the next request's thread: a server with a thread per request (runserver, a live test
    server) reuses a few chains instead of registering one per request. A writer with a
    write still pending in an open transaction stays with its thread."""
    current = getattr(_local, "writer", None)
    if current is None or current.pending is not None or current.pid != os.getpid():
        return
    _local.writer = None
    with _idle_lock:
        _idle.append(current)


def forget_writer() -> None:
    """Tests: the next audit row registers a new chain (the database was emptied)."""
    _local.writer = None
    with _idle_lock:
        _idle.clear()


def checkpoint_writer() -> list[AuditCheckpoint]:
    """A checkpoint of this process's writers' committed heads now (a worker stopping)."""
    with _idle_lock:
        writers = [*_idle, getattr(_local, "writer", None)]
    made = [current.checkpoint() for current in writers if current is not None and current.pid == os.getpid()]
    return [one for one in made if one is not None]


def insert_chained(rows: list[AuditEvent], *, durable: bool = True) -> None:
    """Append ``rows`` to this writer's chain, in the caller's transaction or, outside one,
    as one INSERT of their own. ``durable=False``: outside a transaction, on PostgreSQL,
    with PMS_AUDIT_ASYNC_COMMIT, that INSERT's commit does not wait for the WAL flush."""
    from .conf import app_settings

    current = writer()
    if connection.in_atomic_block:
        current.append(rows)
        return
    asynchronous = (not durable and connection.vendor == "postgresql" and app_settings.PMS_AUDIT_ASYNC_COMMIT
                    and _compiled(len(rows)))
    try:
        current.append(rows, asynchronous)
    except IntegrityError:
        # The head in memory was wrong (the chain's rows or the chain itself were removed
        # under it, or a position was taken): read it again and retry once.
        current.pending = None
        current.reload()
        current.append(rows, asynchronous)


# --- checkpoints ------------------------------------------------------------------------


def checkpoint_payload(chain_id: int, label: str, position: int, digest: str, signed_at: dt.datetime) -> bytes:
    values = {"chain": chain_id, "label": label, "position": position, "hash": digest,
              "time": signed_at.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")}
    return json.dumps(values, sort_keys=True, separators=(",", ":")).encode()


def checkpoint_json(made: AuditCheckpoint, label: str) -> dict:
    """A checkpoint as the file and the API give it."""
    return {"id": made.pk, "chain": made.chain_id, "label": label, "position": made.position, "hash": made.row_hash,
            "time": made.signed_at.astimezone(dt.timezone.utc).isoformat(timespec="microseconds"), "kid": made.kid,
            "signature": made.signature}


def checkpoint(chain: AuditChain, position: int, digest: str) -> AuditCheckpoint:
    """Sign (chain, position, hash, time), store it, append it to the checkpoint file."""
    from .conf import app_settings

    key = server_key()
    signed_at = timezone.now()
    payload = checkpoint_payload(chain.pk, chain.label, position, digest, signed_at)
    signature = base64.b64encode(key.private_key.sign(payload, padding.PKCS1v15(), hashes.SHA256())).decode()
    made = AuditCheckpoint.objects.create(chain=chain, position=position, row_hash=digest, signed_at=signed_at,
                                          kid=key.kid, signature=signature)
    path = app_settings.PMS_AUDIT_CHECKPOINT_FILE
    if path:
        line = (json.dumps(checkpoint_json(made, chain.label), sort_keys=True) + "\n").encode()
        # One write() on an O_APPEND descriptor: lines of several processes never interleave.
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(descriptor, line)
        finally:
            os.close(descriptor)
    return made


def _last_rows():
    last = AuditEvent.objects.filter(chain=OuterRef("pk")).order_by("-chain_seq")
    return AuditChain.objects.annotate(last_position=Subquery(last.values("chain_seq")[:1]),
                                       last_hash=Subquery(last.values("row_hash")[:1]))


def checkpoint_all(*, force: bool = False) -> list[AuditCheckpoint]:
    """A checkpoint of every chain whose last row no checkpoint covers yet (every chain
    with rows, with ``force``): ``manage.py audit_checkpoint``."""
    newest = AuditCheckpoint.objects.filter(chain=OuterRef("pk")).order_by("-position")
    made = []
    for chain in _last_rows().annotate(checkpointed=Subquery(newest.values("position")[:1])).order_by("pk"):
        if chain.last_position is None or (not force and (chain.checkpointed or 0) >= chain.last_position):
            continue
        made.append(checkpoint(chain, chain.last_position, chain.last_hash))
    return made


PRUNE_BATCH = 5000


def delete_old_checkpoints(*, now: dt.datetime | None = None) -> int:
    """Delete the database's checkpoints older than PMS_AUDIT_CHECKPOINT_RETENTION_DAYS but
    each chain's newest, and say how many went (the audited service is
    ``audit.services.prune_checkpoints``).

    A checkpoint's worth is that it saw a chain's end: a newer one of the same chain saw
    more, so verification only ever uses each chain's newest, which is why that one stays
    whatever its age. Older ones matter to a witness that has not polled them yet, hence
    the retention period. Deleted oldest first in batches by id, which is nearly time order,
    so each batch reads the start of the primary key and no transaction grows large."""
    from .conf import app_settings

    days = app_settings.PMS_AUDIT_CHECKPOINT_RETENTION_DAYS
    if days <= 0:
        return 0
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    newest = AuditCheckpoint.objects.filter(chain=OuterRef("pk")).order_by("-position", "-id")
    keep = {pk for pk in AuditChain.objects.annotate(newest=Subquery(newest.values("pk")[:1]))
            .values_list("newest", flat=True) if pk is not None}
    old = AuditCheckpoint.objects.filter(signed_at__lt=cutoff).exclude(pk__in=keep).order_by("id")
    deleted = 0
    while batch := list(old.values_list("pk", flat=True)[:PRUNE_BATCH]):
        deleted += AuditCheckpoint.objects.filter(pk__in=batch).delete()[0]
    return deleted


def signature_problem(entry: dict) -> str | None:
    """Why a checkpoint's signature does not verify with the server's certificate, or None."""
    key = server_key()
    if entry.get("kid") != key.kid:
        return f"signed by another key (kid {entry.get('kid')!r}, this server's is {key.kid!r})"
    try:
        signed_at = dt.datetime.fromisoformat(entry["time"])
        payload = checkpoint_payload(entry["chain"], entry["label"], entry["position"], entry["hash"], signed_at)
        key.public_key.verify(base64.b64decode(entry["signature"]), payload, padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, KeyError, TypeError, ValueError) as exc:
        return f"its signature does not verify ({type(exc).__name__})"
    return None


def chain_length() -> int:
    """How many rows the chains hold, from their last positions (one index probe per chain):
    rows are never deleted and positions are gapless, so for intact chains this is the
    table's row count, without reading the table."""
    last = AuditEvent.objects.filter(chain=OuterRef("pk")).order_by("-chain_seq").values("chain_seq")[:1]
    total = AuditChain.objects.annotate(last=Subquery(last)).aggregate(total=Sum("last"))["total"]
    return total or 0


# --- verification -----------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    chain_seq: int | None
    row_id: int | None
    problem: str
    chain: int | None = None

    def __str__(self) -> str:
        where = " ".join(part for part in (f"chain {self.chain}" if self.chain is not None else "",
                                           f"position {self.chain_seq}" if self.chain_seq is not None else "") if part)
        where = where or "the trail"
        return f"{where} (row id {self.row_id}): {self.problem}" if self.row_id else f"{where}: {self.problem}"


def _rows(chain: AuditChain) -> Iterator[AuditEvent]:
    return AuditEvent.objects.filter(chain=chain).order_by("chain_seq").iterator(chunk_size=5000)


def findings(checkpoints: Iterable[dict] | None = None, *, unwitnessed_after: float | None = None) -> list[Finding]:
    """Every chain's first problem; ``checkpoints`` (from the file or a witness) add to those
    in the database; rows older than ``unwitnessed_after`` seconds beyond a chain's newest
    checkpoint are reported (the checkpoints given, else the database's)."""
    from .conf import app_settings

    found: list[Finding] = []
    unchained = AuditEvent.objects.filter(Q(chain__isnull=True) | Q(chain_seq__isnull=True)).order_by("id").first()
    if unchained is not None:
        found.append(Finding(None, unchained.id, "a row outside the chains (inserted behind the application's back)"))
    given = _newest_per_chain(checkpoints) if checkpoints is not None else None
    # The newest checkpoint of each chain (one probe of the (chain, position) index per chain).
    newest = AuditCheckpoint.objects.filter(chain=OuterRef("pk")).order_by("-position", "-pk").values("pk")[:1]
    ids = [pk for pk in AuditChain.objects.annotate(newest=Subquery(newest)).values_list("newest", flat=True) if pk]
    stored = [checkpoint_json(cp, cp.chain.label)
              for cp in AuditCheckpoint.objects.filter(pk__in=ids).select_related("chain")]
    by_chain: dict[int, list[dict]] = {}
    for entry in [*stored, *(given or [])]:
        problem = signature_problem(entry)
        if problem is not None:
            found.append(Finding(None, None, f"checkpoint {entry.get('id')} of chain {entry.get('chain')}: {problem}",
                                 chain=entry.get("chain")))
            continue
        by_chain.setdefault(entry["chain"], []).append(entry)
    witnesses = given if given is not None else stored
    witnessed = {}
    for entry in witnesses:
        witnessed[entry["chain"]] = max(witnessed.get(entry["chain"], 0), entry["position"])
    limit = app_settings.PMS_AUDIT_UNWITNESSED_SECONDS if unwitnessed_after is None else unwitnessed_after
    cutoff = timezone.now() - dt.timedelta(seconds=limit) if limit > 0 else None
    chains = {chain.pk: chain for chain in AuditChain.objects.order_by("pk")}
    for chain_id in sorted(set(by_chain) - set(chains)):
        newest = max(by_chain[chain_id], key=lambda entry: entry["position"])
        found.append(Finding(None, None, f"deleted: checkpoint {newest['id']} of {newest['time']} saw "
                                         f"{newest['position']} rows", chain=chain_id))
    for chain in chains.values():
        problem = _verify_chain(chain, by_chain.get(chain.pk, []), witnessed.get(chain.pk, 0), cutoff)
        if problem is not None:
            found.append(problem)
    return found


def _newest_per_chain(checkpoints: Iterable[dict]) -> list[dict]:
    newest: dict = {}
    for entry in checkpoints:
        chain = entry.get("chain")
        if chain not in newest or entry.get("position", 0) > newest[chain].get("position", 0):
            newest[chain] = entry
    return list(newest.values())


def _verify_chain(chain: AuditChain, checkpoints: list[dict], witnessed: int,
                  cutoff: dt.datetime | None) -> Finding | None:
    expected_hash = {entry["position"]: entry for entry in checkpoints}
    previous, expected = genesis(chain), 1
    unwitnessed_from = unwitnessed_to = None
    for row in _rows(chain):
        if row.chain_seq != expected:
            if row.chain_seq > expected:
                return Finding(expected, None, f"missing: rows {expected}..{row.chain_seq - 1} were deleted", chain.pk)
            return Finding(row.chain_seq, row.id, "position repeated", chain.pk)
        if row.row_hash != row_hash(previous, row):
            return Finding(row.chain_seq, row.id, "altered or re-ordered: its hash does not match its fields and "
                                                  "the row before it", chain.pk)
        seen = expected_hash.get(row.chain_seq)
        if seen is not None and seen["hash"] != row.row_hash:
            return Finding(row.chain_seq, row.id, f"not the row checkpoint {seen['id']} of {seen['time']} saw", chain.pk)
        if row.chain_seq > witnessed and cutoff is not None and row.action_time < cutoff:
            unwitnessed_from = unwitnessed_from or row.chain_seq
            unwitnessed_to = row.chain_seq
        previous, expected = row.row_hash, expected + 1
    last = expected - 1
    if checkpoints:
        newest = max(checkpoints, key=lambda entry: entry["position"])
        if newest["position"] > last:
            return Finding(last + 1, None, f"missing: rows {last + 1}..{newest['position']} were cut off the end "
                                           f"(checkpoint {newest['id']} of {newest['time']} saw them)", chain.pk)
    if unwitnessed_from is not None:
        return Finding(unwitnessed_from, None, f"unwitnessed: rows {unwitnessed_from}..{unwitnessed_to} are older than "
                                               "PMS_AUDIT_UNWITNESSED_SECONDS and no checkpoint covers them "
                                               "(run manage.py audit_checkpoint)", chain.pk)
    return None


def verify() -> Finding | None:
    """The first problem of the trail, or None when every row is where and what it was."""
    problems = findings()
    return problems[0] if problems else None
