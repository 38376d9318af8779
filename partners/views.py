"""Partner service (PS*, catalog §9), partner manager service (PM*, §8) and the policy
lookups that read partner keys (P6, §7): parse, call one service, render."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from kernel.api import EnvelopeAPIView, EnvelopeListView
from kernel.keys import server_key
from kernel.pagination import Page, PageRequest
from kernel.schema import envelope_request, envelope_response
from kernel.text import parse_active_status, parse_decision
from policies.serializers import PolicyOut
from policies.views import PolicyItemView

from . import services
from .errors import ManagerErrors
from .operations import (
    API_KEY_DECIDE,
    API_KEY_READ,
    API_KEY_REMAP,
    API_KEY_REQUEST,
    API_KEY_STATUS,
    CA_CERTIFICATE_UPLOAD,
    CONTACT_UPSERT,
    EXTRACTORS_ADD,
    MANAGED_API_KEY_READ,
    MANAGED_PARTNER_READ,
    MOSIP_CERTIFICATE_READ,
    PARTNER_CERTIFICATE_READ,
    PARTNER_CERTIFICATE_UPLOAD,
    PARTNER_READ,
    PARTNER_REGISTER,
    PARTNER_STATUS,
    PARTNER_UPDATE,
    POLICY_BY_KEY_READ,
)
from .serializers import (
    ApiKeyRequestCreate,
    ApiKeyRequestForManagerOut,
    ApiKeyRequestForPartnerOut,
    CACertificateUpload,
    ContactRequest,
    ExtractorOut,
    ExtractorsRequest,
    KeyRemapRequest,
    LegacyCertificateRequest,
    PartnerCertificateUpload,
    PartnerOut,
    PartnerRegisterRequest,
    PartnerUpdateRequest,
    StatusRequest,
)

PARTNER_TAG, MANAGER_TAG = ["partners"], ["pmpartners"]

MESSAGE = serializers.CharField()
PARTNER_ANSWER = envelope_response("Partner", PartnerOut)


def _message_out(name: str):
    from drf_spectacular.utils import inline_serializer

    return envelope_response(name, inline_serializer(name=f"{name}Message", fields={"message": serializers.CharField()}))


# --- the partner's own service (/partners) -------------------------------------------------


class PartnerRegisterView(EnvelopeAPIView):
    """PS1."""

    response_id = "mosip.partnermanagement.partners.create"
    operations = {"POST": PARTNER_REGISTER}

    @extend_schema(operation_id="partners_register", summary="PS1 — register a partner (self-registration)",
                   request=envelope_request("PartnerRegister", PartnerRegisterRequest), responses=PARTNER_ANSWER,
                   tags=PARTNER_TAG)
    def post(self, request: Request) -> Response:
        data = self.payload(request, PartnerRegisterRequest)
        partner = services.register_partner(
            actor=self.actor(request), name=data["organizationName"],
            partner_type=services.partner_type_named(data.get("partnerType")),
            policy_group_name=data.get("policyGroup"), contact_no=data["contactNumber"], email=data["emailId"],
            address=data["address"], partner_id=data.get("partnerId"),
        )
        return self.answer(request, PartnerOut(partner).data)


class PartnerItemView(EnvelopeAPIView):
    """PS7 read, PS5 update, of the caller's own partner."""

    response_id = {"GET": "mosip.partnermanagement.partners.retrieve", "PUT": "mosip.partnermanagement.partners.update"}
    operations = {"GET": PARTNER_READ, "PUT": PARTNER_UPDATE}
    audit_ref_kwarg = "partner_id"

    @extend_schema(operation_id="partners_get", summary="PS7 — the caller's partner", responses=PARTNER_ANSWER,
                   tags=PARTNER_TAG)
    def get(self, request: Request, partner_id: str) -> Response:
        return self.answer(request, PartnerOut(services.fetch_partner(actor=self.actor(request), partner_id=partner_id)).data)

    @extend_schema(operation_id="partners_update", summary="PS5 — update the caller's partner",
                   request=envelope_request("PartnerUpdate", PartnerUpdateRequest), responses=PARTNER_ANSWER,
                   tags=PARTNER_TAG)
    def put(self, request: Request, partner_id: str) -> Response:
        data = self.payload(request, PartnerUpdateRequest)
        partner = services.update_partner(actor=self.actor(request), partner_id=partner_id,
                                          name=data["organizationName"], contact_no=data["contactNumber"],
                                          email=data["emailId"], address=data["address"])
        return self.answer(request, PartnerOut(partner).data)


