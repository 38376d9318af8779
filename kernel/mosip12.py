"""MOSIP 1.2's envelopes and error bodies, for the routes under ``/v1/partnermanager`` and
``/v1/policymanager`` (the 1.0 routes keep kernel.api and kernel.envelope).

Three answer envelopes, by route: **V1** (``responsetime``, with ``metadata``) from the
partner service, **V1-policy** (``responsetime``, no ``metadata`` key) from the policy
service, **V2** (``responseTime``) on the "revamp" routes. A view declares per method which
it answers (``answers = {"GET": V2("mosip.pms.configs.get")}``) and which service it
belongs to; everything else follows here, because MOSIP's choice of envelope for an
*error* depends on where the error arose, not only on the route:

- a refused body (a field missing or wrong, ``request`` null) is ``PMS_COR_001``
  ``Invalid request parameter - <message> :<field path>``, the first problem only, in the
  service's V1 envelope (id and version null from the partner service, copied from the
  body by the policy service), V2 routes included;
- a V2 request whose ``id``, ``version``, ``requestTime`` or date is wrong is
  ``PMS_REQUEST_ERROR_00x`` in the V2 envelope with the route's API id;
- what MOSIP's controllers refuse before the service runs (a feature switched off, the
  paging and sorting parameters of a revamp list) is the partner service's V1 error
  (``id: mosip.partnermanagement``), V2 routes included;
- a service's refusal is the route's own envelope: V2 with its API id, V1 with
  ``mosip.partnermanagement``/``1.0`` (partner service) or the body's id and version
  (policy service; null for a GET).

Authentication, roles, unknown routes, methods and media types answer as on the 1.0
routes (kernel.exceptions): same codes and HTTP statuses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import inline_serializer
from rest_framework import exceptions as drf
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from .api import EnvelopeAPIView
from .envelope import now_text
from .errors import ErrorCode, KernelErrors, PmsError
from .exceptions import pms_exception_handler, report_refusal, status_for
from .schema import ErrorItemSerializer, _inner
from .search import SearchErrors
from .serializers import MosipRequestSerializer

PARTNER_SERVICE_ID = "mosip.partnermanagement"
V2_VERSION = "1.0"


class Service(Enum):
    """Which of MOSIP's two 1.2 services a route belongs to: their envelopes differ."""

    PARTNER = "partner"  # /v1/partnermanager
    POLICY = "policy"  # /v1/policymanager


@dataclass(frozen=True)
class V1:
    """The V1 envelope: ``id`` fixed (or null), or ``echo`` the request's id and version."""

    id: str | None = None
    version: str | None = None
    echo: bool = False


@dataclass(frozen=True)
class V2:
    """The V2 envelope and the route's API id (also required in a V2 request's ``id``)."""

    api_id: str


class Envelope12Errors:
    REQUEST_ID = ErrorCode("PMS_REQUEST_ERROR_002", "Invalid Request Id")
    REQUEST_VERSION = ErrorCode("PMS_REQUEST_ERROR_003", "Request version is invalid")
    REQUEST_TIME = ErrorCode("PMS_REQUEST_ERROR_004", "Invalid request time")
    REQUEST_BODY = ErrorCode("PMS_REQUEST_ERROR_005", "Request body is invalid")
    REQUEST_DATE = ErrorCode("PMS_REQUEST_ERROR_006", "Request date should be current date")
    INVALID_PARAMETER = ErrorCode("PMS_COR_001", "Invalid request parameter - {message} :{path}")


V2_REQUEST_CODES = frozenset(code.code for code in (
    Envelope12Errors.REQUEST_ID, Envelope12Errors.REQUEST_VERSION, Envelope12Errors.REQUEST_TIME,
    Envelope12Errors.REQUEST_BODY, Envelope12Errors.REQUEST_DATE))
# Refused by MOSIP's controllers before the service runs (the list parameters, a wire value
# the view cannot read, a feature switched off): the service's V1 error, never V2.
CONTROLLER_ERRORS = frozenset((
    SearchErrors.SORT_UNPAIRED, SearchErrors.PAGE_UNPAIRED, SearchErrors.SORT_WITHOUT_PAGE,
    SearchErrors.LIST_SORT_FIELD, SearchErrors.LIST_SORT_TYPE, SearchErrors.LIST_PAGE_NO,
    SearchErrors.LIST_PAGE_SIZE, KernelErrors.INVALID_INPUT))
CONTROLLER_PREFIXES = ("PMS_FEATURE_",)

# Hibernate Validator's default texts, which MOSIP's DTOs show where they declare none:
# they replace DRF's own texts only (a DTO's declared texts, kernel.serializers.BeanMessages,
# and a field's own error_messages stay as they are).
_DEFAULT_MESSAGES = {"required": "must not be null", "null": "must not be null", "blank": "must not be blank"}
_DRF_TEXTS = {"required": serializers.Field.default_error_messages["required"],
              "null": serializers.Field.default_error_messages["null"],
              "blank": serializers.CharField.default_error_messages["blank"]}  # lazy: compared in the active language


