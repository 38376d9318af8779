"""Django-level error pages: API paths answer in the envelope, never in HTML (SPEC §3)."""

from __future__ import annotations

import logging

from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt

from . import envelope
from .errors import KernelErrors, PmsError
from .signals import request_refused

logger = logging.getLogger("pms.errors")

API_PREFIXES = ("/partnermanagement/", "/v1/", "/masterdata/", "/api/")


def is_api_path(path: str) -> bool:
    return path.startswith(API_PREFIXES)


def _envelope(error: PmsError, status: int) -> HttpResponse:
    return envelope.error_json_response(error, status)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    if isinstance(exception, DisallowedHost):
        # Say what is wrong: an operator meeting this has a proxy or PMS_ALLOWED_HOSTS to fix.
        detail = "this host name is not served here (the operator lists served names in PMS_ALLOWED_HOSTS)"
        if is_api_path(request.path):
            return _envelope(KernelErrors.INVALID_INPUT.error(field="Host", detail=detail), 400)
        return HttpResponse(f"Bad Request: Host header: {detail}.\n", status=400, content_type="text/plain; charset=utf-8")
    if is_api_path(request.path):
        return _envelope(KernelErrors.INVALID_INPUT.error(field="request"), 400)
    return defaults.bad_request(request, exception)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    """Admin and page refusals (Django's PermissionDenied) are audited like API 403s."""
    error = KernelErrors.FORBIDDEN.error()
    try:
        request_refused.send(sender=None, request=request, view=None, url_kwargs={}, error=error)
    except Exception:
        logger.exception("a request_refused receiver failed")
    if is_api_path(request.path):
        return _envelope(error, 403)
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    if is_api_path(request.path):
        return _envelope(KernelErrors.NO_SUCH_ENDPOINT.error(path=request.path[:200]), 404)
    return defaults.page_not_found(request, exception)


@csrf_exempt
def api_not_found(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    return _envelope(KernelErrors.NO_SUCH_ENDPOINT.error(path=request.path[:200]), 404)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api_path(request.path):
        return _envelope(KernelErrors.INTERNAL.error(), 500)
    return defaults.server_error(request)