class PartnerApiKeyRequestsView(EnvelopeAPIView):
    """PS2 (PATCH as MOSIP's code and client, POST as documented) and PS8."""

    response_id = {"GET": "mosip.partnermanagement.partners.retrieve.apiKeyRequests",
                   "*": "mosip.partnermanagement.partnerAPIKeyRequest.create"}
    operations = {"PATCH": API_KEY_REQUEST, "POST": API_KEY_REQUEST, "GET": API_KEY_READ}
    audit_ref_kwarg = "partner_id"

    @extend_schema(operation_id="partners_api_key_request", summary="PS2 — request an API key for a published policy",
                   request=envelope_request("ApiKeyRequestCreate", ApiKeyRequestCreate),
                   responses=envelope_response("ApiKeyRequestCreated", serializers.DictField()), tags=PARTNER_TAG)
    def patch(self, request: Request, partner_id: str) -> Response:
        data = self.payload(request, ApiKeyRequestCreate)
        key_request, created = services.request_api_key(actor=self.actor(request), partner_id=partner_id,
                                                        policy_name=data["policyName"],
                                                        use_case=data["useCaseDescription"])
        message = "partnerAPIKeyRequest successfully created" if created else "partnerAPIKeyRequest already in progress"
        return self.answer(request, {"apiRequestId": key_request.id, "apiKeyReqID": key_request.id, "message": message})

    @extend_schema(exclude=True)
    def post(self, request: Request, partner_id: str) -> Response:
        return self.patch(request, partner_id)

    @extend_schema(operation_id="partners_api_key_requests", summary="PS8 — the partner's API-key requests (keys of approved ones, owner only)",
                   responses=envelope_response("PartnerApiKeyRequests", ApiKeyRequestForPartnerOut, many=True),
                   tags=PARTNER_TAG)
    def get(self, request: Request, partner_id: str) -> Response:
        read = services.read_api_key_requests(actor=self.actor(request), partner_id=partner_id)
        return self.answer(request, ApiKeyRequestForPartnerOut(read.requests, many=True, context={"keys": read.keys}).data)


class PartnerApiKeyRequestView(EnvelopeAPIView):
    """PS9: one of the partner's requests, with its key once approved (owner only, SPEC
    §9.11); PS3 (POST): the key alone, to the owner only (PMS_PRT_055 for anyone else)."""

    response_id = {"GET": "mosip.partnermanagement.partners.apikey.status",
                   "POST": "mosip.partnermanagement.partnerAPIKey.download"}
    operations = {"GET": API_KEY_READ, "POST": API_KEY_READ}
    audit_ref_kwarg = "request_id"

    @extend_schema(operation_id="partners_api_key_download", summary="PS3 — download the key of an approved request",
                   request=None, responses=envelope_response("ApiKeyDownload", serializers.DictField()), tags=PARTNER_TAG)
    def post(self, request: Request, partner_id: str, request_id: str) -> Response:
        value = services.download_api_key(actor=self.actor(request), partner_id=partner_id, request_id=request_id)
        return self.answer(request, {"partnerAPIKey": value})

    @extend_schema(operation_id="partners_api_key_request_get", summary="PS9 — one API-key request, its status and key (owner only)",
                   responses=envelope_response("PartnerApiKeyRequest", ApiKeyRequestForPartnerOut), tags=PARTNER_TAG)
    def get(self, request: Request, partner_id: str, request_id: str) -> Response:
        read = services.read_api_key_requests(actor=self.actor(request), partner_id=partner_id, request_id=request_id)
        return self.answer(request, ApiKeyRequestForPartnerOut(read.requests[0], context={"keys": read.keys}).data)


