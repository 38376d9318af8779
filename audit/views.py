from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework.request import Request
from rest_framework.response import Response

from kernel.api import EnvelopeAPIView, EnvelopeListView
from kernel.errors import KernelErrors
from kernel.pagination import Page, PageRequest
from kernel.schema import envelope_response

from .operations import AUDIT_CHECKPOINTS_READ, AUDIT_READ
from .selectors import CHECKPOINT_PAGE, audit_page, checkpoints_after
from .serializers import AuditEventSerializer, CheckpointSerializer


@extend_schema_view(get=extend_schema(
    operation_id="auditmanager_audits",
    parameters=[
        OpenApiParameter("eventId", str, description="e.g. PMS_PRT_215"),
        OpenApiParameter("id", str, description="reference id"),
        OpenApiParameter("from", str, description="yyyy-MM-ddTHH:mm:ss.SSSZ"),
        OpenApiParameter("to", str, description="yyyy-MM-ddTHH:mm:ss.SSSZ"),
        OpenApiParameter("page", int),
        OpenApiParameter("pageSize", int, description="at most 500"),
    ],
    responses=envelope_response("AuditList", AuditEventSerializer, many=True, paged=True),
    summary="List audit events (PARTNER_ADMIN, AUDITOR)",
    tags=["audit"],
))
class AuditListView(EnvelopeListView):
    """Audit rows for auditors (SPEC §7, §9.5), newest first."""

    response_id = "mosip.auditmanager.audits"
    operations = {"GET": AUDIT_READ}

    def fetch_page(self, request: Request, page: PageRequest, **kwargs) -> Page:
        return audit_page(filters=request.query_params, page=page)

    def render_items(self, items) -> list:
        return AuditEventSerializer(items, many=True).data


class CheckpointListView(EnvelopeAPIView):
    """The signed audit checkpoints, oldest first, for witnesses (audit.chain): public, since
    they reveal no row, only how many rows each chain held and their hashes."""

    authentication_classes: list = []
    response_id = "pms.auditmanager.checkpoints"
    operations = {"GET": AUDIT_CHECKPOINTS_READ}

    @extend_schema(
        operation_id="auditmanager_checkpoints",
        parameters=[OpenApiParameter("after", int, description="only checkpoints with a greater id"),
                    OpenApiParameter("chain", int, description="one chain's checkpoints")],
        responses=envelope_response("AuditCheckpoints", inline_serializer(
            name="AuditCheckpointPage", fields={"checkpoints": CheckpointSerializer(many=True)})),
        summary=f"Signed audit checkpoints, oldest first, {CHECKPOINT_PAGE} at a time (public)",
        tags=["audit"],
    )
    def get(self, request: Request) -> Response:
        numbers = {}
        for name in ("after", "chain"):
            text = request.query_params.get(name, "")
            if text and not (text.isascii() and text.isdigit() and len(text) < 19):
                raise KernelErrors.INVALID_INPUT.error(field=name, detail="expected a whole number")
            numbers[name] = int(text) if text else None
        return self.answer(request, {"checkpoints": checkpoints_after(numbers["after"] or 0, chain=numbers["chain"])})
