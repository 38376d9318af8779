"""Audit rows for requests the kernel refused (kernel.signals.request_refused)."""

from __future__ import annotations

import hashlib
import logging

from django.core.cache import cache

from kernel.actors import Actor
from kernel.errors import KernelErrors, PmsError
from kernel.middleware import current_request_context

from .conf import app_settings
from .services import AuditedOperation, record, record_failure

logger = logging.getLogger("pms.audit")


def audit_refused_request(sender, *, request, view, url_kwargs: dict, error: PmsError, **kwargs) -> None:
    if error.code == KernelErrors.FORBIDDEN.code:
        _audit_forbidden(request, error)
    elif error.error.http_status == 401:
        _audit_rejected_token(request, error)
    elif error.error.http_status not in (403, 429):
        _audit_rejected_input(request, view, url_kwargs, error)


def _audit_forbidden(request, error: PmsError) -> None:
    """A caller refused for its role, its scope or a cross-site cookie: worth a row for
    whoever reviews access."""
    record("auth.access.denied", Actor.from_request(request), ref_id=request.path[:256],
           description=f"{error.code}: {error.message}: {request.method} {request.path[:200]}")


def _audit_rejected_token(request, error: PmsError) -> None:
    """A token was presented and refused (forged, expired, tampered, invalidated, of an
    unknown user). One row per client address and reason per
    PMS_AUDIT_TOKEN_REJECTION_INTERVAL_SECONDS: a flood of junk tokens is one row a
    minute, not one row a request. No token at all is not audited (that is anyone)."""
    presented = request.COOKIES.get("Authorization") or request.META.get("HTTP_AUTHORIZATION")
    if not presented:
        return
    actor = Actor.anonymous()
    interval = app_settings.PMS_AUDIT_TOKEN_REJECTION_INTERVAL_SECONDS
    digest = hashlib.sha256(f"{actor.client_ip}|{error.message}".encode()).hexdigest()
    if interval > 0 and not cache.add(f"pms:audit:token-rejected:{digest}", 1, interval):
        return
    record("auth.token.rejected", actor, ref_id=request.path[:256],
           description=f"{error.code}: {error.message}: {request.method} {request.path[:200]}"
                       f" (repeats from this address within {interval} s are not recorded)")


def _audit_rejected_input(request, view, url_kwargs: dict, error: PmsError) -> None:
    """A request refused before its service ran (missing field, bad JSON, bad filter)
    still gets the failure event of the operation its view declares for the method
    (``operations``). Once an operation has started running (noted in the request context
    by ``AuditedOperation.run``) it audits its own failure."""
    operation = (getattr(view, "operations", None) or {}).get(request.method)
    context = current_request_context()
    if not isinstance(operation, AuditedOperation) or (context is not None and context.notes.get("operation") is not None):
        return
    if not getattr(request.user, "is_authenticated", False):
        return
    ref_kwarg = getattr(view, "audit_ref_kwarg", None)
    record_failure(operation.failure_for(error), Actor.from_request(request), error,
                   ref_id=str(url_kwargs.get(ref_kwarg, "")) if ref_kwarg else "")


def audit_list_export(sender, *, request, model_label: str, count: int, **kwargs) -> None:
    """Who took which list out of the admin, and how many rows."""
    record("admin.list.export", Actor.from_request(request), ref_id=model_label[:256],
           description=f"{count} row(s) of {model_label} exported as CSV")
