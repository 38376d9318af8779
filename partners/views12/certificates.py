"""MOSIP 1.2's certificate and trust-store routes (1.2 catalog §6, R13–R19) under
``/v1/partnermanager``, on the one certificate store (partners.services.certificates12).

Envelopes: R13–R15 answer V1 with a null id; R16–R19 V2 with their API ids. What the key
manager would refuse (KER-PCM-*) and the partner checks (PMS_PRT_005, PMS_PMP_016, ...) come
back in the partner service's V1 error (``mosip.partnermanagement``) on R13–R15 and in the
route's V2 envelope on R16–R19; a feature switched off (R16: PMS_FEATURE_003, R18/R19:
PMS_FEATURE_001) and the list parameters of R18 are refused by the controller, in the V1
error whatever the route (kernel.mosip12).
"""

from __future__ import annotations

import base64

from django.utils.timezone import now
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.request import Request
from rest_framework.response import Response

from kernel.conf import platform_settings
from kernel.mosip12 import V1, V2, Mosip12APIView, answer_schema, local_date_time, offset_date_time
from kernel.routing import Route
from kernel.search import SortKey, list_query
from kernel.serializers import PARTNER_DTO, MosipRequestSerializer, StrictCharField

from ..errors import Certificates12Errors
from ..operations import (
    CA_CERTIFICATE_UPLOAD,
    PARTNER_CERTIFICATE_READ_12,
    PARTNER_CERTIFICATE_UPLOAD_12,
    PARTNER_CERTIFICATES_LIST_12,
    TRUST_CERTIFICATES_READ_12,
)
from ..services import certificates12 as services
from ..services import upload_ca_certificate

TAGS = ["partnermanager (1.2)"]
PEM_EXAMPLE = "-----BEGIN CERTIFICATE-----\nMIIC...\n-----END CERTIFICATE-----\n"


class NotBlank(StrictCharField):
    """A ``@NotBlank`` field of MOSIP's DTOs: missing, null and blank are all "must not be
    blank" (Hibernate Validator's message), not DRF's "required"/"null"."""

    def validate_empty_values(self, data):
        if data is empty or data is None:
            self.fail("blank")
        return super().validate_empty_values(data)


class CACertificateUpload12(MosipRequestSerializer):
    bean_messages = PARTNER_DTO
    certificateData = NotBlank(max_length=65536, trim_whitespace=False)
    partnerDomain = NotBlank(max_length=16)


class PartnerCertificateUpload12(MosipRequestSerializer):
    bean_messages = PARTNER_DTO
    partnerId = NotBlank(max_length=64)
    certificateData = NotBlank(max_length=65536, trim_whitespace=False)
    partnerDomain = NotBlank(max_length=16)


CA_UPLOADED = inline_serializer(name="CACertificateUploaded12", fields={
    "status": serializers.CharField(), "timestamp": serializers.CharField()})
PARTNER_UPLOADED = inline_serializer(name="PartnerCertificateUploaded12", fields={
    "signedCertificateData": serializers.CharField(), "certificateId": serializers.CharField(),
    "timestamp": serializers.CharField()})
CERTIFICATE = inline_serializer(name="PartnerCertificate12", fields={
    "certificateData": serializers.CharField(), "timestamp": serializers.CharField()})
CERTIFICATE_PAIR = inline_serializer(name="OriginalCertDownload12", fields={
    "caSignedCertificateData": serializers.CharField(allow_blank=True),
    "isCaSignedCertificateExpired": serializers.BooleanField(),
    "mosipSignedCertificateData": serializers.CharField(allow_blank=True),
    "isMosipSignedCertificateExpired": serializers.BooleanField()})
CERTIFICATE_SUMMARY = inline_serializer(name="PartnerCertificateSummary12", fields={
    "partnerId": serializers.CharField(), "partnerType": serializers.CharField(),
    "isCertificateAvailable": serializers.BooleanField(),
    "certificateIssuedTo": serializers.CharField(allow_null=True),
    "certificateUploadDateTime": serializers.CharField(allow_null=True),
    "certificateExpiryDateTime": serializers.CharField(allow_null=True),
    "isPartnerActive": serializers.BooleanField()})