def build(answer: V1 | V2, service: Service, *, response: Any = None, errors: list[dict] | None = None,
          envelope_id: str | None = None, version: str | None = None) -> dict[str, Any]:
    """An envelope in the route's shape, keys in MOSIP's order."""
    if isinstance(answer, V2):
        return {"id": envelope_id, "version": version, "responseTime": now_text(), "metadata": None,
                "response": response, "errors": errors or []}
    if service is Service.POLICY:
        return {"id": envelope_id, "version": version, "responsetime": now_text(), "response": response,
                "errors": errors or []}
    return {"id": envelope_id, "version": version, "responsetime": now_text(), "metadata": None,
            "response": response, "errors": errors or []}


def local_date_time(value: dt.datetime | None) -> str | None:
    """A ``LocalDateTime`` as MOSIP 1.2's answers carry it (Jackson's ISO local date-time):
    UTC, no zone, the fraction of a second only as long as it needs to be
    (``2024-08-01T14:30:00.12``; none when it is zero)."""
    if value is None:
        return None
    utc = (timezone.make_aware(value, dt.timezone.utc) if timezone.is_naive(value) else value).astimezone(dt.timezone.utc)
    text = utc.strftime("%Y-%m-%dT%H:%M:%S")
    if utc.microsecond:
        text += "." + f"{utc.microsecond:06d}".rstrip("0")
    return text


def offset_date_time(value: dt.datetime | None) -> str | None:
    """A ``java.util.Date``/``Timestamp`` as MOSIP 1.2's answers carry it (Jackson's default
    date format): UTC, milliseconds, ``+00:00`` (``2024-08-01T14:30:00.000+00:00``)."""
    if value is None:
        return None
    utc = (timezone.make_aware(value, dt.timezone.utc) if timezone.is_naive(value) else value).astimezone(dt.timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}+00:00"


def answer_schema(name: str, inner: Any, answer: V1 | V2, service: Service = Service.PARTNER, *,
                  many: bool = False) -> Any:
    """The OpenAPI schema of a 1.2 answer in its envelope (``extend_schema(responses=...)``)."""
    time_key = "responseTime" if isinstance(answer, V2) else "responsetime"
    fields = {"id": serializers.CharField(allow_null=True), "version": serializers.CharField(allow_null=True),
              time_key: serializers.CharField(help_text="yyyy-MM-ddTHH:mm:ss.SSSZ (UTC)")}
    if isinstance(answer, V2) or service is Service.PARTNER:
        fields["metadata"] = serializers.JSONField(allow_null=True)
    fields["response"] = _inner(inner, many=many)
    fields["errors"] = ErrorItemSerializer(many=True)
    return inline_serializer(name=f"{name}ResponseEnvelope", fields=fields)


def _request_date(text: Any) -> dt.date | None:
    """The UTC date of ``yyyy-MM-ddTHH:mm:ss.SSSZ`` (the only form MOSIP parses), or None."""
    if not isinstance(text, str):
        return None
    try:
        parsed = dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ")
    except ValueError:
        return None
    return parsed.date()


def check_v2_request(body: dict[str, Any], api_id: str) -> None:
    """MOSIP's ``RequestValidator``, in its order, after the body's own checks: the API id,
    the request time (present, and today in UTC), the version ``1.0``, the request."""
    if body.get("id") != api_id:
        raise Envelope12Errors.REQUEST_ID.error()
    if body.get("requestTime") is None:
        raise Envelope12Errors.REQUEST_TIME.error()
    date = _request_date(body.get("requestTime"))
    if date is None:
        raise Envelope12Errors.REQUEST_TIME.error()
    if date != timezone.now().astimezone(dt.timezone.utc).date():
        raise Envelope12Errors.REQUEST_DATE.error()
    version = body.get("version")
    if not isinstance(version, str) or version.lower() != V2_VERSION:
        raise Envelope12Errors.REQUEST_VERSION.error()
    if body.get("request") is None:
        raise Envelope12Errors.REQUEST_BODY.error()


def _first_problem(detail: Any, path: str) -> tuple[str, str, str]:
    if isinstance(detail, dict):
        key, value = next(iter(detail.items()))
        if isinstance(key, int) or str(key).isdigit():  # DRF's ListField reports {index: errors}
            return _first_problem(value, f"{path}[{key}]")
        return _first_problem(value, path if key == "non_field_errors" else f"{path}.{key}")
    if isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, (dict, list)) and value:
                return _first_problem(value, f"{path}[{index}]")
            if not isinstance(value, (dict, list)):
                return _first_problem(value, path)
        return path, "is invalid", "invalid"
    return path, str(detail), getattr(detail, "code", "invalid")


