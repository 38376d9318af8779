"""MOSIP 1.2's FTM chip routes (1.2 catalog §13, R93–R102) under
``/v1/partnermanager/ftpchipdetail``. Thin: the rules are in ``devices.services.ftm12``.

Envelopes as MOSIP's: R93–R97 and R102 V1 (``id`` null; a refusal in the partner service's
V1 error), R98–R101 V2 with their API ids. R98 is behind the CA-signed certificate switch
(``PMS_FEATURE_CA_SIGNED_PARTNER_CERTIFICATE``, else PMS_FEATURE_003, in the V1 error), which
also decides whether R100 shows the certificates' expiry. R96 answers, as MOSIP does, the
signed certificate bundle (a PKCS#7, URL-safe Base64: the chip's certificate as this service
signed it and this service's certificate) in ``signedCertificateData`` and the signed chip
certificate (PEM) in ``certificateId``.
"""

from __future__ import annotations

import base64
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs7
from django.utils.timezone import now
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.request import Request
from rest_framework.response import Response

from kernel.conf import platform_settings
from kernel.keys import server_key
from kernel.mosip12 import V1, V2, Mosip12APIView, answer_schema, local_date_time
from kernel.routing import Route
from kernel.search import SearchShape
from kernel.serializers import MosipRequestSerializer
from partners.errors import Certificates12Errors

from ..models import FtmChipDetail
from ..operations import (
    FTM_CHIP_APPROVAL_12,
    FTM_CHIP_CERTIFICATE_READ_12,
    FTM_CHIP_CERTIFICATE_UPLOAD_12,
    FTM_CHIP_CREATE_12,
    FTM_CHIP_DEACTIVATE_12,
    FTM_CHIP_UPDATE_12,
    FTM_CHIPS_ADMIN_READ_12,
    FTM_CHIPS_READ_12,
)
from ..services import ftm12
from .shapes import local_time

TAGS = ["partnermanager (1.2): FTM chips"]
PLAIN = V1()
EMPTY = "value is empty or null"
STATUS_UPDATED = "Status updated successfully."
PEM_EXAMPLE = "-----BEGIN CERTIFICATE-----\nMIIC...\n-----END CERTIFICATE-----\n"
CHIP_ID_EXAMPLE = "0b6f3c52-5f1e-4a8e-9d0b-8f3f5c1e2a47"


# --- bodies (MOSIP's DTOs, 1.2 catalog §13.1) ---------------------------------------------

class NotBlank12Field(serializers.CharField):
    """A ``@NotBlank`` (and ``@Size(1, N)``) text of MOSIP's device DTOs, with their messages."""

    def run_validation(self, data: Any = empty) -> Any:
        if data is empty or data is None or (isinstance(data, str) and not data.strip()):
            raise serializers.ValidationError(EMPTY, code="not_blank")
        if not isinstance(data, str):
            raise serializers.ValidationError("must be a string", code="type")
        if self.max_length is not None and len(data) > self.max_length:
            raise serializers.ValidationError(f"Length should be in between 1 and {self.max_length} chars",
                                              code="size")
        return data


class NotNull12Boolean(serializers.BooleanField):
    """A ``@NotNull Boolean``: true or false, nothing else."""

    def run_validation(self, data: Any = empty) -> Any:
        if data is empty or data is None:
            raise serializers.ValidationError(EMPTY, code="not_null")
        if not isinstance(data, bool):
            raise serializers.ValidationError("must be true or false", code="type")
        return data


class ChipCreate12Request(MosipRequestSerializer):
    """R93 ``FtpChipDetailDto``."""

    ftpProviderId = NotBlank12Field(max_length=36)
    make = NotBlank12Field(max_length=36)
    model = NotBlank12Field(max_length=36)


class ChipUpdate12Request(MosipRequestSerializer):
    """R94 ``FtpChipDetailUpdateDto``."""

    ftpChipDetailId = NotBlank12Field(max_length=36)
    make = NotBlank12Field(max_length=36)
    model = NotBlank12Field(max_length=36)


class ChipStatus12Request(MosipRequestSerializer):
    """R95 ``FtpChipDetailStatusDto``: ``true`` approves, ``false`` rejects."""

    ftpChipDetailId = NotBlank12Field(max_length=36)
    approvalStatus = NotNull12Boolean()