TRUST_CERTIFICATE = inline_serializer(name="TrustCertificateSummary12", fields={
    "caCertificateType": serializers.ChoiceField(choices=["ROOT", "INTERMEDIATE"]),
    "certId": serializers.CharField(), "partnerDomain": serializers.CharField(), "issuedTo": serializers.CharField(),
    "issuedBy": serializers.CharField(), "certThumbprint": serializers.CharField(),
    "validFromDate": serializers.CharField(), "validTillDate": serializers.CharField(),
    "uploadTime": serializers.CharField(), "status": serializers.BooleanField()})
TRUST_PAGE = inline_serializer(name="TrustCertificatePage12", fields={
    "pageNo": serializers.IntegerField(), "pageSize": serializers.IntegerField(),
    "totalResults": serializers.IntegerField(), "data": TRUST_CERTIFICATE.__class__(many=True)})
P7B = inline_serializer(name="TrustCertificateFile12", fields={
    "p7bFile": serializers.CharField(help_text="Base64 of the DER PKCS#7 bundle"), "timestamp": serializers.CharField()})


def _request_body(name: str, inner) -> object:
    return inline_serializer(name=f"{name}RequestEnvelope12", fields={
        "id": serializers.CharField(required=False, allow_null=True, allow_blank=True),
        "version": serializers.CharField(required=False, allow_null=True, allow_blank=True),
        "requesttime": serializers.CharField(required=False, help_text="yyyy-MM-ddTHH:mm:ss.SSSZ (UTC)"),
        "metadata": serializers.JSONField(required=False, allow_null=True),
        "request": inner()})


def _timestamp() -> str | None:
    return local_date_time(now())


class CACertificateUpload12View(Mosip12APIView):
    """R13: a root or intermediate CA of a domain, into the trust store (the 1.0 upload's
    service and checks)."""

    answers = {"POST": V1()}
    operations = {"POST": CA_CERTIFICATE_UPLOAD}

    @extend_schema(
        operation_id="partnermanager_ca_certificate_upload", summary="R13 — upload a root or intermediate CA (MOSIP 1.2)",
        request=_request_body("CACertificateUpload12", CACertificateUpload12),
        responses=answer_schema("CACertificateUploaded12", CA_UPLOADED, answers["POST"]), tags=TAGS,
        examples=[OpenApiExample("CA certificate", request_only=True, value={
            "id": "", "version": "1.0", "requesttime": "2026-01-01T10:00:00.000Z",
            "request": {"certificateData": PEM_EXAMPLE, "partnerDomain": "AUTH"}})])
    def post(self, request: Request) -> Response:
        data = self.payload(request, CACertificateUpload12)
        upload_ca_certificate(actor=self.actor(request), certificate_data=data["certificateData"],
                              domain=data["partnerDomain"])
        return self.answer(request, {"status": "Upload Success.", "timestamp": _timestamp()})


class PartnerCertificateUpload12View(Mosip12APIView):
    """R14: the partner's certificate; approves an ``InProgress`` partner (catalog §16.1)."""

    answers = {"POST": V1()}
    operations = {"POST": PARTNER_CERTIFICATE_UPLOAD_12}

    @extend_schema(
        operation_id="partnermanager_partner_certificate_upload",
        summary="R14 — upload the partner's certificate; approves the partner (MOSIP 1.2)",
        request=_request_body("PartnerCertificateUpload12", PartnerCertificateUpload12),
        responses=answer_schema("PartnerCertificateUploaded12", PARTNER_UPLOADED, answers["POST"]), tags=TAGS,
        examples=[OpenApiExample("partner certificate", request_only=True, value={
            "id": "", "version": "1.0", "requesttime": "2026-01-01T10:00:00.000Z",
            "request": {"partnerId": "airtel-01", "certificateData": PEM_EXAMPLE, "partnerDomain": "AUTH"}})])
    def post(self, request: Request) -> Response:
        data = self.payload(request, PartnerCertificateUpload12)
        row = services.upload_partner_certificate_12(actor=self.actor(request), partner_id=data["partnerId"],
                                                     certificate_data=data["certificateData"],
                                                     domain=data["partnerDomain"])
        return self.answer(request, {"signedCertificateData": row.signed_certificate_pem, "certificateId": row.id,
                                     "timestamp": _timestamp()})


