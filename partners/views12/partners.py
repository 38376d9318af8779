"""MOSIP 1.2's partner registration and profile routes (1.2 catalog §5, R1–R12) and the
deprecated partner lists R41/R42 (§8), under ``/v1/partnermanager``.

Envelopes (kernel.mosip12): R1–R4, R6 echo the request's id and version (V1); R5, R41,
R42 answer ``mosip.partnermanagement.partners.retrieve``; R7, R8, R10–R12 a null id; R9
the V2 envelope ``mosip.pms.partners.v3.get``. Refusals by the service come back in the
partner service's V1 error (``mosip.partnermanagement``), R9's in its V2 envelope; a
refused body is ``PMS_COR_001`` with the field path. Scope and the decisions where this
service differs from MOSIP: partners.services.registration12 and partner_reads12.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from kernel.mosip12 import V1, V2, Envelope12Errors, Mosip12APIView, answer_schema, local_date_time
from kernel.routing import Route
from kernel.schema import envelope_request
from kernel.search import FilterValuesShape, SearchShape
from kernel.serializers import PARTNER_DTO, MosipRequestSerializer, StrictBooleanField, StrictCharField

from ..models import Partner, PartnerType
from ..operations import (
    CONTACT_UPSERT_12,
    EMAIL_CHECK_12,
    OWN_PARTNERS_READ_12,
    PARTNER_FILTER_VALUES_12,
    PARTNER_GROUP_SET_12,
    PARTNER_READ_12,
    PARTNER_REGISTER_12,
    PARTNER_SEARCH_12,
    PARTNER_STATUS_12,
    PARTNER_TYPE_SEARCH_12,
    PARTNER_UPDATE_12,
    PARTNERS_LIST_12,
)
from ..services import activation
from ..services import partner_reads12 as reads
from ..services import registration12 as registration

TAG = ["partnermanager (1.2): partners"]
RETRIEVE = V1(id="mosip.partnermanagement.partners.retrieve", version="1.0")


# --- requests -----------------------------------------------------------------------------

class PartnerRequest12(MosipRequestSerializer):
    """R1 ``PartnerRequest``."""

    bean_messages = PARTNER_DTO

    partnerId = StrictCharField(max_length=1000)
    policyGroup = StrictCharField(max_length=128, required=False, allow_blank=True, allow_null=True)
    organizationName = StrictCharField(max_length=128)
    address = StrictCharField(max_length=2000)
    contactNumber = StrictCharField(max_length=16)
    emailId = StrictCharField(max_length=254)
    partnerType = StrictCharField(max_length=64)
    langCode = StrictCharField(max_length=16, required=False, allow_blank=True, allow_null=True)


class PartnerRequestV2(PartnerRequest12):
    """R2 ``PartnerRequestDto``: R1's fields, a logo and free additional information."""

    logoUrl = StrictCharField(max_length=2048, required=False, allow_blank=True, allow_null=True)
    additionalInfo = serializers.JSONField(required=False, allow_null=True)


class ProfileUpdate12(MosipRequestSerializer):
    """R3."""

    bean_messages = PARTNER_DTO

    address = StrictCharField(max_length=2000)
    contactNumber = StrictCharField(max_length=16)


class ProfileUpdateV2(ProfileUpdate12):
    """R4."""

    logoUrl = StrictCharField(max_length=2048, required=False, allow_blank=True, allow_null=True)
    additionalInfo = serializers.JSONField(required=False, allow_null=True)


class ContactRequest12(MosipRequestSerializer):
    """R6; the flag is ``is_Active`` on the wire."""

    bean_messages = PARTNER_DTO

    address = StrictCharField(max_length=2000)
    contactNumber = StrictCharField(max_length=16)
    emailId = StrictCharField(max_length=254)
    is_Active = StrictBooleanField(required=False, allow_null=True)


class EmailCheck12(MosipRequestSerializer):
    bean_messages = PARTNER_DTO

    emailId = StrictCharField(max_length=254)


class PartnerSearchSchema(SearchShape):
    partnerType = serializers.CharField(help_text="a partner type code, or all")


# --- answers ------------------------------------------------------------------------------

REGISTERED = inline_serializer("PartnerRegistered12", {"partnerId": serializers.CharField(),
                                                       "status": serializers.CharField()})
