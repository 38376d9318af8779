"""The list shapes the 1.2 policy routes share: the legacy search page and filter values
(1.2 catalog §4.2, §4.3), as OpenAPI schemas, and the body checks MOSIP's DTOs make
before the search runs (bean validation: PMS_COR_001 with the field path)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

from kernel.mosip12 import Envelope12Errors


def search_page_shape(name: str, item: type[serializers.Serializer]) -> Any:
    """``PageResponseDto``: ``data`` null on an empty page."""
    return inline_serializer(name=name, fields={
        "fromRecord": serializers.IntegerField(), "toRecord": serializers.IntegerField(),
        "totalRecord": serializers.IntegerField(), "data": item(many=True, allow_null=True)})


FILTER_VALUES_SHAPE = inline_serializer(name="FilterValues12", fields={
    "filters": inline_serializer(name="FilterValue12", fields={
        "fieldID": serializers.CharField(), "fieldValue": serializers.CharField(allow_null=True),
        "fieldCode": serializers.CharField()}, many=True)})


def _invalid(message: str, path: str):
    return Envelope12Errors.INVALID_PARAMETER.error(message=message, path=path)


def check_filter_values_body(body: dict[str, Any], *, policy_type: bool = False) -> dict[str, Any]:
    """``FilterValueDto``: ``filters`` not null, each ``columnName`` not blank; the policy
    variant's ``policyType`` not null."""
    filters = body.get("filters")
    if filters is None:
        raise _invalid("must not be null", "request.filters")
    if isinstance(filters, list):
        for index, entry in enumerate(filters):
            name = entry.get("columnName") if isinstance(entry, dict) else None
            if not isinstance(name, str) or not name.strip():
                raise _invalid("must not be blank", f"request.filters[{index}].columnName")
    if policy_type and body.get("policyType") is None:
        raise _invalid("must not be null", "request.policyType")
    return body


def check_policy_search_body(body: dict[str, Any]) -> dict[str, Any]:
    """``PolicySearchDto``: ``policyType`` not null."""
    if body.get("policyType") is None:
        raise _invalid("must not be null", "request.policyType")
    return body
