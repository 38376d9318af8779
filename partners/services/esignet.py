"""eSignet's client-management API, as MOSIP 1.2's partner service calls it (1.2 catalog
§14.2 step 7, §14.3): ``POST {base}/v1/esignet/client-mgmt/{oauth-client|oidc-client}``
to create, ``PUT .../{clientId}`` to update, in MOSIP's ``{requestTime, request}``
envelope; and eSignet's discovery document for ``claims_supported``.

Configured by PMS_ESIGNET_BASE_URL (empty: eSignet is not configured and nothing here is
called). Every call ends in one of three ways, which the client service treats
differently ("no orphan", partners.services.oidc_clients):

- ``EsignetRefused``: eSignet answered and refused (its error list). eSignet changed
  nothing; the error is passed on.
- ``EsignetUnsure``: no usable answer (unreachable, a timeout, an HTTP error, a body that
  is not eSignet's). eSignet may or may not have acted.
- a response object: done.

Beyond MOSIP: a redirect is never followed (eSignet's token would go to wherever the
redirect points, and a client would be "created" by whoever answers there); it is no
usable answer. An answer longer than ``MAX_ANSWER_BYTES`` is not read to its end, and
eSignet's error code and message are cut before they are passed on.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from kernel.envelope import now_text
from kernel.outbound import OPENER

from ..conf import app_settings

# eSignet's code for a client id it already has: a create sent again after an unsure
# answer finds the client made the first time, which is what was wanted.
DUPLICATE_CLIENT = "duplicate_client_id"


# eSignet's answers are small JSON documents; anything longer is not one.
MAX_ANSWER_BYTES = 1024 * 1024


class EsignetRefused(Exception):
    def __init__(self, code: str, message: str):
        code, message = str(code)[:64], str(message)[:512]
        super().__init__(f"{code}: {message}")
        self.code, self.message = code, message


class EsignetUnsure(Exception):
    """No usable answer: eSignet may or may not have done what it was asked."""


def configured() -> bool:
    return bool(app_settings.PMS_ESIGNET_BASE_URL)


def _url(path: str) -> str:
    return app_settings.PMS_ESIGNET_BASE_URL.rstrip("/") + path


def _call(method: str, url: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    headers = {"Accept": "application/json"}
    data = None
    if body is not None:
        headers["Content-Type"] = "application/json"
        data = json.dumps(body).encode()
    if app_settings.PMS_ESIGNET_AUTHORIZATION:
        headers["Authorization"] = app_settings.PMS_ESIGNET_AUTHORIZATION
    if urllib.parse.urlsplit(url).scheme.lower() not in ("http", "https"):
        raise EsignetUnsure("eSignet's address is not usable")
    try:
        request = urllib.request.Request(url, data=data, headers=headers, method=method)
    except ValueError:  # no usable address (eSignet configured away meanwhile)
        raise EsignetUnsure("eSignet's address is not usable") from None
    try:
        with OPENER.open(request, timeout=app_settings.PMS_ESIGNET_TIMEOUT_SECONDS) as answer:
            raw = answer.read(MAX_ANSWER_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise EsignetUnsure(f"eSignet answered HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError) as exc:  # unreachable, refused, timed out
        raise EsignetUnsure(f"eSignet could not be reached ({type(exc).__name__})") from None
    if len(raw) > MAX_ANSWER_BYTES:
        raise EsignetUnsure("eSignet's answer is too long")
    try:
        parsed = json.loads(raw or b"null")
    except (ValueError, RecursionError):  # not JSON, or nested beyond what the parser takes
        raise EsignetUnsure("eSignet's answer is not JSON") from None
    if not isinstance(parsed, dict):
        raise EsignetUnsure("eSignet's answer is not an object")
    return parsed


def _client_call(method: str, path: str, request: dict[str, Any]) -> dict[str, Any]:
    body = _call(method, _url(path), {"requestTime": now_text(), "request": request})
    errors = body.get("errors") or []
    if errors:
        first = errors[0] if isinstance(errors[0], dict) else {}
        raise EsignetRefused(str(first.get("errorCode") or ""), str(first.get("errorMessage") or ""))
    if "errors" in body and body.get("response") is None:
        raise EsignetRefused("", "")  # an empty error list and no answer: MOSIP's PMS_PRT_500
    if body.get("response") is None:
        raise EsignetUnsure("eSignet answered without a response")
    return body["response"]


def client_path(api: str) -> str:
    return f"/v1/esignet/client-mgmt/{'oauth-client' if api == 'oauth' else 'oidc-client'}"


def create_client(api: str, request: dict[str, Any]) -> dict[str, Any]:
    return _client_call("POST", client_path(api), request)


def update_client(api: str, client_id: str, request: dict[str, Any]) -> dict[str, Any]:
    return _client_call("PUT", f"{client_path(api)}/{client_id}", request)


def claims_supported() -> set[str] | None:
    """The claims eSignet supports: the setting, else eSignet's discovery document when
    eSignet is configured, else None (no filter). Unreadable discovery: unsure."""
    if app_settings.PMS_ESIGNET_CLAIMS_SUPPORTED:
        return {c.strip() for c in app_settings.PMS_ESIGNET_CLAIMS_SUPPORTED if c.strip()}
    if not configured():
        return None
    document = _call("GET", _url(app_settings.PMS_ESIGNET_DISCOVERY_PATH))
    claims = document.get("claims_supported")
    if not isinstance(claims, list):
        raise EsignetUnsure("eSignet's discovery document has no claims_supported list")
    return {str(c) for c in claims}
