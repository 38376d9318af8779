"""The only writer of audit rows (SPEC §5 "Audit").

``record`` writes one row in the caller's transaction. ``AuditedOperation.run`` is the
shape every audited service uses, one INSERT per request: for a change, its request row
(stamped when the operation starts), its progress notes and its success row are inserted
together in the business transaction and commit with the change; on failure the request
row, the notes made before the failure and the failure row are inserted *after* the
business transaction has rolled back, so they survive. Services are therefore called
outside any enclosing transaction (views run without ATOMIC_REQUESTS). An audited read
writes its rows in one INSERT after the read.
"""

from __future__ import annotations

import functools
import logging
import re
import socket
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator, Mapping

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kernel.actors import Actor
from kernel.errors import KernelErrors, PmsError
from kernel.logging import redact, redact_reference
from kernel.middleware import current_request_context
from kernel.operations import Operation as Declaration

from .catalogue import event
from .chain import insert_chained
from .conf import app_settings
from .models import AuditEvent

logger = logging.getLogger("pms.audit")

_JWT = re.compile(r"[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")


def _scrub(text: str) -> str:
    """Belt and braces: a token or a key-bearing path never reaches the audit table."""
    return redact(_JWT.sub("[redacted]", text or ""))[:4000]


def _host() -> tuple[str, str]:
    name = app_settings.PMS_HOST_NAME or socket.gethostname()
    try:
        address = socket.gethostbyname(name)
    except OSError:
        address = ""
    return name, address


_HOST: tuple[str, str] | None = None


def _host_cached() -> tuple[str, str]:
    global _HOST
    if _HOST is None:
        _HOST = _host()
    return _HOST


def record(key: str, actor: Actor, *, ref_id: str = "", description: str = "") -> AuditEvent:
    """One row now, in the caller's transaction or as an INSERT of its own."""
    row = _row(key, actor, ref_id=ref_id, description=description)
    insert_chained([row])
    return row


# The row's columns in the model's order, up to ``request_id`` (then the chain's three,
# given when the row is chained): ``_row`` makes the instance from positional values, which
# Django's ``Model.__init__`` takes without the per-keyword work (a read writes up to four
# rows per request). Checked against the model the first time (``_positional``).
_ROW_FIELDS = ("id", "event_id", "event_key", "event_name", "event_type", "outcome", "action_time", "host_name",
               "host_ip", "application_id", "application_name", "session_user_id", "session_user_name", "roles",
               "ref_id", "ref_id_type", "created_by", "module_name", "module_id", "description", "client_ip",
               "request_id")
_positional_checked: list = []


def _positional() -> str:
    """The default ``application_name``, once the model's columns are known to start as
    ``_ROW_FIELDS``."""
    if not _positional_checked:
        fields = AuditEvent._meta.concrete_fields
        names = tuple(f.attname for f in fields[:len(_ROW_FIELDS)])
        if names != _ROW_FIELDS:
            raise RuntimeError(f"audit.services._ROW_FIELDS does not match AuditEvent's columns: {names}")
        _positional_checked.append(AuditEvent._meta.get_field("application_name").get_default())
    return _positional_checked[0]


@functools.lru_cache(maxsize=None)
def _catalogue_description(kind) -> str:
    """An event's catalogue description as a row stores it (scrubbed): fixed text, so once
    per event and process."""
    return _scrub(kind.description)


def who(actor: Actor) -> tuple[str, str, str, str, str]:
    """What every row of ``actor`` repeats: user id, user name, roles, client address,
    request id (an operation computes it once for its rows)."""
    name = getattr(actor.user, "get_full_name", lambda: "")() or actor.username
    return actor.username, name, ",".join(sorted(str(r) for r in actor.roles)), actor.client_ip, actor.request_id


def _row(key: str, actor: Actor, *, ref_id: str = "", description: str = "",
         actor_columns: tuple | None = None) -> AuditEvent:
    """An unsaved row stamped now: a progress note keeps the moment it describes even
    though it is inserted with its operation's closing row. ``actor_columns``: ``who(actor)``
    when the caller has it."""
    kind = event(key)
    host_name, host_ip = _host_cached()
    username, user_name, roles, client_ip, request_id = actor_columns or who(actor)
    reference = str(ref_id or "")
    return AuditEvent(
        None, kind.event_id, kind.key, kind.event_name, "System" if actor.is_system else kind.event_type, kind.outcome,
        timezone.now(), host_name, host_ip, settings.PMS_APPLICATION_ID, _positional(), username, user_name, roles,
        redact_reference(reference)[:256] if reference else "", kind.ref_id_type, username, kind.module_name,
        kind.module_id, _scrub(description) if description else _catalogue_description(kind), client_ip, request_id,
    )


