from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from kernel.api import EnvelopeAPIView
from kernel.envelope import parse_time
from kernel.pagination import paginate
from kernel.permissions import roles_required
from kernel.roles import Role
from kernel.schema import envelope_response

from .selectors import audit_events
from .serializers import AuditEventSerializer


class AuditListView(EnvelopeAPIView):
    """Audit rows for auditors (SPEC §7, §9.5), newest first."""

    permission_classes = [roles_required(Role.AUDITOR)]
    response_id = "mosip.auditmanager.audits"

    @extend_schema(
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
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        rows = audit_events(
            event_id=params.get("eventId") or None,
            ref_id=params.get("id") or None,
            since=parse_time(params["from"], "from") if params.get("from") else None,
            until=parse_time(params["to"], "to") if params.get("to") else None,
        )
        items, metadata = paginate(request, rows)
        return self.answer(request, AuditEventSerializer(items, many=True).data, metadata=metadata)
