"""The base of every envelope API view: parse the envelope, answer in it."""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from . import envelope
from .actors import Actor
from .errors import KernelErrors
from .middleware import PlainResponseHeaders, declared_length
from .pagination import Page, PageRequest, page_request
from .parsers import unstorable_text
from .serializers import MosipRequestSerializer


class EnvelopeAPIView(APIView):
    """Views stay thin: ``payload()`` → a service call → ``answer()``.

    ``response_id`` is the documented envelope id: GET answers always carry it; writes echo
    the request's ``id`` and ``version`` (catalog §13.7) and fall back to it when the
    request names none, errors included. A dict maps HTTP methods to ids where one path
    serves operations MOSIP names differently.
    """

    response_id: str | dict[str, str] | None = None
    # The operation (kernel.operations; audited ones are audit.services.AuditedOperation)
    # behind each HTTP method: who may call it (OperationPermission), and the failure event
    # of a request refused before the service runs (the service audits its own failures);
    # ``audit_ref_kwarg`` names the URL id to log. kernel.checks requires one per method;
    # the permission (REST_FRAMEWORK's default) is kernel.permissions.OperationPermission.
    operations: dict[str, Any] = {}
    audit_ref_kwarg: str | None = None

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        for name, values in request.query_params.lists():
            for text in [name, *values]:
                if problem := unstorable_text(text):
                    raise KernelErrors.INVALID_INPUT.error(field=name[:64].replace("\x00", ""), detail=problem)
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        PlainResponseHeaders.adopt(response)  # before DRF and the middlewares write theirs
        return super().finalize_response(request, response, *args, **kwargs)

    def envelope_of(self, request: Request) -> dict[str, Any]:
        if request.content_type == "" and request.stream is not None and declared_length(request.META):
            raise KernelErrors.UNSUPPORTED_MEDIA.error()
        body = request.data
        if not isinstance(body, dict):
            raise KernelErrors.INVALID_INPUT.error(field="body", detail="expected a JSON object")
        envelope_id = body.get("id") if isinstance(body.get("id"), str) else None
        version = body.get("version", body.get("ver"))
        request.pms_envelope = (envelope_id, version if isinstance(version, str) else "1.0")  # type: ignore[attr-defined]
        return body

    def request_names_only(self, request: Request, *names: str) -> bool:
        """Whether the envelope's ``request`` holds exactly one of ``names`` (any case) and
        nothing else: MOSIP lets a PUT carrying only a status stand for the status change."""
        inner = self.envelope_of(request).get("request")
        keys = {str(k).lower() for k in inner} if isinstance(inner, dict) else set()
        return len(keys) == 1 and keys <= {n.lower() for n in names}

    def payload(self, request: Request, serializer_class: type[MosipRequestSerializer] | None = None) -> dict[str, Any]:
        """The validated ``request`` object of the envelope."""
        body = self.envelope_of(request)
        if "request" not in body or body["request"] is None:
            raise KernelErrors.MISSING_INPUT.error(field="request")
        inner = body["request"]
        if not isinstance(inner, dict):
            raise KernelErrors.INVALID_INPUT.error(field="request", detail="expected a JSON object")
        if serializer_class is None:
            return inner
        serializer = serializer_class(data=inner, context={"request": request, "view": self})
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def actor(self, request: Request) -> Actor:
        return Actor.from_request(request)

    def documented_id(self, method: str) -> str | None:
        if isinstance(self.response_id, dict):
            return self.response_id.get(method) or self.response_id.get("*")
        return self.response_id

    def answer(self, request: Request, response: Any, *, metadata: dict[str, Any] | None = None, status: int = 200) -> Response:
        documented = self.documented_id(request.method)
        envelope_id, version = getattr(request, "pms_envelope", (documented, "1.0"))
        if request.method == "GET" or not envelope_id:
            envelope_id = documented
        return Response(
            envelope.build(response=response, envelope_id=envelope_id, version=version, metadata=metadata),
            status=status,
        )


class EnvelopeListView(EnvelopeAPIView):
    """Every list endpoint: parse ``page``/``pageSize``, make one service call that filters
    (django-filter, the query parameters) and pages the rows, render the page's items,
    totals in ``metadata``. Subclasses implement ``fetch_page`` and ``render_items`` and
    document ``get`` with ``extend_schema_view``."""

    def get(self, request: Request, **kwargs: Any) -> Response:
        result = self.fetch_page(request, page_request(request.query_params), **kwargs)
        return self.answer(request, self.render_items(result.items), metadata=result.metadata)

    def fetch_page(self, request: Request, page: PageRequest, **kwargs: Any) -> Page:
        raise NotImplementedError

    def render_items(self, items: list[Any]) -> Any:
        raise NotImplementedError
