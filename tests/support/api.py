"""Test machinery shared by every app's tests (NetBox's utilities/testing idea).

``PmsApi`` speaks the envelope over Django's test client; ``assert_error`` checks an answer
carries a code. Users and tokens come from ``tests.support.users``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from django.test import Client

from kernel.roles import Role


def envelope(request: Any, envelope_id: str = "mosip.test", version: str = "1.0") -> dict[str, Any]:
    return {"id": envelope_id, "version": version, "requesttime": "2026-01-01T00:00:00.000Z", "metadata": {}, "request": request}


@dataclass
class Answer:
    status: int
    body: Any
    headers: Any
    cookies: Any

    @property
    def response(self) -> Any:
        return self.body.get("response") if isinstance(self.body, dict) else None

    @property
    def error_codes(self) -> list[str]:
        errors = self.body.get("errors") if isinstance(self.body, dict) else None
        return [e["errorCode"] for e in errors or []]


class PmsApi:
    def __init__(self, client: Client | None = None, token: str | None = None):
        self.client = client or Client()
        self.token = token

    def _headers(self, token: str | None, extra: dict[str, str] | None) -> dict[str, str]:
        headers = dict(extra or {})
        token = token if token is not None else self.token
        if token:
            headers.setdefault("Authorization", f"Bearer {token}")
        return headers

    def call(self, method: str, url: str, request: Any = None, *, body: Any = None, raw: bytes | str | None = None,
             token: str | None = None, headers: dict[str, str] | None = None, content_type: str = "application/json",
             params: dict[str, Any] | None = None) -> Answer:
        data: Any = None
        if raw is not None:
            data = raw
        elif body is not None:
            data = json.dumps(body)
        elif request is not None:
            data = json.dumps(envelope(request))
        kwargs: dict[str, Any] = {"headers": self._headers(token, headers)}
        if method in ("get", "delete") and params:
            kwargs["data"] = params
        elif data is not None:
            kwargs["data"] = data
            kwargs["content_type"] = content_type
        elif method not in ("get", "delete", "head", "options"):
            # No body at all (no Content-Type either), as a non-browser client sends it.
            response = self.client.generic(method.upper(), url, b"", **kwargs)
            return self._answer(response)
        response = getattr(self.client, method)(url, **kwargs)
        return self._answer(response)

    @staticmethod
    def _answer(response) -> Answer:
        try:
            parsed = json.loads(response.content) if response.content else None
        except ValueError:
            parsed = response.content.decode(errors="replace")
        return Answer(response.status_code, parsed, response.headers, response.cookies)

    def get(self, url: str, **kw) -> Answer:
        return self.call("get", url, **kw)

    def post(self, url: str, request: Any = None, **kw) -> Answer:
        return self.call("post", url, request, **kw)

    def put(self, url: str, request: Any = None, **kw) -> Answer:
        return self.call("put", url, request, **kw)

    def patch(self, url: str, request: Any = None, **kw) -> Answer:
        return self.call("patch", url, request, **kw)

    def delete(self, url: str, **kw) -> Answer:
        return self.call("delete", url, **kw)


def assert_error(answer: Answer, code: str, status: int = 200) -> None:
    assert answer.status == status, (answer.status, answer.body)
    assert isinstance(answer.body, dict), answer.body
    assert code in answer.error_codes, answer.body
    assert answer.body.get("response") is None, answer.body
    for item in answer.body["errors"]:
        assert item["message"], item


def assert_ok(answer: Answer, status: int = 200) -> Any:
    assert answer.status == status, (answer.status, answer.body)
    assert answer.body["errors"] == [], answer.body
    return answer.response


# --- role matrix (pretix's permission table): every app lists who may call what ----------

ALLOWED, FORBIDDEN = "allowed", "forbidden"
ALL_ROLES = [str(role) for role in Role]  # every role, so a new one is in every matrix at once


def route_shape(path: str) -> str:
    """``/policyGroup/<pmsid:group_id>`` and ``/policyGroup/{group}`` both become ``/policyGroup/X``."""
    return re.sub(r"<[^>]+>|\{[^}]+\}", "X", path)


def missing_from_matrix(routes, matrix) -> set[str]:
    """Route shapes of an app that its role matrix does not list (should be empty)."""
    covered = {route_shape(suffix) for _, suffix, _ in matrix}
    return {route_shape(r.suffix) for r in routes} - covered


def writes_missing(routes, checked) -> set[str]:
    """Route shapes of an app with a write method (POST, PUT, PATCH, DELETE) that a
    cross-site check list of ``(method, suffix)`` does not name (should be empty)."""
    writes = set()
    for route in routes:
        view = getattr(route.view, "cls", None) or getattr(route.view, "view_class", None)
        if any(hasattr(view, m) and m in view.http_method_names for m in ("post", "put", "patch", "delete")):
            writes.add(route_shape(route.suffix))
    return writes - {route_shape(suffix) for _, suffix in checked}


def assert_role_outcome(answer: Answer, expected: str) -> None:
    if expected == FORBIDDEN:
        assert answer.status == 403 and answer.error_codes == ["KER-ATH-403"], answer.body
    else:
        assert answer.status not in (401, 403) and not {"KER-ATH-401", "KER-ATH-403"} & set(answer.error_codes), answer.body


def run_together(*calls):
    """Run the calls in threads released at the same instant (concurrency tests on
    PostgreSQL); return each one's result, or the PmsError it raised."""
    import threading

    from django.db import connection

    from kernel.errors import PmsError

    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except PmsError as exc:
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def openapi_schema() -> dict[str, Any]:
    """The OpenAPI schema as ``/api/schema/?format=json`` serves it."""
    response = Client().get("/api/schema/?format=json")
    assert response.status_code == 200, response.content[:200]
    return json.loads(response.content)