class PartnerContactView(EnvelopeAPIView):
    """``POST /partners/{id}/addcontact`` (SPEC §9.13)."""

    response_id = "mosip.partnermanagement.partners.contact.add"
    operations = {"POST": CONTACT_UPSERT}
    audit_ref_kwarg = "partner_id"

    @extend_schema(operation_id="partners_add_contact", summary="Add (or update, by e-mail) a contact of the partner",
                   request=envelope_request("PartnerContact", ContactRequest), responses=_message_out("PartnerContact"),
                   tags=PARTNER_TAG)
    def post(self, request: Request, partner_id: str) -> Response:
        data = self.payload(request, ContactRequest)
        is_active = data.get("is_Active")
        _contact, created = services.add_or_update_contact(
            actor=self.actor(request), partner_id=partner_id, email=data["emailId"], contact_no=data["contactNo"],
            address=data["address"], is_active=True if is_active is None else is_active)
        return self.answer(request, {"message": "Contacts added successfully." if created else "Contacts updated successfully."})


class MosipCertificateView(EnvelopeAPIView):
    """``/partners/digitalcertificate`` (1.0): PS10 (GET) the certificate partners verify
    what this service signs with (the server key's, also served by
    ``/v1/keymanager/getCertificate``), base64 DER under MOSIP's (misspelt) key
    ``moispCertificate``, and as PEM; PS4 (POST) upload and PS6 (PUT) check a partner
    certificate (PMS_PRT_007 with the reason when refused)."""

    response_id = {"GET": "mosip.partnermanagement.partners.mosip.certificate.download",
                   "POST": "mosip.partnermanagement.partners.certificate.upload",
                   "PUT": "mosip.partnermanagement.partners.certificate.validate"}
    operations = {"GET": MOSIP_CERTIFICATE_READ, "POST": PARTNER_CERTIFICATE_UPLOAD, "PUT": PARTNER_CERTIFICATE_READ}

    @extend_schema(operation_id="partners_digital_certificate_upload", summary="PS4 — upload the partner's certificate (1.0)",
                   request=envelope_request("LegacyCertificateUpload", LegacyCertificateRequest),
                   responses=envelope_response("LegacyCertificateUploaded", serializers.DictField()), tags=PARTNER_TAG)
    def post(self, request: Request) -> Response:
        data = self.payload(request, LegacyCertificateRequest)
        row = services.upload_partner_certificate(actor=self.actor(request), partner_id=data.get("partnerId") or None,
                                                  certificate_data=data["partnerCertificate"],
                                                  domain=data.get("partnerDomain") or "AUTH", legacy=True)
        return self.answer(request, {"message": "successfully uploaded partner's digital certificate",
                                     "certificateId": row.id, "signedCertificateData": row.signed_certificate_pem})

    @extend_schema(operation_id="partners_digital_certificate_validate", summary="PS6 — check a partner certificate (1.0)",
                   request=envelope_request("LegacyCertificateValidate", LegacyCertificateRequest),
                   responses=_message_out("LegacyCertificateValidated"), tags=PARTNER_TAG)
    def put(self, request: Request) -> Response:
        data = self.payload(request, LegacyCertificateRequest)
        services.check_partner_certificate(actor=self.actor(request), certificate_data=data["partnerCertificate"],
                                           partner_id=data.get("partnerId") or None,
                                           domain=data.get("partnerDomain") or "AUTH")
        return self.answer(request, {"message": "successfully validated partner's digital certificate"})

    @extend_schema(operation_id="partners_mosip_certificate", summary="PS10 — download the MOSIP certificate",
                   responses=envelope_response("MosipCertificate", serializers.DictField()), tags=PARTNER_TAG)
    def get(self, request: Request) -> Response:
        key = server_key()
        return self.answer(request, {"moispCertificate": key.certificate_der_b64, "certificate": key.certificate_pem})


class CACertificateUploadView(EnvelopeAPIView):
    """``POST /partners/uploadCACertificate`` (1.1): a root or intermediate CA of a domain."""

    response_id = "mosip.partnermanagement.partners.certificate.ca.upload"
    operations = {"POST": CA_CERTIFICATE_UPLOAD}

    @extend_schema(operation_id="partners_upload_ca_certificate", summary="Upload a CA or intermediate certificate",
                   request=envelope_request("CACertificateUpload", CACertificateUpload),
                   responses=envelope_response("CACertificateUploaded", serializers.DictField()), tags=PARTNER_TAG)
    def post(self, request: Request) -> Response:
        data = self.payload(request, CACertificateUpload)
        row = services.upload_ca_certificate(actor=self.actor(request), certificate_data=data["certificateData"],
                                             domain=data["partnerDomain"])
        return self.answer(request, {"status": "Upload Success.", "certificateId": row.id, "isRoot": row.is_root})