PARTNER_DETAILS = inline_serializer("PartnerDetails12", {
    "partnerID": serializers.CharField(), "status": serializers.CharField(help_text="active or De-active"),
    "organizationName": serializers.CharField(), "contactNumber": serializers.CharField(),
    "emailId": serializers.CharField(), "address": serializers.CharField(), "partnerType": serializers.CharField(),
    "policyGroup": serializers.CharField(allow_null=True), "isActive": serializers.BooleanField()})
EMAIL_CHECKED = inline_serializer("EmailCheck12", {
    "emailExists": serializers.BooleanField(),
    "policyRequiredPartnerTypes": serializers.ListField(child=serializers.CharField())})
OWN_PARTNER = inline_serializer("OwnPartner12", {
    "partnerId": serializers.CharField(), "partnerType": serializers.CharField(),
    "policyGroupId": serializers.CharField(allow_null=True), "policyGroupName": serializers.CharField(allow_null=True),
    "policyGroupDescription": serializers.CharField(allow_null=True)})
SEARCH_ITEM = inline_serializer("PartnerSearchItem12", {
    "id": serializers.CharField(), "address": serializers.CharField(), "contactNo": serializers.CharField(),
    "crBy": serializers.CharField(allow_null=True), "crDtimes": serializers.CharField(allow_null=True),
    "delDtimes": serializers.CharField(allow_null=True), "emailId": serializers.CharField(),
    "isActive": serializers.BooleanField(), "isDeleted": serializers.BooleanField(), "name": serializers.CharField(),
    "policyGroupId": serializers.CharField(allow_null=True), "certificateAlias": serializers.CharField(allow_null=True),
    "partnerTypeCode": serializers.CharField(), "approvalStatus": serializers.CharField(),
    "updBy": serializers.CharField(allow_null=True), "updDtimes": serializers.CharField(allow_null=True),
    "userId": serializers.CharField(allow_null=True), "langCode": serializers.CharField(allow_null=True)})
TYPE_ITEM = inline_serializer("PartnerTypeItem12", {
    "code": serializers.CharField(), "crBy": serializers.CharField(allow_null=True),
    "crDtimes": serializers.CharField(allow_null=True), "delDtimes": serializers.CharField(allow_null=True),
    "isActive": serializers.BooleanField(), "isDeleted": serializers.BooleanField(),
    "isPolicyRequired": serializers.BooleanField(), "partnerDescription": serializers.CharField(),
    "updBy": serializers.CharField(allow_null=True), "updDtimes": serializers.CharField(allow_null=True)})


def _search_page_schema(name: str, item) -> Any:
    return inline_serializer(name, {"fromRecord": serializers.IntegerField(), "toRecord": serializers.IntegerField(),
                                    "totalRecord": serializers.IntegerField(),
                                    "data": serializers.ListField(child=item, allow_null=True)})


FILTER_VALUES = inline_serializer("PartnerFilterValues12", {"filters": serializers.ListField(child=inline_serializer(
    "PartnerFilterValue12", {"fieldID": serializers.CharField(), "fieldValue": serializers.CharField(allow_null=True),
                             "fieldCode": serializers.CharField()}))})
LISTED = {"partnerID": serializers.CharField(), "status": serializers.CharField(help_text="active or De-active"),
          "organizationName": serializers.CharField(), "contactNumber": serializers.CharField(),
          "emailId": serializers.CharField(), "address": serializers.CharField(), "partnerType": serializers.CharField()}
LISTED_V1 = inline_serializer("PartnersListed12", {"partners": serializers.ListField(child=inline_serializer(
    "PartnerListed12", LISTED))})
LISTED_V2 = inline_serializer("PartnersListedV2", {"partners": serializers.ListField(child=inline_serializer(
    "PartnerListedV2", {**LISTED, "logoUrl": serializers.CharField(allow_null=True),
                        "additionalInfo": serializers.JSONField(allow_null=True)}))})


def active_word(partner: Partner) -> str:
    return "active" if partner.is_active else "De-active"


def partner_details(partner: Partner) -> dict[str, Any]:
    """R5's ``RetrievePartnerDetailsResponse``."""
    return {"partnerID": partner.id, "status": active_word(partner), "organizationName": partner.name,
            "contactNumber": partner.contact_no, "emailId": partner.email, "address": partner.address,
            "partnerType": partner.partner_type_id,
            "policyGroup": partner.policy_group.name if partner.policy_group_id else None,
            "isActive": partner.is_active}


