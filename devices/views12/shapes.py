"""Request and answer shapes shared by the SBI and device-detail routes (1.2 catalog §11.1,
§12), and how a row is rendered on the wire."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, inline_serializer
from rest_framework import serializers

from kernel.mosip12 import local_date_time
from kernel.schema import _inner
from kernel.serializers import DEVICE_DTO, MosipRequestSerializer

from ..models import DeviceDetail, DeviceDetailSbi, DeviceSubType, SecureBiometricInterface
from ..services.sbi12 import sw_hash_base64

_LOCAL = "LocalDateTime, UTC (yyyy-MM-ddTHH:mm:ss[.SSS])"


def local_time(**kwargs: Any) -> serializers.CharField:
    return serializers.CharField(help_text=_LOCAL, **kwargs)


class DeviceStatus12Request(MosipRequestSerializer):
    """R73/R86 ``{status}``: exactly ``De-Activate`` (checked by the service)."""

    status = serializers.CharField(required=False, allow_null=True, allow_blank=True)


class DeviceDetail12Request(MosipRequestSerializer):
    """``DeviceDetailDto`` (R75, R82): ``id`` optional (taken ids are refused)."""

    bean_messages = DEVICE_DTO

    id = serializers.CharField(required=False, allow_null=True, max_length=36)
    deviceProviderId = serializers.CharField(max_length=36)
    deviceTypeCode = serializers.CharField(max_length=36)
    deviceSubTypeCode = serializers.CharField(max_length=36)
    make = serializers.CharField(max_length=36)
    model = serializers.CharField(max_length=36)


def deactivate_example(api_id: str) -> OpenApiExample:
    """The V2 request of R73/R86: ``{status: "De-Activate"}`` under the route's API id."""
    return OpenApiExample("request", request_only=True, value={
        "id": api_id, "version": "1.0", "requestTime": "2026-01-01T00:00:00.000Z", "metadata": {},
        "request": {"status": "De-Activate"}})


def id_of(data: dict[str, Any]) -> str | None:
    value = data.get("id")
    return value.strip() or None if isinstance(value, str) else None


def envelope_request_v2(name: str, inner: Any) -> Any:
    """A V2 request envelope (``requestTime`` today; ``id`` the route's API id)."""
    return inline_serializer(name=f"{name}RequestEnvelopeV2", fields={
        "id": serializers.CharField(), "version": serializers.CharField(),
        "requestTime": serializers.CharField(help_text="yyyy-MM-ddTHH:mm:ss.SSSZ (UTC), today"),
        "metadata": serializers.JSONField(required=False, allow_null=True), "request": _inner(inner)})


ID_OUT = inline_serializer("Id12", {"id": serializers.CharField()})
LIST_PARAMETERS = [OpenApiParameter("pageNo", int, required=False), OpenApiParameter("pageSize", int, required=False),
                   OpenApiParameter("sortType", str, required=False, enum=["asc", "desc"])]
STATUS_FILTER = OpenApiParameter("status", str, required=False,
                                 description="approved, rejected, pending_approval or deactivated (1.1's "
                                             "Pending_Approval, Activated, De-activated read as the same states)")


def search_page_schema(name: str, item: Any) -> Any:
    return inline_serializer(name, {"fromRecord": serializers.IntegerField(), "toRecord": serializers.IntegerField(),
                                    "totalRecord": serializers.IntegerField(),
                                    "data": serializers.ListField(child=item, allow_null=True)})


def v2_page_schema(name: str, item: Any) -> Any:
    return inline_serializer(name, {"pageNo": serializers.IntegerField(), "pageSize": serializers.IntegerField(),
                                    "totalResults": serializers.IntegerField(),
                                    "data": serializers.ListField(child=item)})


def filter_values_schema(name: str, code: str) -> Any:
    return inline_serializer(name, {"filters": serializers.ListField(child=inline_serializer(f"{name}Item", {
        "fieldID": serializers.CharField(), "fieldValue": serializers.CharField(allow_null=True),
        "fieldCode": serializers.CharField(help_text=code)}))})


# --- rows ---------------------------------------------------------------------------------