@dataclass
class Operation:
    """What a running audited operation knows: set ``ref_id`` once the record's id is
    known, and ``description`` for the success row. ``note`` records a progress event of
    the seed (an id generated, a record fetched, a status stated) at the moment it
    happens; notes are inserted with the closing row in one INSERT."""

    actor: Actor
    ref_id: str = ""
    description: str = ""
    outcome: str = ""  # which of the operation's ``outcomes`` happened (approve, reject)
    notes: list = field(default_factory=list)
    actor_columns: tuple | None = field(default=None, repr=False)  # who(actor), once

    def row(self, key: str, *, ref_id: str = "", description: str = "") -> AuditEvent:
        if self.actor_columns is None:
            self.actor_columns = who(self.actor)
        return _row(key, self.actor, ref_id=ref_id, description=description, actor_columns=self.actor_columns)

    def note(self, key: str, *, description: str = "", ref_id: str | None = None) -> None:
        self.notes.append((self.row(key, description=description), ref_id))

    def _rows_with(self, closing: AuditEvent) -> list[AuditEvent]:
        """The notes, then ``closing``. On failure a success note (a status updated, a
        record created) is dropped: the rollback undid what it describes."""
        rows = []
        redacted: dict[str, str] = {}
        for row, ref_id in self.notes:
            if closing.outcome == "failure" and row.outcome == "success":
                continue
            reference = str(self.ref_id if ref_id is None else ref_id)
            if reference not in redacted:
                redacted[reference] = redact_reference(reference)[:256] if reference else ""
            row.ref_id = redacted[reference]
            rows.append(row)
        return [*rows, closing]


DECLARED: list["AuditedOperation"] = []


@dataclass(frozen=True)
class AuditedOperation(Declaration):
    """One declaration per audited operation: who may run it (``roles``, see
    kernel.operations), its events, used by its service (``run``) and its view
    (``operations = {"POST": POLICY_CREATE}``: the view's permission, and the failure event
    of a request refused before the service).

    ``failure`` is an event key, or a mapping from an error code (or an ``ErrorCode``,
    when several share a code) to key, with ``"*"`` as the default. A *read* writes its
    rows (request, notes, then success or failure) in one INSERT after the read; a change
    inserts its request row, notes and success row in one INSERT in the business
    transaction, or its request row, notes and failure row after the rollback.
    ``audit.checks`` refuses to start when an event key is not in ``audit/events.csv``.

    Where one call ends in one of several outcomes (approve or reject), ``outcomes`` maps
    each to its success event and the service sets ``op.outcome``; ``success`` is the
    event of a call that names none.
    """

    success: str
    failure: str | Mapping
    request: str | None = None
    read: bool = False
    outcomes: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__post_init__()
        DECLARED.append(self)

    def failure_for(self, error: PmsError) -> str:
        """The failure event: by the exact ErrorCode when the mapping names it (two errors
        may share a code), else by code, else ``"*"``."""
        if isinstance(self.failure, str):
            return self.failure
        return self.failure.get(error.error) or self.failure.get(error.code) or self.failure["*"]

    def event_keys(self) -> list[str]:
        failures = [self.failure] if isinstance(self.failure, str) else list(self.failure.values())
        return [key for key in (self.request, self.success, *self.outcomes.values(), *failures) if key]

    @contextmanager
    def run(self, *, actor: Actor, ref_id: str = "") -> Iterator[Operation]:
        """``with POLICY_CREATE.run(actor=actor) as op:`` around the lookups, change and log.

        An actor without one of the declared roles is refused (KER-ATH-403) before anything
        else happens, audited as this operation's failure. The running operation is noted in
        the request context: from then on its failures are audited here, so the view's
        refusal hook (audit.receivers) leaves them alone."""
        op = Operation(actor=actor, ref_id=ref_id)
        context = current_request_context()
        if context is not None:
            context.notes["operation"] = self
        if self.request:
            # Stamped now, inserted with the closing row: one INSERT per request
            # (docs/architecture.md, "One INSERT per audited request"). A change's request
            # row names what the call named (a read's, what it found).
            op.note(self.request, ref_id=None if self.read else ref_id)
        try:
            if not self.permits(actor.roles):
                raise KernelErrors.FORBIDDEN.error()
            if self.read:
                yield op
            else:
                with transaction.atomic():
                    yield op
                    _insert(op._rows_with(_success_row(self, op)))
        except Exception as exc:
            error = exc if isinstance(exc, PmsError) else KernelErrors.INTERNAL.error()
            record_failure(self.failure_for(error), actor, error, ref_id=op.ref_id, notes=op, durable=not self.read)
            raise
        if self.read:
            _insert(op._rows_with(_success_row(self, op)), durable=False)


def _success_row(operation: AuditedOperation, op: Operation) -> AuditEvent:
    key = operation.outcomes[op.outcome] if op.outcome else operation.success
    return op.row(key, ref_id=op.ref_id, description=op.description)


def _insert(rows: list[AuditEvent], *, durable: bool = True) -> None:
    insert_chained(rows, durable=durable)


def record_failure(key: str, actor: Actor, error: PmsError, *, ref_id: str = "",
                   notes: Operation | None = None, durable: bool = True) -> None:
    """The failure row of a request (after the notes made before the failure), never
    allowed to hide the failure it records."""
    try:
        closing = _row(key, actor, ref_id=ref_id,
                       description="; ".join(f"{i['errorCode']}: {i['message']}" for i in error.items()))
        _insert(notes._rows_with(closing) if notes is not None else [closing], durable=durable)
    except Exception:
        logger.exception("could not write the failure audit event")


def prune_checkpoints(*, actor: Actor, now=None) -> int:
    """Delete the database's checkpoints older than PMS_AUDIT_CHECKPOINT_RETENTION_DAYS, each
    chain's newest kept (audit.chain.delete_old_checkpoints says why). Audit 111/211/411."""
    from .chain import delete_old_checkpoints
    from .operations import AUDIT_CHECKPOINTS_PRUNE

    with AUDIT_CHECKPOINTS_PRUNE.run(actor=actor) as op:
        deleted = delete_old_checkpoints(now=now)
        op.description = f"deleted {deleted} audit checkpoint(s) older than the retention period"
    return deleted
