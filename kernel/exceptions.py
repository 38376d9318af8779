"""The one place an exception becomes an HTTP answer (SPEC §3 "Errors")."""

from __future__ import annotations

import logging
from typing import Any, Iterator

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions as drf
from rest_framework.response import Response

from . import envelope
from .errors import ErrorCode, KernelErrors, PmsError
from .signals import request_refused

logger = logging.getLogger("pms.errors")

_MISSING_CODES = {"required", "null", "blank", "empty"}


def status_for(error: ErrorCode) -> int:
    """Business errors answer 200 (MOSIP) unless PMS_REST_STATUS_CODES is on."""
    if error.always_status or settings.PMS_REST_STATUS_CODES:
        return error.http_status
    return 200


def _walk_validation(detail: Any, path: str = "") -> Iterator[tuple[str, str, str]]:
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = path if key == "non_field_errors" else (f"{path}.{key}" if path else str(key))
            yield from _walk_validation(value, name)
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, (dict, list)):
                yield from _walk_validation(value, f"{path}[{index}]")
            else:
                yield from _walk_validation(value, path)
    else:
        yield path or "request", str(detail), getattr(detail, "code", "invalid")


def validation_error_to_pms(exc: drf.ValidationError) -> PmsError:
    errors: list[PmsError] = []
    for field, message, code in _walk_validation(exc.detail):
        if code in _MISSING_CODES:
            errors.append(KernelErrors.MISSING_INPUT.error(field=field))
        else:
            errors.append(KernelErrors.INVALID_INPUT.error(field=field, detail=message))
    if not errors:
        errors.append(KernelErrors.INVALID_INPUT.error(field="request"))
    return PmsError.combine(errors)


def to_pms_error(exc: Exception, request=None) -> PmsError:
    if isinstance(exc, PmsError):
        return exc
    if isinstance(exc, drf.ValidationError):
        return validation_error_to_pms(exc)
    if isinstance(exc, (drf.NotAuthenticated, drf.AuthenticationFailed)):
        detail = getattr(exc, "pms_detail", None)
        return KernelErrors.AUTHENTICATION_FAILED.error(detail=detail)
    if isinstance(exc, (drf.PermissionDenied, DjangoPermissionDenied)):
        return KernelErrors.FORBIDDEN.error(detail=getattr(exc, "pms_detail", None))
    if isinstance(exc, drf.MethodNotAllowed):
        method = getattr(request, "method", "") if request is not None else ""
        return KernelErrors.METHOD_NOT_ALLOWED.error(method=method)
    if isinstance(exc, drf.UnsupportedMediaType):
        return KernelErrors.UNSUPPORTED_MEDIA.error()
    if isinstance(exc, (drf.NotFound, Http404)):
        return KernelErrors.NO_SUCH_ENDPOINT.error(path=getattr(request, "path", ""))
    if isinstance(exc, drf.ParseError):
        return KernelErrors.INVALID_INPUT.error(field="body", detail="the body is not valid JSON")
    if isinstance(exc, drf.Throttled):
        return KernelErrors.TOO_MANY_REQUESTS.error(seconds=int(exc.wait or 1))
    return KernelErrors.INTERNAL.error()


def in_view_family(error: PmsError, view: Any, method: str) -> PmsError:
    """A service family with its own input codes (device master data: "mandatory input
    parameter is missing" per endpoint, KER-MSD-999 otherwise) names them on the view:
    ``input_errors = (missing, invalid)``, or a dict of those by HTTP method (``"*"`` for
    the rest). The generic PMS_COR_001/002 then become the family's codes."""
    family = getattr(view, "input_errors", None)
    if isinstance(family, dict):
        family = family.get(method) or family.get("*")
    if not family:
        return error
    missing, invalid = family
    items = error.all()
    for item in items:
        item.extra = []  # flattened above; combined again below
    converted = [missing.error(field=item.field) if item.error is KernelErrors.MISSING_INPUT
                 else invalid.error(field=item.field, detail=item.detail) if item.error is KernelErrors.INVALID_INPUT
                 else item for item in items]
    return PmsError.combine(converted)


def error_response(error: PmsError, request=None, default_id: str | None = None) -> Response:
    """Writes echo the request's id/version; reads carry the endpoint's fixed id."""
    envelope_id, version = getattr(request, "pms_envelope", (default_id, "1.0")) if request is not None else (default_id, "1.0")
    if not envelope_id or getattr(request, "method", "") == "GET":
        envelope_id = default_id
    body = envelope.build(errors=error.items(), envelope_id=envelope_id, version=version)
    response = Response(body, status=status_for(error.error))
    if error.error.http_status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="pms"'
    return response


def report_refusal(exc: Exception, error: PmsError, context: dict[str, Any]) -> None:
    """Log the unexpected; tell the audit trail about a refusal (request_refused)."""
    request = context.get("request")
    if error.code == KernelErrors.INTERNAL.code:
        logger.exception("unexpected error on %s", getattr(request, "path", "?"), exc_info=exc)
    elif request is not None:
        try:
            request_refused.send(sender=type(context.get("view")), request=request, view=context.get("view"),
                                 url_kwargs=context.get("kwargs") or {}, error=error)
        except Exception:
            logger.exception("a request_refused receiver failed")


def pms_exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    request = context.get("request")
    error = in_view_family(to_pms_error(exc, request), context.get("view"), getattr(request, "method", ""))
    report_refusal(exc, error, context)
    view = context.get("view")
    documented = view.documented_id(request.method) if request is not None and hasattr(view, "documented_id") else None
    return error_response(error, request, documented)
