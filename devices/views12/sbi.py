"""MOSIP 1.2's Secure Biometric Interface routes (R70-R81) under ``/v1/partnermanager``.
Thin: the rules are in devices.services.sbi12. V1 answers carry ``id``/``version`` null;
R73-R76 are V2."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from kernel.mosip12 import V1, V2, Mosip12APIView, answer_schema
from kernel.routing import Route
from kernel.schema import envelope_request
from kernel.search import FilterValuesShape, SearchShape
from kernel.serializers import DEVICE_DTO, MosipRequestSerializer, StrictBooleanField

from ..operations import (
    SBI_ADD_DEVICE_12,
    SBI_APPROVAL_12,
    SBI_CREATE_12,
    SBI_DEACTIVATE_12,
    SBI_DEVICES_12,
    SBI_LIST_12,
    SBI_MAP_12,
    SBI_SEARCH_12,
    SBI_UPDATE_12,
)
from ..services import sbi12
from .shapes import (
    ID_OUT,
    LIST_PARAMETERS,
    MAPPED_DEVICE,
    MAPPING_ROW,
    SBI_ROW,
    SBI_SUMMARY,
    STATUS_FILTER,
    DeviceDetail12Request,
    DeviceStatus12Request,
    deactivate_example,
    envelope_request_v2,
    filter_values_schema,
    id_of,
    mapped_device,
    mapping_row,
    sbi_row,
    sbi_summary,
    search_page_schema,
    v2_page_schema,
)

TAGS = ["partnermanager (1.2): secure biometric interfaces"]
PLAIN = V1()
_TIME = "yyyy-MM-ddTHH:mm:ss.SSSZ"


class SbiCreate12Request(MosipRequestSerializer):
    """``SecureBiometricInterfaceCreateDto`` (R70)."""

    bean_messages = DEVICE_DTO

    swBinaryHash = serializers.CharField(max_length=36)
    swVersion = serializers.CharField(max_length=64)
    swCreateDateTime = serializers.DateTimeField(help_text=_TIME)
    swExpiryDateTime = serializers.DateTimeField(help_text=_TIME)
    providerId = serializers.CharField(max_length=36)


class SbiUpdate12Request(MosipRequestSerializer):
    """``SecureBiometricInterfaceUpdateDto`` (R71)."""

    bean_messages = DEVICE_DTO

    id = serializers.CharField(max_length=36)
    swBinaryHash = serializers.CharField(max_length=36)
    swVersion = serializers.CharField(max_length=64)
    swCreateDateTime = serializers.DateTimeField(help_text=_TIME)
    swExpiryDateTime = serializers.DateTimeField(help_text=_TIME)
    isActive = StrictBooleanField()


class SbiApproval12Request(MosipRequestSerializer):
    """``SecureBiometricInterfaceStatusUpdateDto`` (R72): ``Activate`` or ``De-activate``."""

    bean_messages = DEVICE_DTO

    id = serializers.CharField(max_length=36)
    approvalStatus = serializers.CharField(max_length=36)


class SbiMapping12Request(MosipRequestSerializer):
    """``DeviceDetailSBIMappingDto`` (R79, R80)."""

    bean_messages = DEVICE_DTO

    deviceDetailId = serializers.CharField()
    sbiId = serializers.CharField()


CREATED_EXAMPLE = OpenApiExample("created", response_only=True, value={
    "id": None, "version": None, "responsetime": "2026-01-01T00:00:00.000Z", "metadata": None,
    "response": {"id": "7d1f6a56-0a8e-4d5e-9d7e-2f1a6c3b9e10"}, "errors": []})
DEACTIVATED = inline_serializer("SbiDeactivated12", {
    "sbiId": serializers.CharField(), "sbiVersion": serializers.CharField(), "status": serializers.CharField(),
    "active": serializers.BooleanField(), "isActive": serializers.BooleanField()})


class Sbi12View(Mosip12APIView):
    """R70 create, R71 update, R72 approve or reject, R74 list."""

    answers = {"GET": V2("mosip.pms.all.sbi.details.get"), "*": PLAIN}
    operations = {"POST": SBI_CREATE_12, "PUT": SBI_UPDATE_12, "PATCH": SBI_APPROVAL_12, "GET": SBI_LIST_12}

    @extend_schema(operation_id="pm12_sbi_create", summary="R70 — add an SBI version of the caller's partner",
                   request=envelope_request("SbiCreate12", SbiCreate12Request),
                   responses=answer_schema("SbiCreate12", ID_OUT, PLAIN), examples=[CREATED_EXAMPLE, OpenApiExample(
                       "request", request_only=True, value={"id": "string", "version": "LTS",
                                                            "requesttime": "2026-01-01T00:00:00.000Z", "request": {
                           "swBinaryHash": "sbi-hash-1", "swVersion": "1.0", "providerId": "acme",
                           "swCreateDateTime": "2026-01-01T00:00:00.000Z",
                           "swExpiryDateTime": "2028-01-01T00:00:00.000Z"}})], tags=TAGS)
    def post(self, request: Request) -> Response:
        data = self.payload(request, SbiCreate12Request)
        sbi = sbi12.create_sbi(actor=self.actor(request), provider_id=data["providerId"],
                               sw_binary_hash=data["swBinaryHash"], sw_version=data["swVersion"],
                               sw_created_at=data["swCreateDateTime"], sw_expires_at=data["swExpiryDateTime"])
        return self.answer(request, {"id": sbi.id})

    @extend_schema(operation_id="pm12_sbi_update", summary="R71 — change an SBI's hash, version and dates (legacy)",
                   request=envelope_request("SbiUpdate12", SbiUpdate12Request),
                   responses=answer_schema("SbiUpdate12", ID_OUT, PLAIN), examples=[CREATED_EXAMPLE], tags=TAGS)
    def put(self, request: Request) -> Response:
        data = self.payload(request, SbiUpdate12Request)
        sbi = sbi12.update_sbi(actor=self.actor(request), sbi_id=data["id"], sw_binary_hash=data["swBinaryHash"],
                               sw_version=data["swVersion"], sw_created_at=data["swCreateDateTime"],
                               sw_expires_at=data["swExpiryDateTime"], is_active=data["isActive"])
        return self.answer(request, {"id": sbi.id})

    @extend_schema(operation_id="pm12_sbi_approval", summary="R72 — approve (Activate) or reject (De-activate) an SBI",
                   request=envelope_request("SbiApproval12", SbiApproval12Request),
                   responses=answer_schema("SbiApproval12", serializers.CharField(), PLAIN),
                   examples=[OpenApiExample("approved", response_only=True, value={
                       "id": None, "version": None, "responsetime": "2026-01-01T00:00:00.000Z", "metadata": None,
                       "response": "Secure biometric details approved successfully.", "errors": []})], tags=TAGS)
    def patch(self, request: Request) -> Response:
        data = self.payload(request, SbiApproval12Request)
        sbi = sbi12.set_sbi_approval(actor=self.actor(request), sbi_id=data["id"],
                                     approval_status=data["approvalStatus"])
        word = "approved" if sbi.approval_status == "approved" else "rejected"
        return self.answer(request, f"Secure biometric details {word} successfully.")

    @extend_schema(operation_id="pm12_sbi_list", summary="R74 — the SBIs of the caller's partners (all for admins)",
                   parameters=[*LIST_PARAMETERS,
                               OpenApiParameter("sortFieldName", str, required=False, enum=sorted(sbi12.SBI_SORT_KEYS)),
                               *(OpenApiParameter(name, str, required=False, description="case-insensitive substring")
                                 for name in sbi12.SBI_TEXT_FILTERS), STATUS_FILTER,
                               OpenApiParameter("sbiExpiryStatus", str, required=False, enum=["expired", "valid"])],
                   responses=answer_schema("SbiList12", v2_page_schema("SbiPage12", SBI_SUMMARY), answers["GET"]),
                   tags=TAGS)
    def get(self, request: Request) -> Response:
        page = sbi12.list_sbis(actor=self.actor(request), params=request.query_params)
        return self.answer(request, page.answer(sbi_summary))


class SbiDeactivate12View(Mosip12APIView):
    """R73: deactivate an approved SBI for good, with its devices."""

    answers = {"PATCH": V2("mosip.pms.deactivate.sbi.patch")}
    operations = {"PATCH": SBI_DEACTIVATE_12}
    audit_ref_kwarg = "sbi_id"

    @extend_schema(operation_id="pm12_sbi_deactivate", summary="R73 — deactivate an SBI (final; its devices too)",
                   request=envelope_request_v2("SbiDeactivate12", DeviceStatus12Request),
                   responses=answer_schema("SbiDeactivate12", DEACTIVATED, answers["PATCH"]),
                   examples=[OpenApiExample("deactivated", response_only=True, value={
                       "id": "mosip.pms.deactivate.sbi.patch", "version": "1.0",
                       "responseTime": "2026-01-01T00:00:00.000Z", "metadata": None,
                       "response": {"sbiId": "7d1f6a56-0a8e-4d5e-9d7e-2f1a6c3b9e10", "sbiVersion": "1.0",
                                    "status": "approved", "active": False, "isActive": False}, "errors": []}),
                             deactivate_example("mosip.pms.deactivate.sbi.patch")],
                   tags=TAGS)
    def patch(self, request: Request, sbi_id: str) -> Response:
        data = self.payload(request)
        sbi = sbi12.deactivate_sbi(actor=self.actor(request), sbi_id=sbi_id, status=data.get("status"))
        return self.answer(request, {"sbiId": sbi.id, "sbiVersion": sbi.sw_version, "status": sbi.approval_status,
                                     "active": sbi.is_active, "isActive": sbi.is_active})


class SbiDevices12View(Mosip12APIView):
    """R75 add a device to an SBI, R76 the devices of an SBI."""

    answers = {"POST": V2("mosip.pms.add.device.to.sbi.id.post"), "GET": V2("mosip.pms.sbi.devices.get")}
    operations = {"POST": SBI_ADD_DEVICE_12, "GET": SBI_DEVICES_12}
    audit_ref_kwarg = "sbi_id"

    @extend_schema(operation_id="pm12_sbi_add_device", summary="R75 — add a device model to an approved SBI",
                   request=envelope_request_v2("SbiAddDevice12", DeviceDetail12Request),
                   responses=answer_schema("SbiAddDevice12", ID_OUT, answers["POST"]),
                   examples=[OpenApiExample("request", request_only=True, value={
                       "id": "mosip.pms.add.device.to.sbi.id.post", "version": "1.0",
                       "requestTime": "2026-01-01T00:00:00.000Z", "request": {
                           "deviceProviderId": "acme", "deviceTypeCode": "Finger", "deviceSubTypeCode": "Slap",
                           "make": "Acme", "model": "FS-10"}})], tags=TAGS)
    def post(self, request: Request, sbi_id: str) -> Response:
        data = self.payload(request, DeviceDetail12Request)
        device = sbi12.add_device_to_sbi(actor=self.actor(request), sbi_id=sbi_id, device_id=id_of(data),
                                         provider_id=data["deviceProviderId"], device_type=data["deviceTypeCode"],
                                         device_sub_type=data["deviceSubTypeCode"], make=data["make"],
                                         model=data["model"])
        return self.answer(request, {"id": device.id})

    @extend_schema(operation_id="pm12_sbi_devices", summary="R76 — the devices of one SBI (null when none)",
                   responses=answer_schema("SbiDevices12", serializers.ListField(child=MAPPED_DEVICE, allow_null=True),
                                           answers["GET"]), tags=TAGS)
    def get(self, request: Request, sbi_id: str) -> Response:
        rows = sbi12.sbi_devices(actor=self.actor(request), sbi_id=sbi_id)
        return self.answer(request, None if rows is None else [mapped_device(row) for row in rows])


class SbiSearch12View(Mosip12APIView):
    """R77 (legacy): search the SBIs in scope."""

    answers = {"POST": PLAIN}
    operations = {"POST": SBI_SEARCH_12}

    @extend_schema(operation_id="pm12_sbi_search", summary="R77 — search SBIs (legacy)",
                   request=envelope_request("SbiSearch12", SearchShape),
                   responses=answer_schema("SbiSearch12", search_page_schema("SbiSearchPage12", SBI_ROW), PLAIN),
                   tags=TAGS)
    def post(self, request: Request) -> Response:
        page = sbi12.search_sbis(actor=self.actor(request), request=self.payload(request))
        return self.answer(request, page.answer(sbi_row))


class SbiFilterValues12View(Mosip12APIView):
    """R78 (legacy): filter values of the SBIs in scope."""

    answers = {"POST": PLAIN}
    operations = {"POST": SBI_SEARCH_12}

    @extend_schema(operation_id="pm12_sbi_filter_values", summary="R78 — filter values of SBIs (legacy)",
                   request=envelope_request("SbiFilterValues12", FilterValuesShape),
                   responses=answer_schema("SbiFilterValues12", filter_values_schema("SbiFilterValues12",
                                                                                    "the SBI's id"), PLAIN), tags=TAGS)
    def post(self, request: Request) -> Response:
        values = sbi12.sbi_filter_values(actor=self.actor(request), request=self.payload(request))
        return self.answer(request, values.answer())


STRING_EXAMPLE = OpenApiExample("mapped", response_only=True, value={
    "id": None, "version": None, "responsetime": "2026-01-01T00:00:00.000Z", "metadata": None, "response": "Success",
    "errors": []})


class SbiMap12View(Mosip12APIView):
    """R79 (legacy): map an approved device to an approved SBI of the same partner."""

    answers = {"PUT": PLAIN}
    operations = {"PUT": SBI_MAP_12}

    @extend_schema(operation_id="pm12_sbi_map_device", summary="R79 — map a device to an SBI (legacy)",
                   request=envelope_request("SbiMap12", SbiMapping12Request),
                   responses=answer_schema("SbiMap12", serializers.CharField(), PLAIN), examples=[STRING_EXAMPLE],
                   tags=TAGS)
    def put(self, request: Request) -> Response:
        data = self.payload(request, SbiMapping12Request)
        return self.answer(request, sbi12.map_device(actor=self.actor(request), device_id=data["deviceDetailId"],
                                                     sbi_id=data["sbiId"]))


class SbiUnmap12View(Mosip12APIView):
    """R80 (legacy): remove a device-to-SBI mapping."""

    answers = {"PUT": PLAIN}
    operations = {"PUT": SBI_MAP_12}

    @extend_schema(operation_id="pm12_sbi_unmap_device", summary="R80 — remove a device-to-SBI mapping (legacy)",
                   request=envelope_request("SbiUnmap12", SbiMapping12Request),
                   responses=answer_schema("SbiUnmap12", serializers.CharField(), PLAIN), examples=[STRING_EXAMPLE],
                   tags=TAGS)
    def put(self, request: Request) -> Response:
        data = self.payload(request, SbiMapping12Request)
        return self.answer(request, sbi12.unmap_device(actor=self.actor(request), device_id=data["deviceDetailId"],
                                                       sbi_id=data["sbiId"]))


class SbiMappingSearch12View(Mosip12APIView):
    """R81 (legacy): search the device-to-SBI mappings in scope."""

    answers = {"POST": PLAIN}
    operations = {"POST": SBI_SEARCH_12}

    @extend_schema(operation_id="pm12_sbi_mapping_search", summary="R81 — search device-to-SBI mappings (legacy)",
                   request=envelope_request("SbiMappingSearch12", SearchShape),
                   responses=answer_schema("SbiMappingSearch12", search_page_schema("SbiMappingPage12", MAPPING_ROW),
                                           PLAIN), tags=TAGS)
    def post(self, request: Request) -> Response:
        page = sbi12.search_mappings(actor=self.actor(request), request=self.payload(request))
        return self.answer(request, page.answer(mapping_row))


literal_routes = [
    Route("/securebiometricinterface", Sbi12View.as_view(), "pm12-sbi"),
    Route("/securebiometricinterface/search", SbiSearch12View.as_view(), "pm12-sbi-search"),
    Route("/securebiometricinterface/filtervalues", SbiFilterValues12View.as_view(), "pm12-sbi-filter-values"),
    Route("/securebiometricinterface/devicedetails/map", SbiMap12View.as_view(), "pm12-sbi-map"),
    Route("/securebiometricinterface/devicedetails/map/remove", SbiUnmap12View.as_view(), "pm12-sbi-unmap"),
    Route("/securebiometricinterface/devicedetails/map/search", SbiMappingSearch12View.as_view(),
          "pm12-sbi-mapping-search"),
]
id_routes = [
    Route("/securebiometricinterface/<id12:sbi_id>", SbiDeactivate12View.as_view(), "pm12-sbi-deactivate"),
    Route("/securebiometricinterface/<id12:sbi_id>/devices", SbiDevices12View.as_view(), "pm12-sbi-devices"),
]
