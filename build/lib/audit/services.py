"""The only writer of audit rows (SPEC §5 "Audit").

``record`` writes one row in the caller's transaction. ``audited_operation`` is the shape
every state-changing service uses: the request event is written first (autocommit), the
business change and its success event commit together, and on failure the failure event
is written *after* the business transaction has rolled back, so it survives. Services are
therefore called outside any enclosing transaction (views run without ATOMIC_REQUESTS).
"""

from __future__ import annotations

import logging
import re
import socket
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator, Mapping

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from kernel.actors import Actor
from kernel.errors import KernelErrors, PmsError
from kernel.middleware import current_request_context

from .catalogue import event
from .models import AuditEvent

logger = logging.getLogger("pms.audit")

_JWT = re.compile(r"[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")


def _scrub(text: str) -> str:
    """Belt and braces: a token pasted into a message never reaches the audit table."""
    return _JWT.sub("[redacted]", text or "")[:4000]


def _host() -> tuple[str, str]:
    name = settings.PMS_HOST_NAME or socket.gethostname()
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
    kind = event(key)
    host_name, host_ip = _host_cached()
    return AuditEvent.objects.create(
        event_id=kind.event_id,
        event_key=kind.key,
        event_name=kind.event_name,
        event_type="System" if actor.is_system else kind.event_type,
        outcome=kind.outcome,
        action_time=timezone.now(),
        host_name=host_name,
        host_ip=host_ip,
        application_id=settings.PMS_APPLICATION_ID,
        session_user_id=actor.username,
        session_user_name=getattr(actor.user, "get_full_name", lambda: "")() or actor.username,
        roles=",".join(sorted(str(r) for r in actor.roles)),
        ref_id=str(ref_id or "")[:256],
        ref_id_type=kind.ref_id_type,
        created_by=actor.username,
        module_name=kind.module_name,
        module_id=kind.module_id,
        description=_scrub(description or kind.description),
        client_ip=actor.client_ip,
        request_id=actor.request_id,
    )


@dataclass
class Operation:
    actor: Actor
    ref_id: str = ""
    description: str = ""


def _failure_key(failure: str | Mapping[str, str], error: PmsError) -> str:
    if isinstance(failure, str):
        return failure
    return failure.get(error.code) or failure["*"]


@contextmanager
def audited_operation(
    *,
    actor: Actor,
    success: str,
    failure: str | Mapping[str, str],
    request: str | None = None,
    ref_id: str = "",
) -> Iterator[Operation]:
    """``with audited_operation(actor=..., request=..., success=..., failure=...) as op:``

    ``failure`` is an event key, or a mapping from error code to key with ``"*"`` as the
    default. Inside the block, set ``op.ref_id`` once the record's id is known.
    """
    op = Operation(actor=actor, ref_id=ref_id)
    if request:
        record(request, actor, ref_id=ref_id)
    try:
        with transaction.atomic():
            yield op
            record(success, actor, ref_id=op.ref_id, description=op.description)
    except Exception as exc:
        error = exc if isinstance(exc, PmsError) else KernelErrors.INTERNAL.error()
        record_failure(_failure_key(failure, error), actor, error, ref_id=op.ref_id)
        raise


def record_failure(key: str, actor: Actor, error: PmsError, *, ref_id: str = "") -> None:
    """The failure row of a request; written at most once per request, and never allowed
    to hide the failure it records."""
    ctx = current_request_context()
    try:
        record(key, actor, ref_id=ref_id, description="; ".join(f"{i['errorCode']}: {i['message']}" for i in error.items()))
    except Exception:
        logger.exception("could not write the failure audit event")
    if ctx is not None:
        ctx.notes["failure_audited"] = True


def failure_already_recorded() -> bool:
    ctx = current_request_context()
    return bool(ctx and ctx.notes.get("failure_audited"))