class ChipCertificate12Request(MosipRequestSerializer):
    """R96 ``FtpChipCertificateRequestDto`` (``ftpChipDeatilId`` misspelt on the wire;
    ``isItForRegistrationDevice`` required and unused, as in MOSIP)."""

    ftpProviderId = NotBlank12Field(max_length=36)
    ftpChipDeatilId = NotBlank12Field(max_length=36)
    isItForRegistrationDevice = NotNull12Boolean()
    certificateData = NotBlank12Field(max_length=65536, trim_whitespace=False)
    organizationName = NotBlank12Field(max_length=128)
    partnerDomain = NotBlank12Field(max_length=16)


class ChipDeactivate12Request(serializers.Serializer):
    """R99 ``DeactivateFtmRequestDto`` ``{status: "De-Activate"}`` (checked by the service)."""

    status = serializers.CharField(required=False, allow_null=True)


class ChipSearch12Request(SearchShape):
    """R102 ``DeviceSearchDto`` (``purpose`` accepted, unused; ``pagination`` ignored)."""

    purpose = serializers.CharField(required=False, allow_null=True, allow_blank=True)


def envelope_request_v1(name: str, inner: Any) -> Any:
    """A V1 request envelope as the portal sends it (``id`` ``""``)."""
    return inline_serializer(name=f"{name}RequestEnvelope12", fields={
        "id": serializers.CharField(required=False, allow_null=True, allow_blank=True),
        "version": serializers.CharField(required=False, allow_null=True, allow_blank=True),
        "requesttime": serializers.CharField(required=False, help_text="yyyy-MM-ddTHH:mm:ss.SSSZ (UTC)"),
        "metadata": serializers.JSONField(required=False, allow_null=True), "request": inner()})


def envelope_request_v2(name: str, inner: Any) -> Any:
    return inline_serializer(name=f"{name}RequestEnvelopeV2", fields={
        "id": serializers.CharField(), "version": serializers.CharField(),
        "requestTime": serializers.CharField(help_text="yyyy-MM-ddTHH:mm:ss.SSSZ (UTC), today"),
        "metadata": serializers.JSONField(required=False, allow_null=True), "request": inner()})


# --- answers ------------------------------------------------------------------------------

CHIP_ID = inline_serializer("FtmChipId12", {"id": serializers.CharField()})
UPLOADED = inline_serializer("FtmChipCertificateUploaded12", {
    "signedCertificateData": serializers.CharField(help_text="PKCS#7 bundle, URL-safe Base64"),
    "certificateId": serializers.CharField(help_text="the chip certificate as this service signed it (PEM)"),
    "timestamp": serializers.CharField()})
CERTIFICATE = inline_serializer("FtmChipCertificate12", {
    "certificateData": serializers.CharField(), "timestamp": serializers.CharField()}, allow_null=True)
DOWNLOAD = inline_serializer("FtmCertificateDownload12", {
    "caSignedCertificateData": serializers.CharField(allow_blank=True),
    "caSignedCertUploadDateTime": local_time(), "caSignedCertExpiryDateTime": local_time(),
    "isCaSignedCertificateExpired": serializers.BooleanField(),
    "mosipSignedCertificateData": serializers.CharField(allow_blank=True),
    "mosipSignedCertUploadDateTime": local_time(), "mosipSignedCertExpiryDateTime": local_time(),
    "isMosipSignedCertificateExpired": serializers.BooleanField()})
DEACTIVATED = inline_serializer("FtmDetailResponse12", {
    "ftmId": serializers.CharField(), "status": serializers.CharField(), "isActive": serializers.BooleanField(),
    "active": serializers.BooleanField()})
MY_CHIP = inline_serializer("FtmChipDetails12", {
    "ftmId": serializers.CharField(), "partnerId": serializers.CharField(), "partnerStatus": serializers.CharField(),
    "make": serializers.CharField(), "model": serializers.CharField(),
    "status": serializers.CharField(help_text="pending_cert_upload, pending_approval, approved or rejected"),
    "isActive": serializers.BooleanField(), "isCertificateAvailable": serializers.BooleanField(),
    "certificateUploadDateTime": local_time(allow_null=True),
    "certificateExpiryDateTime": local_time(allow_null=True),
    "isCertificateExpired": serializers.BooleanField(allow_null=True),
    "createdDateTime": local_time()})
