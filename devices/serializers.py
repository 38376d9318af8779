"""Request parsing and answers of the device service (catalog §10): every spelling of
§13.2 in, MOSIP's documented shapes out."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from kernel.serializers import MosipRequestSerializer, MosipTimeField, StrictBooleanField, StrictCharField
from kernel.text import match_choice, unquoted

from .errors import DeviceErrors
from .models import DeviceStatus


def _text(max_length: int, required: bool = True):
    return StrictCharField(max_length=max_length, required=required, allow_blank=not required, allow_null=not required)


class ProviderRequest(MosipRequestSerializer):
    id = _text(36, required=False)
    vendorName = _text(128)
    address = _text(512)
    email = _text(256)
    contactNumber = _text(32)
    certificateAlias = _text(128)
    isActive = StrictBooleanField(allow_null=True)  # mandatory (D1-D4); null is "missing", said by the service
    aliases = {"vendorName": ["vendor_name", "name"], "contactNumber": ["contact_number", "contactNo"],
               "certificateAlias": ["certificate_alias", "certAlias"],
               "isActive": ["active", "is_active", "isactive"], "email": ["emailId"]}


class ProviderUpdateRequest(ProviderRequest):
    id = _text(36)


class FtpRequest(MosipRequestSerializer):
    id = _text(36, required=False)
    name = _text(128)
    address = _text(512)
    email = _text(256)
    contactNo = _text(32)
    certAlias = _text(128)
    certificateData = StrictCharField(max_length=16384, required=False, allow_blank=True, allow_null=True)
    isActive = StrictBooleanField(allow_null=True)
    aliases = {"name": ["vendor_name", "vendorName"], "contactNo": ["contact_number", "contactNumber"],
               "certAlias": ["cert_alias", "certificateAlias"], "isActive": ["active", "is_active", "isactive"],
               "email": ["emailId"], "certificateData": ["certificate"]}


class FtpUpdateRequest(FtpRequest):
    id = _text(36)


class ServiceRequest(MosipRequestSerializer):
    id = _text(36, required=False)
    deviceProviderId = _text(36)
    regDeviceTypeCode = _text(36)
    regDeviceSubCode = _text(36)
    swVersion = _text(64)
    swBinaryHash = _text(512)
    make = _text(64)
    model = _text(64)
    swCreateDateTime = _text(64)
    swExpiryDateTime = _text(64)
    isActive = StrictBooleanField(required=False, allow_null=True)
    aliases = {"swVersion": ["swversion"], "isActive": ["active", "is_active", "isactive"],
               "regDeviceSubCode": ["regDeviceSubTypeCode"]}


class ServiceUpdateRequest(ServiceRequest):
    id = _text(36)


class RegistrationRequest(MosipRequestSerializer):
    # Length is checked by the service (PMS_DEVICE_DATA_MAX_CHARS), after the body limit.
    deviceData = StrictCharField(trim_whitespace=False)


class DeregisterRequest(MosipRequestSerializer):
    deviceCode = _text(128)
    aliases = {"deviceCode": ["devicecode", "code"]}


def device_code_named(value: object) -> str:
    """D7's ``deviceCode`` query parameter, quoted or not (036 when absent)."""
    code = unquoted(value)
    if code is None:
        raise DeviceErrors.STATUS_MISSING_INPUT.error(field="deviceCode")
    return code


def device_status_named(value: object) -> DeviceStatus:
    """D7's ``status``: ``REGISTERED``/``RETIRED``/``REVOKED`` in any case, quoted or not
    (the documented URL quotes it: ``status='REVOKED'``); absent is 036, else 037."""
    text = unquoted(value)
    if text is None:
        raise DeviceErrors.STATUS_MISSING_INPUT.error(field="status")
    status = match_choice(text, DeviceStatus.values)
    if status is None:
        raise DeviceErrors.INVALID_STATUS.error()
    return DeviceStatus(status)


class ValidateRequest(MosipRequestSerializer):
    deviceCode = _text(128)
    deviceServiceVersion = _text(64)
    digitalId = serializers.DictField()
    aliases = {"digitalId": ["digitalID"], "deviceServiceVersion": ["swVersion"]}


class ValidateHistoryRequest(ValidateRequest):
    timeStamp = _text(64)
    aliases = {**ValidateRequest.aliases, "timeStamp": ["timestamp"]}


class RecordOut(serializers.Serializer):
    """MOSIP's record columns on every master-data answer."""

    isActive = serializers.BooleanField(source="is_active")
    createdBy = serializers.CharField(source="created_by")
    createdDateTime = MosipTimeField(source="created_at")
    updatedBy = serializers.CharField(source="updated_by")
    updatedDateTime = MosipTimeField(source="updated_at")
    isDeleted = serializers.SerializerMethodField()
    deletedDateTime = serializers.SerializerMethodField()

    def get_isDeleted(self, _) -> bool:
        return False

    @extend_schema_field(serializers.CharField(allow_null=True, help_text="always null: records are never deleted"))
    def get_deletedDateTime(self, _) -> None:
        return None


class ProviderOut(RecordOut):
    id = serializers.CharField()
    vendorName = serializers.CharField(source="vendor_name")
    address = serializers.CharField()
    email = serializers.CharField()
    contactNumber = serializers.CharField(source="contact_number")
    certificateAlias = serializers.CharField(source="certificate_alias")


class FtpOut(RecordOut):
    id = serializers.CharField()
    name = serializers.CharField()
    address = serializers.CharField()
    email = serializers.CharField()
    contactNo = serializers.CharField(source="contact_no")
    certAlias = serializers.CharField(source="cert_alias")


class ServiceOut(RecordOut):
    id = serializers.CharField()
    swVersion = serializers.CharField(source="sw_version")
    deviceProviderId = serializers.CharField(source="device_provider_id")
    regDeviceTypeCode = serializers.CharField(source="device_type_id")
    regDeviceSubCode = serializers.CharField(source="device_sub_type.code")
    make = serializers.CharField()
    model = serializers.CharField()
    swCreateDateTime = MosipTimeField(source="sw_create_time")
    swExpiryDateTime = MosipTimeField(source="sw_expiry_time")
    swBinaryHash = serializers.CharField(source="sw_binary_hash")


class DeviceStatusChangedOut(serializers.Serializer):
    """D6/D7: ``{status: "success", message}``."""

    status = serializers.CharField()
    message = serializers.CharField()


class ValidationOut(serializers.Serializer):
    """D8/D9: one item, ``{status: "Valid", message}`` (an invalid device is an error)."""

    status = serializers.CharField()
    message = serializers.CharField()
