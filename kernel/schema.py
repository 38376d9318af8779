"""OpenAPI helpers: every body is wrapped in the MOSIP envelope, in the schema as on the wire."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension, OpenApiSerializerFieldExtension
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

# Path prefixes that are aliases of a canonical mount (doubled prefixes, 1.0 paths);
# kernel.routing registers them and the schema lists the canonical form only.
ALIAS_PREFIXES: set[str] = set()
ALIAS_PATHS: set[str] = set()


class ErrorItemSerializer(serializers.Serializer):
    errorCode = serializers.CharField()
    message = serializers.CharField()


class PageMetadataSerializer(serializers.Serializer):
    page = serializers.IntegerField()
    pageSize = serializers.IntegerField()
    totalItems = serializers.IntegerField()
    totalPages = serializers.IntegerField()


def _inner(inner: Any, many: bool = False):
    if inner is None:
        return serializers.JSONField(allow_null=True)
    if isinstance(inner, type):
        return inner(many=many)
    # an instance (inline_serializer, a field): a list of it when the answer is a list
    return serializers.ListField(child=inner) if many else inner


def envelope_request(name: str, inner: Any) -> Any:
    return inline_serializer(
        name=f"{name}RequestEnvelope",
        fields={
            "id": serializers.CharField(required=False, allow_null=True),
            "version": serializers.CharField(required=False, allow_null=True),
            "requesttime": serializers.CharField(required=False, help_text="yyyy-MM-ddTHH:mm:ss.SSSZ (UTC)"),
            "metadata": serializers.JSONField(required=False, allow_null=True),
            "request": _inner(inner),
        },
    )


def envelope_response(name: str, inner: Any, *, many: bool = False, paged: bool = False) -> Any:
    return inline_serializer(
        name=f"{name}ResponseEnvelope",
        fields={
            "id": serializers.CharField(allow_null=True),
            "version": serializers.CharField(allow_null=True),
            "responsetime": serializers.CharField(help_text="yyyy-MM-ddTHH:mm:ss.SSSZ (UTC)"),
            "metadata": PageMetadataSerializer(allow_null=True) if paged else serializers.JSONField(allow_null=True),
            "response": _inner(inner, many=many),
            "errors": ErrorItemSerializer(many=True),
        },
    )


class OneOf(serializers.Field):
    """An answer that takes one of several shapes (``GET /misps/{x}``: one MISP, or the
    MISPs whose names start with ``x``, by name), documented as ``oneOf`` of the given
    serializers or fields; it renders what the view built."""

    def __init__(self, *shapes: Any, **kwargs: Any):
        self.shapes = shapes
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> Any:
        return value


class OneOfSchema(OpenApiSerializerFieldExtension):
    target_class = OneOf

    def map_serializer_field(self, auto_schema, direction):
        return {"oneOf": [auto_schema._map_serializer_field(_inner(shape), direction) for shape in self.target.shapes]}


def only_canonical_paths(endpoints: list[tuple[str, str, str, Any]], **kwargs) -> list:
    """drf-spectacular preprocessing hook: drop alias mounts from the schema."""
    kept = []
    for path, path_regex, method, callback in endpoints:
        if path in ALIAS_PATHS or any(path.startswith(prefix) for prefix in ALIAS_PREFIXES):
            continue
        kept.append((path, path_regex, method, callback))
    return kept


class MosipTokenScheme(OpenApiAuthenticationExtension):
    """Documents the two ways the token travels: cookie ``Authorization`` or the header."""

    target_class = "accounts.authentication.MosipTokenAuthentication"
    name = ["mosipTokenCookie", "bearerToken"]

    def get_security_definition(self, auto_schema):
        return [
            {"type": "apiKey", "in": "cookie", "name": "Authorization",
             "description": "Set by the login endpoints (POST /v1/authmanager/authenticate/...)"},
            {"type": "http", "scheme": "bearer", "bearerFormat": "JWT",
             "description": "Header Authorization: Bearer <jwt> (or Mosip-Token<jwt>)"},
        ]


ERROR_ENVELOPE_SCHEMA = {
    "type": "object",
    "description": "Failure answer: `response` is null and `errors` lists documented codes. Business errors "
    "arrive with HTTP 200 (MOSIP) unless PMS_REST_STATUS_CODES is on.",
    "properties": {
        "id": {"type": "string", "nullable": True},
        "version": {"type": "string", "nullable": True},
        "responsetime": {"type": "string"},
        "responseTime": {"type": "string", "description": "MOSIP 1.2's V2 envelope spells it so"},
        "metadata": {"type": "object", "nullable": True},
        # Always null: an answer carrying a response is a success (its own schema).
        "response": {"type": "object", "nullable": True, "enum": [None]},
        "errors": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "properties": {"errorCode": {"type": "string"}, "message": {"type": "string"}},
                "required": ["errorCode", "message"],
            },
        },
    },
    "required": ["response", "errors"],
    "anyOf": [{"required": ["responsetime"]}, {"required": ["responseTime"]}],
}
ERROR_ENVELOPE_REF = {"$ref": "#/components/schemas/ErrorEnvelope"}

# Every operation may answer these (kernel.exceptions, kernel.middleware, kernel.http_errors).
_COMMON_FAILURES = {
    "400": "PMS_COR_001/PMS_COR_002 and the business codes when PMS_REST_STATUS_CODES is on; a Host not in "
    "PMS_ALLOWED_HOSTS",
    "404": "the family's \"does not exist\" code when PMS_REST_STATUS_CODES is on; PMS_COR_002 for a path "
    "value no route takes",
    "405": "PMS_COR_002: a reserved word (a service name or literal segment of a route) in an id's place names "
    "another route, which does not take this method",
    "409": "a conflicting state when PMS_REST_STATUS_CODES is on",
    "411": "PMS_COR_002: a chunked body (send a Content-Length)",
    "413": "PMS_COR_002: body larger than PMS_MAX_BODY_BYTES",
    "414": "PMS_COR_002: path and query longer than PMS_MAX_URL_LENGTH",
    "415": "PMS_COR_002: a body whose Content-Type is not JSON",
    "500": "PMS_COR_003: could not process the request",
}
_AUTH_FAILURES = {
    "401": "KER-ATH-401: missing, invalid, expired or invalidated token",
    "403": "KER-ATH-403: the token lacks the role this endpoint needs",
}


def _json_schema_of(response: dict) -> dict | None:
    return response.get("content", {}).get("application/json")


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation documents its error envelope,
    and the token may travel as cookie or as header (alternatives, not both).

    - A business error answers HTTP 200 in the envelope (MOSIP), so each 2xx answer is the
      operation's success envelope *or* the error envelope.
    - Every failure status (the common ones above, 401/403 where a token is needed, and any
      an endpoint declares itself with a description only, e.g. a login's 401 and 429)
      carries the error envelope.
    """
    result.setdefault("components", {}).setdefault("schemas", {})["ErrorEnvelope"] = ERROR_ENVELOPE_SCHEMA
    ref = {"content": {"application/json": {"schema": ERROR_ENVELOPE_REF}}}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            failures = dict(_COMMON_FAILURES)
            security = operation.get("security", [])
            if any(requirement for requirement in security):
                failures.update(_AUTH_FAILURES)
                # cookie OR header, not both: one requirement object per scheme
                operation["security"] = [{name: scopes} for req in security for name, scopes in req.items()]
            responses = operation["responses"]
            for status, description in failures.items():
                responses.setdefault(status, {"description": description, **ref})
            for status, response in responses.items():
                if status.startswith("2") and (body := _json_schema_of(response)) and "schema" in body:
                    if body["schema"] != ERROR_ENVELOPE_REF and "anyOf" not in body["schema"]:
                        body["schema"] = {"anyOf": [body["schema"], ERROR_ENVELOPE_REF]}
                elif status[0] in "45" and not _json_schema_of(response):
                    response.update(ref)
    return result