SBI_SUMMARY = inline_serializer("SbiSummary12", {
    "partnerId": serializers.CharField(), "orgName": serializers.CharField(), "sbiId": serializers.CharField(),
    "sbiVersion": serializers.CharField(),
    "status": serializers.CharField(help_text="approved, rejected, pending_approval or deactivated"),
    "isActive": serializers.BooleanField(), "sbiCreatedDateTime": local_time(), "sbiExpiryDateTime": local_time(),
    "sbiExpiryStatus": serializers.CharField(help_text="expired or valid"),
    "countOfAssociatedDevices": serializers.IntegerField(), "countOfApprovedDevices": serializers.IntegerField(),
    "countOfPendingDevices": serializers.IntegerField(), "createdDateTime": local_time()})


def sbi_summary(sbi: SecureBiometricInterface) -> dict[str, Any]:
    return {"partnerId": sbi.provider_id, "orgName": sbi.partner_org_name, "sbiId": sbi.id,
            "sbiVersion": sbi.sw_version, "status": sbi.status_text, "isActive": sbi.is_active,
            "sbiCreatedDateTime": local_date_time(sbi.sw_created_at),
            "sbiExpiryDateTime": local_date_time(sbi.sw_expires_at), "sbiExpiryStatus": sbi.expiry_status,
            "countOfAssociatedDevices": sbi.devices_count, "countOfApprovedDevices": sbi.approved_count,
            "countOfPendingDevices": sbi.pending_count, "createdDateTime": local_date_time(sbi.created_at)}


SBI_ROW = inline_serializer("SbiSearchRow12", {
    "id": serializers.CharField(), "swBinaryHash": serializers.CharField(help_text="Base64 of the stored hash"),
    "swVersion": serializers.CharField(), "deviceDetailId": serializers.CharField(allow_null=True),
    "swCreateDateTime": local_time(), "swExpiryDateTime": local_time(), "isActive": serializers.BooleanField(),
    "approvalStatus": serializers.CharField(), "providerId": serializers.CharField(),
    "partnerOrganizationName": serializers.CharField(), "deleted": serializers.BooleanField(),
    "crBy": serializers.CharField(allow_null=True), "crDtimes": local_time(),
    "delDtimes": local_time(allow_null=True), "updBy": serializers.CharField(allow_null=True),
    "updDtimes": local_time(allow_null=True)})


def sbi_row(sbi: SecureBiometricInterface) -> dict[str, Any]:
    return {"id": sbi.id, "swBinaryHash": sw_hash_base64(sbi), "swVersion": sbi.sw_version, "deviceDetailId": None,
            "swCreateDateTime": local_date_time(sbi.sw_created_at), "swExpiryDateTime": local_date_time(sbi.sw_expires_at),
            "isActive": sbi.is_active, "approvalStatus": sbi.approval_status, "providerId": sbi.provider_id,
            "partnerOrganizationName": sbi.partner_org_name, "deleted": False, "crBy": sbi.created_by or None,
            "crDtimes": local_date_time(sbi.created_at), "delDtimes": None, "updBy": sbi.updated_by or None,
            "updDtimes": local_date_time(sbi.updated_at)}


MAPPED_DEVICE = inline_serializer("SbiDevice12", {
    "deviceId": serializers.CharField(), "deviceTypeCode": serializers.CharField(),
    "deviceSubTypeCode": serializers.CharField(), "deviceProviderId": serializers.CharField(),
    "make": serializers.CharField(), "model": serializers.CharField(),
    "status": serializers.CharField(help_text="the stored approval status"), "isActive": serializers.BooleanField(),
    "active": serializers.BooleanField(), "createdDateTime": local_time()})


def mapped_device(mapping: DeviceDetailSbi) -> dict[str, Any]:
    device = mapping.device
    return {"deviceId": device.id, "deviceTypeCode": device.device_type_id,
            "deviceSubTypeCode": device.device_sub_type.code, "deviceProviderId": device.provider_id,
            "make": device.make, "model": device.model, "status": device.approval_status, "isActive": device.is_active,
            "active": device.is_active, "createdDateTime": local_date_time(device.created_at)}


