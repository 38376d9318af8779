"""MOSIP 1.2's policy routes under ``/v1/policymanager`` (1.2 catalog §9, R51–R63): parse,
call one service (policies.services.policies12), render. The policy service's V1 envelope
(no ``metadata``; id and version echoed from the body, or null) unless V2 (R55, R57)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from kernel.mosip12 import V1, V2, Service, answer_schema
from kernel.routing import Route
from kernel.search import ListPage

from ..conf import app_settings
from ..operations import ACTIVE_GROUP_POLICIES_12, POLICY_CREATE, POLICY_FILTER_VALUES_12, POLICY_READ, POLICY_UPDATE
from ..serializers12 import (
    ActiveGroupPolicy12Out,
    ConfigValue12Out,
    PolicyCreate12Out,
    PolicyCreate12Request,
    PolicyDeactivated12Out,
    PolicyFilterValues12Request,
    PolicyResponse12Out,
    PolicySearch12Request,
    PolicySummary12Out,
    PolicyUpdate12Request,
    SearchAuthPolicy12Out,
    Status12Request,
    StatusMessage12Out,
    envelope_request_v1,
    envelope_request_v2,
)
from ..services import policies12
from .groups import TAG, Policy12View
from .shapes import FILTER_VALUES_SHAPE, check_filter_values_body, check_policy_search_body, search_page_shape

STATUS_UPDATED = {"message": "status updated successfully"}


def _summary_page(name: str):
    from drf_spectacular.utils import inline_serializer
    from rest_framework import serializers

    return inline_serializer(name=name, fields={
        "pageNo": serializers.IntegerField(), "pageSize": serializers.IntegerField(),
        "totalResults": serializers.IntegerField(), "data": PolicySummary12Out(many=True)})


class Policies12View(Policy12View):
    """R51 ``POST /policies`` and R56 ``GET /policies``."""

    answers = {"POST": V1(echo=True), "GET": V1()}
    operations = {"POST": POLICY_CREATE, "GET": POLICY_READ}

    @extend_schema(operation_id="policymanager_policy_create", tags=TAG, summary="R51 — create a draft policy",
                   request=envelope_request_v1("PolicyCreate12", PolicyCreate12Request),
                   responses=answer_schema("PolicyCreate12", PolicyCreate12Out, answers["POST"], Service.POLICY))
    def post(self, request: Request) -> Response:
        data = self.payload(request, PolicyCreate12Request)
        policy = policies12.create_policy_12(
            actor=self.actor(request), group_name=data["policyGroupName"], policy_type=data["policyType"],
            name=data["name"], description=data["desc"], version=data["version"], document=data["policies"],
            policy_id=data.get("policyId") or None)
        return self.answer(request, PolicyCreate12Out(policy).data)

    @extend_schema(operation_id="policymanager_policies", tags=TAG,
                   summary="R56 — every policy of the caller's groups, every state",
                   responses=answer_schema("Policies12", PolicyResponse12Out, answers["GET"], Service.POLICY, many=True))
    def get(self, request: Request) -> Response:
        rows = policies12.list_policies_12(actor=self.actor(request))
        return self.answer(request, PolicyResponse12Out(rows, many=True).data)


class PolicySummaries12View(Policy12View):
    """R57 ``GET /policies/v2`` (V2 page)."""

    answers = {"GET": V2("mosip.pms.policies.get")}
    operations = {"GET": POLICY_READ}

    @extend_schema(operation_id="policymanager_policies_v2", tags=TAG,
                   summary="R57 — a page of the caller's policies (default page 0 of 8)",
                   parameters=[OpenApiParameter(name, str) for name in (
                       "sortFieldName", "sortType", "policyType", "policyId", "policyName", "policyDescription",
                       "policyGroupName")] + [
                       OpenApiParameter("status", str, enum=["activated", "deactivated", "draft"]),
                       OpenApiParameter("pageNo", int), OpenApiParameter("pageSize", int)],
                   responses=answer_schema("PolicySummaries12", _summary_page("PolicySummaryPage12"), answers["GET"],
                                           Service.POLICY))
    def get(self, request: Request) -> Response:
        page: ListPage = policies12.policy_summaries_12(actor=self.actor(request), params=request.query_params)
        return self.answer(request, page.answer(lambda policy: PolicySummary12Out(policy).data))


class PolicySearch12View(Policy12View):
    """R61 ``POST /policies/search``."""

    answers = {"POST": V1()}
    operations = {"POST": POLICY_READ}

    @extend_schema(operation_id="policymanager_policy_search", tags=TAG,
                   summary="R61 — search the caller's policies (legacy search body and policyType)",
                   request=envelope_request_v1("PolicySearch12", PolicySearch12Request),
                   responses=answer_schema("PolicySearch12", search_page_shape("PolicySearch12Page",
                                                                               SearchAuthPolicy12Out),
                                           answers["POST"], Service.POLICY))
    def post(self, request: Request) -> Response:
        body = check_policy_search_body(self.payload(request))
        page = policies12.search_policies_12(actor=self.actor(request), request=body)
        return self.answer(request, page.answer(lambda policy: SearchAuthPolicy12Out(policy).data))


class PolicyFilterValues12View(Policy12View):
    """R62 ``POST /policies/filtervalues``."""

    answers = {"POST": V1()}
    operations = {"POST": POLICY_FILTER_VALUES_12}

    @extend_schema(operation_id="policymanager_policy_filter_values", tags=TAG,
                   summary="R62 — values of a policy column among the policies the caller sees",
                   request=envelope_request_v1("PolicyFilterValues12", PolicyFilterValues12Request),
                   responses=answer_schema("PolicyFilterValues12", FILTER_VALUES_SHAPE, answers["POST"],
                                           Service.POLICY))
    def post(self, request: Request) -> Response:
        body = check_filter_values_body(self.payload(request), policy_type=True)
        values = policies12.policy_filter_values_12(actor=self.actor(request), request=body)
        return self.answer(request, values.answer())


class ActiveGroupPolicies12View(Policy12View):
    """R60 ``GET /policies/active/group/{groupName}``."""

    answers = {"GET": V1()}
    operations = {"GET": ACTIVE_GROUP_POLICIES_12}

    @extend_schema(operation_id="policymanager_active_group_policies", tags=TAG,
                   summary="R60 — the published policies of an active group, by its name",
                   responses=answer_schema("ActiveGroupPolicies12", ActiveGroupPolicy12Out, answers["GET"],
                                           Service.POLICY, many=True))
    def get(self, request: Request, group_name: str) -> Response:
        _group, policies = policies12.active_policies_of_group_12(actor=self.actor(request), group_name=group_name)
        return self.answer(request, ActiveGroupPolicy12Out(policies, many=True).data)


def config_values() -> dict[str, str]:
    """R63's whitelist (1.2 catalog §9.2: MOSIP answers any Spring property, secrets
    included; here only these policy settings, every other key has a null value)."""
    return {
        "pmp.allowed.policy.types": ",".join(app_settings.PMS_POLICY_TYPES),
        "policy.allowed.kyc.attributes": ",".join(app_settings.PMS_SUPPORTED_KYC_ATTRIBUTES),
        "pmp.allowed.auth.types": ",".join(app_settings.PMS_AUTH_TYPES),
        "pmp.policy.schema.url": policies12.POLICY_SCHEMA_URL,
    }


class PolicyConfig12View(Policy12View):
    """R63 ``GET /policies/config/{key}``."""

    answers = {"GET": V1()}
    operations = {"GET": POLICY_READ}
    audit_ref_kwarg = "property_name"

    @extend_schema(operation_id="policymanager_config", tags=TAG,
                   summary="R63 — a policy setting by key (a whitelist; other keys answer a null value)",
                   responses=answer_schema("PolicyConfig12", ConfigValue12Out, answers["GET"], Service.POLICY))
    def get(self, request: Request, property_name: str) -> Response:
        return self.answer(request, {"key": property_name, "value": config_values().get(property_name)})


class PolicyItem12View(Policy12View):
    """R58 ``GET``, R52 ``PUT`` and R55 ``PATCH`` (V2) ``/policies/{policyId}``."""

    answers = {"GET": V1(), "PUT": V1(echo=True), "PATCH": V2("mosip.pms.deactivate.policy.patch")}
    operations = {"GET": POLICY_READ, "PUT": POLICY_UPDATE, "PATCH": POLICY_UPDATE}
    audit_ref_kwarg = "policy_id"

    @extend_schema(operation_id="policymanager_policy_get", tags=TAG, summary="R58 — one policy",
                   responses=answer_schema("PolicyGet12", PolicyResponse12Out, answers["GET"], Service.POLICY))
    def get(self, request: Request, policy_id: str) -> Response:
        policy = policies12.fetch_policy_12(actor=self.actor(request), policy_id=policy_id)
        return self.answer(request, PolicyResponse12Out(policy).data)

    @extend_schema(operation_id="policymanager_policy_update", tags=TAG, summary="R52 — update a draft policy",
                   request=envelope_request_v1("PolicyUpdate12", PolicyUpdate12Request),
                   responses=answer_schema("PolicyUpdate12", PolicyCreate12Out, answers["PUT"], Service.POLICY))
    def put(self, request: Request, policy_id: str) -> Response:
        data = self.payload(request, PolicyUpdate12Request)
        policy = policies12.update_policy_12(
            actor=self.actor(request), policy_id=policy_id, group_name=data["policyGroupName"], name=data["name"],
            description=data["desc"], version=data["version"], document=data["policies"])
        return self.answer(request, PolicyCreate12Out(policy).data)

    @extend_schema(operation_id="policymanager_policy_deactivate", tags=TAG,
                   summary="R55 — deactivate a published policy for good",
                   request=envelope_request_v2("PolicyDeactivate12", Status12Request),
                   responses=answer_schema("PolicyDeactivate12", PolicyDeactivated12Out, answers["PATCH"],
                                           Service.POLICY))
    def patch(self, request: Request, policy_id: str) -> Response:
        data = self.payload(request)
        policy = policies12.deactivate_policy_12(actor=self.actor(request), policy_id=policy_id,
                                                 status=data.get("status"))
        return self.answer(request, {"policyId": policy.id, "isActive": policy.is_active})


class PolicyPublish12View(Policy12View):
    """R53 ``POST /policies/{policyId}/group/{policygroupId}/publish`` (no body)."""

    answers = {"POST": V1()}
    operations = {"POST": POLICY_UPDATE}
    audit_ref_kwarg = "policy_id"

    @extend_schema(operation_id="policymanager_policy_publish", tags=TAG, summary="R53 — publish a draft policy",
                   request=None,
                   responses=answer_schema("PolicyPublish12", PolicyResponse12Out, answers["POST"], Service.POLICY))
    def post(self, request: Request, policy_id: str, group_id: str) -> Response:
        policy = policies12.publish_policy_12(actor=self.actor(request), policy_id=policy_id, group_id=group_id)
        return self.answer(request, PolicyResponse12Out(policy).data)


class PolicyGroupStatus12View(Policy12View):
    """R54 ``PATCH /policies/{policyId}/group/{policygroupId}``."""

    answers = {"PATCH": V1(echo=True)}
    operations = {"PATCH": POLICY_UPDATE}
    audit_ref_kwarg = "policy_id"

    @extend_schema(operation_id="policymanager_policy_status", tags=TAG,
                   summary="R54 — MOSIP 1.2's legacy status change (only a draft, to inactive)",
                   request=envelope_request_v1("PolicyStatus12", Status12Request),
                   responses=answer_schema("PolicyStatus12", StatusMessage12Out, answers["PATCH"], Service.POLICY))
    def patch(self, request: Request, policy_id: str, group_id: str) -> Response:
        data = self.payload(request)
        status = next((value for key, value in data.items() if str(key).lower() == "status"), None)
        policies12.set_policy_status_12(actor=self.actor(request), policy_id=policy_id, group_id=group_id,
                                        status=status)
        return self.answer(request, STATUS_UPDATED)


class PartnerPolicy12View(Policy12View):
    """R59 ``GET /policies/{policyId}/partner/{partnerId}``."""

    answers = {"GET": V1()}
    operations = {"GET": POLICY_READ}
    audit_ref_kwarg = "policy_id"

    @extend_schema(operation_id="policymanager_partner_policy", tags=TAG,
                   summary="R59 — a policy a partner holds an active API key on",
                   responses=answer_schema("PartnerPolicy12", PolicyResponse12Out, answers["GET"], Service.POLICY))
    def get(self, request: Request, policy_id: str, partner_id: str) -> Response:
        policy = policies12.fetch_partner_policy_12(actor=self.actor(request), policy_id=policy_id,
                                                    partner_id=partner_id)
        return self.answer(request, PolicyResponse12Out(policy).data)


literal_routes = [
    Route("/policies", Policies12View.as_view(), "policymanager-policies"),
    Route("/policies/v2", PolicySummaries12View.as_view(), "policymanager-policies-v2"),
    Route("/policies/search", PolicySearch12View.as_view(), "policymanager-policy-search"),
    Route("/policies/filtervalues", PolicyFilterValues12View.as_view(), "policymanager-policy-filtervalues"),
    Route("/policies/active/group/<str:group_name>", ActiveGroupPolicies12View.as_view(),
          "policymanager-active-group"),
    Route("/policies/config/<id12:property_name>", PolicyConfig12View.as_view(), "policymanager-config"),
]
id_routes = [
    Route("/policies/<id12:policy_id>", PolicyItem12View.as_view(), "policymanager-policy"),
    Route("/policies/<id12:policy_id>/group/<id12:group_id>/publish", PolicyPublish12View.as_view(),
          "policymanager-policy-publish"),
    Route("/policies/<id12:policy_id>/group/<id12:group_id>", PolicyGroupStatus12View.as_view(),
          "policymanager-policy-group-status"),
    Route("/policies/<id12:policy_id>/partner/<id12:partner_id>", PartnerPolicy12View.as_view(),
          "policymanager-partner-policy"),
]
