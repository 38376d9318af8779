"""MOSIP 1.2's policy-mapping requests and API keys (1.2 catalog §7, R20-R30) under
``/v1/partnermanager``. Thin: the envelope in, one service call, the envelope out; the
rules are in ``partners.services.mapping`` and ``mapping_reads``, the shapes in
``key_shapes``; the legacy searches R31-R33 in ``key_searches``.

Cross-generation (SPEC §10.1): a 1.2 mapping request is the 1.0 API-key request, shown
here as ``InProgress``/``approved``/``rejected``; the 1.0 approval makes a key labelled
with the request's id, R21 makes none (keys come from R22).
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from kernel.mosip12 import V2, Mosip12APIView, answer_schema
from kernel.routing import Route
from kernel.schema import envelope_request

from ..models import RequestStatus
from ..operations import (
    API_KEY_GENERATE,
    API_KEY_LABEL_STATUS,
    API_KEY_POLICY_CHANGE,
    API_KEYS_LIST,
    MANAGED_KEY_REQUESTS_READ,
    PARTNER_KEY_REQUESTS_READ,
    POLICY_MAPPING_DECIDE,
    POLICY_MAPPING_REQUEST,
    POLICY_REQUESTS_LIST,
)
from ..services import mapping, mapping_reads
from .key_shapes import (
    ECHO,
    LIST_PARAMETERS,
    MESSAGE,
    RETRIEVE,
    TAGS,
    ApiKeySummaryOut,
    GenerateApiKeyRequest,
    KeyPolicyChangeRequest,
    KeyRequestOut,
    KeyStatusRequest,
    ManagedKeyRequestOut,
    PolicyDecisionRequest,
    PolicyMapRequest,
    PolicyRequestSummaryOut,
    page_of,
)

# --- views ----------------------------------------------------------------------------------

class PolicyMapView(Mosip12APIView):
    """R20: a partner asks for a policy of its group."""

    answers = {"POST": ECHO}
    operations = {"POST": POLICY_MAPPING_REQUEST}
    audit_ref_kwarg = "partner_id"

    @extend_schema(operation_id="partnermanager_policy_map", summary="R20 — request a policy for a partner (MOSIP 1.2)",
                   request=envelope_request("PolicyMap", PolicyMapRequest),
                   responses=answer_schema("PolicyMap", inline_serializer(name="PolicyMapped", fields={
                       "mappingkey": serializers.CharField(), "message": serializers.CharField()}), answers["POST"]),
                   tags=TAGS)
    def post(self, request: Request, partner_id: str) -> Response:
        data = self.payload(request, PolicyMapRequest)
        row = mapping.request_policy_mapping(actor=self.actor(request), partner_id=partner_id,
                                             policy_name=data["policyName"], use_case=data["useCaseDescription"])
        return self.answer(request, {"mappingkey": row.id, "message": "Policy mapping request submitted successfully."})


class PolicyDecisionView(Mosip12APIView):
    """R21: a partner manager approves or rejects a request (no key is made)."""

    answers = {"PUT": ECHO}
    operations = {"PUT": POLICY_MAPPING_DECIDE}
    audit_ref_kwarg = "mapping_id"

    @extend_schema(operation_id="partnermanager_policy_decide",
                   summary="R21 — approve or reject a policy request (MOSIP 1.2; makes no key)",
                   request=envelope_request("PolicyDecision", PolicyDecisionRequest),
                   responses=answer_schema("PolicyDecision", serializers.CharField(), answers["PUT"]), tags=TAGS)
    def put(self, request: Request, mapping_id: str) -> Response:
        data = self.payload(request, PolicyDecisionRequest)
        row = mapping.decide_policy_mapping(actor=self.actor(request), mapping_id=mapping_id, status=data["status"])
        verb = "approved" if row.status == RequestStatus.APPROVED else "rejected"
        return self.answer(request, f"Policy mapping {verb} successfully")


class GenerateApiKeyView(Mosip12APIView):
    """R22: the partner's owner generates a labelled key under an approved request."""

    answers = {"PATCH": ECHO}
    operations = {"PATCH": API_KEY_GENERATE}
    audit_ref_kwarg = "partner_id"

    @extend_schema(operation_id="partnermanager_generate_api_key",
                   summary="R22 — generate an API key (MOSIP 1.2; the value is shown here only)",
                   request=envelope_request("GenerateApiKey", GenerateApiKeyRequest),
                   responses=answer_schema("GeneratedApiKey", inline_serializer(name="GeneratedApiKey", fields={
                       "apiKey": serializers.CharField(), "label": serializers.CharField(),
                       "policyId": serializers.CharField(), "partnerId": serializers.CharField()}), answers["PATCH"]),
                   tags=TAGS)
    def patch(self, request: Request, partner_id: str) -> Response:
        data = self.payload(request, GenerateApiKeyRequest)
        key, value = mapping.generate_api_key(actor=self.actor(request), partner_id=partner_id,
                                              policy_name=data["policyName"], label=data["label"])
        return self.answer(request, {"apiKey": value, "label": key.label, "policyId": key.policy_id,
                                     "partnerId": key.partner_id})