MAPPING_ROW = inline_serializer("SbiDeviceMapping12", {
    "deviceDetailId": serializers.CharField(), "sbiId": serializers.CharField(), "providerId": serializers.CharField(),
    "providerName": serializers.CharField(), "make": serializers.CharField(), "model": serializers.CharField(),
    "deviceTypeCode": serializers.CharField(), "deviceSubTypeCode": serializers.CharField(),
    "swBinaryHash": serializers.CharField(help_text="Base64"), "swVersion": serializers.CharField(),
    "crBy": serializers.CharField(allow_null=True), "crDtimes": local_time()})


def mapping_row(mapping: DeviceDetailSbi) -> dict[str, Any]:
    device, sbi = mapping.device, mapping.sbi
    return {"deviceDetailId": device.id, "sbiId": sbi.id, "providerId": mapping.provider_id,
            "providerName": mapping.partner_org_name, "make": device.make, "model": device.model,
            "deviceTypeCode": device.device_type_id, "deviceSubTypeCode": device.device_sub_type.code,
            "swBinaryHash": sw_hash_base64(sbi), "swVersion": sbi.sw_version, "crBy": mapping.created_by or None,
            "crDtimes": local_date_time(mapping.created_at)}


DEVICE_SUMMARY = inline_serializer("DeviceSummary12", {
    "deviceId": serializers.CharField(), "partnerId": serializers.CharField(), "orgName": serializers.CharField(),
    "deviceType": serializers.CharField(), "deviceSubType": serializers.CharField(),
    "status": serializers.CharField(help_text="approved, rejected, pending_approval or deactivated"),
    "make": serializers.CharField(), "model": serializers.CharField(), "createdDateTime": local_time(),
    "sbiId": serializers.CharField(allow_null=True), "sbiVersion": serializers.CharField(allow_null=True)})


def device_summary(device: DeviceDetail) -> dict[str, Any]:
    return {"deviceId": device.id, "partnerId": device.provider_id, "orgName": device.partner_org_name,
            "deviceType": device.device_type_id, "deviceSubType": device.device_sub_type.code,
            "status": device.status_text, "make": device.make, "model": device.model,
            "createdDateTime": local_date_time(device.created_at), "sbiId": device.sbi_key,
            "sbiVersion": device.sbi_version}


DEVICE_ROW = inline_serializer("DeviceSearchRow12", {
    "id": serializers.CharField(), "deviceProviderId": serializers.CharField(),
    "deviceTypeCode": serializers.CharField(), "deviceSubTypeCode": serializers.CharField(),
    "make": serializers.CharField(), "model": serializers.CharField(),
    "partnerOrganizationName": serializers.CharField(), "active": serializers.BooleanField(),
    "approvalStatus": serializers.CharField()})


def device_row(device: DeviceDetail) -> dict[str, Any]:
    return {"id": device.id, "deviceProviderId": device.provider_id, "deviceTypeCode": device.device_type_id,
            "deviceSubTypeCode": device.device_sub_type.code, "make": device.make, "model": device.model,
            "partnerOrganizationName": device.partner_org_name, "active": device.is_active,
            "approvalStatus": device.approval_status}


SUB_TYPE_ROW = inline_serializer("DeviceSubTypeRow12", {
    "code": serializers.CharField(), "deviceType": serializers.CharField(), "name": serializers.CharField(),
    "desciption": serializers.CharField(help_text="sic (MOSIP's spelling)"), "active": serializers.BooleanField(),
    "isDeleted": serializers.BooleanField(), "crBy": serializers.CharField(allow_null=True), "crDtimes": local_time(),
    "delDtimes": local_time(allow_null=True), "updBy": serializers.CharField(allow_null=True),
    "updDtimes": local_time(allow_null=True)})


def sub_type_row(sub_type: DeviceSubType) -> dict[str, Any]:
    return {"code": sub_type.code, "deviceType": sub_type.device_type_id, "name": sub_type.name,
            "desciption": sub_type.description, "active": sub_type.is_active, "isDeleted": False,
            "crBy": sub_type.created_by or None, "crDtimes": local_date_time(sub_type.created_at), "delDtimes": None,
            "updBy": sub_type.updated_by or None, "updDtimes": local_date_time(sub_type.updated_at)}
