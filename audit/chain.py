"""The audit trail's hash chain (SPEC §5 "Audit", issue "proof under load").

Every row gets the next position (``chain_seq``, gapless) and ``row_hash`` = HMAC-SHA256,
keyed by the lookup key (kernel.secrets; never rotated), of the previous row's hash and
this row's fields. Writers first bump the single chain-head row (``UPDATE ... RETURNING``
the new position and the last hash: one statement, which takes the row lock on
PostgreSQL and the write lock on SQLite), insert their rows and store the new hash, all in
the writing transaction; so rows chain in the order their transactions commit, whatever
the number of writers. Three statements per audit write instead of one; when the write is
its own transaction on PostgreSQL (every read's rows, every failure row, a change's
request row) they travel in two round trips with ``BEGIN`` and ``COMMIT`` instead of five
(``_pipelined``), which is what a database on another host charges for. Services write
their rows last in their transaction (progress notes go in with the closing row), so the
head's lock is held only for the insert and the commit, never while the transaction
waits for another row's lock: no lock-order deadlock between writers.

A write that records no change of its own (a read's rows; the request row written before
a change) may commit asynchronously on PostgreSQL (``durable=False``, setting
``PMS_AUDIT_ASYNC_COMMIT``): ``set_config('synchronous_commit', 'off', true)`` rides on the
head's UPDATE, so it costs no statement, and the commit no longer waits for the WAL flush
(about 3.5 ms on the benchmark machine, most of an audited read's cost). The chain keeps
every guarantee: rows and head commit together and the WAL replays in commit order, so a
PostgreSQL crash can only lose a *tail* of such transactions (at most three
``wal_writer_delay``, 600 ms by default), never a row in the middle; and any later
synchronous commit (the change a request row announces) flushes them first.

``verify`` walks the rows in chain order and names the first one that was altered,
deleted or moved, and notices rows cut off the end (the head remembers the last one)."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import Iterable, Iterator

import psycopg
from django.db import connection, transaction
from django.db.models.sql import InsertQuery
from psycopg import pq

from kernel.secrets import secret_box

from .models import AuditChainHead, AuditEvent

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


def insert_chained(rows: list[AuditEvent], *, durable: bool = True) -> None:
    """Insert ``rows`` at the end of the chain, in the caller's transaction or in one of
    their own. ``durable=False``: when the transaction is the audit write's own, on
    PostgreSQL, it commits without waiting for the WAL flush (see the module's docstring)."""
    from .conf import app_settings

    head_table = connection.ops.quote_name(AuditChainHead._meta.db_table)
    own_transaction = not connection.in_atomic_block
    returning = "last_seq, last_hash"
    if not durable and connection.vendor == "postgresql" and own_transaction and app_settings.PMS_AUDIT_ASYNC_COMMIT:
        returning += ", set_config('synchronous_commit', 'off', true)"
    bump = f"UPDATE {head_table} SET last_seq = last_seq + %s WHERE id = 1 RETURNING {returning}"
    if own_transaction and connection.vendor == "postgresql" and _pipelined(rows, bump):
        return
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(bump, [len(rows)])
        bumped = cursor.fetchone()
        if bumped is None:  # an emptied database (tests): the head comes back
            AuditChainHead.objects.get_or_create(pk=1)
            cursor.execute(bump, [len(rows)])
            bumped = cursor.fetchone()
        previous = _chain(rows, bumped)
        if len(rows) == 1:
            rows[0].save(force_insert=True)
        else:
            AuditEvent.objects.bulk_create(rows)
        AuditChainHead.objects.filter(pk=1).update(last_hash=previous)


def _chain(rows: list[AuditEvent], bumped: tuple) -> str:
    seq, previous = bumped[0] - len(rows), bumped[1]
    for row in rows:
        seq += 1
        row.chain_seq = seq
        row.row_hash = previous = row_hash(previous, row)
    return previous


def _compiled_insert(rows: list[AuditEvent]) -> tuple[str, list]:
    meta = AuditEvent._meta
    query = InsertQuery(AuditEvent)
    query.insert_values([f for f in meta.concrete_fields if not f.primary_key], rows)
    compiler = query.get_compiler(connection=connection)
    compiler.returning_fields = [meta.pk]
    [(sql, params)] = compiler.as_sql()
    return sql, list(params)


@functools.lru_cache(maxsize=2)
def _single_row_insert(vendor: str) -> tuple[str, tuple]:
    sql, _ = _compiled_insert([AuditEvent()])
    return sql, tuple(f for f in AuditEvent._meta.concrete_fields if not f.primary_key)


def _insert_statement(rows: list[AuditEvent]) -> tuple[str, list]:
    """The rows' ``INSERT ... RETURNING id`` and its parameters, built by Django's own
    compiler; for one row (most writes) its SQL is built once and the values prepared as
    the compiler prepares them (``pre_save``, then ``get_db_prep_save``). Several rows go
    through the compiler each time: on PostgreSQL it sends them as arrays (``UNNEST``)."""
    if len(rows) != 1:
        return _compiled_insert(rows)
    sql, fields = _single_row_insert(connection.vendor)
    return sql, [field.get_db_prep_save(field.pre_save(rows[0], True), connection) for field in fields]


@functools.lru_cache(maxsize=1)
def _pipeline_supported() -> bool:
    return psycopg.Pipeline.is_supported()


def _pipelined(rows: list[AuditEvent], bump: str) -> bool:
    """The audit write in its own transaction on PostgreSQL in two round trips instead of
    five: psycopg's pipeline mode sends ``BEGIN`` with the head's bump and waits only for
    the bump's answer (the previous hash, under the head's row lock), then sends the
    ``INSERT``, the head's new hash and ``COMMIT`` together. The same statements as
    ``insert_chained``'s other path, in the same transaction; the commit waits for the WAL
    flush as before. ``BEGIN`` and ``COMMIT`` are explicit, so that a failure anywhere in
    between (in Python too) rolls everything back instead of letting the pipeline's
    closing sync commit a bumped head without its rows. False when the head is missing
    (an emptied test database) or when the client library has no pipeline mode (libpq
    before 14, with psycopg built against the system's); nothing is written then and the
    caller takes its path."""
    if not _pipeline_supported():
        return False
    head_table = connection.ops.quote_name(AuditChainHead._meta.db_table)
    connection.ensure_connection()
    raw = connection.connection
    committed = False
    with connection.wrap_database_errors:
        try:
            with (raw.pipeline() as pipeline, raw.cursor() as control, connection.cursor() as cursor,
                  connection.cursor() as head):
                control.execute("BEGIN")
                cursor.execute(bump, [len(rows)])
                bumped = cursor.fetchone()
                if bumped is None:
                    return False
                last_hash = _chain(rows, bumped)
                insert_sql, insert_params = _insert_statement(rows)
                cursor.execute(insert_sql, insert_params)
                inserted = cursor.cursor  # psycopg's own: its rows arrive with the sync
                head.execute(f"UPDATE {head_table} SET last_hash = %s WHERE id = 1", [last_hash])
                control.execute("COMMIT")
                pipeline.sync()
                committed = True
                for row, (pk,) in zip(rows, inserted.fetchall(), strict=True):
                    row.pk = pk
                    row._state.adding, row._state.db = False, connection.alias
        finally:
            if not committed and raw.info.transaction_status != pq.TransactionStatus.IDLE:
                raw.execute("ROLLBACK")
    return True


def chain_length() -> int | None:
    """How many rows the chain holds, from its head (one primary-key read): every row is
    chained in the transaction that writes it and rows are never deleted, so for an intact
    chain this is the table's row count. None when there is no head yet."""
    return AuditChainHead.objects.filter(pk=1).values_list("last_seq", flat=True).first()


@dataclass(frozen=True)
class Finding:
    chain_seq: int | None
    row_id: int | None
    problem: str

    def __str__(self) -> str:
        where = f"chain position {self.chain_seq}" if self.chain_seq is not None else "the chain"
        return f"{where} (row id {self.row_id}): {self.problem}" if self.row_id else f"{where}: {self.problem}"


def _rows() -> Iterator[AuditEvent]:
    return AuditEvent.objects.filter(chain_seq__isnull=False).order_by("chain_seq").iterator(chunk_size=5000)


def verify(rows: Iterable[AuditEvent] | None = None) -> Finding | None:
    """The first problem in the chain, or None when every row is where and what it was."""
    unchained = AuditEvent.objects.filter(chain_seq__isnull=True).order_by("id").first()
    if unchained is not None:
        return Finding(None, unchained.id, "a row outside the chain (inserted behind the application's back)")
    previous, expected = "", 1
    for row in rows if rows is not None else _rows():
        if row.chain_seq != expected:
            if row.chain_seq > expected:
                return Finding(expected, None, f"missing: rows {expected}..{row.chain_seq - 1} were deleted")
            return Finding(row.chain_seq, row.id, "position repeated")
        if row.row_hash != row_hash(previous, row):
            return Finding(row.chain_seq, row.id, "altered or re-ordered: its hash does not match its fields and the "
                                                  "row before it")
        previous, expected = row.row_hash, expected + 1
    head = AuditChainHead.objects.filter(pk=1).first()
    last = expected - 1
    if head is not None and (head.last_seq != last or head.last_hash != previous):
        if head.last_seq > last:
            return Finding(last + 1, None, f"missing: rows {last + 1}..{head.last_seq} were cut off the end")
        return Finding(last, None, "the chain head does not match the last row")
    return None