def listed(partner: Partner, *, v2: bool = False) -> dict[str, Any]:
    """R41's ``RetrievePartnersDetails``; R42 adds the logo and additional information."""
    item = {"partnerID": partner.id, "status": active_word(partner), "organizationName": partner.name,
            "contactNumber": partner.contact_no, "emailId": partner.email, "address": partner.address,
            "partnerType": partner.partner_type_id}
    if v2:
        item.update(logoUrl=partner.logo_url or None, additionalInfo=partner.additional_info)
    return item


def search_item(partner: Partner) -> dict[str, Any]:
    """R10's ``PartnerSearchResponseDto`` (this service keeps no soft deletes: never deleted)."""
    return {"id": partner.id, "address": partner.address, "contactNo": partner.contact_no,
            "crBy": partner.created_by or None, "crDtimes": local_date_time(partner.created_at), "delDtimes": None,
            "emailId": partner.email, "isActive": partner.is_active, "isDeleted": False, "name": partner.name,
            "policyGroupId": partner.policy_group_id, "certificateAlias": getattr(partner, "certificate_alias", None),
            "partnerTypeCode": partner.partner_type_id, "approvalStatus": partner.approval_status,
            "updBy": partner.updated_by or None, "updDtimes": local_date_time(partner.updated_at),
            "userId": partner.owner.username if partner.owner_id else None, "langCode": partner.lang_code or None}


def type_item(kind: PartnerType) -> dict[str, Any]:
    return {"code": kind.code, "crBy": kind.created_by or None, "crDtimes": local_date_time(kind.created_at),
            "delDtimes": None, "isActive": kind.is_active, "isDeleted": False,
            "isPolicyRequired": kind.requires_policy_group, "partnerDescription": kind.description,
            "updBy": kind.updated_by or None, "updDtimes": local_date_time(kind.updated_at)}


REGISTER_EXAMPLE = OpenApiExample("register", request_only=True, value={
    "id": "mosip.partner.register", "version": "1.0", "requesttime": "2026-12-05T10:00:00.000Z", "metadata": {},
    "request": {"partnerId": "airtel-01", "policyGroup": "Banking", "organizationName": "Airtel India",
                "address": "Bengaluru", "contactNumber": "9845000000", "emailId": "ops@airtel.example",
                "partnerType": "Auth_Partner", "langCode": "eng"}})


# --- views --------------------------------------------------------------------------------

class _Register:
    def register(self, request: Request, serializer: type[PartnerRequest12], *, v2: bool) -> Response:
        data = self.payload(request, serializer)
        extra = {"logo_url": data.get("logoUrl"), "additional_info": data.get("additionalInfo")} if v2 else {}
        partner = registration.register_partner_12(
            actor=self.actor(request), partner_id=data["partnerId"], name=data["organizationName"],
            partner_type=data["partnerType"], policy_group_name=data.get("policyGroup"),
            contact_no=data["contactNumber"], email=data["emailId"], address=data["address"],
            lang_code=data.get("langCode"), **extra)
        return self.answer(request, {"partnerId": partner.id, "status": partner.approval_status})

    def partners(self, request: Request, *, v2: bool) -> Response:
        found = reads.list_partners_12(actor=self.actor(request), partner_type=request.query_params.get("partnerType"))
        return self.answer(request, {"partners": [listed(partner, v2=v2) for partner in found]})


PARTNER_TYPE_PARAM = OpenApiParameter("partnerType", str, required=False, description="an exact partner type code")


class PartnersView(_Register, Mosip12APIView):
    """R1 (POST) register a partner; R41 (GET, deprecated) the partners the caller may list."""

    answers = {"POST": V1(echo=True), "GET": RETRIEVE}
    operations = {"POST": PARTNER_REGISTER_12, "GET": PARTNERS_LIST_12}

    @extend_schema(operation_id="pm12_partner_register", summary="R1 — register a partner (in progress, inactive)",
                   request=envelope_request("PartnerRegister12", PartnerRequest12), examples=[REGISTER_EXAMPLE],
                   responses=answer_schema("PartnerRegister12", REGISTERED, answers["POST"]), tags=TAG)
    def post(self, request: Request) -> Response:
        return self.register(request, PartnerRequest12, v2=False)

    @extend_schema(operation_id="pm12_partners_list", summary="R41 — partners, by type (managers, platform services)",
                   parameters=[PARTNER_TYPE_PARAM], responses=answer_schema("PartnersList12", LISTED_V1, answers["GET"]),
                   tags=TAG)
    def get(self, request: Request) -> Response:
        return self.partners(request, v2=False)