class PartnerCertificate12View(Mosip12APIView):
    """R15: the partner's MOSIP-signed certificate."""

    answers = {"GET": V1()}
    operations = {"GET": PARTNER_CERTIFICATE_READ_12}
    audit_ref_kwarg = "partner_id"

    @extend_schema(operation_id="partnermanager_partner_certificate",
                   summary="R15 — the partner's MOSIP-signed certificate (MOSIP 1.2)",
                   responses=answer_schema("PartnerCertificate12", CERTIFICATE, answers["GET"]), tags=TAGS)
    def get(self, request: Request, partner_id: str) -> Response:
        row = services.partner_certificate_12(actor=self.actor(request), partner_id=partner_id)
        return self.answer(request, {"certificateData": row.signed_certificate_pem, "timestamp": _timestamp()})


class PartnerCertificateData12View(Mosip12APIView):
    """R16: the CA-signed and the MOSIP-signed certificate, with their expiry flags
    (switch PMS_FEATURE_CA_SIGNED_PARTNER_CERTIFICATE, else PMS_FEATURE_003)."""

    answers = {"GET": V2("mosip.pms.original.partner.certificate.get")}
    operations = {"GET": PARTNER_CERTIFICATE_READ_12}
    audit_ref_kwarg = "partner_id"

    @extend_schema(operation_id="partnermanager_partner_certificate_data",
                   summary="R16 — the CA-signed and MOSIP-signed certificates (MOSIP 1.2)",
                   responses=answer_schema("OriginalCertDownload12", CERTIFICATE_PAIR, answers["GET"]), tags=TAGS)
    def get(self, request: Request, partner_id: str) -> Response:
        if not platform_settings.PMS_FEATURE_CA_SIGNED_PARTNER_CERTIFICATE:
            raise Certificates12Errors.FEATURE_CA_SIGNED.error()
        pair = services.original_and_signed_certificates(actor=self.actor(request), partner_id=partner_id)
        return self.answer(request, {
            "caSignedCertificateData": pair.ca_signed, "isCaSignedCertificateExpired": pair.ca_signed_expired,
            "mosipSignedCertificateData": pair.mosip_signed,
            "isMosipSignedCertificateExpired": pair.mosip_signed_expired})


class PartnerCertificatesOfCaller12View(Mosip12APIView):
    """R17: the certificate of each partner the caller owns."""

    answers = {"GET": V2("mosip.pms.partner.certificates.get")}
    operations = {"GET": PARTNER_CERTIFICATES_LIST_12}

    @extend_schema(operation_id="partnermanager_partner_certificates_details",
                   summary="R17 — the certificates of the caller's partners (MOSIP 1.2)",
                   responses=answer_schema("PartnerCertificates12", CERTIFICATE_SUMMARY.__class__, answers["GET"], many=True),
                   tags=TAGS)
    def get(self, request: Request) -> Response:
        entries = services.certificates_of_caller(actor=self.actor(request))
        return self.answer(request, [{
            "partnerId": e.partner.id, "partnerType": e.partner.partner_type_id,
            "isCertificateAvailable": e.available, "certificateIssuedTo": e.issued_to,
            "certificateUploadDateTime": offset_date_time(e.not_before),
            "certificateExpiryDateTime": offset_date_time(e.not_after),
            "isPartnerActive": not services.is_deactivated(e.partner)} for e in entries])


TRUST_SORT_KEYS = {
    "caCertificateType": SortKey("is_root"), "certificateId": SortKey("id"),
    "partnerDomain": SortKey("domain"), "issuedTo": SortKey("subject"), "issuedBy": SortKey("issuer"),
    "validFrom": SortKey("not_before"), "validTill": SortKey("not_after"), "uploadedDateTime": SortKey("created_at"),
}
TRUST_FILTERS = ("caCertificateType", "certificateId", "partnerDomain", "issuedTo", "issuedBy")


