"""MISP service endpoints (catalog §6.1): parse, call one service, render. License-key
values appear only in the approval answer (M2), the download (M10) and M8/M9 (SPEC §9.14)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.request import Request
from rest_framework.response import Response

from kernel.api import EnvelopeAPIView, EnvelopeListView
from kernel.envelope import format_time
from kernel.pagination import Page, PageRequest
from kernel.schema import OneOf, envelope_request, envelope_response
from kernel.text import parse_active_status, parse_decision

from . import services
from .errors import MispErrors
from .operations import (
    LICENSE_DOWNLOAD,
    LICENSE_UPDATE,
    LICENSE_VALIDATE,
    MISP_APPROVAL,
    MISP_CREATE,
    MISP_READ,
    MISP_STATUS,
    MISP_UPDATE,
    PARTNER_MISP_VALIDATE,
)
from .serializers import (
    LicenseKeyOut,
    LicenseStatusOut,
    LicenseStatusRequest,
    LicenseValidateRequest,
    LicenseValidOut,
    MessageOut,
    MispCreatedOut,
    MispCreateRequest,
    MispDecisionOut,
    MispOut,
    MispPageOut,
    MispsByNameOut,
    MispStatusRequest,
    MispUpdateRequest,
    MispWithKeyOut,
    PartnerMispValidOut,
)

TAG = ["misps"]
MISP_WITH_KEY = envelope_response("MispWithKey", MispWithKeyOut)
MISPS_BY_NAME = envelope_response("MispsByName", MispsByNameOut)
# GET /misps/{x}: the MISP with that id, else the MISPs whose name starts with it, by name.
MISP_BY_ID_OR_NAME = envelope_response("MispByIdOrName", OneOf(MispWithKeyOut, MispsByNameOut))


def _by_name(rows) -> dict:
    return {row.name: MispWithKeyOut(row).data for row in rows}


@extend_schema_view(get=extend_schema(
    operation_id="misps_list", summary="M7 — all MISPs by name, paged (no key values)",
    parameters=[OpenApiParameter("page", int), OpenApiParameter("pageSize", int)],
    responses=envelope_response("MispList", MispPageOut, paged=True),
    tags=TAG,
))
class MispCollectionView(EnvelopeListView):
    """M1 create and M7 list."""

    response_id = {"GET": "mosip.partnermanagement.misp.retrieve", "POST": "mosip.partnermanagement.misp.create"}
    operations = {"POST": MISP_CREATE, "GET": MISP_READ}

    @extend_schema(operation_id="misps_create", summary="M1 — create a MISP (pending approval, active)",
                   request=envelope_request("MispCreate", MispCreateRequest),
                   responses=envelope_response("MispCreated", MispCreatedOut), tags=TAG)
    def post(self, request: Request) -> Response:
        data = self.payload(request, MispCreateRequest)
        misp = services.create_misp(actor=self.actor(request), name=data["organizationName"],
                                    contact_no=data["contactNumber"], email=data["emailId"], address=data["address"])
        return self.answer(request, {"mispStatus": "Active", "mispID": misp.id, "mispId": misp.id})

    def fetch_page(self, request: Request, page: PageRequest, **kwargs) -> Page:
        return services.list_misps(actor=self.actor(request), page=page)

    def render_items(self, items) -> dict:
        return {"mispDetails": MispOut(items, many=True).data}


class MispApprovalView(EnvelopeAPIView):
    """M2: ``{mispStatus: Approved | Rejected}``."""

    response_id = "mosip.partnermanagement.misp.status"
    operations = {"PATCH": MISP_APPROVAL, "PUT": MISP_APPROVAL}
    audit_ref_kwarg = "misp_id"

    @extend_schema(operation_id="misps_approval", summary="M2 — approve (issues a license key) or reject",
                   request=envelope_request("MispApproval", MispStatusRequest),
                   responses=envelope_response("MispDecision", MispDecisionOut), tags=TAG)
    def patch(self, request: Request, misp_id: str) -> Response:
        data = self.payload(request, MispStatusRequest)
        approve = parse_decision(data["mispStatus"], MispErrors.APPROVAL_VALUE)
        misp, key, value = services.decide_misp(actor=self.actor(request), misp_id=misp_id, approve=approve)
        answer = {"mispID": misp.id, "mispStatus": "Active" if misp.is_active else "De-Active",
                  "mispStatusCode": misp.approval_status,
                  "message": f"MISP {'approved' if approve else 'rejected'} successfully"}
        if key is not None:
            answer.update({"mispLicenseKey": value, "mispLicenseKeyExpiry": format_time(key.valid_to),
                           "mispLicenseKeyStatus": "Active"})
        return self.answer(request, answer)

    @extend_schema(exclude=True)
    def put(self, request: Request, misp_id: str) -> Response:
        return self.patch(request, misp_id)


class MispItemView(EnvelopeAPIView):
    """``/misps/{x}``: M3 update (PUT, or POST as 1.0 documented), M5 status (PATCH, or PUT
    whose body has only ``mispStatus``), GET by id else by name prefix ([D])."""

    response_id = {"GET": "mosip.partnermanagement.misp.retrieve", "PATCH": "mosip.partnermanagement.misp.status.update",
                   "*": "mosip.partnermanagement.misp.update"}
    operations = {"GET": MISP_READ, "PUT": MISP_UPDATE, "POST": MISP_UPDATE, "PATCH": MISP_STATUS}
    audit_ref_kwarg = "misp_id"

    @extend_schema(operation_id="misps_get_by_id_or_name", summary="M8/M9 — by id, else by name prefix",
                   responses=MISP_BY_ID_OR_NAME, tags=TAG)
    def get(self, request: Request, misp_id: str) -> Response:
        by_id, rows = services.fetch_misps_by_id_or_name(actor=self.actor(request), value=misp_id)
        if by_id:
            return self.answer(request, MispWithKeyOut(rows[0]).data)
        return self.answer(request, _by_name(rows))

    @extend_schema(operation_id="misps_update", summary="M3 — update a MISP's details",
                   request=envelope_request("MispUpdate", MispUpdateRequest),
                   responses=envelope_response("MispUpdated", MispOut), tags=TAG)
    def put(self, request: Request, misp_id: str) -> Response:
        if self.request_names_only(request, "mispStatus", "msipStatus"):
            return self.patch(request, misp_id)
        data = self.payload(request, MispUpdateRequest)
        misp = services.update_misp(actor=self.actor(request), misp_id=misp_id, name=data.get("organizationName"),
                                    contact_no=data.get("contactNumber"), email=data.get("emailId"),
                                    address=data.get("address"))
        return self.answer(request, MispOut(misp).data)

    @extend_schema(exclude=True)
    def post(self, request: Request, misp_id: str) -> Response:
        return self.put(request, misp_id)

    @extend_schema(operation_id="misps_status", summary="M5 — activate or deactivate a MISP (its keys follow)",
                   request=envelope_request("MispStatus", MispStatusRequest),
                   responses=envelope_response("MispStatusChanged", MessageOut), tags=TAG)
    def patch(self, request: Request, misp_id: str) -> Response:
        data = self.payload(request, MispStatusRequest)
        active = parse_active_status(data["mispStatus"], MispErrors.STATUS_VALUE)
        services.set_misp_active(actor=self.actor(request), misp_id=misp_id, active=active)
        return self.answer(request, {"message": f"MISP {'activated' if active else 'deactivated'} successfully"})


class MispByIdView(EnvelopeAPIView):
    """M8 in the code's explicit form."""

    response_id = "mosip.partnermanagement.misp.retrieve"
    operations = {"GET": MISP_READ}
    audit_ref_kwarg = "misp_id"

    @extend_schema(operation_id="misps_get", summary="M8 — one MISP with its current key", responses=MISP_WITH_KEY,
                   tags=TAG)
    def get(self, request: Request, misp_id: str) -> Response:
        return self.answer(request, MispWithKeyOut(services.fetch_misp(actor=self.actor(request), misp_id=misp_id)).data)