def invalid_parameter(exc: drf.ValidationError) -> PmsError:
    """A refused body as MOSIP 1.2 reports it: the first problem, with its path from the
    envelope (``request.name``, ``request.filters[0].columnName``)."""
    path, message, code = _first_problem(exc.detail, "request")
    if code in _DEFAULT_MESSAGES and message == str(_DRF_TEXTS[code]):
        message = _DEFAULT_MESSAGES[code]
    return Envelope12Errors.INVALID_PARAMETER.error(message=message, path=path)


class Mosip12APIView(EnvelopeAPIView):
    """The base of every 1.2 route: ``payload()`` → one service call → ``answer()``, as on
    the 1.0 routes, with the 1.2 envelopes (module docstring). Declare ``service`` and
    ``answers`` (per method; ``"*"`` for the rest)."""

    service: Service = Service.PARTNER
    answers: dict[str, V1 | V2] = {}

    def get_exception_handler(self):
        return exception_handler_12

    def answer_for(self, method: str) -> V1 | V2:
        return self.answers.get(method) or self.answers.get("*") or V1()

    def envelope_of(self, request: Request) -> dict[str, Any]:
        body = super().envelope_of(request)
        version = body.get("version")
        request.pms_envelope = (body.get("id") if isinstance(body.get("id"), str) else None,  # type: ignore[attr-defined]
                                version if isinstance(version, str) else None)
        return body

    def payload(self, request: Request, serializer_class: type[MosipRequestSerializer] | None = None) -> dict[str, Any]:
        body = self.envelope_of(request)
        inner = body.get("request")
        if inner is None:
            raise Envelope12Errors.INVALID_PARAMETER.error(message="must not be null", path="request")
        if not isinstance(inner, dict):
            raise Envelope12Errors.INVALID_PARAMETER.error(message="must be an object", path="request")
        data = inner
        if serializer_class is not None:
            serializer = serializer_class(data=inner, context={"request": request, "view": self})
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
        answer = self.answer_for(request.method)
        if isinstance(answer, V2):
            check_v2_request(body, answer.api_id)
        return data

    def answer(self, request: Request, response: Any, *, metadata: dict[str, Any] | None = None,
               status: int = 200) -> Response:
        answer = self.answer_for(request.method)
        if isinstance(answer, V2):
            envelope_id, version = answer.api_id, V2_VERSION
        elif answer.echo:
            envelope_id, version = getattr(request, "pms_envelope", (None, None))
        else:
            envelope_id, version = answer.id, answer.version
        return Response(build(answer, self.service, response=response, envelope_id=envelope_id, version=version),
                        status=status)


def exception_handler_12(exc: Exception, context: dict[str, Any]) -> Response:
    view, request = context.get("view"), context.get("request")
    if not isinstance(view, Mosip12APIView) or request is None:
        return pms_exception_handler(exc, context)
    if isinstance(exc, drf.ValidationError):
        error = invalid_parameter(exc)
    elif isinstance(exc, PmsError):
        error = exc
    else:
        return pms_exception_handler(exc, context)  # authentication, roles, 404/405/415, the unexpected
    if error.error.always_status:
        return pms_exception_handler(error, context)
    report_refusal(exc, error, context)  # audited and logged as on the 1.0 routes; only the body differs
    answer = view.answer_for(request.method)
    body_id, body_version = getattr(request, "pms_envelope", (None, None))
    if request.method == "GET":
        body_id = body_version = None
    code = error.code
    if code in V2_REQUEST_CODES and isinstance(answer, V2):
        shape, envelope_id, version = answer, answer.api_id, V2_VERSION
    elif code == Envelope12Errors.INVALID_PARAMETER.code:
        shape = V1()
        envelope_id, version = (body_id, body_version) if view.service is Service.POLICY else (None, None)
    elif error.error in CONTROLLER_ERRORS or code.startswith(CONTROLLER_PREFIXES):
        # The partner service's advice names itself; the policy service's copies the body (null for a GET).
        if view.service is Service.POLICY:
            shape, envelope_id, version = V1(), body_id, body_version
        else:
            shape, envelope_id, version = V1(), PARTNER_SERVICE_ID, V2_VERSION
    elif isinstance(answer, V2):
        shape, envelope_id, version = answer, answer.api_id, V2_VERSION
    elif view.service is Service.POLICY:
        shape, envelope_id, version = V1(), body_id, body_version
    else:
        shape, envelope_id, version = V1(), PARTNER_SERVICE_ID, V2_VERSION
    return Response(build(shape, view.service, errors=error.items(), envelope_id=envelope_id, version=version),
                    status=status_for(error.error))
