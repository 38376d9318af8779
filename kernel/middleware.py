"""Request-wide context (request id, client address) and the body-size limit."""

from __future__ import annotations

import contextvars
import os
from dataclasses import dataclass, field

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.messages.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.http.response import ResponseHeaders
from django.middleware.common import CommonMiddleware as DjangoCommonMiddleware
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject, empty

from . import envelope
from .errors import KernelErrors
from .http_errors import bad_request, is_api_path


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    client_ip: str
    path: str
    # Per-request notes between layers, e.g. that a service already audited its failure.
    notes: dict = field(default_factory=dict, compare=False)


_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar("pms_request", default=None)


def current_request_context() -> RequestContext | None:
    return _current.get()


def client_ip(request: HttpRequest) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is set by clients too, so trusting it would let
    # anyone write any address into audit rows. A deployment behind a proxy sets
    # PMS_TRUSTED_PROXY_HOPS (docs/configuration.md) and we take the address that proxy saw.
    hops = getattr(settings, "PMS_TRUSTED_PROXY_HOPS", 0)
    if hops:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "") or ""


# uuid.uuid4().hex without building a UUID: 128 random bits with the version (4) and the
# variant (RFC 4122) bits set as uuid4 sets them.
_UUID4_KEEP = ~(0xC000 << 48) & ~(0xF000 << 64)
_UUID4_SET = (0x8000 << 48) | (4 << 76)


def new_request_id() -> str:
    return "%032x" % ((int.from_bytes(os.urandom(16), "big") & _UUID4_KEEP) | _UUID4_SET)


def set_plain_header(response: HttpResponse, name: str, value: str) -> None:
    """``response[name] = value`` for a name and value of plain ASCII without line breaks
    (our constants, a generated request id), stored as Django's ``ResponseHeaders`` stores
    them, without the charset checks it makes on every call (kernel/tests/test_middleware_headers.py
    compares the two)."""
    response.headers._store[name.lower()] = (name, value)


def has_header(response: HttpResponse, name: str) -> bool:
    """``name in response`` for a lower-case ``name``, without Mapping's KeyError."""
    return name in response.headers._store


def _plain(text: object) -> bool:
    return type(text) is str and text.isascii() and "\n" not in text and "\r" not in text


class PlainResponseHeaders(ResponseHeaders):
    """Django's answer headers (``response.headers``), for the API's answers
    (``EnvelopeAPIView.finalize_response``): a plain name and value (ASCII text on one
    line: every header the service and Django's middlewares write on an API answer) are
    stored as Django would store them without its per-call charset checks, and a lookup
    of an absent header answers without raising and catching a KeyError (Mapping's way,
    which every ``setdefault`` and ``in`` of Django's middlewares took). Anything else
    takes Django's code (kernel/tests/test_middleware_headers.py compares the two)."""

    @classmethod
    def adopt(cls, response: HttpResponse) -> None:
        headers = getattr(response, "headers", None)
        if type(headers) is ResponseHeaders:
            headers.__class__ = cls  # the same store: only the methods change

    def __contains__(self, key) -> bool:
        if type(key) is str:
            return key.lower() in self._store
        return super().__contains__(key)

    def get(self, key, default=None):
        if type(key) is str:
            item = self._store.get(key.lower())
            return default if item is None else item[1]
        return super().get(key, default)

    def setdefault(self, key, value):
        if key not in self:
            self[key] = value

    def __setitem__(self, key, value):
        if _plain(key) and _plain(value):
            self._store[key.lower()] = (key, value)
        else:
            super().__setitem__(key, value)


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        supplied = request.META.get("HTTP_X_REQUEST_ID", "")
        generated = not (0 < len(supplied) <= 64 and supplied.isprintable())
        request_id = new_request_id() if generated else supplied
        request.pms_request_id = request_id  # type: ignore[attr-defined]
        token = _current.set(RequestContext(request_id, client_ip(request), request.path))
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        if generated:
            set_plain_header(response, "X-Request-ID", request_id)
        else:  # the client's: printable, but maybe not ASCII (Django MIME-encodes it)
            response["X-Request-ID"] = request_id
        return response


class ResponseHeadersMiddleware:
    """``Cache-Control: no-store`` on every API answer (the login answer carries a token;
    none should sit in a shared cache), and PMS_CONTENT_SECURITY_POLICY on every HTML page
    (admin, API docs, portal) that has not set its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_api_path(request.path) and not has_header(response, "cache-control"):
            set_plain_header(response, "Cache-Control", "no-store")
            set_plain_header(response, "Pragma", "no-cache")
        if response.get("Content-Type", "").startswith("text/html") and not has_header(response, "content-security-policy"):
            response["Content-Security-Policy"] = settings.PMS_CONTENT_SECURITY_POLICY
        return response


def declared_length(meta) -> int:
    """The Content-Length the client declared; garbage counts as 0 (as Django reads it)."""
    try:
        return max(int(meta.get("CONTENT_LENGTH") or 0), 0)
    except (TypeError, ValueError):
        return 0


class RejectUnstorableTextMiddleware:
    """Pages outside the API (admin, portal) answer 400 when the path or the query string
    holds a NUL: PostgreSQL refuses it in any query, so a filter like
    ``?policy_group__id__exact=%00`` would otherwise be a server error. API views refuse
    the same in the envelope (kernel.api)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_api_path(request.path):
            texts = [request.path, *(t for key, values in request.GET.lists() for t in (key, *values))]
            if any("\x00" in text for text in texts):
                return bad_request(request)
        return self.get_response(request)