class PartnerCertificateUploadView(EnvelopeAPIView):
    """``POST /partners/uploadPartnerCertificate`` (1.1): the partner's certificate, answered
    with the copy this service signed (SPEC §9.12)."""

    response_id = "mosip.partnermanagement.partners.certificate.upload"
    operations = {"POST": PARTNER_CERTIFICATE_UPLOAD}

    @extend_schema(operation_id="partners_upload_partner_certificate", summary="Upload the partner's certificate",
                   request=envelope_request("PartnerCertificateUpload", PartnerCertificateUpload),
                   responses=envelope_response("PartnerCertificateUploaded", serializers.DictField()), tags=PARTNER_TAG)
    def post(self, request: Request) -> Response:
        data = self.payload(request, PartnerCertificateUpload)
        row = services.upload_partner_certificate(actor=self.actor(request), partner_id=data["partnerId"],
                                                  certificate_data=data["certificateData"], domain=data["partnerDomain"],
                                                  organization_name=data.get("organizationName"))
        return self.answer(request, {"certificateId": row.id, "signedCertificateData": row.signed_certificate_pem})


class PartnerCertificateView(EnvelopeAPIView):
    """``GET /partners/getPartnerCertificate/{partnerId}`` (1.1, SPEC §9.12)."""

    response_id = "mosip.partnermanagement.partners.certificate.get"
    operations = {"GET": PARTNER_CERTIFICATE_READ}
    audit_ref_kwarg = "partner_id"

    @extend_schema(operation_id="partners_get_partner_certificate", summary="The partner's certificate and signed copy",
                   responses=envelope_response("PartnerCertificate", serializers.DictField()), tags=PARTNER_TAG)
    def get(self, request: Request, partner_id: str) -> Response:
        row = services.current_partner_certificate(actor=self.actor(request), partner_id=partner_id)
        return self.answer(request, {"certificateId": row.id, "certificateData": row.signed_certificate_pem,
                                     "mosipSignedCertificateData": row.signed_certificate_pem,
                                     "caSignedCertificateData": row.certificate_pem})


class PartnerExtractorsView(EnvelopeAPIView):
    """``/partners/partnerId/{p}/policyId/{q}``: the partner's biometric extractors for a
    policy it asked a key for (POST sets the list, GET reads it)."""

    response_id = {"GET": "mosip.partnermanagement.partners.biometric.extractors.retrieve",
                   "*": "mosip.partnermanagement.partners.biometric.extractors.add"}
    operations = {"POST": EXTRACTORS_ADD, "GET": PARTNER_READ}
    audit_ref_kwarg = "partner_id"

    @extend_schema(operation_id="partners_extractors_set", summary="Set the biometric extractors for a policy",
                   request=envelope_request("Extractors", ExtractorsRequest), responses=_message_out("Extractors"),
                   tags=PARTNER_TAG)
    def post(self, request: Request, partner_id: str, policy_id: str) -> Response:
        data = self.payload(request, ExtractorsRequest)
        services.set_extractors(actor=self.actor(request), partner_id=partner_id, policy_id=policy_id,
                                extractors=data["extractors"])
        return self.answer(request, {"message": "Extractors added successfully."})

    @extend_schema(operation_id="partners_extractors_get", summary="The biometric extractors for a policy",
                   responses=envelope_response("ExtractorList", serializers.DictField()), tags=PARTNER_TAG)
    def get(self, request: Request, partner_id: str, policy_id: str) -> Response:
        rows = services.extractors_of(actor=self.actor(request), partner_id=partner_id, policy_id=policy_id)
        return self.answer(request, {"extractors": ExtractorOut(rows, many=True).data})


# --- the partner manager's service (/pmpartners) --------------------------------------------


@extend_schema_view(get=extend_schema(
    operation_id="pmpartners_list", summary="PM5 — partners of the manager's policy groups",
    parameters=[OpenApiParameter("policyGroupName", str), OpenApiParameter("partnerType", str),
                OpenApiParameter("isActive", bool), OpenApiParameter("name", str),
                OpenApiParameter("page", int), OpenApiParameter("pageSize", int)],
    responses=envelope_response("PartnerList", inline_serializer(
        name="PartnerPage", fields={"partners": PartnerOut(many=True)}), paged=True), tags=MANAGER_TAG,
))
class ManagerPartnerListView(EnvelopeListView):
    response_id = "mosip.partnermanagement.partners.retrieve"
    operations = {"GET": MANAGED_PARTNER_READ}

    def fetch_page(self, request: Request, page: PageRequest, **kwargs) -> Page:
        return services.list_partners_for_manager(actor=self.actor(request), filters=request.query_params, page=page)

    def render_items(self, items) -> dict:
        return {"partners": PartnerOut(items, many=True).data}