def _trust_item(row) -> dict:
    current = now()
    return {"caCertificateType": services.trust_certificate_type(row), "certId": row.id, "partnerDomain": row.domain,
            "issuedTo": row.subject, "issuedBy": row.issuer, "certThumbprint": services.thumbprint(row),
            "validFromDate": local_date_time(row.not_before), "validTillDate": local_date_time(row.not_after),
            "uploadTime": local_date_time(row.created_at), "status": row.not_before <= current <= row.not_after}


def _require_trust_store() -> None:
    if not platform_settings.PMS_FEATURE_ROOT_AND_INTERMEDIATE_CERTIFICATES:
        raise Certificates12Errors.FEATURE_TRUST_STORE.error()


class TrustCertificates12View(Mosip12APIView):
    """R18: the trust store, paged (switch PMS_FEATURE_ROOT_AND_INTERMEDIATE_CERTIFICATES,
    else PMS_FEATURE_001). ``caCertificateType`` sorts by its text: ``asc`` lists
    intermediates before roots."""

    answers = {"GET": V2("mosip.pms.trust.certificates.get")}
    operations = {"GET": TRUST_CERTIFICATES_READ_12}

    @extend_schema(
        operation_id="partnermanager_trust_chain_certificates", summary="R18 — the trust store (MOSIP 1.2)",
        parameters=[OpenApiParameter(name, str, required=False) for name in
                    ("sortFieldName", "sortType", *TRUST_FILTERS)]
        + [OpenApiParameter(name, int, required=False) for name in ("pageNo", "pageSize")],
        responses=answer_schema("TrustCertificates12", TRUST_PAGE, answers["GET"]), tags=TAGS)
    def get(self, request: Request) -> Response:
        _require_trust_store()
        query = list_query(request.query_params, TRUST_SORT_KEYS, default_page=(0, 8))
        filters = {name: request.query_params.get(name) or "" for name in TRUST_FILTERS}
        page = services.trusted_certificates_page(actor=self.actor(request), filters=filters, query=query)
        return self.answer(request, page.answer(_trust_item))


class TrustCertificateFile12View(Mosip12APIView):
    """R19: a trusted certificate and the stored ones above it, as a Base64 PKCS#7 (p7b)."""

    answers = {"GET": V2("mosip.pms.download.trust.certificates.get")}
    operations = {"GET": TRUST_CERTIFICATES_READ_12}
    audit_ref_kwarg = "certificate_id"

    @extend_schema(operation_id="partnermanager_trust_chain_certificate_file",
                   summary="R19 — download a trusted certificate with its chain (MOSIP 1.2)",
                   responses=answer_schema("TrustCertificateFile12", P7B, answers["GET"]), tags=TAGS)
    def get(self, request: Request, certificate_id: str) -> Response:
        _require_trust_store()
        der = services.trust_chain_p7b(actor=self.actor(request), certificate_id=certificate_id)
        return self.answer(request, {"p7bFile": base64.b64encode(der).decode(), "timestamp": _timestamp()})


literal_routes = [
    Route("/partners/certificate/ca/upload", CACertificateUpload12View.as_view(), "pm12-ca-certificate-upload"),
    Route("/partners/certificate/upload", PartnerCertificateUpload12View.as_view(), "pm12-partner-certificate-upload"),
    Route("/partners/partner-certificates-details", PartnerCertificatesOfCaller12View.as_view(),
          "pm12-partner-certificates-details"),
    Route("/trust-chain-certificates", TrustCertificates12View.as_view(), "pm12-trust-chain-certificates"),
]
id_routes = [
    Route("/partners/<id12:partner_id>/certificate", PartnerCertificate12View.as_view(), "pm12-partner-certificate"),
    Route("/partners/<id12:partner_id>/certificate-data", PartnerCertificateData12View.as_view(),
          "pm12-partner-certificate-data"),
    Route("/trust-chain-certificates/<id12:certificate_id>/certificateFile", TrustCertificateFile12View.as_view(),
          "pm12-trust-chain-certificate-file"),
]
