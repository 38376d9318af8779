from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.request import Request

from kernel.api import EnvelopeListView
from kernel.pagination import Page, PageRequest
from kernel.schema import envelope_response

from .operations import AUDIT_READ
from .selectors import audit_page
from .serializers import AuditEventSerializer


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