class ManagerPartnerView(EnvelopeAPIView):
    """PM6 read and PM2 status (PATCH in MOSIP's code, PUT as documented)."""

    response_id = {"GET": "mosip.partnermanagement.partners.retrieve",
                   "*": "mosip.partnermanagement.partners.status.update"}
    operations = {"GET": MANAGED_PARTNER_READ, "PATCH": PARTNER_STATUS, "PUT": PARTNER_STATUS}
    audit_ref_kwarg = "partner_id"

    @extend_schema(operation_id="pmpartners_get", summary="PM6 — one partner of the manager's groups",
                   responses=PARTNER_ANSWER, tags=MANAGER_TAG)
    def get(self, request: Request, partner_id: str) -> Response:
        partner = services.fetch_partner_for_manager(actor=self.actor(request), partner_id=partner_id)
        return self.answer(request, PartnerOut(partner).data)

    @extend_schema(operation_id="pmpartners_status", summary="PM2 — activate (Active) or deactivate (De-Active) a partner",
                   request=envelope_request("PartnerStatus", StatusRequest), responses=_message_out("PartnerStatus"),
                   tags=MANAGER_TAG)
    def patch(self, request: Request, partner_id: str) -> Response:
        data = self.payload(request, StatusRequest)
        active = parse_active_status(data["status"], ManagerErrors.STATUS_VALUE)
        services.set_partner_active(actor=self.actor(request), partner_id=partner_id, active=active)
        return self.answer(request, {"message": "Partner status updated successfully"})

    @extend_schema(exclude=True)
    def put(self, request: Request, partner_id: str) -> Response:
        return self.patch(request, partner_id)


@extend_schema_view(get=extend_schema(
    operation_id="pmpartners_api_key_requests", summary="PM8 — API-key requests of the manager's groups",
    parameters=[OpenApiParameter("status", str, enum=["In-Progress", "Approved", "Rejected"]),
                OpenApiParameter("partnerId", str), OpenApiParameter("page", int), OpenApiParameter("pageSize", int)],
    responses=envelope_response("ManagerApiKeyRequests", inline_serializer(
        name="ManagerApiKeyRequestPage", fields={"apikeyRequests": ApiKeyRequestForManagerOut(many=True)}), paged=True),
    tags=MANAGER_TAG,
))
class ManagerApiKeyRequestListView(EnvelopeListView):
    response_id = "mosip.partnermanagement.partners.apikey.request.retrieve"
    operations = {"GET": MANAGED_API_KEY_READ}

    def fetch_page(self, request: Request, page: PageRequest, **kwargs) -> Page:
        return services.list_api_key_requests_for_manager(actor=self.actor(request), filters=request.query_params,
                                                          page=page)

    def render_items(self, items) -> dict:
        return {"apikeyRequests": ApiKeyRequestForManagerOut(items, many=True).data}


class ManagerApiKeyRequestView(EnvelopeAPIView):
    """PM9 read and PM4 decision (PATCH in MOSIP's code and client, PUT as documented)."""

    response_id = {"GET": "mosip.partnermanagement.partners.apikey.requests.retrieve",
                   "*": "mosip.partnermanagement.partners.apikeystatus.update"}
    operations = {"GET": MANAGED_API_KEY_READ, "PATCH": API_KEY_DECIDE, "PUT": API_KEY_DECIDE}
    audit_ref_kwarg = "request_id"

    @extend_schema(operation_id="pmpartners_api_key_request_get", summary="PM9 — one API-key request",
                   responses=envelope_response("ManagerApiKeyRequest", ApiKeyRequestForManagerOut), tags=MANAGER_TAG)
    def get(self, request: Request, request_id: str) -> Response:
        row = services.fetch_api_key_request_for_manager(actor=self.actor(request), request_id=request_id)
        return self.answer(request, ApiKeyRequestForManagerOut(row).data)

    @extend_schema(operation_id="pmpartners_api_key_decide", summary="PM4 — approve (Approved) or reject (Rejected)",
                   request=envelope_request("ApiKeyDecision", StatusRequest), responses=_message_out("ApiKeyDecision"),
                   tags=MANAGER_TAG)
    def patch(self, request: Request, request_id: str) -> Response:
        data = self.payload(request, StatusRequest)
        approve = parse_decision(data["status"], ManagerErrors.DECISION_VALUE)
        services.decide_api_key_request(actor=self.actor(request), request_id=request_id, approve=approve)
        word = "approved" if approve else "rejected"
        return self.answer(request, {"message": f"PartnerAPIKey {word} successfully"})

    @extend_schema(exclude=True)
    def put(self, request: Request, request_id: str) -> Response:
        return self.patch(request, request_id)


