"""Policy service endpoints (catalog §7.1): parse, call a service, render. Nothing else."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.request import Request
from rest_framework.response import Response

from kernel.api import EnvelopeAPIView, EnvelopeListView
from kernel.pagination import Page, PageRequest
from kernel.schema import envelope_request, envelope_response

from . import services
from .operations import GROUP_CREATE, GROUP_READ, GROUP_UPDATE, POLICY_CREATE, POLICY_READ, POLICY_UPDATE
from .serializers import (
    PolicyCreateRequest,
    PolicyGroupCreateRequest,
    PolicyGroupOut,
    PolicyGroupUpdateRequest,
    PolicyGroupWithPoliciesOut,
    PolicyListOut,
    PolicyOut,
    PolicyStatusRequest,
    PolicyUpdateRequest,
    StatusMessageOut,
)

TAG = ["policies"]
STATUS_UPDATED = {"message": "status updated successfully"}

POLICY_ANSWER = envelope_response("Policy", PolicyOut)
STATUS_ANSWER = envelope_response("PolicyStatus", StatusMessageOut)
GROUP_ANSWER = envelope_response("PolicyGroup", PolicyGroupOut)


def _policy(policy) -> dict:
    return PolicyOut(policy).data


@extend_schema_view(get=extend_schema(
    operation_id="policies_list",
    summary="P4 — list the policies of the caller's policy groups",
    parameters=[
        OpenApiParameter("policyGroupId", str), OpenApiParameter("policyGroupName", str),
        OpenApiParameter("policyType", str, enum=["Auth", "DataShare", "CredentialIssuance"]),
        OpenApiParameter("status", str, enum=["draft", "published", "deactivated"]),
        OpenApiParameter("name", str, description="part of the name, any case"),
        OpenApiParameter("page", int), OpenApiParameter("pageSize", int),
    ],
    responses=envelope_response("PolicyList", PolicyListOut, paged=True),
    tags=TAG,
))
class PolicyCollectionView(EnvelopeListView):
    """P1 create and P4 list."""

    response_id = {"GET": "mosip.partnermanagement.partner.policies", "POST": "mosip.partnermanagement.policy.create"}
    operations = {"POST": POLICY_CREATE, "GET": POLICY_READ}

    def fetch_page(self, request: Request, page: PageRequest, **kwargs) -> Page:
        return services.list_policies(actor=self.actor(request), filters=request.query_params, page=page)

    def render_items(self, items) -> dict:
        return {"policies": [_policy(p) for p in items]}

    @extend_schema(
        operation_id="policies_create",
        summary="P1 — create a policy (1.0 body: active Auth policy; 1.1 body: draft)",
        request=envelope_request("PolicyCreate", PolicyCreateRequest),
        responses=POLICY_ANSWER,
        tags=TAG,
    )
    def post(self, request: Request) -> Response:
        data = self.payload(request, PolicyCreateRequest)
        policy_type = data.get("policyType")
        policy = services.create_policy(
            actor=self.actor(request),
            name=data["name"],
            description=data["desc"],
            document=data["policies"],
            policy_group_name=data.get("policyGroupName") or None,
            policy_type=services.policy_type_named(policy_type) if policy_type is not None else None,
            version=data.get("version") or None,
            policy_id=data.get("policyId") or None,
        )
        return self.answer(request, _policy(policy))


class PolicyGroupCreateView(EnvelopeAPIView):
    response_id = "mosip.partnermanagement.policyGroup.create"
    operations = {"POST": GROUP_CREATE}

    @extend_schema(
        operation_id="policy_group_create",
        summary="Create a policy group (the creator is mapped to it)",
        request=envelope_request("PolicyGroupCreate", PolicyGroupCreateRequest),
        responses=GROUP_ANSWER,
        tags=TAG,
    )
    def post(self, request: Request) -> Response:
        data = self.payload(request, PolicyGroupCreateRequest)
        group = services.create_policy_group(name=data["name"], description=data["desc"], actor=self.actor(request))
        return self.answer(request, PolicyGroupOut(group).data)


class PolicyGroupUpdateView(EnvelopeAPIView):
    response_id = "mosip.partnermanagement.policyGroup.update"
    operations = {"PUT": GROUP_UPDATE}
    audit_ref_kwarg = "group_id"

    @extend_schema(
        operation_id="policy_group_update",
        summary="Rename, describe, activate or deactivate a policy group",
        request=envelope_request("PolicyGroupUpdate", PolicyGroupUpdateRequest),
        responses=GROUP_ANSWER,
        tags=TAG,
    )
    def put(self, request: Request, group_id: str) -> Response:
        data = self.payload(request, PolicyGroupUpdateRequest)
        group = services.update_policy_group(
            group_id=group_id, name=data["name"], description=data["desc"], is_active=data.get("isActive"),
            actor=self.actor(request),
        )
        return self.answer(request, PolicyGroupOut(group).data)


@extend_schema_view(get=extend_schema(
    operation_id="policy_groups_list",
    summary="The caller's policy groups, each with its policies",
    parameters=[OpenApiParameter("page", int), OpenApiParameter("pageSize", int)],
    responses=envelope_response("PolicyGroupList", PolicyGroupWithPoliciesOut, many=True, paged=True),
    tags=TAG,
))
class PolicyGroupListView(EnvelopeListView):
    response_id = "mosip.partnermanagement.policyGroup.retrieve"
    operations = {"GET": GROUP_READ}

    def fetch_page(self, request: Request, page: PageRequest, **kwargs) -> Page:
        return services.list_policy_groups(actor=self.actor(request), page=page)

    def render_items(self, items) -> list:
        return PolicyGroupWithPoliciesOut(items, many=True).data


class PolicyGroupDetailView(EnvelopeAPIView):
    response_id = "mosip.partnermanagement.policyGroup.retrieve"
    operations = {"GET": GROUP_READ}
    audit_ref_kwarg = "group_id"

    @extend_schema(
        operation_id="policy_group_get",
        summary="One policy group with its policies",
        responses=envelope_response("PolicyGroupDetail", PolicyGroupWithPoliciesOut),
        tags=TAG,
    )
    def get(self, request: Request, group_id: str) -> Response:
        group = services.fetch_policy_group(group_id=group_id, actor=self.actor(request))
        return self.answer(request, PolicyGroupWithPoliciesOut(group).data)


class PublishPolicyView(EnvelopeAPIView):
    response_id = "mosip.partnermanagement.policy.publish"
    operations = {"POST": POLICY_UPDATE}
    audit_ref_kwarg = "policy_id"

    @extend_schema(
        operation_id="policy_publish",
        summary="Publish a draft policy (no body needed)",
        request=None,
        responses=POLICY_ANSWER,
        tags=TAG,
    )
    def post(self, request: Request, group_id: str, policy_id: str) -> Response:
        policy = services.publish_policy(actor=self.actor(request), policy_group_id=group_id, policy_id=policy_id)
        return self.answer(request, _policy(policy))


class GroupPolicyStatusView(EnvelopeAPIView):
    """1.1: PATCH policyGroupId/{g}/policyId/{p} with ``{status}``."""

    response_id = "mosip.partnermanagement.policy.update.status"
    operations = {"PATCH": POLICY_UPDATE, "PUT": POLICY_UPDATE}
    audit_ref_kwarg = "policy_id"

    @extend_schema(
        operation_id="policy_group_policy_status",
        summary="Activate or deactivate a published policy of a group",
        request=envelope_request("GroupPolicyStatus", PolicyStatusRequest),
        responses=STATUS_ANSWER,
        tags=TAG,
    )
    def patch(self, request: Request, group_id: str, policy_id: str) -> Response:
        data = self.payload(request, PolicyStatusRequest)
        services.change_policy_status(actor=self.actor(request), policy_id=policy_id,
                                      activate=services.activation_named(data["status"]), policy_group_id=group_id)
        return self.answer(request, STATUS_UPDATED)

    @extend_schema(exclude=True)
    def put(self, request: Request, group_id: str, policy_id: str) -> Response:
        return self.patch(request, group_id, policy_id)


class PolicyByIdView(EnvelopeAPIView):
    """P5 in the 1.0 code's explicit form."""

    response_id = "mosip.partnermanagement.policy.retrieve"
    operations = {"GET": POLICY_READ}
    audit_ref_kwarg = "policy_id"

    @extend_schema(operation_id="policy_get", summary="P5 — one policy", responses=POLICY_ANSWER, tags=TAG)
    def get(self, request: Request, policy_id: str) -> Response:
        return self.answer(request, _policy(services.fetch_policy(actor=self.actor(request), policy_id=policy_id)))