class PartnersV2View(_Register, Mosip12APIView):
    """R2 (POST) register a partner with a logo and additional information; R42 (GET,
    deprecated) R41 with them."""

    answers = {"POST": V1(echo=True), "GET": RETRIEVE}
    operations = {"POST": PARTNER_REGISTER_12, "GET": PARTNERS_LIST_12}

    @extend_schema(operation_id="pm12_partner_register_v2", summary="R2 — register a partner with logo and details",
                   request=envelope_request("PartnerRegisterV2", PartnerRequestV2),
                   responses=answer_schema("PartnerRegisterV2", REGISTERED, answers["POST"]), tags=TAG)
    def post(self, request: Request) -> Response:
        return self.register(request, PartnerRequestV2, v2=True)

    @extend_schema(operation_id="pm12_partners_list_v2", summary="R42 — partners with logo and details, by type",
                   parameters=[PARTNER_TYPE_PARAM], responses=answer_schema("PartnersListV2", LISTED_V2, answers["GET"]),
                   tags=TAG)
    def get(self, request: Request) -> Response:
        return self.partners(request, v2=True)


class OwnPartnersView(Mosip12APIView):
    """R9: the caller's own partners (portal drop-downs)."""

    answers = {"GET": V2("mosip.pms.partners.v3.get")}
    operations = {"GET": OWN_PARTNERS_READ_12}

    @extend_schema(operation_id="pm12_own_partners", summary="R9 — the caller's partners, by status, group, type",
                   parameters=[OpenApiParameter("status", str, required=True, description="approval status, e.g. approved"),
                               OpenApiParameter("policyGroupAvailable", bool, required=False),
                               PARTNER_TYPE_PARAM],
                   responses=answer_schema("OwnPartners12", OWN_PARTNER, answers["GET"], many=True), tags=TAG)
    def get(self, request: Request) -> Response:
        params = request.query_params
        available = reads.parse_flag(params.get("policyGroupAvailable"), "policyGroupAvailable")
        found = reads.own_partners_12(actor=self.actor(request), status=params.get("status"),
                                      policy_group_available=available, partner_type=params.get("partnerType"))
        show_group = available is True
        return self.answer(request, [{
            "partnerId": p.id, "partnerType": p.partner_type_id,
            "policyGroupId": p.policy_group_id if show_group else None,
            "policyGroupName": p.policy_group.name if show_group and p.policy_group_id else None,
            "policyGroupDescription": p.policy_group.description if show_group and p.policy_group_id else None,
        } for p in found])


def _search_body(request: Request, view: Mosip12APIView) -> dict[str, Any]:
    """The raw ``request`` object of a legacy search or filter-values body (the kernel's
    list helpers read and check it)."""
    return view.payload(request)


class PartnerSearchView(Mosip12APIView):
    """R10 (deprecated): the legacy search over the caller's partners."""

    answers = {"POST": V1()}
    operations = {"POST": PARTNER_SEARCH_12}

    @extend_schema(operation_id="pm12_partner_search", summary="R10 — search the caller's partners (legacy)",
                   request=envelope_request("PartnerSearch12", PartnerSearchSchema),
                   responses=answer_schema("PartnerSearch12", _search_page_schema("PartnerSearchPage12", SEARCH_ITEM),
                                           answers["POST"]), tags=TAG)
    def post(self, request: Request) -> Response:
        body = _search_body(request, self)
        partner_type = body.get("partnerType")
        if not isinstance(partner_type, str) or not partner_type.strip():
            raise Envelope12Errors.INVALID_PARAMETER.error(message="must not be blank", path="request.partnerType")
        page = reads.search_partners_12(actor=self.actor(request), request=body, partner_type=partner_type)
        return self.answer(request, page.answer(search_item))