SUMMARY = inline_serializer("FtmDetailSummary12", {
    "ftmId": serializers.CharField(), "partnerId": serializers.CharField(), "orgName": serializers.CharField(),
    "make": serializers.CharField(), "model": serializers.CharField(),
    "status": serializers.CharField(help_text="approved, rejected, pending_cert_upload, pending_approval or "
                                              "deactivated"),
    "isActive": serializers.BooleanField(), "isCertificateAvailable": serializers.BooleanField(),
    "createdDateTime": local_time()})
SUMMARY_PAGE = inline_serializer("FtmDetailSummaryPage12", {
    "pageNo": serializers.IntegerField(), "pageSize": serializers.IntegerField(),
    "totalResults": serializers.IntegerField(), "data": serializers.ListField(child=SUMMARY)})


def _search_row_fields() -> dict[str, Any]:
    return {"ftpChipDetailId": serializers.CharField(), "ftpProviderId": serializers.CharField(),
            "make": serializers.CharField(), "model": serializers.CharField(),
            "certificateAlias": serializers.CharField(allow_null=True),
            "partnerOrganizationName": serializers.CharField(), "active": serializers.BooleanField(),
            "deleted": serializers.BooleanField(), "crBy": serializers.CharField(allow_null=True),
            "crDtimes": local_time(), "delDtimes": local_time(allow_null=True),
            "updBy": serializers.CharField(allow_null=True), "updDtimes": local_time(allow_null=True),
            "approvalStatus": serializers.CharField()}


SEARCH_PAGE = inline_serializer("FtmChipSearchPage12", {
    "fromRecord": serializers.IntegerField(), "toRecord": serializers.IntegerField(),
    "totalRecord": serializers.IntegerField(),
    "data": inline_serializer("FtmChipSearchRow12", _search_row_fields(), many=True, allow_null=True)})


def _timestamp() -> str | None:
    return local_date_time(now())


def p7b_of(signed_pem: str) -> str:
    """The signed chip certificate and this service's certificate as a PKCS#7 bundle,
    URL-safe Base64 (the key manager's ``signedCertificateData``)."""
    chain = [x509.load_pem_x509_certificate(signed_pem.encode()), server_key().certificate]
    return base64.urlsafe_b64encode(pkcs7.serialize_certificates(chain, serialization.Encoding.DER)).decode()


def partner_status(chip: FtmChipDetail) -> str:
    """R100's ``partnerStatus``: approved, deactivated (approved and inactive), else the
    partner's approval status."""
    provider = chip.provider
    if provider.approval_status == "approved":
        return "approved" if provider.is_active else "deactivated"
    return provider.approval_status


def my_chip(chip: FtmChipDetail, with_expiry: bool) -> dict[str, Any]:
    """R100's ``FtmChipDetailsDto``: with the CA-signed switch on, the upload time is the
    signed certificate's notBefore and the expiry the chip certificate's notAfter; off,
    only the upload time."""
    expired = None
    if with_expiry and chip.certificate_not_after is not None:
        expired = chip.certificate_not_after < now()
    return {"ftmId": chip.id, "partnerId": chip.provider_id, "partnerStatus": partner_status(chip),
            "make": chip.make, "model": chip.model, "status": chip.approval_status, "isActive": chip.is_active,
            "isCertificateAvailable": chip.has_certificate,
            "certificateUploadDateTime": local_date_time(chip.certificate_not_before),
            "certificateExpiryDateTime": local_date_time(chip.certificate_not_after) if with_expiry else None,
            "isCertificateExpired": expired, "createdDateTime": local_date_time(chip.created_at)}


def summary(chip: FtmChipDetail) -> dict[str, Any]:
    """R101's ``FtmDetailSummaryDto``."""
    return {"ftmId": chip.id, "partnerId": chip.provider_id, "orgName": chip.partner_org_name, "make": chip.make,
            "model": chip.model, "status": chip.status, "isActive": chip.is_active,
            "isCertificateAvailable": chip.has_certificate, "createdDateTime": local_date_time(chip.created_at)}


def search_row(chip: FtmChipDetail) -> dict[str, Any]:
    """R102's ``FTPSearchResponseDto`` (``active``/``deleted``: Jackson's names for
    primitive ``isActive``/``isDeleted``)."""
    return {"ftpChipDetailId": chip.id, "ftpProviderId": chip.provider_id, "make": chip.make, "model": chip.model,
            "certificateAlias": chip.certificate_fingerprint or None,
            "partnerOrganizationName": chip.partner_org_name, "active": chip.is_active, "deleted": False,
            "crBy": chip.created_by or None, "crDtimes": local_date_time(chip.created_at), "delDtimes": None,
            "updBy": chip.updated_by or None, "updDtimes": local_date_time(chip.updated_at),
            "approvalStatus": chip.approval_status}


