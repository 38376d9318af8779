"""MOSIP 1.2's device-detail routes (R82-R92) under ``/v1/partnermanager``. Thin: the rules
are in devices.services.device_details12. V1 answers carry ``id``/``version`` null; R85-R87
are V2. R90-R92 read the one set of device types and sub-types (the 1.0 master data)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from kernel.mosip12 import V1, V2, Mosip12APIView, answer_schema
from kernel.routing import Route
from kernel.schema import envelope_request
from kernel.search import FilterValuesShape, SearchShape
from kernel.serializers import DEVICE_DTO, MosipRequestSerializer

from ..operations import (
    DETAIL_APPROVAL_12,
    DETAIL_CREATE_12,
    DETAIL_DEACTIVATE_12,
    DETAIL_LIST_12,
    DETAIL_SEARCH_12,
    DETAIL_UPDATE_12,
)
from ..services import device_details12 as details
from .shapes import (
    DEVICE_ROW,
    DEVICE_SUMMARY,
    ID_OUT,
    LIST_PARAMETERS,
    STATUS_FILTER,
    SUB_TYPE_ROW,
    DeviceDetail12Request,
    DeviceStatus12Request,
    deactivate_example,
    device_row,
    device_summary,
    envelope_request_v2,
    filter_values_schema,
    id_of,
    search_page_schema,
    sub_type_row,
    v2_page_schema,
)

TAGS = ["partnermanager (1.2): device details"]
PLAIN = V1()


class DeviceUpdate12Request(MosipRequestSerializer):
    """``DeviceDetailUpdateDto`` (R83)."""

    bean_messages = DEVICE_DTO

    id = serializers.CharField(max_length=36)
    deviceTypeCode = serializers.CharField(max_length=36)
    deviceSubTypeCode = serializers.CharField(max_length=36)
    make = serializers.CharField(max_length=36)
    model = serializers.CharField(max_length=36)


class DeviceApproval12Request(MosipRequestSerializer):
    """``UpdateDeviceDetailStatusDto`` (R84): ``Activate`` or ``De-activate``."""

    bean_messages = DEVICE_DTO

    id = serializers.CharField(max_length=36)
    approvalStatus = serializers.CharField(max_length=36)


class DeviceDecision12Request(MosipRequestSerializer):
    """``SbiAndDeviceMappingRequestDto`` (R85): no constraints in MOSIP; the service checks."""

    partnerId = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    sbiId = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    status = serializers.CharField(required=False, allow_null=True, allow_blank=True, help_text="approved or rejected")


class DeviceSearch12Shape(SearchShape):
    purpose = serializers.CharField(required=False, help_text="accepted and ignored, as MOSIP does")


class DeviceFilterValues12Shape(FilterValuesShape):
    purpose = serializers.CharField(required=False, help_text="REGISTRATION or AUTH: accepted and ignored")


ID_EXAMPLE = OpenApiExample("created", response_only=True, value={
    "id": None, "version": None, "responsetime": "2026-01-01T00:00:00.000Z", "metadata": None,
    "response": {"id": "0b7e8c1a-3f57-4a55-8a4e-6e2f3d1c9b77"}, "errors": []})
DEVICE_REQUEST_EXAMPLE = OpenApiExample("request", request_only=True, value={
    "id": "string", "version": "LTS", "requesttime": "2026-01-01T00:00:00.000Z", "request": {
        "deviceProviderId": "acme", "deviceTypeCode": "Finger", "deviceSubTypeCode": "Slap", "make": "Acme",
        "model": "FS-10"}})
DEACTIVATED = inline_serializer("DeviceDeactivated12", {
    "deviceId": serializers.CharField(), "status": serializers.CharField(), "isActive": serializers.BooleanField(),
    "active": serializers.BooleanField()})


class DeviceDetail12View(Mosip12APIView):
    """R82 create, R83 update, R84 approve or reject (legacy), R87 the admin list."""

    answers = {"GET": V2("mosip.pms.get.all.device.details.get"), "*": PLAIN}
    operations = {"POST": DETAIL_CREATE_12, "PUT": DETAIL_UPDATE_12, "PATCH": DETAIL_APPROVAL_12, "GET": DETAIL_LIST_12}

    @extend_schema(operation_id="pm12_device_detail_create", summary="R82 — add a device model, without SBI (legacy)",
                   request=envelope_request("DeviceCreate12", DeviceDetail12Request),
                   responses=answer_schema("DeviceCreate12", ID_OUT, PLAIN),
                   examples=[ID_EXAMPLE, DEVICE_REQUEST_EXAMPLE], tags=TAGS)
    def post(self, request: Request) -> Response:
        data = self.payload(request, DeviceDetail12Request)
        device = details.create_device(actor=self.actor(request), device_id=id_of(data),
                                       provider_id=data["deviceProviderId"], device_type=data["deviceTypeCode"],
                                       device_sub_type=data["deviceSubTypeCode"], make=data["make"],
                                       model=data["model"])
        return self.answer(request, {"id": device.id})

    @extend_schema(operation_id="pm12_device_detail_update",
                   summary="R83 — change a pending device's type, sub-type, make and model (legacy)",
                   request=envelope_request("DeviceUpdate12", DeviceUpdate12Request),
                   responses=answer_schema("DeviceUpdate12", ID_OUT, PLAIN), examples=[ID_EXAMPLE], tags=TAGS)
    def put(self, request: Request) -> Response:
        data = self.payload(request, DeviceUpdate12Request)
        device = details.update_device(actor=self.actor(request), device_id=data["id"],
                                       device_type=data["deviceTypeCode"], device_sub_type=data["deviceSubTypeCode"],
                                       make=data["make"], model=data["model"])
        return self.answer(request, {"id": device.id})

    @extend_schema(operation_id="pm12_device_detail_approval",
                   summary="R84 — approve (Activate) or reject (De-activate) a pending device (legacy)",
                   request=envelope_request("DeviceApproval12", DeviceApproval12Request),
                   responses=answer_schema("DeviceApproval12", serializers.CharField(), PLAIN),
                   examples=[OpenApiExample("approved", response_only=True, value={
                       "id": None, "version": None, "responsetime": "2026-01-01T00:00:00.000Z", "metadata": None,
                       "response": "Device details approved successfully.", "errors": []})], tags=TAGS)
    def patch(self, request: Request) -> Response:
        data = self.payload(request, DeviceApproval12Request)
        device = details.set_device_approval(actor=self.actor(request), device_id=data["id"],
                                             approval_status=data["approvalStatus"])
        word = "approved" if device.approval_status == "approved" else "rejected"
        return self.answer(request, f"Device details {word} successfully.")

    @extend_schema(operation_id="pm12_device_detail_list",
                   summary="R87 — every device, once per SBI it is mapped to (admin)",
                   parameters=[*LIST_PARAMETERS,
                               OpenApiParameter("sortFieldName", str, required=False,
                                                enum=sorted(details.DEVICE_SORT_KEYS)),
                               *(OpenApiParameter(name, str, required=False, description="case-insensitive substring")
                                 for name in details.DEVICE_TEXT_FILTERS), STATUS_FILTER],
                   responses=answer_schema("DeviceList12", v2_page_schema("DevicePage12", DEVICE_SUMMARY),
                                           answers["GET"]), tags=TAGS)
    def get(self, request: Request) -> Response:
        page = details.list_devices(actor=self.actor(request), params=request.query_params)
        return self.answer(request, page.answer(device_summary))


class DeviceDecision12View(Mosip12APIView):
    """R85 (admin): approve or reject a pending device with its SBI."""

    answers = {"POST": V2("mosip.pms.approval.mapping.device.to.sbi.post")}
    operations = {"POST": DETAIL_APPROVAL_12}
    audit_ref_kwarg = "device_id"

    @extend_schema(operation_id="pm12_device_detail_decision",
                   summary="R85 — approve or reject a device pending approval, with its SBI",
                   request=envelope_request_v2("DeviceDecision12", DeviceDecision12Request),
                   responses=answer_schema("DeviceDecision12", serializers.BooleanField(), answers["POST"]),
                   examples=[OpenApiExample("request", request_only=True, value={
                       "id": "mosip.pms.approval.mapping.device.to.sbi.post", "version": "1.0",
                       "requestTime": "2026-01-01T00:00:00.000Z", "request": {
                           "partnerId": "acme", "sbiId": "7d1f6a56-0a8e-4d5e-9d7e-2f1a6c3b9e10",
                           "status": "approved"}})], tags=TAGS)
    def post(self, request: Request, device_id: str) -> Response:
        data = self.payload(request, DeviceDecision12Request)
        done = details.decide_device(actor=self.actor(request), device_id=device_id, partner_id=data.get("partnerId"),
                                     sbi_id=data.get("sbiId"), status=data.get("status"))
        return self.answer(request, done)


class DeviceDeactivate12View(Mosip12APIView):
    """R86: deactivate an approved device for good."""

    answers = {"PATCH": V2("mosip.pms.deactivate.device.patch")}
    operations = {"PATCH": DETAIL_DEACTIVATE_12}
    audit_ref_kwarg = "device_id"

    @extend_schema(operation_id="pm12_device_detail_deactivate", summary="R86 — deactivate a device (final)",
                   request=envelope_request_v2("DeviceDeactivate12", DeviceStatus12Request),
                   responses=answer_schema("DeviceDeactivate12", DEACTIVATED, answers["PATCH"]),
                   examples=[OpenApiExample("deactivated", response_only=True, value={
                       "id": "mosip.pms.deactivate.device.patch", "version": "1.0",
                       "responseTime": "2026-01-01T00:00:00.000Z", "metadata": None,
                       "response": {"deviceId": "0b7e8c1a-3f57-4a55-8a4e-6e2f3d1c9b77", "status": "approved",
                                    "isActive": False, "active": False}, "errors": []}),
                             deactivate_example("mosip.pms.deactivate.device.patch")], tags=TAGS)
    def patch(self, request: Request, device_id: str) -> Response:
        data = self.payload(request)
        device = details.deactivate_device(actor=self.actor(request), device_id=device_id, status=data.get("status"))
        return self.answer(request, {"deviceId": device.id, "status": device.approval_status,
                                     "isActive": device.is_active, "active": device.is_active})


def _post_view(name: str, summary: str, request_shape, answer, service, render=None):
    """A legacy search or filter-values route over one service function."""

    class View(Mosip12APIView):
        answers = {"POST": PLAIN}
        operations = {"POST": DETAIL_SEARCH_12}

        @extend_schema(operation_id=f"pm12_{name}", summary=summary, request=envelope_request(name, request_shape),
                       responses=answer_schema(name, answer, PLAIN), tags=TAGS)
        def post(self, request: Request) -> Response:
            result = service(actor=self.actor(request), request=self.payload(request))
            return self.answer(request, result.answer(render) if render else result.answer())

    View.__name__ = View.__qualname__ = "".join(part.title() for part in name.split("_")) + "View"
    View.__doc__ = summary
    return View


DeviceSearch12View = _post_view("device_detail_search", "R88 — search device details (legacy)", DeviceSearch12Shape,
                                search_page_schema("DeviceSearchPage12", DEVICE_ROW), details.search_devices, device_row)
DeviceFilterValues12View = _post_view(
    "device_detail_filter_values", "R89 — filter values of device details, shown as \"make model\" (legacy)",
    DeviceFilterValues12Shape, filter_values_schema("DeviceFilterValues12", "the device's id"),
    details.device_filter_values)
DeviceTypeSearch12View = _post_view(
    "device_type_search", "R90 — search the device sub-types (MOSIP's deviceType/search)", DeviceSearch12Shape,
    search_page_schema("DeviceSubTypePage12", SUB_TYPE_ROW), details.search_sub_types, sub_type_row)
DeviceTypeFilterValues12View = _post_view(
    "device_type_filter_values", "R91 — filter values of the device types", DeviceFilterValues12Shape,
    filter_values_schema("DeviceTypeFilterValues12", "the type's code"), details.type_filter_values)
DeviceSubTypeFilterValues12View = _post_view(
    "device_sub_type_filter_values", "R92 — filter values of the device sub-types", DeviceFilterValues12Shape,
    filter_values_schema("DeviceSubTypeFilterValues12", "the sub-type's code"), details.sub_type_filter_values)


literal_routes = [
    Route("/devicedetail", DeviceDetail12View.as_view(), "pm12-device-detail"),
    Route("/devicedetail/search", DeviceSearch12View.as_view(), "pm12-device-detail-search"),
    Route("/devicedetail/filtervalues", DeviceFilterValues12View.as_view(), "pm12-device-detail-filter-values"),
    Route("/devicedetail/deviceType/search", DeviceTypeSearch12View.as_view(), "pm12-device-type-search"),
    Route("/devicedetail/deviceType/filtervalues", DeviceTypeFilterValues12View.as_view(),
          "pm12-device-type-filter-values"),
    Route("/devicedetail/deviceSubType/filtervalues", DeviceSubTypeFilterValues12View.as_view(),
          "pm12-device-sub-type-filter-values"),
]
id_routes = [
    Route("/devicedetail/<id12:device_id>/approval", DeviceDecision12View.as_view(), "pm12-device-detail-approval"),
    Route("/devicedetail/<id12:device_id>", DeviceDeactivate12View.as_view(), "pm12-device-detail-deactivate"),
]