def schema_component(schema: dict[str, Any], ref_or_schema: dict[str, Any]) -> dict[str, Any]:
    """Follow a ``{"$ref": "#/components/schemas/X"}`` to X (anything else is returned as is)."""
    ref = ref_or_schema.get("$ref", "")
    return schema["components"]["schemas"][ref.rsplit("/", 1)[-1]] if ref else ref_or_schema


def documented_success(schema: dict[str, Any], path: str, method: str, status: str = "200") -> dict[str, Any]:
    """The success envelope an operation documents for ``status`` (the 2xx answer is that
    envelope or the error envelope: kernel.schema.add_error_responses)."""
    body = schema["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]
    success, error = body["anyOf"]
    assert error == {"$ref": "#/components/schemas/ErrorEnvelope"}, body
    return schema_component(schema, success)


def to_json_schema(node: Any) -> Any:
    """OpenAPI 3.0 schema objects -> JSON Schema (draft 7): ``nullable`` becomes a null
    alternative, references point into ``definitions``."""
    if isinstance(node, list):
        return [to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: to_json_schema(value) for key, value in node.items()
           if key not in ("nullable", "readOnly", "writeOnly", "example", "examples")}
    if "$ref" in out:
        out["$ref"] = out["$ref"].replace("#/components/schemas/", "#/definitions/")
    if node.get("nullable"):
        if "enum" in out and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
        return {"anyOf": [out, {"type": "null"}]}
    return out


def schema_validator(schema: dict[str, Any], media_schema: dict[str, Any]):
    """A jsonschema validator of ``media_schema`` (a part of the OpenAPI ``schema``)."""
    from jsonschema import Draft7Validator

    definitions = to_json_schema(schema["components"]["schemas"])
    return Draft7Validator({**to_json_schema(media_schema), "definitions": definitions})


def undocumented(schema: dict[str, Any], path: str, method: str, body: Any) -> list[str]:
    """How a real success answer ``body`` departs from the success envelope the operation
    documents (``path`` as the schema spells it, e.g. ``/v1/masterdata/deviceprovider``);
    empty when it matches."""
    validator = schema_validator(schema, documented_success(schema, path, method))
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in validator.iter_errors(body)]