class ApiKeyStatusView(Mosip12APIView):
    """R23: activate or deactivate a key named by partner, policy and label."""

    answers = {"PATCH": ECHO}
    operations = {"PATCH": API_KEY_LABEL_STATUS}
    audit_ref_kwarg = "partner_id"

    @extend_schema(operation_id="partnermanager_api_key_status",
                   summary="R23 — activate (Active) or deactivate (De-Active) an API key by label (MOSIP 1.2)",
                   request=envelope_request("ApiKeyLabelStatus", KeyStatusRequest),
                   responses=answer_schema("ApiKeyLabelStatus", serializers.CharField(), answers["PATCH"]), tags=TAGS)
    def patch(self, request: Request, partner_id: str, policy_id: str) -> Response:
        data = self.payload(request, KeyStatusRequest)
        active = mapping.set_api_key_status_by_label(actor=self.actor(request), partner_id=partner_id,
                                                     policy_id=policy_id, label=data["label"], status=data["status"])
        return self.answer(request, "Partner apikey activated successfully." if active
                           else "Partner apikey de-activated successfully.")


class PolicyRequestListView(Mosip12APIView):
    """R24: the policy requests of the partners the caller acts for."""

    answers = {"GET": V2("mosip.pms.all.partner.policy.mapping.requests.get")}
    operations = {"GET": POLICY_REQUESTS_LIST}

    @extend_schema(operation_id="partnermanager_partner_policy_requests",
                   summary="R24 — policy requests, paged and filtered (MOSIP 1.2)",
                   parameters=[*LIST_PARAMETERS, *(OpenApiParameter(name, str, required=False) for name in (
                       "partnerId", "partnerComment", "orgName", "policyId", "policyName", "policyGroupName",
                       "partnerType")), OpenApiParameter("status", str, required=False,
                                                         enum=["approved", "rejected", "InProgress"])],
                   responses=answer_schema("PolicyRequestPage", page_of(PolicyRequestSummaryOut, "PolicyRequestPage"),
                                           answers["GET"]), tags=TAGS)
    def get(self, request: Request) -> Response:
        page = mapping_reads.list_policy_requests(actor=self.actor(request), params=request.query_params)
        return self.answer(request, page.answer(lambda row: PolicyRequestSummaryOut(row).data))


class ApiKeyListView(Mosip12APIView):
    """R25: the API keys of the caller's authentication partners (never their values)."""

    answers = {"GET": V2("mosip.pms.all.api.key.requests.get")}
    operations = {"GET": API_KEYS_LIST}

    @extend_schema(operation_id="partnermanager_partner_api_keys", summary="R25 — API keys, paged and filtered (MOSIP 1.2)",
                   parameters=[*LIST_PARAMETERS, *(OpenApiParameter(name, str, required=False) for name in (
                       "partnerId", "apiKeyLabel", "orgName", "policyName", "policyGroupName")),
                               OpenApiParameter("status", str, required=False, enum=["activated", "deactivated"])],
                   responses=answer_schema("ApiKeyPage", page_of(ApiKeySummaryOut, "ApiKeyPage"), answers["GET"]),
                   tags=TAGS)
    def get(self, request: Request) -> Response:
        page = mapping_reads.list_api_keys(actor=self.actor(request), params=request.query_params)
        return self.answer(request, page.answer(lambda key: ApiKeySummaryOut(key).data))


class PartnerKeyRequestsView(Mosip12APIView):
    """R26: a partner's requests, with the 1.0 key of approved ones (owner only)."""

    answers = {"GET": RETRIEVE}
    operations = {"GET": PARTNER_KEY_REQUESTS_READ}
    audit_ref_kwarg = "partner_id"

    @extend_schema(operation_id="partnermanager_partner_api_key_requests",
                   summary="R26 — a partner's API-key requests (MOSIP 1.2)",
                   responses=answer_schema("PartnerKeyRequests", KeyRequestOut, answers["GET"], many=True), tags=TAGS)
    def get(self, request: Request, partner_id: str) -> Response:
        rows, values = mapping_reads.partner_key_requests(actor=self.actor(request), partner_id=partner_id)
        return self.answer(request, KeyRequestOut(rows, many=True, context={"values": values}).data)


class ManagedKeyRequestsView(Mosip12APIView):
    """R27 (deprecated in MOSIP): every request of the manager's groups."""

    answers = {"GET": RETRIEVE}
    operations = {"GET": MANAGED_KEY_REQUESTS_READ}

    @extend_schema(operation_id="partnermanager_api_key_requests_all", summary="R27 — all API-key requests (MOSIP 1.2)",
                   responses=answer_schema("ManagedKeyRequests", inline_serializer(name="ManagedKeyRequests", fields={
                       "apikeyRequests": ManagedKeyRequestOut(many=True)}), answers["GET"]), tags=TAGS)
    def get(self, request: Request) -> Response:
        rows = mapping_reads.managed_key_requests(actor=self.actor(request))
        return self.answer(request, {"apikeyRequests": ManagedKeyRequestOut(rows, many=True).data})