# --- views --------------------------------------------------------------------------------

class FtmChips12View(Mosip12APIView):
    """R93 create, R94 update (deprecated), R95 approve or reject, R100 the caller's chips."""

    answers = {"POST": PLAIN, "PUT": PLAIN, "PATCH": PLAIN, "GET": V2("mosip.pms.ftm.chip.details.get")}
    operations = {"POST": FTM_CHIP_CREATE_12, "PUT": FTM_CHIP_UPDATE_12, "PATCH": FTM_CHIP_APPROVAL_12,
                  "GET": FTM_CHIPS_READ_12}

    @extend_schema(operation_id="pm12_ftm_chip_create", summary="R93 — register an FTM chip's make and model",
                   request=envelope_request_v1("FtmChipCreate12", ChipCreate12Request),
                   responses=answer_schema("FtmChipCreate12", CHIP_ID, PLAIN), tags=TAGS, examples=[
                       OpenApiExample("chip", request_only=True, value={
                           "id": "", "version": "1.0", "requesttime": "2026-01-01T10:00:00.000Z",
                           "request": {"ftpProviderId": "chipworks", "make": "Secure", "model": "SE-1"}}),
                       OpenApiExample("created", response_only=True, value={
                           "id": None, "version": None, "responsetime": "2026-01-01T10:00:00.123Z", "metadata": None,
                           "response": {"id": CHIP_ID_EXAMPLE}, "errors": []})])
    def post(self, request: Request) -> Response:
        data = self.payload(request, ChipCreate12Request)
        chip = ftm12.create_chip_12(actor=self.actor(request), provider_id=data["ftpProviderId"], make=data["make"],
                                    model=data["model"])
        return self.answer(request, {"id": chip.id})

    @extend_schema(operation_id="pm12_ftm_chip_update", summary="R94 — change an FTM chip's make and model (deprecated)",
                   request=envelope_request_v1("FtmChipUpdate12", ChipUpdate12Request),
                   responses=answer_schema("FtmChipUpdate12", CHIP_ID, PLAIN), tags=TAGS, examples=[
                       OpenApiExample("chip", request_only=True, value={
                           "id": "", "version": "1.0", "requesttime": "2026-01-01T10:00:00.000Z",
                           "request": {"ftpChipDetailId": CHIP_ID_EXAMPLE, "make": "Secure", "model": "SE-2"}})])
    def put(self, request: Request) -> Response:
        data = self.payload(request, ChipUpdate12Request)
        chip = ftm12.update_chip_12(actor=self.actor(request), chip_id=data["ftpChipDetailId"], make=data["make"],
                                    model=data["model"])
        return self.answer(request, {"id": chip.id})

    @extend_schema(operation_id="pm12_ftm_chip_approval", summary="R95 — approve (true) or reject (false) an FTM chip",
                   request=envelope_request_v1("FtmChipStatus12", ChipStatus12Request),
                   responses=answer_schema("FtmChipStatus12", serializers.CharField(), PLAIN), tags=TAGS, examples=[
                       OpenApiExample("approve", request_only=True, value={
                           "id": "", "version": "1.0", "requesttime": "2026-01-01T10:00:00.000Z",
                           "request": {"ftpChipDetailId": CHIP_ID_EXAMPLE, "approvalStatus": True}}),
                       OpenApiExample("done", response_only=True, value={
                           "id": None, "version": None, "responsetime": "2026-01-01T10:00:00.123Z", "metadata": None,
                           "response": STATUS_UPDATED, "errors": []})])
    def patch(self, request: Request) -> Response:
        data = self.payload(request, ChipStatus12Request)
        ftm12.decide_chip_12(actor=self.actor(request), chip_id=data["ftpChipDetailId"],
                             approve=data["approvalStatus"])
        return self.answer(request, STATUS_UPDATED)

    @extend_schema(operation_id="pm12_ftm_chips_mine", summary="R100 — the chips of the caller's FTM provider partners",
                   responses=answer_schema("FtmChipsMine12", MY_CHIP, answers["GET"], many=True), tags=TAGS,
                   examples=[OpenApiExample("chips", response_only=True, value={
                       "id": "mosip.pms.ftm.chip.details.get", "version": "1.0",
                       "responseTime": "2026-01-01T10:00:00.123Z", "metadata": None, "response": [{
                           "ftmId": CHIP_ID_EXAMPLE, "partnerId": "chipworks", "partnerStatus": "approved",
                           "make": "Secure", "model": "SE-1", "status": "approved", "isActive": True,
                           "isCertificateAvailable": True, "certificateUploadDateTime": "2026-01-01T09:59:00",
                           "certificateExpiryDateTime": "2027-01-01T09:00:00", "isCertificateExpired": False,
                           "createdDateTime": "2026-01-01T09:58:00.5"}], "errors": []})])
    def get(self, request: Request) -> Response:
        chips = ftm12.chips_of_caller_12(actor=self.actor(request))
        with_expiry = platform_settings.PMS_FEATURE_CA_SIGNED_PARTNER_CERTIFICATE
        return self.answer(request, [my_chip(chip, with_expiry) for chip in chips])