class ManagerPartnerKeyView(EnvelopeAPIView):
    """``/pmpartners/{partnerId}/{partnerApiKey}``: PM7 (GET) the key's policy, PM3
    (PATCH, or PUT with only ``status``) its status, PM1 (PUT or POST with
    ``oldPolicyID``/``newPolicyID``) its policy (catalog §8.1, §13.1)."""

    response_id = {"GET": "mosip.partnermanagement.partners.retrieve.policy",
                   "PATCH": "mosip.partnermanagement.partners.apikeystatus.update",
                   "*": "mosip.partnermanagement.partners.policy.mapping"}
    operations = {"GET": MANAGED_API_KEY_READ, "PATCH": API_KEY_STATUS, "PUT": API_KEY_REMAP, "POST": API_KEY_REMAP}
    audit_ref_kwarg = "partner_id"

    @extend_schema(operation_id="pmpartners_api_key_policy", summary="PM7 — the policy a partner's API key is mapped to",
                   responses=envelope_response("ApiKeyPolicy", serializers.DictField()), tags=MANAGER_TAG)
    def get(self, request: Request, partner_id: str, api_key: str) -> Response:
        key = services.fetch_api_key_mapping(actor=self.actor(request), partner_id=partner_id, api_key=api_key)
        return self.answer(request, {"partnerID": key.partner_id, "policyId": key.policy_id})

    @extend_schema(operation_id="pmpartners_api_key_status", summary="PM3 — activate or deactivate a partner's API key",
                   request=envelope_request("ApiKeyStatus", StatusRequest), responses=_message_out("ApiKeyStatus"),
                   tags=MANAGER_TAG)
    def patch(self, request: Request, partner_id: str, api_key: str) -> Response:
        data = self.payload(request, StatusRequest)
        services.set_api_key_active(actor=self.actor(request), partner_id=partner_id, api_key=api_key,
                                    active=parse_active_status(data["status"], ManagerErrors.STATUS_VALUE))
        return self.answer(request, {"message": "Partner API Key status updated successfully"})

    @extend_schema(operation_id="pmpartners_api_key_remap", summary="PM1 — move a partner's API key to another policy",
                   request=envelope_request("ApiKeyRemap", KeyRemapRequest), responses=_message_out("ApiKeyRemap"),
                   tags=MANAGER_TAG)
    def put(self, request: Request, partner_id: str, api_key: str) -> Response:
        if self.request_names_only(request, "status"):
            return self.patch(request, partner_id, api_key)
        data = self.payload(request, KeyRemapRequest)
        services.remap_api_key(actor=self.actor(request), partner_id=partner_id, api_key=api_key,
                               old_policy_id=data["oldPolicyID"], new_policy_id=data["newPolicyID"])
        return self.answer(request, {"message": "Partner api key to Policy Mappings updated successfully"})

    @extend_schema(exclude=True)
    def post(self, request: Request, partner_id: str, api_key: str) -> Response:
        return self.put(request, partner_id, api_key)


