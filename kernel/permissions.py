"""Permissions of API views: each method's from the operation it names (kernel.operations;
PARTNER_ADMIN may run everything, SPEC §4), and the cross-site rule for cookie writes."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from rest_framework import exceptions
from rest_framework.permissions import SAFE_METHODS, BasePermission

from .middleware import declared_length
from .operations import PUBLIC
from .roles import Role

CROSS_SITE = "a state-changing request authenticated by the Authorization cookie must come from this site or be JSON"


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else ""


def _same_site(request, origin: str) -> bool:
    trusted = {o.lower().rstrip("/") for o in settings.CSRF_TRUSTED_ORIGINS}
    own = f"{request.scheme}://{request.get_host()}".lower()
    return origin == own or origin in trusted


def cross_site_refusal(request) -> str | None:
    """Why a cookie-authenticated write must be refused as possible CSRF, or None.

    A browser attaches the cookie to cross-site requests, and a cross-site form or
    ``no-cors`` fetch can send ``text/plain`` or form data without a preflight. So:

    1. an ``Origin`` (or, without one, a ``Referer``) must be this site or one of
       ``PMS_CSRF_TRUSTED_ORIGINS``; ``Origin: null`` is foreign;
    2. without either header, the body must be JSON (a cross-site page cannot send that
       without CORS, which we never grant), or there must be no body and no Content-Type
       at all: what a non-browser client sends for a body-less POST (MOSIP's deployment
       client publishes policies that way). Every current browser sends ``Origin`` on a
       cross-site POST/PUT/PATCH/DELETE, and an HTML form always sends a Content-Type.

    Tokens in the header need none of this: a page on another site cannot set it.
    """
    if request.method in SAFE_METHODS or not getattr(request.auth, "from_cookie", False):
        return None
    meta = request.META
    origin_header = meta.get("HTTP_ORIGIN")
    if origin_header is not None or meta.get("HTTP_REFERER"):
        raw = origin_header if origin_header is not None else meta["HTTP_REFERER"]
        source = "" if raw.strip().lower() == "null" else _origin_of(raw)
        return None if source and _same_site(request, source) else CROSS_SITE
    content_type = (meta.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
    if content_type == "application/json":
        return None
    if not content_type and not declared_length(meta) and "HTTP_TRANSFER_ENCODING" not in meta:
        return None
    return CROSS_SITE


def request_roles(request) -> frozenset[Role]:
    """The roles the authentication class found for this request (``request.auth.roles``)."""
    roles = getattr(getattr(request, "auth", None), "roles", None)
    return roles if isinstance(roles, frozenset) else frozenset()


class IsAuthenticatedPms(BasePermission):
    """A user authenticated by a token (``request.auth`` set by the authentication class)."""

    def has_permission(self, request, view) -> bool:
        if getattr(request, "auth", None) is None or not getattr(request.user, "is_authenticated", False):
            return False
        refusal = cross_site_refusal(request)
        if refusal:
            denied = exceptions.PermissionDenied(refusal)
            denied.pms_detail = refusal  # type: ignore[attr-defined]
            raise denied
        return True


class OperationPermission(IsAuthenticatedPms):
    """Who may call a view method: whoever may run the operation it names in ``operations``
    (kernel.operations), so the rule is written once, on the operation. A method naming none
    is refused (``kernel.checks`` stops the service from starting with one); HEAD is GET's;
    OPTIONS, and a method the view does not take (405), are open to whoever may run any of
    the view's operations."""

    def has_permission(self, request, view) -> bool:
        operations = getattr(view, "operations", None) or {}
        method = "GET" if request.method == "HEAD" and "HEAD" not in operations else request.method
        if method in operations:
            candidates = [operations[method]]
        elif method == "OPTIONS" or not (method.lower() in view.http_method_names and hasattr(view, method.lower())):
            # Not one of the view's handlers (405 for whoever may call the view at all).
            candidates = list(operations.values())
        else:
            return False
        if any(operation.roles == PUBLIC for operation in candidates):
            return True
        if not super().has_permission(request, view):
            return False
        roles = request_roles(request)
        return any(operation.permits(roles) for operation in candidates)