class FtmChipCertificateUpload12View(Mosip12APIView):
    """R96: the chip's certificate, checked against the FTM domain's trust chain and signed."""

    answers = {"POST": PLAIN}
    operations = {"POST": FTM_CHIP_CERTIFICATE_UPLOAD_12}

    @extend_schema(operation_id="pm12_ftm_chip_certificate_upload", summary="R96 — upload an FTM chip's certificate",
                   request=envelope_request_v1("FtmChipCertificate12", ChipCertificate12Request),
                   responses=answer_schema("FtmChipCertificateUploaded12", UPLOADED, PLAIN), tags=TAGS, examples=[
                       OpenApiExample("certificate", request_only=True, value={
                           "id": "", "version": "1.0", "requesttime": "2026-01-01T10:00:00.000Z",
                           "request": {"ftpProviderId": "chipworks", "ftpChipDeatilId": CHIP_ID_EXAMPLE,
                                       "isItForRegistrationDevice": False, "certificateData": PEM_EXAMPLE,
                                       "organizationName": "ChipWorks", "partnerDomain": "FTM"}}),
                       OpenApiExample("signed", response_only=True, value={
                           "id": None, "version": None, "responsetime": "2026-01-01T10:00:00.123Z", "metadata": None,
                           "response": {"signedCertificateData": "MIIG...", "certificateId": PEM_EXAMPLE,
                                        "timestamp": "2026-01-01T10:00:00.123"}, "errors": []})])
    def post(self, request: Request) -> Response:
        data = self.payload(request, ChipCertificate12Request)
        uploaded = ftm12.upload_chip_certificate_12(
            actor=self.actor(request), provider_id=data["ftpProviderId"], chip_id=data["ftpChipDeatilId"],
            certificate_data=data["certificateData"], organization_name=data["organizationName"],
            domain=data["partnerDomain"])
        return self.answer(request, {"signedCertificateData": p7b_of(uploaded.signed_pem),
                                     "certificateId": uploaded.signed_pem, "timestamp": _timestamp()})


class FtmChipCertificate12View(Mosip12APIView):
    """R97 (legacy): the chip's MOSIP-signed certificate; an unknown chip answers null."""

    answers = {"GET": PLAIN}
    operations = {"GET": FTM_CHIP_CERTIFICATE_READ_12}
    audit_ref_kwarg = "chip_id"

    @extend_schema(operation_id="pm12_ftm_chip_certificate", summary="R97 — an FTM chip's signed certificate (legacy)",
                   responses=answer_schema("FtmChipCertificate12", CERTIFICATE, PLAIN), tags=TAGS,
                   examples=[OpenApiExample("certificate", response_only=True, value={
                       "id": None, "version": None, "responsetime": "2026-01-01T10:00:00.123Z", "metadata": None,
                       "response": {"certificateData": PEM_EXAMPLE, "timestamp": "2026-01-01T10:00:00.123"},
                       "errors": []})])
    def get(self, request: Request, chip_id: str) -> Response:
        chip = ftm12.chip_certificate_12(actor=self.actor(request), chip_id=chip_id)
        if chip is None:
            return self.answer(request, None)
        return self.answer(request, {"certificateData": chip.signed_certificate_pem, "timestamp": _timestamp()})