class ManagedKeyRequestView(Mosip12APIView):
    """R28: one request of the manager's groups (the path's ``apikey`` is the request id)."""

    answers = {"GET": RETRIEVE}
    operations = {"GET": MANAGED_KEY_REQUESTS_READ}
    audit_ref_kwarg = "request_id"

    @extend_schema(operation_id="partnermanager_api_key_request", summary="R28 — one API-key request (MOSIP 1.2)",
                   responses=answer_schema("ManagedKeyRequest", ManagedKeyRequestOut, answers["GET"]), tags=TAGS)
    def get(self, request: Request, request_id: str) -> Response:
        row = mapping_reads.managed_key_request(actor=self.actor(request), request_id=request_id)
        return self.answer(request, ManagedKeyRequestOut(row).data)


class PartnerKeyMappingView(Mosip12APIView):
    """R29: the policy a partner's key (by value) is mapped to."""

    answers = {"GET": RETRIEVE}
    operations = {"GET": MANAGED_KEY_REQUESTS_READ}
    audit_ref_kwarg = "partner_id"

    @extend_schema(operation_id="partnermanager_partner_api_key_mapping",
                   summary="R29 — the policy of a partner's API key (MOSIP 1.2)",
                   responses=answer_schema("PartnerKeyMapping", inline_serializer(name="PartnerKeyMapping", fields={
                       "partnerID": serializers.CharField(), "policyId": serializers.CharField()}), answers["GET"]),
                   tags=TAGS)
    def get(self, request: Request, partner_id: str, api_key: str) -> Response:
        key = mapping_reads.managed_key_mapping(actor=self.actor(request), partner_id=partner_id, api_key=api_key)
        return self.answer(request, {"partnerID": key.partner_id, "policyId": key.policy_id})


class ApiKeyPolicyView(Mosip12APIView):
    """R30: a manager moves a partner's active key to another policy of its group."""

    answers = {"PUT": ECHO}
    operations = {"PUT": API_KEY_POLICY_CHANGE}
    audit_ref_kwarg = "partner_id"

    @extend_schema(operation_id="partnermanager_api_key_policies",
                   summary="R30 — move an API key to another policy (MOSIP 1.2)",
                   request=envelope_request("ApiKeyPolicyChange", KeyPolicyChangeRequest),
                   responses=answer_schema("ApiKeyPolicyChange", MESSAGE, answers["PUT"]), tags=TAGS)
    def put(self, request: Request, partner_id: str, api_key: str) -> Response:
        data = self.payload(request, KeyPolicyChangeRequest)
        mapping.change_api_key_policy(actor=self.actor(request), partner_id=partner_id, api_key=api_key,
                                      old_policy_id=data["oldPolicyID"], new_policy_id=data["newPolicyID"])
        return self.answer(request, {"message": "Given apikey updated with policy successfully. "})



literal_routes = [
    Route("/partner-policy-requests", PolicyRequestListView.as_view(), "pm12-partner-policy-requests"),
    Route("/partner-api-keys", ApiKeyListView.as_view(), "pm12-partner-api-keys"),
    Route("/partners/apikey", ManagedKeyRequestsView.as_view(), "pm12-api-key-requests"),
]
id_routes = [
    Route("/partners/<id12:partner_id>/policy/map", PolicyMapView.as_view(), "pm12-policy-map"),
    Route("/partners/policy/<id12:mapping_id>", PolicyDecisionView.as_view(), "pm12-policy-decision"),
    Route("/partners/<id12:partner_id>/generate/apikey", GenerateApiKeyView.as_view(), "pm12-generate-api-key"),
    Route("/partners/<id12:partner_id>/policy/<id12:policy_id>/apiKey/status", ApiKeyStatusView.as_view(),
          "pm12-api-key-status"),
    # R26 before R29: an API key literally named "request" is R26's (1.2 catalog §1.1)
    Route("/partners/<id12:partner_id>/apikey/request", PartnerKeyRequestsView.as_view(), "pm12-partner-key-requests"),
    Route("/partners/apikey/<id12:request_id>", ManagedKeyRequestView.as_view(), "pm12-api-key-request"),
    Route("/partners/<id12:partner_id>/apikey/<secret12:api_key>", PartnerKeyMappingView.as_view(),
          "pm12-partner-key-mapping"),
    Route("/partners/<id12:partner_id>/apikey/<secret12:api_key>/policies", ApiKeyPolicyView.as_view(),
          "pm12-api-key-policies"),
]