class MispByNameView(EnvelopeAPIView):
    """M9 in the code's explicit form: names starting with the text."""

    response_id = "mosip.partnermanagement.misp.retrieve"
    operations = {"GET": MISP_READ}

    @extend_schema(operation_id="misps_by_name", summary="M9 — MISPs whose name starts with the text",
                   responses=MISPS_BY_NAME, tags=TAG)
    def get(self, request: Request, org_name: str) -> Response:
        return self.answer(request, _by_name(services.find_misps_by_name(actor=self.actor(request), name_prefix=org_name)))


class LicenseKeyView(EnvelopeAPIView):
    """``/misps/{id}/licenseKey``: M4 validate (PATCH, or POST as 1.0 documented), M6 key
    status (PUT), M10 download with renewal (GET)."""

    response_id = {"GET": "mosip.partnermanagement.misp.license.retrieve",
                   "PUT": "mosip.partnermanagement.misp.license.update",
                   "*": "mosip.partnermanagement.misp.license.validate"}
    operations = {"PATCH": LICENSE_VALIDATE, "POST": LICENSE_VALIDATE, "PUT": LICENSE_UPDATE, "GET": LICENSE_DOWNLOAD}
    audit_ref_kwarg = "misp_id"

    @extend_schema(operation_id="misps_license_validate", summary="M4 — validate a license key",
                   request=envelope_request("LicenseValidate", LicenseValidateRequest),
                   responses=envelope_response("LicenseValid", LicenseValidOut), tags=TAG)
    def patch(self, request: Request, misp_id: str) -> Response:
        data = self.payload(request, LicenseValidateRequest)
        key = services.validate_license_key(actor=self.actor(request), misp_id=misp_id, value=data["mispLicenseKey"])
        return self.answer(request, {"message": "MISP License key is valid", "mispID": misp_id, "isActive": True,
                                     "isValid": True, "validFrom": format_time(key.valid_from),
                                     "validTo": format_time(key.valid_to)})

    @extend_schema(exclude=True)
    def post(self, request: Request, misp_id: str) -> Response:
        return self.patch(request, misp_id)

    @extend_schema(operation_id="misps_license_status", summary="M6 — activate or deactivate a license key",
                   request=envelope_request("LicenseStatus", LicenseStatusRequest),
                   responses=envelope_response("LicenseStatusChanged", LicenseStatusOut), tags=TAG)
    def put(self, request: Request, misp_id: str) -> Response:
        data = self.payload(request, LicenseStatusRequest)
        status = data.get("mispLicenseKeyStatus") or data.get("mispStatus")
        if not status:
            raise MispErrors.NOTHING_TO_UPDATE.error()
        active = parse_active_status(status, MispErrors.STATUS_VALUE)
        services.set_license_key_active(actor=self.actor(request), misp_id=misp_id, value=data["mispLicenseKey"],
                                        active=active)
        return self.answer(request, {"mispLicenseKeyStatus": "Active" if active else "De-Active"})

    @extend_schema(operation_id="misps_license_download", summary="M10 — download the license key (renewed if expired)",
                   responses=envelope_response("LicenseKey", LicenseKeyOut), tags=TAG)
    def get(self, request: Request, misp_id: str) -> Response:
        key, value = services.download_license_key(actor=self.actor(request), misp_id=misp_id)
        return self.answer(request, {"mispLicenseKey": value, "licenseKey": value,
                                     "mispLicenseKeyExpiry": format_time(key.valid_to),
                                     "licenseKeyExpiry": format_time(key.valid_to),
                                     "mispLicenseKeyStatus": "Active", "licenseKeyStatus": "Active"})


class PartnerMispValidationView(EnvelopeAPIView):
    """PM12, under the partner manager's prefix; served by this app, which owns licenses."""

    response_id = "mosip.partnermanagement.partners.misp.validate"
    operations = {"GET": PARTNER_MISP_VALIDATE}

    @extend_schema(operation_id="pmpartners_validate_partner_misp",
                   summary="PM12 — validate a partner's API key and the MISP license carrying it",
                   responses=envelope_response("PartnerMispValid", PartnerMispValidOut), tags=["pmpartners"])
    def get(self, request: Request, partner_id: str, api_key: str, license_key: str) -> Response:
        partner, key = services.validate_partner_misp(actor=self.actor(request), partner_id=partner_id, api_key=api_key,
                                                      license_key=license_key)
        policy = key.policy
        return self.answer(request, {
            "policyId": policy.id, "policyName": policy.name, "policyDescription": policy.description,
            "policyStatus": policy.is_active, "policy": {"policyId": policy.id, "policies": policy.document},
            "partnerId": partner.id, "partnerName": partner.name,
        })