class FtmChipCertificateData12View(Mosip12APIView):
    """R98: the chip's certificate as its CA signed it and as this service signed it."""

    answers = {"GET": V2("mosip.pms.original.ftm.certificate.get")}
    operations = {"GET": FTM_CHIP_CERTIFICATE_READ_12}
    audit_ref_kwarg = "ftm_id"

    @extend_schema(operation_id="pm12_ftm_chip_certificate_data",
                   summary="R98 — an FTM chip's original and MOSIP-signed certificates with their validity",
                   responses=answer_schema("FtmCertificateDownload12", DOWNLOAD, answers["GET"]), tags=TAGS,
                   examples=[OpenApiExample("certificates", response_only=True, value={
                       "id": "mosip.pms.original.ftm.certificate.get", "version": "1.0",
                       "responseTime": "2026-01-01T10:00:00.123Z", "metadata": None, "response": {
                           "caSignedCertificateData": PEM_EXAMPLE, "caSignedCertUploadDateTime": "2026-01-01T09:00:00",
                           "caSignedCertExpiryDateTime": "2027-01-01T09:00:00", "isCaSignedCertificateExpired": False,
                           "mosipSignedCertificateData": PEM_EXAMPLE,
                           "mosipSignedCertUploadDateTime": "2026-01-01T09:59:00",
                           "mosipSignedCertExpiryDateTime": "2027-01-01T09:00:00",
                           "isMosipSignedCertificateExpired": False}, "errors": []})])
    def get(self, request: Request, ftm_id: str) -> Response:
        if not platform_settings.PMS_FEATURE_CA_SIGNED_PARTNER_CERTIFICATE:
            raise Certificates12Errors.FEATURE_CA_SIGNED.error()
        found = ftm12.chip_certificates_12(actor=self.actor(request), chip_id=ftm_id)
        return self.answer(request, {
            "caSignedCertificateData": found.ca_signed,
            "caSignedCertUploadDateTime": local_date_time(found.ca_signed_not_before),
            "caSignedCertExpiryDateTime": local_date_time(found.ca_signed_not_after),
            "isCaSignedCertificateExpired": found.ca_signed_expired,
            "mosipSignedCertificateData": found.mosip_signed,
            "mosipSignedCertUploadDateTime": local_date_time(found.mosip_signed_not_before),
            "mosipSignedCertExpiryDateTime": local_date_time(found.mosip_signed_not_after),
            "isMosipSignedCertificateExpired": found.mosip_signed_expired})


class FtmChipItem12View(Mosip12APIView):
    """R99: deactivate an approved chip for good (V2 request and answer)."""

    answers = {"PATCH": V2("mosip.pms.deactivate.ftm.patch")}
    operations = {"PATCH": FTM_CHIP_DEACTIVATE_12}
    audit_ref_kwarg = "ftm_id"

    @extend_schema(operation_id="pm12_ftm_chip_deactivate", summary="R99 — deactivate an approved FTM chip for good",
                   request=envelope_request_v2("FtmChipDeactivate12", ChipDeactivate12Request),
                   responses=answer_schema("FtmChipDeactivate12", DEACTIVATED, answers["PATCH"]), tags=TAGS,
                   examples=[OpenApiExample("deactivate", request_only=True, value={
                       "id": "mosip.pms.deactivate.ftm.patch", "version": "1.0",
                       "requestTime": "2026-01-01T10:00:00.000Z", "request": {"status": "De-Activate"}}),
                       OpenApiExample("deactivated", response_only=True, value={
                           "id": "mosip.pms.deactivate.ftm.patch", "version": "1.0",
                           "responseTime": "2026-01-01T10:00:00.123Z", "metadata": None, "response": {
                               "ftmId": CHIP_ID_EXAMPLE, "status": "approved", "isActive": False, "active": False},
                           "errors": []})])
    def patch(self, request: Request, ftm_id: str) -> Response:
        data = self.payload(request, ChipDeactivate12Request)
        chip = ftm12.deactivate_chip_12(actor=self.actor(request), chip_id=ftm_id, status=data.get("status"))
        return self.answer(request, {"ftmId": chip.id, "status": chip.approval_status, "isActive": chip.is_active,
                                     "active": chip.is_active})