class PartnerTypeSearchView(Mosip12APIView):
    """R11: the legacy search over the partner types."""

    answers = {"POST": V1()}
    operations = {"POST": PARTNER_TYPE_SEARCH_12}

    @extend_schema(operation_id="pm12_partner_type_search", summary="R11 — search the partner types (legacy)",
                   request=envelope_request("PartnerTypeSearch12", SearchShape),
                   responses=answer_schema("PartnerTypeSearch12", _search_page_schema("PartnerTypePage12", TYPE_ITEM),
                                           answers["POST"]), tags=TAG)
    def post(self, request: Request) -> Response:
        page = reads.search_partner_types_12(request=_search_body(request, self))
        return self.answer(request, page.answer(type_item))


class PartnerFilterValuesView(Mosip12APIView):
    """R12 (deprecated): filter values over the caller's partners, code = partner id."""

    answers = {"POST": V1()}
    operations = {"POST": PARTNER_FILTER_VALUES_12}

    @extend_schema(operation_id="pm12_partner_filter_values", summary="R12 — filter values of the caller's partners",
                   request=envelope_request("PartnerFilterValues12", FilterValuesShape),
                   responses=answer_schema("PartnerFilterValues12", FILTER_VALUES, answers["POST"]), tags=TAG)
    def post(self, request: Request) -> Response:
        values = reads.partner_filter_values_12(actor=self.actor(request), request=_search_body(request, self))
        return self.answer(request, values.answer())


class EmailCheckView(Mosip12APIView):
    """R7: whether an e-mail is a partner's (the portal asks on every login)."""

    answers = {"PUT": V1()}
    operations = {"PUT": EMAIL_CHECK_12}

    @extend_schema(operation_id="pm12_partner_email_verify", summary="R7 — is this e-mail a partner's?",
                   request=envelope_request("EmailCheck12", EmailCheck12),
                   responses=answer_schema("EmailCheck12", EMAIL_CHECKED, answers["PUT"]), tags=TAG)
    def put(self, request: Request) -> Response:
        data = self.payload(request, EmailCheck12)
        return self.answer(request, registration.email_check_12(email=data["emailId"]))


class PartnerProfileV2View(Mosip12APIView):
    """R4: the owner updates address, contact number, logo and additional information."""

    answers = {"PUT": V1(echo=True)}
    operations = {"PUT": PARTNER_UPDATE_12}
    audit_ref_kwarg = "partner_id"

    @extend_schema(operation_id="pm12_partner_update_v2", summary="R4 — update the caller's partner (with logo)",
                   request=envelope_request("PartnerUpdateV2", ProfileUpdateV2),
                   responses=answer_schema("PartnerUpdateV2", REGISTERED, answers["PUT"]), tags=TAG)
    def put(self, request: Request, partner_id: str) -> Response:
        data = self.payload(request, ProfileUpdateV2)
        partner = registration.update_partner_profile_12(
            actor=self.actor(request), partner_id=partner_id, address=data["address"],
            contact_no=data["contactNumber"], logo_url=data.get("logoUrl"), additional_info=data.get("additionalInfo"))
        return self.answer(request, {"partnerId": partner.id, "status": partner.approval_status})


class PartnerContactView12(Mosip12APIView):
    """R6: the owner adds a contact, or updates the one with that e-mail."""

    answers = {"POST": V1(echo=True)}
    operations = {"POST": CONTACT_UPSERT_12}
    audit_ref_kwarg = "partner_id"

    @extend_schema(operation_id="pm12_partner_contact_add", summary="R6 — add or update a contact of the partner",
                   request=envelope_request("PartnerContact12", ContactRequest12),
                   responses=answer_schema("PartnerContact12", serializers.CharField(), answers["POST"]), tags=TAG)
    def post(self, request: Request, partner_id: str) -> Response:
        data = self.payload(request, ContactRequest12)
        created = registration.add_or_update_contact_12(
            actor=self.actor(request), partner_id=partner_id, email=data["emailId"], contact_no=data["contactNumber"],
            address=data["address"], is_active=data.get("is_Active"))
        return self.answer(request, "Contacts details added successfully." if created
                           else "Contacts details updated successfully.")


class PartnerPolicyGroupView(Mosip12APIView):
    """R8: the owner sets the policy group of its partner before it is active."""

    answers = {"PUT": V1()}
    operations = {"PUT": PARTNER_GROUP_SET_12}
    audit_ref_kwarg = "partner_id"

    @extend_schema(operation_id="pm12_partner_policy_group", summary="R8 — set the policy group of an inactive partner",
                   request=None, responses=answer_schema("PartnerPolicyGroup12", serializers.CharField(), answers["PUT"]),
                   tags=TAG)
    def put(self, request: Request, partner_id: str, policygroup_name: str) -> Response:
        registration.set_policy_group_12(actor=self.actor(request), partner_id=partner_id, group_name=policygroup_name)
        return self.answer(request, "Success")