@extend_schema_view(get=extend_schema(
    operation_id="pmpartners_get_manager", summary="PM10 — the manager's partners with their requests and keys",
    parameters=[OpenApiParameter("page", int), OpenApiParameter("pageSize", int)],
    responses=envelope_response("ManagerSummary", serializers.DictField(), paged=True), tags=MANAGER_TAG,
))
class ManagerSummaryView(EnvelopeListView):
    """PM10. A key's value is never shown to a manager: ``partnerAPIKey`` says CREATED or
    NOT CREATED (MOSIP's code put the key itself there)."""

    response_id = "mosip.partnermanagement.partners.retrieve"
    operations = {"GET": MANAGED_PARTNER_READ}

    def fetch_page(self, request: Request, page: PageRequest, **kwargs) -> Page:
        return services.manager_summary(actor=self.actor(request), page=page)

    def render_items(self, items) -> dict:
        rows = []
        for partner, requests in items:
            for key_request in requests:
                key = getattr(key_request, "api_key", None) if key_request is not None else None
                rows.append({
                    "partnerID": partner.id,
                    "partnerStatus": "Active" if partner.is_active else "De-Active",
                    "policyID": key_request.policy_id if key_request else "NOT CREATED",
                    "policyName": key_request.policy.name if key_request else "NOT CREATED",
                    "apikeyReqID": key_request.id if key_request else "NOT CREATED",
                    "apikeyReqIDStatus": key_request.get_status_display() if key_request else "YET TO SUBMIT",
                    "partnerAPIKey": "CREATED" if key is not None else "NOT CREATED",
                    "partnerAPIKeyStatus": ("Active" if key.is_active else "De-Active") if key is not None else "UNDEFINED",
                })
        return {"partners": rows}


class ManagerPolicyByNameView(EnvelopeAPIView):
    """PM11: ``{policyID}`` of the policy with that name in the manager's groups."""

    response_id = "mosip.partnermanagement.partners.policy.retrieve"
    operations = {"GET": MANAGED_PARTNER_READ}

    @extend_schema(operation_id="pmpartners_policy_by_name", summary="PM11 — a policy's id by its name",
                   responses=envelope_response("PolicyIdByName", serializers.DictField()), tags=MANAGER_TAG)
    def get(self, request: Request, policy_name: str) -> Response:
        return self.answer(request, {"policyID": services.policy_id_named(actor=self.actor(request), policy_name=policy_name)})


# --- the policy service's lookups by partner API key (P6), mounted under /policies --------


class PolicyByApiKeyView(EnvelopeAPIView):
    """P6 in the 1.0 code's explicit form."""

    operations = {"GET": POLICY_BY_KEY_READ}
    response_id = "mosip.partnermanagement.policies.retrieve.partnerAPIKey"

    @extend_schema(operation_id="policy_for_api_key", summary="P6 — the active policy a partner API key is mapped to",
                   responses=envelope_response("PolicyForApiKey", PolicyOut), tags=["policies"])
    def get(self, request: Request, api_key: str) -> Response:
        policy = services.fetch_policy_for_api_key(actor=self.actor(request), api_key=api_key)
        return self.answer(request, PolicyOut(policy).data)


class PartnerPolicyView(EnvelopeAPIView):
    """``GET /policies/partnerId/{p}/policyId/{q}``: the policy a partner holds a key for."""

    operations = {"GET": POLICY_BY_KEY_READ}
    response_id = "mosip.partnermanagement.policy.retrieve"

    @extend_schema(operation_id="policy_of_partner", summary="The policy a partner holds an active key for",
                   responses=envelope_response("PartnerPolicy", PolicyOut), tags=["policies"])
    def get(self, request: Request, partner_id: str, policy_id: str) -> Response:
        partner, policy = services.fetch_partner_policy(actor=self.actor(request), partner_id=partner_id,
                                                        policy_id=policy_id)
        return self.answer(request, {**PolicyOut(policy).data, "partnerId": partner.id, "partnerName": partner.name})


class PolicyByIdOrApiKeyView(PolicyItemView):
    """``GET /policies/{x}`` (catalog §13.1): a manager's policy by id, else the policy of
    the partner API key ``x`` (machine clients). Writes stay the policy service's."""

    operations = {**PolicyItemView.operations, "GET": POLICY_BY_KEY_READ}

    @extend_schema(operation_id="policy_get_by_id_or_key", summary="P5/P6 — by policy id, else by partner API key",
                   responses=envelope_response("PolicyByIdOrKey", PolicyOut), tags=["policies"])
    def get(self, request: Request, policy_id: str) -> Response:
        policy = services.fetch_policy_by_id_or_api_key(actor=self.actor(request), value=policy_id)
        return self.answer(request, PolicyOut(policy).data)