LIST_PARAMETERS = [
    OpenApiParameter("pageNo", int, required=False), OpenApiParameter("pageSize", int, required=False),
    OpenApiParameter("sortFieldName", str, required=False, enum=sorted(ftm12.ADMIN_SORT_KEYS)),
    OpenApiParameter("sortType", str, required=False, enum=["asc", "desc"]),
    *(OpenApiParameter(name, str, required=False, description="case-insensitive substring")
      for name in ftm12.ADMIN_TEXT_FILTERS),
    OpenApiParameter("status", str, required=False, enum=list(ftm12.ADMIN_STATUSES)),
]


class AdminFtmChips12View(Mosip12APIView):
    """R101 (partner admin): every chip, paged."""

    answers = {"GET": V2("mosip.pms.partners.ftm.chip.details.get")}
    operations = {"GET": FTM_CHIPS_ADMIN_READ_12}

    @extend_schema(operation_id="pm12_ftm_chips_admin", summary="R101 — all FTM chips, paged and filtered (admin)",
                   parameters=LIST_PARAMETERS, responses=answer_schema("FtmChipsAdmin12", SUMMARY_PAGE, answers["GET"]),
                   tags=TAGS, examples=[OpenApiExample("page", response_only=True, value={
                       "id": "mosip.pms.partners.ftm.chip.details.get", "version": "1.0",
                       "responseTime": "2026-01-01T10:00:00.123Z", "metadata": None, "response": {
                           "pageNo": 0, "pageSize": 8, "totalResults": 1, "data": [{
                               "ftmId": CHIP_ID_EXAMPLE, "partnerId": "chipworks", "orgName": "ChipWorks",
                               "make": "Secure", "model": "SE-1", "status": "pending_approval", "isActive": False,
                               "isCertificateAvailable": True, "createdDateTime": "2026-01-01T09:58:00.5"}]},
                       "errors": []})])
    def get(self, request: Request) -> Response:
        page = ftm12.admin_chips_12(actor=self.actor(request), params=request.query_params)
        return self.answer(request, page.answer(summary))


class FtmChipSearch12View(Mosip12APIView):
    """R102 (deprecated): legacy search over the chips in scope, every match (unpaged)."""

    answers = {"POST": PLAIN}
    operations = {"POST": FTM_CHIPS_READ_12}

    @extend_schema(operation_id="pm12_ftm_chip_search", summary="R102 — search FTM chips, unpaged (deprecated)",
                   request=envelope_request_v1("FtmChipSearch12", ChipSearch12Request),
                   responses=answer_schema("FtmChipSearch12", SEARCH_PAGE, PLAIN), tags=TAGS, examples=[
                       OpenApiExample("by make", request_only=True, value={
                           "id": "", "version": "1.0", "requesttime": "2026-01-01T10:00:00.000Z", "request": {
                               "filters": [{"columnName": "make", "type": "contains", "value": "secure"}],
                               "sort": [], "pagination": {"pageStart": 0, "pageFetch": 10}, "purpose": "AUTH"}})])
    def post(self, request: Request) -> Response:
        self.payload(request)
        page = ftm12.search_chips_12(actor=self.actor(request), request=self.envelope_of(request)["request"])
        if not page.rows:
            return self.answer(request, page.answer(search_row))
        return self.answer(request, {"fromRecord": 0, "toRecord": page.total, "totalRecord": page.total,
                                     "data": [search_row(chip) for chip in page.rows]})


literal_routes = [
    Route("/ftpchipdetail", FtmChips12View.as_view(), "pm12-ftm-chips"),
    Route("/ftpchipdetail/uploadcertificate", FtmChipCertificateUpload12View.as_view(),
          "pm12-ftm-chip-certificate-upload"),
    Route("/ftpchipdetail/v2", AdminFtmChips12View.as_view(), "pm12-ftm-chips-admin"),
    Route("/ftpchipdetail/search", FtmChipSearch12View.as_view(), "pm12-ftm-chip-search"),
]
id_routes = [
    Route("/ftpchipdetail/getPartnerCertificate/<id12:chip_id>", FtmChipCertificate12View.as_view(),
          "pm12-ftm-chip-certificate"),
    Route("/ftpchipdetail/<id12:ftm_id>/certificate-data", FtmChipCertificateData12View.as_view(),
          "pm12-ftm-chip-certificate-data"),
    Route("/ftpchipdetail/<id12:ftm_id>", FtmChipItem12View.as_view(), "pm12-ftm-chip"),
]
