"""MOSIP 1.2's MISP license routes under ``/v1/partnermanager/misps`` (R64-R69), V1 envelope
with ``id`` null. Thin: the rules are in ``misp.services.licenses12`` (one set of keys with
the 1.0 MISP routes).

What the answers show of a key: R64 (issue) and R67 (get or regenerate) answer the key in
clear, as MOSIP does and as the 1.0 approval and download do: the caller is the MISP's
issuer or manager. R65 echoes the value its caller sent. R66 and R69 list keys **masked** (``••••``
and the last four characters), to everyone: MOSIP shows the values there, but a list must
not hand out keys (SPEC §9.14); R67 is the route that gives one. R68/R69 neither match nor
list ``licenseKey`` (not a column there).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from kernel.mosip12 import V1, Mosip12APIView, answer_schema, local_date_time, offset_date_time
from kernel.routing import Route
from kernel.schema import envelope_request
from kernel.serializers import PARTNER_DTO, MosipRequestSerializer

from .models import LicenseKey
from .operations import LICENSE_ISSUE_12, LICENSE_KEY_12, LICENSE_STATUS_12, LICENSES_READ_12
from .services import licenses12

TAGS = ["partnermanager (1.2): MISP licenses"]
PLAIN = V1()


class LicenseIssue12Request(MosipRequestSerializer):
    """R64 ``{providerId}`` (``@NotBlank``)."""

    bean_messages = PARTNER_DTO

    providerId = serializers.CharField(max_length=36)


class LicenseStatus12Request(MosipRequestSerializer):
    """R65 ``{providerId, licenseKey, licenseKeyStatus}`` (no constraints in MOSIP)."""

    bean_messages = PARTNER_DTO

    providerId = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=36)
    licenseKey = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=128)
    licenseKeyStatus = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=16)


LICENSE_OUT = inline_serializer("MispLicense12", {
    "providerId": serializers.CharField(), "licenseKey": serializers.CharField(),
    "licenseKeyStatus": serializers.CharField(help_text="Active (R64, R67); active or de-active (R65)"),
    "licenseKeyExpiry": serializers.CharField(help_text="LocalDateTime, UTC")})


def _row_fields() -> dict[str, Any]:
    """A ``misp_license`` row's fields (R66, R69), fresh for each schema that holds them."""
    return {
        "mispId": serializers.CharField(), "policyId": serializers.CharField(allow_null=True),
        "licenseKey": serializers.CharField(help_text="masked: •••• and the last four characters"),
        "validFromDate": serializers.CharField(), "validToDate": serializers.CharField(),
        "isActive": serializers.BooleanField(), "createdBy": serializers.CharField(allow_null=True),
        "createdDateTime": serializers.CharField(allow_null=True), "updatedBy": serializers.CharField(allow_null=True),
        "updatedDateTime": serializers.CharField(allow_null=True), "isDeleted": serializers.BooleanField(),
        "deletedDateTime": serializers.CharField(allow_null=True)}


LICENSE_ROW = inline_serializer("MispLicenseRow12", _row_fields())
EXAMPLE = OpenApiExample("license", response_only=True, value={
    "id": None, "version": None, "responsetime": "2026-01-01T00:00:00.000Z", "metadata": None,
    "response": {"providerId": "mispp1", "licenseKey": "aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gI3kM5oQ7sU9wY1aC3eG",
                 "licenseKeyStatus": "Active", "licenseKeyExpiry": "2027-01-01T00:00:00"}, "errors": []})


def license_out(key: LicenseKey, value: str, status: str) -> dict[str, Any]:
    return {"providerId": licenses12.misp_id_of(key), "licenseKey": value, "licenseKeyStatus": status,
            "licenseKeyExpiry": local_date_time(key.valid_to)}


def license_row(key: LicenseKey) -> dict[str, Any]:
    """A ``misp_license`` row (R66), its key masked (module docstring)."""
    return {"mispId": licenses12.misp_id_of(key), "policyId": key.policy_id, "licenseKey": key.masked(),
            "validFromDate": local_date_time(key.valid_from), "validToDate": local_date_time(key.valid_to),
            "isActive": key.is_active, "createdBy": getattr(key, "created_by", None) or None,
            "createdDateTime": offset_date_time(getattr(key, "created_at", None)),
            "updatedBy": getattr(key, "updated_by", None) or None,
            "updatedDateTime": offset_date_time(getattr(key, "updated_at", None)), "isDeleted": False,
            "deletedDateTime": None}