class StatusRequest12(MosipRequestSerializer):
    """R40 ``StatusRequestDto``: ``Active`` or ``De-Active``, any case."""

    bean_messages = PARTNER_DTO

    status = StrictCharField(max_length=32)


STATUS_EXAMPLE = OpenApiExample("deactivate", request_only=True, value={
    "id": "mosip.partner.status", "version": "1.0", "requesttime": "2026-12-05T10:00:00.000Z",
    "request": {"status": "De-Active"}})


class PartnerItemView12(Mosip12APIView):
    """R5 (GET) a partner's details, R3 (PUT) the owner updates address and contact number,
    R40 (PATCH) a partner manager activates or deactivates it (partners.services.activation:
    a 1.2 deactivation is terminal for both generations)."""

    answers = {"GET": RETRIEVE, "PUT": V1(echo=True), "PATCH": V1(echo=True)}
    operations = {"GET": PARTNER_READ_12, "PUT": PARTNER_UPDATE_12, "PATCH": PARTNER_STATUS_12}
    audit_ref_kwarg = "partner_id"

    @extend_schema(operation_id="pm12_partner_get", summary="R5 — a partner's details (legacy)",
                   responses=answer_schema("PartnerDetails12", PARTNER_DETAILS, RETRIEVE), tags=TAG)
    def get(self, request: Request, partner_id: str) -> Response:
        partner = registration.fetch_partner_12(actor=self.actor(request), partner_id=partner_id)
        return self.answer(request, partner_details(partner))

    @extend_schema(operation_id="pm12_partner_update", summary="R3 — update the caller's partner",
                   request=envelope_request("PartnerUpdate12", ProfileUpdate12),
                   responses=answer_schema("PartnerUpdate12", REGISTERED, V1(echo=True)), tags=TAG)
    def put(self, request: Request, partner_id: str) -> Response:
        data = self.payload(request, ProfileUpdate12)
        partner = registration.update_partner_profile_12(actor=self.actor(request), partner_id=partner_id,
                                                         address=data["address"], contact_no=data["contactNumber"])
        return self.answer(request, {"partnerId": partner.id, "status": partner.approval_status})

    @extend_schema(operation_id="pm12_partner_status", summary="R40 — activate or deactivate a partner (terminal)",
                   request=envelope_request("PartnerStatus12", StatusRequest12), examples=[STATUS_EXAMPLE],
                   responses=answer_schema("PartnerStatus12", inline_serializer(
                       "PartnerStatusMessage12", {"message": serializers.CharField()}), V1(echo=True)), tags=TAG)
    def patch(self, request: Request, partner_id: str) -> Response:
        data = self.payload(request, StatusRequest12)
        message = activation.set_partner_status_12(actor=self.actor(request), partner_id=partner_id,
                                                   status=data["status"])
        return self.answer(request, {"message": message})

literal_routes = [
    Route("/partners", PartnersView.as_view(), "pm12-partners"),
    Route("/partners/v2", PartnersV2View.as_view(), "pm12-partners-v2"),
    Route("/partners/v3", OwnPartnersView.as_view(), "pm12-partners-v3"),
    Route("/partners/search", PartnerSearchView.as_view(), "pm12-partners-search"),
    Route("/partners/partnertype/search", PartnerTypeSearchView.as_view(), "pm12-partner-types-search"),
    Route("/partners/filtervalues", PartnerFilterValuesView.as_view(), "pm12-partners-filter-values"),
    Route("/partners/email/verify", EmailCheckView.as_view(), "pm12-partners-email-verify"),
]
id_routes = [
    Route("/partners/v2/<id12:partner_id>", PartnerProfileV2View.as_view(), "pm12-partner-v2"),
    Route("/partners/<id12:partner_id>/contact/add", PartnerContactView12.as_view(), "pm12-partner-contact-add"),
    Route("/partners/<id12:partner_id>/policygroup/<str:policygroup_name>", PartnerPolicyGroupView.as_view(),
          "pm12-partner-policy-group"),
    Route("/partners/<id12:partner_id>", PartnerItemView12.as_view(), "pm12-partner"),
]
