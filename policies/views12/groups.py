"""MOSIP 1.2's policy-group routes under ``/v1/policymanager`` (1.2 catalog §9, R43–R50):
parse, call one service (policies.services.groups12), render. The policy service's V1
envelope (no ``metadata``; id and version echoed from the body, or null) unless V2."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from kernel.mosip12 import V1, V2, Mosip12APIView, Service, answer_schema
from kernel.routing import Route
from kernel.search import FilterValuesShape, SearchShape

from ..operations import (
    ACTIVE_GROUPS_12,
    GROUP_CREATE,
    GROUP_FILTER_VALUES_12,
    GROUP_READ,
    GROUP_SEARCH_12,
    GROUP_UPDATE,
)
from ..serializers12 import (
    ActiveGroup12Out,
    GroupCreate12Out,
    GroupCreate12Request,
    GroupDeactivated12Out,
    GroupRow12Out,
    GroupUpdate12Request,
    GroupWithPolicies12Out,
    Status12Request,
    envelope_request_v1,
    envelope_request_v2,
)
from ..services import groups12
from .shapes import FILTER_VALUES_SHAPE, check_filter_values_body, search_page_shape

TAG = ["policymanager (1.2)"]


class Policy12View(Mosip12APIView):
    service = Service.POLICY


class GroupCreate12View(Policy12View):
    """R43 ``POST /policies/group/new``."""

    answers = {"POST": V1(echo=True)}
    operations = {"POST": GROUP_CREATE}

    @extend_schema(operation_id="policymanager_group_create", tags=TAG,
                   summary="R43 — create a policy group (the creating manager is mapped to it)",
                   request=envelope_request_v1("GroupCreate12", GroupCreate12Request),
                   responses=answer_schema("GroupCreate12", GroupCreate12Out, answers["POST"], Service.POLICY))
    def post(self, request: Request) -> Response:
        data = self.payload(request, GroupCreate12Request)
        group = groups12.create_policy_group_12(name=data["name"], description=data["desc"], actor=self.actor(request))
        return self.answer(request, GroupCreate12Out(group).data)


class GroupItem12View(Policy12View):
    """R44 ``PUT``, R45 ``PATCH`` (V2) and R46 ``GET /policies/group/{id}``."""

    answers = {"PUT": V1(echo=True), "PATCH": V2("mosip.pms.deactivate.policy.group.patch"), "GET": V1()}
    operations = {"PUT": GROUP_UPDATE, "PATCH": GROUP_UPDATE, "GET": GROUP_READ}
    audit_ref_kwarg = "group_id"

    @extend_schema(operation_id="policymanager_group_update", tags=TAG,
                   summary="R44 — rename, describe, activate or deactivate a policy group",
                   request=envelope_request_v1("GroupUpdate12", GroupUpdate12Request),
                   responses=answer_schema("GroupUpdate12", GroupCreate12Out, answers["PUT"], Service.POLICY))
    def put(self, request: Request, group_id: str) -> Response:
        data = self.payload(request, GroupUpdate12Request)
        group = groups12.update_policy_group_12(group_id=group_id, name=data["name"], description=data["desc"],
                                                is_active=data["isActive"], actor=self.actor(request))
        return self.answer(request, GroupCreate12Out(group).data)

    @extend_schema(operation_id="policymanager_group_deactivate", tags=TAG,
                   summary="R45 — deactivate a policy group without published or draft policies",
                   request=envelope_request_v2("GroupDeactivate12", Status12Request),
                   responses=answer_schema("GroupDeactivate12", GroupDeactivated12Out, answers["PATCH"],
                                           Service.POLICY))
    def patch(self, request: Request, group_id: str) -> Response:
        data = self.payload(request)
        group = groups12.deactivate_policy_group_12(group_id=group_id, status=data.get("status"),
                                                    actor=self.actor(request))
        return self.answer(request, {"policyGroupId": group.id, "isActive": group.is_active})

    @extend_schema(operation_id="policymanager_group_get", tags=TAG,
                   summary="R46 — one policy group with all its policies",
                   responses=answer_schema("GroupGet12", GroupWithPolicies12Out, answers["GET"], Service.POLICY))
    def get(self, request: Request, group_id: str) -> Response:
        group = groups12.fetch_policy_group_12(group_id=group_id, actor=self.actor(request))
        return self.answer(request, GroupWithPolicies12Out(group).data)


class GroupAll12View(Policy12View):
    """R47 ``GET /policies/group/all``."""

    answers = {"GET": V1()}
    operations = {"GET": GROUP_READ}

    @extend_schema(operation_id="policymanager_group_all", tags=TAG,
                   summary="R47 — every policy group of the caller, each with its policies",
                   responses=answer_schema("GroupAll12", GroupWithPolicies12Out, answers["GET"], Service.POLICY,
                                           many=True))
    def get(self, request: Request) -> Response:
        groups = groups12.list_policy_groups_12(actor=self.actor(request))
        return self.answer(request, GroupWithPolicies12Out(groups, many=True).data)


class GroupSearch12View(Policy12View):
    """R48 ``POST /policies/group/search``."""

    answers = {"POST": V1()}
    operations = {"POST": GROUP_SEARCH_12}

    @extend_schema(operation_id="policymanager_group_search", tags=TAG,
                   summary="R48 — search the policy groups the caller sees (legacy search body)",
                   request=envelope_request_v1("GroupSearch12", SearchShape),
                   responses=answer_schema("GroupSearch12", search_page_shape("GroupSearch12Page", GroupRow12Out),
                                           answers["POST"], Service.POLICY))
    def post(self, request: Request) -> Response:
        body = self.payload(request)
        page = groups12.search_policy_groups_12(request=body, actor=self.actor(request))
        return self.answer(request, page.answer(lambda group: GroupRow12Out(group).data))


class GroupFilterValues12View(Policy12View):
    """R49 ``POST /policies/group/filtervalues``."""

    answers = {"POST": V1()}
    operations = {"POST": GROUP_FILTER_VALUES_12}

    @extend_schema(operation_id="policymanager_group_filter_values", tags=TAG,
                   summary="R49 — values of a policy-group column among the groups the caller sees",
                   request=envelope_request_v1("GroupFilterValues12", FilterValuesShape),
                   responses=answer_schema("GroupFilterValues12", FILTER_VALUES_SHAPE, answers["POST"], Service.POLICY))
    def post(self, request: Request) -> Response:
        body = check_filter_values_body(self.payload(request))
        values = groups12.policy_group_filter_values_12(request=body, actor=self.actor(request))
        return self.answer(request, values.answer())


class ActiveGroups12View(Policy12View):
    """R50 ``GET /policies/policy-groups`` (V2)."""

    answers = {"GET": V2("mosip.pms.policy.groups.get")}
    operations = {"GET": ACTIVE_GROUPS_12}

    @extend_schema(operation_id="policymanager_policy_groups", tags=TAG,
                   summary="R50 — the active policy groups the caller sees",
                   responses=answer_schema("ActiveGroups12", ActiveGroup12Out, answers["GET"], Service.POLICY,
                                           many=True))
    def get(self, request: Request) -> Response:
        groups = groups12.active_policy_groups_12(actor=self.actor(request))
        return self.answer(request, ActiveGroup12Out(groups, many=True).data)


literal_routes = [
    Route("/policies/group/new", GroupCreate12View.as_view(), "policymanager-group-new"),
    Route("/policies/group/all", GroupAll12View.as_view(), "policymanager-group-all"),
    Route("/policies/group/search", GroupSearch12View.as_view(), "policymanager-group-search"),
    Route("/policies/group/filtervalues", GroupFilterValues12View.as_view(), "policymanager-group-filtervalues"),
    Route("/policies/policy-groups", ActiveGroups12View.as_view(), "policymanager-policy-groups"),
]
id_routes = [
    Route("/policies/group/<id12:group_id>", GroupItem12View.as_view(), "policymanager-group"),
]