class PolicyItemView(EnvelopeAPIView):
    """``/policies/{x}``: P2 update (PUT, or POST as documented), P3 status (PATCH, or PUT
    whose body has only ``status``), and GET by policy id (P5). Reading by partner API key
    (P6, and this path's fallback to it) belongs to the partners app, which owns the keys
    (docs/api-tour.md, "Policies")."""

    response_id = {"GET": "mosip.partnermanagement.policy.retrieve", "PUT": "mosip.partnermanagement.policy.update",
                   "POST": "mosip.partnermanagement.policy.update", "PATCH": "mosip.partnermanagement.policy.update.status"}
    operations = {"GET": POLICY_READ, "PUT": POLICY_UPDATE, "POST": POLICY_UPDATE, "PATCH": POLICY_UPDATE}
    audit_ref_kwarg = "policy_id"

    @extend_schema(operation_id="policy_get_by_path_id", summary="P5 — one policy by id", responses=POLICY_ANSWER,
                   tags=TAG)
    def get(self, request: Request, policy_id: str) -> Response:
        return self.answer(request, _policy(services.fetch_policy(actor=self.actor(request), policy_id=policy_id)))

    @extend_schema(operation_id="policy_update", summary="P2 — update a draft (or 1.0) policy",
                   request=envelope_request("PolicyUpdate", PolicyUpdateRequest), responses=POLICY_ANSWER, tags=TAG)
    def put(self, request: Request, policy_id: str) -> Response:
        if self.request_names_only(request, "status", "policyStatus"):
            return self.patch(request, policy_id)
        data = self.payload(request, PolicyUpdateRequest)
        policy = services.update_policy(
            actor=self.actor(request), policy_id=policy_id, name=data["name"], description=data["desc"],
            document=data["policies"], version=data.get("version") or None,
        )
        return self.answer(request, _policy(policy))

    @extend_schema(exclude=True)
    def post(self, request: Request, policy_id: str) -> Response:
        return self.put(request, policy_id)

    @extend_schema(operation_id="policy_status", summary="P3 — activate (Active) or deactivate (De-Active) a policy",
                   request=envelope_request("PolicyStatus", PolicyStatusRequest), responses=STATUS_ANSWER, tags=TAG)
    def patch(self, request: Request, policy_id: str) -> Response:
        data = self.payload(request, PolicyStatusRequest)
        services.change_policy_status(actor=self.actor(request), policy_id=policy_id,
                                      activate=services.activation_named(data["status"]))
        return self.answer(request, STATUS_UPDATED)
