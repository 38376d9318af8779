"""Device master-data endpoints (catalog §10.1): parse, call one service, render. Every
route answers under ``/v1/masterdata`` and ``/masterdata``."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from kernel.api import EnvelopeAPIView
from kernel.schema import envelope_request, envelope_response
from kernel.text import parse_moment

from . import services
from .device_data import parse_registration, validation_request
from .errors import DeviceErrors
from .operations import (
    DEVICE_DEREGISTER,
    DEVICE_REGISTER,
    DEVICE_STATUS,
    DEVICE_VALIDATE,
    DEVICE_VALIDATE_HISTORY,
    FTP_CREATE,
    FTP_UPDATE,
    MDS_CREATE,
    MDS_UPDATE,
    PROVIDER_CREATE,
    PROVIDER_UPDATE,
)
from .serializers import (
    DeregisterRequest,
    DeviceStatusChangedOut,
    FtpOut,
    FtpRequest,
    FtpUpdateRequest,
    ProviderOut,
    ProviderRequest,
    ProviderUpdateRequest,
    RegistrationRequest,
    ServiceOut,
    ServiceRequest,
    ServiceUpdateRequest,
    ValidateHistoryRequest,
    ValidateRequest,
    ValidationOut,
    device_code_named,
    device_status_named,
)

TAG = ["masterdata"]
PROVIDER_ANSWER = envelope_response("DeviceProvider", ProviderOut)
FTP_ANSWER = envelope_response("FoundationalTrustProvider", FtpOut)
MDS_ANSWER = envelope_response("MosipDeviceService", ServiceOut)
STATUS_CHANGED = envelope_response("DeviceStatusChanged", DeviceStatusChangedOut)
VALIDATED = envelope_response("DeviceValidated", ValidationOut, many=True)
INVALID = DeviceErrors.INVALID_INPUT
MDS_MISSING = DeviceErrors.MDS_MISSING_INPUT


class DeviceProviderView(EnvelopeAPIView):
    """D1 register (POST) and D2 update (PUT) a device provider."""

    response_id = {"POST": "io.mosip.masterdata.deviceprovider.create", "PUT": "io.mosip.masterdata.deviceprovider.update"}
    operations = {"POST": PROVIDER_CREATE, "PUT": PROVIDER_UPDATE}
    input_errors = {"POST": (DeviceErrors.PROVIDER_MISSING_INPUT, INVALID),
                    "PUT": (DeviceErrors.PROVIDER_UPDATE_MISSING_INPUT, INVALID)}

    @staticmethod
    def _details(data) -> services.ProviderDetails:
        return services.ProviderDetails(vendor_name=data["vendorName"], address=data["address"], email=data["email"],
                                        contact_number=data["contactNumber"],
                                        certificate_alias=data["certificateAlias"], is_active=data.get("isActive"))

    @extend_schema(operation_id="masterdata_deviceprovider_create", summary="D1 — register a device provider",
                   request=envelope_request("DeviceProviderCreate", ProviderRequest), responses=PROVIDER_ANSWER,
                   tags=TAG)
    def post(self, request: Request) -> Response:
        data = self.payload(request, ProviderRequest)
        provider = services.create_device_provider(actor=self.actor(request), provider_id=data.get("id"),
                                                   details=self._details(data))
        return self.answer(request, ProviderOut(provider).data)

    @extend_schema(operation_id="masterdata_deviceprovider_update", summary="D2 — update a device provider",
                   request=envelope_request("DeviceProviderUpdate", ProviderUpdateRequest), responses=PROVIDER_ANSWER,
                   tags=TAG)
    def put(self, request: Request) -> Response:
        data = self.payload(request, ProviderUpdateRequest)
        provider = services.update_device_provider(actor=self.actor(request), provider_id=data["id"],
                                                   details=self._details(data))
        return self.answer(request, ProviderOut(provider).data)


class FoundationalTrustProviderView(EnvelopeAPIView):
    """D3 register (POST) and D4 update (PUT) a foundational trust provider."""

    response_id = {"POST": "io.mosip.masterdata.foundationaltrustprovider.create",
                   "PUT": "io.mosip.masterdata.foundationaltrustprovider.update"}
    operations = {"POST": FTP_CREATE, "PUT": FTP_UPDATE}
    input_errors = {"POST": (DeviceErrors.FTP_MISSING_INPUT, INVALID),
                    "PUT": (DeviceErrors.FTP_UPDATE_MISSING_INPUT, INVALID)}

    @staticmethod
    def _details(data) -> services.FtpDetails:
        return services.FtpDetails(name=data["name"], address=data["address"], email=data["email"],
                                   contact_no=data["contactNo"], cert_alias=data["certAlias"],
                                   is_active=data.get("isActive"), certificate=data.get("certificateData"))

    @extend_schema(operation_id="masterdata_ftp_create", summary="D3 — register a foundational trust provider",
                   request=envelope_request("FtpCreate", FtpRequest), responses=FTP_ANSWER, tags=TAG)
    def post(self, request: Request) -> Response:
        data = self.payload(request, FtpRequest)
        ftp = services.create_ftp(actor=self.actor(request), ftp_id=data.get("id"), details=self._details(data))
        return self.answer(request, FtpOut(ftp).data)

    @extend_schema(operation_id="masterdata_ftp_update", summary="D4 — update a foundational trust provider",
                   request=envelope_request("FtpUpdate", FtpUpdateRequest), responses=FTP_ANSWER, tags=TAG)
    def put(self, request: Request) -> Response:
        data = self.payload(request, FtpUpdateRequest)
        ftp = services.update_ftp(actor=self.actor(request), ftp_id=data["id"], details=self._details(data))
        return self.answer(request, FtpOut(ftp).data)


class DeviceServiceView(EnvelopeAPIView):
    """D10 register (POST) and D11 update (PUT) a MOSIP device service."""

    response_id = {"POST": "io.mosip.masterdata.mds.create", "PUT": "io.mosip.masterdata.mds.update"}
    operations = {"POST": MDS_CREATE, "PUT": MDS_UPDATE}
    input_errors = (MDS_MISSING, INVALID)

    @staticmethod
    def _details(data) -> services.ServiceDetails:
        return services.ServiceDetails(
            device_provider_id=data["deviceProviderId"], device_type=data["regDeviceTypeCode"],
            device_sub_type=data["regDeviceSubCode"], sw_version=data["swVersion"],
            sw_binary_hash=data["swBinaryHash"], make=data["make"], model=data["model"],
            sw_create_time=parse_moment(data["swCreateDateTime"], "swCreateDateTime", missing=MDS_MISSING, invalid=INVALID),
            sw_expiry_time=parse_moment(data["swExpiryDateTime"], "swExpiryDateTime", missing=MDS_MISSING, invalid=INVALID),
            is_active=data.get("isActive"))

    @extend_schema(operation_id="masterdata_mds_create", summary="D10 — register a MOSIP device service",
                   request=envelope_request("MdsCreate", ServiceRequest), responses=MDS_ANSWER, tags=TAG)
    def post(self, request: Request) -> Response:
        data = self.payload(request, ServiceRequest)
        mds = services.create_device_service(actor=self.actor(request), service_id=data.get("id"),
                                             details=self._details(data))
        return self.answer(request, ServiceOut(mds).data)

    @extend_schema(operation_id="masterdata_mds_update", summary="D11 — update a MOSIP device service",
                   request=envelope_request("MdsUpdate", ServiceUpdateRequest), responses=MDS_ANSWER, tags=TAG)
    def put(self, request: Request) -> Response:
        data = self.payload(request, ServiceUpdateRequest)
        mds = services.update_device_service(actor=self.actor(request), service_id=data["id"],
                                             details=self._details(data))
        return self.answer(request, ServiceOut(mds).data)


class RegisteredDeviceView(EnvelopeAPIView):
    """D5: register a device; the answer is the signed string (catalog §10.4)."""

    response_id = "io.mosip.masterdata.device.create"
    operations = {"POST": DEVICE_REGISTER}
    input_errors = (DeviceErrors.REGISTER_MISSING_INPUT, INVALID)

    @extend_schema(operation_id="masterdata_registereddevices_create",
                   summary="D5 — register a device (answers a signed JWS string)",
                   request=envelope_request("DeviceRegister", RegistrationRequest),
                   responses=envelope_response("DeviceRegistered", serializers.CharField()), tags=TAG)
    def post(self, request: Request) -> Response:
        device_data = parse_registration(self.payload(request, RegistrationRequest)["deviceData"])
        _, signed = services.register_device(actor=self.actor(request), device_data=device_data)
        return self.answer(request, signed)


_DEREGISTERED = DeviceStatusChangedOut({"status": "success", "message": "Device de-register successfully"}).data


class DeregisterView(EnvelopeAPIView):
    """D6: DELETE ``/registereddevices/deregister/{deviceCode}``."""

    response_id = "io.mosip.masterdata.device.delete"
    operations = {"DELETE": DEVICE_DEREGISTER}
    audit_ref_kwarg = "device_code"
    input_errors = (DeviceErrors.STATUS_MISSING_INPUT, INVALID)

    # MOSIP answers a DELETE with 200 and the envelope (not 204), so the 200 is named.
    @extend_schema(operation_id="masterdata_registereddevices_deregister", summary="D6 — deregister a device",
                   responses={200: STATUS_CHANGED}, tags=TAG)
    def delete(self, request: Request, device_code: str) -> Response:
        services.deregister_device(actor=self.actor(request), code=device_code)
        return self.answer(request, _DEREGISTERED)


class DeregisterBodyView(DeregisterView):
    """D6 in its later form: POST ``/registereddevices/deregister`` with ``{deviceCode}``."""

    operations = {"POST": DEVICE_DEREGISTER}
    http_method_names = ["post", "options"]

    @extend_schema(operation_id="masterdata_registereddevices_deregister_post",
                   summary="D6 — deregister a device (body form)",
                   request=envelope_request("DeviceDeregister", DeregisterRequest), responses=STATUS_CHANGED,
                   tags=TAG)
    def post(self, request: Request) -> Response:
        code = self.payload(request, DeregisterRequest)["deviceCode"]
        services.deregister_device(actor=self.actor(request), code=code)
        return self.answer(request, _DEREGISTERED)


class DeviceStatusView(EnvelopeAPIView):
    """D7: ``PUT /registereddevices/status?deviceCode=&status=`` (``devicecode`` too)."""

    response_id = "io.mosip.masterdata.device.update"
    operations = {"PUT": DEVICE_STATUS}
    input_errors = (DeviceErrors.STATUS_MISSING_INPUT, INVALID)

    @extend_schema(operation_id="masterdata_registereddevices_status", summary="D7 — change a device's status",
                   request=None, parameters=[OpenApiParameter("deviceCode", str, required=True),
                               OpenApiParameter("status", str, required=True,
                                                description="REGISTERED, RETIRED or REVOKED")],
                   responses=STATUS_CHANGED, tags=TAG)
    def put(self, request: Request) -> Response:
        params = {name.lower(): value for name, value in request.query_params.items()}
        code, status = device_code_named(params.get("devicecode")), device_status_named(params.get("status"))
        services.change_device_status(actor=self.actor(request), code=code, status=status)
        return self.answer(request, _DEREGISTERED)


# D8/D9's answers never change: rendered once, as _DEREGISTERED is.
_VALID = ValidationOut([{"status": "Valid", "message": "Device details validated successfully"}], many=True).data
_VALID_THEN = ValidationOut([{"status": "Valid", "message": "Device details history validated successfully"}],
                            many=True).data


class ValidateView(EnvelopeAPIView):
    """D8: validate device details against the registry."""

    response_id = "io.mosip.masterdata.device.validate"
    operations = {"POST": DEVICE_VALIDATE}
    input_errors = (INVALID, INVALID)

    @extend_schema(operation_id="masterdata_device_validate", summary="D8 — validate a device",
                   request=envelope_request("DeviceValidate", ValidateRequest), responses=VALIDATED, tags=TAG)
    def post(self, request: Request) -> Response:
        data = self.payload(request, ValidateRequest)
        wanted = validation_request(data["deviceCode"], data["deviceServiceVersion"], data["digitalId"])
        services.validate_device(actor=self.actor(request), wanted=wanted)
        return self.answer(request, _VALID)


class ValidateHistoryView(EnvelopeAPIView):
    """D9: the same validation as of ``timeStamp``, from the history tables."""

    response_id = "io.mosip.masterdata.device.validate.history"
    operations = {"POST": DEVICE_VALIDATE_HISTORY}
    input_errors = (INVALID, INVALID)

    @extend_schema(operation_id="masterdata_device_validate_history",
                   summary="D9 — validate a device as of a past time",
                   request=envelope_request("DeviceValidateHistory", ValidateHistoryRequest), responses=VALIDATED,
                   tags=TAG)
    def post(self, request: Request) -> Response:
        data = self.payload(request, ValidateHistoryRequest)
        wanted = validation_request(data["deviceCode"], data["deviceServiceVersion"], data["digitalId"])
        moment = parse_moment(data["timeStamp"], "timeStamp", missing=INVALID, invalid=INVALID)
        services.validate_device_as_of(actor=self.actor(request), wanted=wanted, moment=moment)
        return self.answer(request, _VALID_THEN)
