"""MOSIP 1.2's admin partner views (1.2 catalog §8: R38, R39), PARTNER_ADMIN only, in the
V2 envelope (``mosip.pms.admin.partners.get``, ``mosip.pms.partner.details.get``). The
paging and sorting parameters of R38 are refused as MOSIP's controller does (the partner
service's V1 error, kernel.mosip12); the service's refusals come back in the V2 envelope.

Times: ``createdDateTime`` as a ``Timestamp`` (``+00:00``), the certificate's upload and
expiry as ``LocalDateTime`` (no zone), as MOSIP's DTOs declare them [?]. The owner's
first and last names are the owning Django user's (MOSIP asks Keycloak for the user named
like the partner id).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from kernel.mosip12 import V2, Mosip12APIView, answer_schema, local_date_time, offset_date_time
from kernel.routing import Route

from ..models import Partner
from ..operations import ADMIN_PARTNERS_READ_12
from ..services import partner_reads12 as reads

TAG = ["partnermanager (1.2): admin partners"]

SUMMARY = inline_serializer("PartnerSummary12", {
    "partnerId": serializers.CharField(), "partnerType": serializers.CharField(), "orgName": serializers.CharField(),
    "policyGroupId": serializers.CharField(allow_null=True), "policyGroupName": serializers.CharField(allow_null=True),
    "emailAddress": serializers.CharField(), "certificateUploadStatus": serializers.CharField(
        help_text="uploaded or not_uploaded"),
    "status": serializers.CharField(help_text="InProgress or approved"), "isActive": serializers.BooleanField(),
    "createdDateTime": serializers.CharField()})
SUMMARY_PAGE = inline_serializer("PartnerSummaryPage12", {
    "pageNo": serializers.IntegerField(), "pageSize": serializers.IntegerField(),
    "totalResults": serializers.IntegerField(), "data": serializers.ListField(child=SUMMARY)})
DETAILS = inline_serializer("PartnerDetailsV3", {
    "partnerId": serializers.CharField(), "firstName": serializers.CharField(allow_null=True),
    "lastName": serializers.CharField(allow_null=True), "approvalStatus": serializers.CharField(),
    "createdDateTime": serializers.CharField(), "partnerType": serializers.CharField(),
    "organizationName": serializers.CharField(), "contactNumber": serializers.CharField(),
    "policyGroupName": serializers.CharField(allow_null=True),
    "policyGroupDescription": serializers.CharField(allow_null=True), "emailId": serializers.CharField(),
    "certificateUploadDateTime": serializers.CharField(allow_null=True),
    "certificateExpiryDateTime": serializers.CharField(allow_null=True),
    "isCertificateAvailable": serializers.BooleanField(), "isActive": serializers.BooleanField()})


def summary(partner: Partner) -> dict[str, Any]:
    """R38's ``PartnerSummaryDto``."""
    group = partner.policy_group if partner.policy_group_id else None
    return {"partnerId": partner.id, "partnerType": partner.partner_type_id, "orgName": partner.name,
            "policyGroupId": partner.policy_group_id, "policyGroupName": group.name if group else None,
            "emailAddress": partner.email,
            "certificateUploadStatus": "uploaded" if getattr(partner, "has_certificate", False) else "not_uploaded",
            "status": partner.approval_status, "isActive": partner.is_active,
            "createdDateTime": offset_date_time(partner.created_at)}


def details(found: reads.PartnerDetails) -> dict[str, Any]:
    """R39's ``PartnerDetailsV3Dto``."""
    partner, certificate = found.partner, found.certificate
    group = partner.policy_group if partner.policy_group_id else None
    return {"partnerId": partner.id, "firstName": partner.owner.first_name or None,
            "lastName": partner.owner.last_name or None, "approvalStatus": partner.approval_status,
            "createdDateTime": offset_date_time(partner.created_at), "partnerType": partner.partner_type_id,
            "organizationName": partner.name, "contactNumber": partner.contact_no,
            "policyGroupName": group.name if group else None, "policyGroupDescription": group.description if group else None,
            "emailId": partner.email,
            "certificateUploadDateTime": local_date_time(certificate.created_at) if certificate else None,
            "certificateExpiryDateTime": local_date_time(certificate.not_after) if certificate else None,
            "isCertificateAvailable": certificate is not None, "isActive": partner.is_active}


LIST_PARAMETERS = [
    OpenApiParameter("pageNo", int, required=False), OpenApiParameter("pageSize", int, required=False),
    OpenApiParameter("sortFieldName", str, required=False, enum=sorted(reads.ADMIN_SORT_KEYS)),
    OpenApiParameter("sortType", str, required=False, enum=["asc", "desc"]),
    *(OpenApiParameter(name, str, required=False, description="case-insensitive substring")
      for name in reads.ADMIN_TEXT_FILTERS),
    OpenApiParameter("isActive", bool, required=False),
    OpenApiParameter("certificateUploadStatus", str, required=False, enum=["uploaded", "not_uploaded"]),
]


class AdminPartnersView(Mosip12APIView):
    """R38: every partner, paged (admin "Partners" page)."""

    answers = {"GET": V2("mosip.pms.admin.partners.get")}
    operations = {"GET": ADMIN_PARTNERS_READ_12}

    @extend_schema(operation_id="pm12_admin_partners", summary="R38 — all partners, paged and filtered (admin)",
                   parameters=LIST_PARAMETERS, responses=answer_schema("AdminPartners12", SUMMARY_PAGE, answers["GET"]),
                   tags=TAG)
    def get(self, request: Request) -> Response:
        page = reads.admin_partners_12(actor=self.actor(request), params=request.query_params)
        return self.answer(request, page.answer(summary))


class AdminPartnerView(Mosip12APIView):
    """R39: one partner's details with its owner's name and its certificate's dates."""

    answers = {"GET": V2("mosip.pms.partner.details.get")}
    operations = {"GET": ADMIN_PARTNERS_READ_12}
    audit_ref_kwarg = "partner_id"

    @extend_schema(operation_id="pm12_admin_partner", summary="R39 — one partner's details (admin)",
                   responses=answer_schema("AdminPartner12", DETAILS, answers["GET"]), tags=TAG)
    def get(self, request: Request, partner_id: str) -> Response:
        return self.answer(request, details(reads.admin_partner_details_12(actor=self.actor(request),
                                                                           partner_id=partner_id)))


literal_routes = [Route("/admin-partners", AdminPartnersView.as_view(), "pm12-admin-partners")]
id_routes = [Route("/admin-partners/<id12:partner_id>", AdminPartnerView.as_view(), "pm12-admin-partner")]