_DRAIN_LIMIT = 64 * 1024 * 1024
_CHUNK = 64 * 1024


def too_large_response(limit: int) -> HttpResponse:
    return envelope.error_json_response(KernelErrors.BODY_TOO_LARGE.error(limit=limit), 413)


class BodySizeLimitMiddleware:
    """Request limits answered in the envelope, before any view runs:

    - 413 for bodies above PMS_MAX_BODY_BYTES. The declared body is read and discarded (up
      to a hard cap) before answering, so the client is not cut off mid-upload and
      actually receives the 413 (SPEC §9.21);
    - 411 for a chunked body (``Transfer-Encoding: chunked``): Django reads bodies by
      Content-Length, so such a body would silently arrive empty;
    - 414 for a path and query string longer than PMS_MAX_URL_LENGTH (gunicorn's own
      limit, set above it in config/gunicorn.py, would answer in HTML).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        url_length = len(request.META.get("PATH_INFO", "")) + len(request.META.get("QUERY_STRING", ""))
        if url_length > settings.PMS_MAX_URL_LENGTH:
            return envelope.error_json_response(KernelErrors.URL_TOO_LONG.error(limit=settings.PMS_MAX_URL_LENGTH), 414)
        if "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
            return envelope.error_json_response(KernelErrors.LENGTH_REQUIRED.error(), 411)
        limit = settings.PMS_MAX_BODY_BYTES
        declared = declared_length(request.META)
        if declared > limit:
            self._drain(request, declared)
            return too_large_response(limit)
        return self.get_response(request)

    @staticmethod
    def _drain(request: HttpRequest, declared: int) -> None:
        stream = request.META.get("wsgi.input")
        if stream is None or declared > _DRAIN_LIMIT:
            return
        remaining = declared
        try:
            while remaining > 0:
                chunk = stream.read(min(_CHUNK, remaining))
                if not chunk:
                    break
                remaining -= len(chunk)
        except OSError:
            pass


class HealthProbeMiddleware:
    """``/healthz`` answered first, before anything reads the Host header: a load balancer
    probes by IP address, which PMS_ALLOWED_HOSTS rightly does not list, and must still get
    200 or 503 rather than a 400 and a DisallowedHost traceback in the log. The answer
    holds no data of any partner, so no host check is owed."""

    PATH = "/healthz"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == self.PATH and request.method in ("GET", "HEAD"):
            from .views import health_response

            return health_response()
        return self.get_response(request)


class LazyMessageMiddleware(MessageMiddleware):
    """Django's ``MessageMiddleware`` with the message storage made when a page first uses
    it: an API request, which never does, no longer builds a cookie and a session storage
    and updates them (docs/benchmark.md). A storage never made has nothing to store, as
    Django's ``update`` would find."""

    def process_request(self, request):
        request._messages = SimpleLazyObject(lambda: default_storage(request))

    def process_response(self, request, response):
        messages = getattr(request, "_messages", None)
        if isinstance(messages, SimpleLazyObject) and messages._wrapped is empty:
            return response
        return super().process_response(request, response)


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's ``LocaleMiddleware`` without its two lookups of a language in the path when
    the URL map uses no ``i18n_patterns`` (ours does not): Django then never uses what they
    find, and each one fails for a path such as ``/partnermanagement/...`` by raising an
    exception that its cache does not keep, so every request paid for both (most of the
    middleware's cost, docs/benchmark.md). With ``i18n_patterns``, Django's own code runs."""

    def process_request(self, request):
        if is_language_prefix_patterns_used(getattr(request, "urlconf", settings.ROOT_URLCONF))[0]:
            return super().process_request(request)
        translation.activate(translation.get_language_from_request(request, check_path=False))
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        if is_language_prefix_patterns_used(getattr(request, "urlconf", settings.ROOT_URLCONF))[0]:
            return super().process_response(request, response)
        if has_header(response, "vary"):
            patch_vary_headers(response, ("Accept-Language",))
        else:  # what patch_vary_headers writes when there is no Vary yet
            set_plain_header(response, "Vary", "Accept-Language")
        if not has_header(response, "content-language"):
            language = translation.get_language()  # a code of settings.LANGUAGES, or None
            if type(language) is str and language.isascii():
                set_plain_header(response, "Content-Language", language)
            else:  # (None after deactivate_all: Django writes "None")
                response.headers["Content-Language"] = language
        return response


class CommonMiddleware(DjangoCommonMiddleware):
    """Django's, its ``Content-Length`` written as set_plain_header writes it (Django's write
    checks the charset and first looks the header up through an exception). The same header
    and conditions as Django 5.2's, whose own code still answers a 404 (the slash redirect):
    kernel/tests/test_middleware_headers.py. Django's security and clickjacking middlewares
    stay as they are: its deployment checks look for them by name."""

    def process_response(self, request, response):
        if response.status_code == 404:  # the slash redirect: Django's own code
            return super().process_response(request, response)
        if not response.streaming and not has_header(response, "content-length"):
            set_plain_header(response, "Content-Length", str(len(response.content)))
        return response