class MispLicensesView(Mosip12APIView):
    """R64 issue a MISP partner's license, R65 (de)activate one, R66 list them."""

    answers = {"*": PLAIN}
    operations = {"POST": LICENSE_ISSUE_12, "PUT": LICENSE_STATUS_12, "GET": LICENSES_READ_12}

    @extend_schema(operation_id="pm12_misp_license_issue", summary="R64 — issue a MISP partner's license (MOSIP 1.2)",
                   request=envelope_request("MispLicenseIssue12", LicenseIssue12Request),
                   responses=answer_schema("MispLicenseIssue12", LICENSE_OUT, PLAIN), examples=[EXAMPLE], tags=TAGS)
    def post(self, request: Request) -> Response:
        data = self.payload(request, LicenseIssue12Request)
        key, value = licenses12.issue_license_12(actor=self.actor(request), provider_id=data["providerId"])
        return self.answer(request, license_out(key, value, "Active"))

    @extend_schema(operation_id="pm12_misp_license_status",
                   summary="R65 — activate or deactivate a MISP license (MOSIP 1.2)",
                   request=envelope_request("MispLicenseStatus12", LicenseStatus12Request),
                   responses=answer_schema("MispLicenseStatus12", LICENSE_OUT, PLAIN), examples=[EXAMPLE], tags=TAGS)
    def put(self, request: Request) -> Response:
        data = self.payload(request, LicenseStatus12Request)
        key = licenses12.set_license_status_12(actor=self.actor(request), provider_id=data.get("providerId") or "",
                                               license_key=data.get("licenseKey") or "",
                                               status=data.get("licenseKeyStatus"))
        return self.answer(request, license_out(key, data["licenseKey"], "active" if key.is_active else "de-active"))

    @extend_schema(operation_id="pm12_misp_licenses", summary="R66 — MISP licenses in scope, keys masked (MOSIP 1.2)",
                   responses=answer_schema("MispLicenses12", LICENSE_ROW, PLAIN, many=True), tags=TAGS)
    def get(self, request: Request) -> Response:
        rows = licenses12.list_licenses_12(actor=self.actor(request))
        return self.answer(request, [license_row(key) for key in rows])


class MispLicenseKeyView(Mosip12APIView):
    """R67: the MISP's valid license, or a new one when none is valid."""

    answers = {"*": PLAIN}
    operations = {"GET": LICENSE_KEY_12}
    audit_ref_kwarg = "misp_id"

    @extend_schema(operation_id="pm12_misp_license_key",
                   summary="R67 — a MISP's valid license, regenerated when none is (MOSIP 1.2)",
                   responses=answer_schema("MispLicenseKey12", LICENSE_OUT, PLAIN), examples=[EXAMPLE], tags=TAGS)
    def get(self, request: Request, misp_id: str) -> Response:
        key, value = licenses12.license_key_12(actor=self.actor(request), misp_id=misp_id)
        return self.answer(request, license_out(key, value, "Active"))


class LicenseSearch12Request(MosipRequestSerializer):
    """A legacy search body (1.2 catalog §4.2); read by kernel.search."""

    filters = serializers.ListField(child=serializers.DictField(), required=False)
    sort = serializers.ListField(child=serializers.DictField(), required=False)
    pagination = serializers.DictField(required=False)


class LicenseFilterValues12Request(MosipRequestSerializer):
    """A filter-values body (1.2 catalog §4.3); read by kernel.search."""

    filters = serializers.ListField(child=serializers.DictField())
    optionalFilters = serializers.ListField(child=serializers.DictField(), required=False)


LICENSE_PAGE = inline_serializer("MispLicenseSearchPage12", {
    "fromRecord": serializers.IntegerField(), "toRecord": serializers.IntegerField(),
    "totalRecord": serializers.IntegerField(), "data": inline_serializer("MispLicenseSearchRow12", _row_fields(), many=True, allow_null=True)})
FILTER_VALUES_OUT = inline_serializer("MispLicenseFilterValues12", {
    "filters": inline_serializer("MispLicenseFilterValue12", many=True, fields={
        "fieldID": serializers.CharField(), "fieldValue": serializers.CharField(allow_null=True),
        "fieldCode": serializers.CharField(help_text="the row's mispId")})})


class MispLicenseSearchView(Mosip12APIView):
    """R69: legacy search over the licenses in scope, keys masked."""

    answers = {"POST": PLAIN}
    operations = {"POST": LICENSES_READ_12}

    @extend_schema(operation_id="pm12_misp_license_search", summary="R69 — search MISP licenses (MOSIP 1.2)",
                   request=envelope_request("MispLicenseSearch12", LicenseSearch12Request),
                   responses=answer_schema("MispLicenseSearch12", LICENSE_PAGE, PLAIN), tags=TAGS)
    def post(self, request: Request) -> Response:
        self.payload(request, LicenseSearch12Request)
        page = licenses12.search_licenses_12(actor=self.actor(request), request=self.envelope_of(request)["request"])
        return self.answer(request, page.answer(license_row))


class MispLicenseFilterValuesView(Mosip12APIView):
    """R68: filter values over the licenses in scope, each with its ``mispId``."""

    answers = {"POST": PLAIN}
    operations = {"POST": LICENSES_READ_12}

    @extend_schema(operation_id="pm12_misp_license_filter_values",
                   summary="R68 — filter values of MISP licenses (MOSIP 1.2)",
                   request=envelope_request("MispLicenseFilterValues12", LicenseFilterValues12Request),
                   responses=answer_schema("MispLicenseFilterValues12", FILTER_VALUES_OUT, PLAIN), tags=TAGS)
    def post(self, request: Request) -> Response:
        self.payload(request, LicenseFilterValues12Request)
        values = licenses12.license_filter_values_12(actor=self.actor(request),
                                                     request=self.envelope_of(request)["request"])
        return self.answer(request, values.answer())


literal_routes = [
    Route("/misps", MispLicensesView.as_view(), "pm12-misps"),
    Route("/misps/search", MispLicenseSearchView.as_view(), "pm12-misp-search"),
    Route("/misps/filtervalues", MispLicenseFilterValuesView.as_view(), "pm12-misp-filter-values"),
]
id_routes = [Route("/misps/<id12:misp_id>/licenseKey", MispLicenseKeyView.as_view(), "pm12-misp-license-key")]
