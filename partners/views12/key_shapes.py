"""Bodies and answers of MOSIP 1.2's policy-request and API-key routes (1.2 catalog §7):
MOSIP's field names in, MOSIP's DTOs out (``partners.views12.keys``, ``key_searches``)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, inline_serializer
from rest_framework import serializers

from kernel.envelope import format_time
from kernel.mosip12 import V1, local_date_time
from kernel.serializers import PARTNER_DTO, MosipRequestSerializer

from ..models import ApiKeyRequest, ApprovalStatus, PartnerApiKey, RequestStatus
from ..services import mapping

TAGS = ["partnermanager (1.2): policy requests and API keys"]
RETRIEVE = V1("mosip.partnermanagement.partners.retrieve", "1.0")
ECHO = V1(echo=True)


# --- bodies ---------------------------------------------------------------------------------

class PolicyMapRequest(MosipRequestSerializer):
    """R20 ``{policyName, useCaseDescription}`` (``@NotNull``)."""

    bean_messages = PARTNER_DTO

    policyName = serializers.CharField(allow_blank=True, max_length=128)
    useCaseDescription = serializers.CharField(allow_blank=True, max_length=4000)


class PolicyDecisionRequest(MosipRequestSerializer):
    """R21 ``{status}`` (``@NotBlank``): ``approved`` or ``rejected``, any case."""

    bean_messages = PARTNER_DTO

    status = serializers.CharField()


class GenerateApiKeyRequest(MosipRequestSerializer):
    """R22 ``{policyName, label}`` (``@NotBlank``; the label column holds 36 characters)."""

    bean_messages = PARTNER_DTO

    policyName = serializers.CharField(max_length=128)
    label = serializers.CharField(max_length=36, trim_whitespace=False)

    def validate_label(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError(self.fields["label"].error_messages["blank"], code="blank")
        return value


class KeyStatusRequest(MosipRequestSerializer):
    """R23 ``{label, status}`` (``@NotBlank``): ``Active`` or ``De-Active``, any case."""

    bean_messages = PARTNER_DTO

    label = serializers.CharField(max_length=36, trim_whitespace=False)
    status = serializers.CharField()

    def validate_label(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError(self.fields["label"].error_messages["blank"], code="blank")
        return value


class KeyPolicyChangeRequest(MosipRequestSerializer):
    """R30 ``{oldPolicyID, newPolicyID}`` (``@NotNull``)."""

    bean_messages = PARTNER_DTO

    oldPolicyID = serializers.CharField(allow_blank=True, max_length=36)
    newPolicyID = serializers.CharField(allow_blank=True, max_length=36)


class KeySearch12Request(MosipRequestSerializer):
    """A legacy search body (1.2 catalog §4.2); read by kernel.search."""

    filters = serializers.ListField(child=serializers.DictField(), required=False)
    sort = serializers.ListField(child=serializers.DictField(), required=False)
    pagination = serializers.DictField(required=False)


class KeyFilterValues12Request(MosipRequestSerializer):
    """A filter-values body (1.2 catalog §4.3); read by kernel.search."""

    filters = serializers.ListField(child=serializers.DictField())
    optionalFilters = serializers.ListField(child=serializers.DictField(), required=False)


# --- answers --------------------------------------------------------------------------------

def _partner_status(partner) -> str:
    """R24's ``partnerStatus``: approved and active ``activated``, approved and inactive
    ``deactivated``, else the partner's approval status as stored (``InProgress``, ``rejected``)."""
    if partner.approval_status == ApprovalStatus.APPROVED:
        return "activated" if partner.is_active else "deactivated"
    return partner.approval_status


class PolicyRequestSummaryOut(serializers.Serializer):
    """R24 item (``PartnerPolicyRequestSummaryDto``)."""

    id = serializers.CharField()
    partnerId = serializers.CharField(source="partner_id")
    partnerStatus = serializers.SerializerMethodField()
    orgName = serializers.CharField(source="partner.name")
    policyName = serializers.CharField(source="policy.name")
    policyGroupId = serializers.CharField(source="policy.policy_group_id")
    policyGroupName = serializers.CharField(source="policy.policy_group.name")
    partnerComment = serializers.CharField(source="use_case")
    status = serializers.SerializerMethodField()
    createdDateTime = serializers.SerializerMethodField()
    partnerType = serializers.CharField(source="partner.partner_type_id")
    policyId = serializers.CharField(source="policy_id")
    updatedDateTime = serializers.SerializerMethodField()
    policyDescription = serializers.CharField(source="policy.description")
    policyGroupDescription = serializers.CharField(source="policy.policy_group.description")

    def get_partnerStatus(self, row: ApiKeyRequest) -> str:
        return _partner_status(row.partner)

    def get_status(self, row: ApiKeyRequest) -> str:
        return mapping.status_12(row.status)

    def get_createdDateTime(self, row: ApiKeyRequest) -> str | None:
        return local_date_time(row.created_at)

    def get_updatedDateTime(self, row: ApiKeyRequest) -> str | None:
        return local_date_time(row.decided_at)


class ApiKeySummaryOut(serializers.Serializer):
    """R25 item (``ApiKeyRequestSummaryDto``): never the key's value."""

    partnerId = serializers.CharField(source="partner_id")
    apiKeyLabel = serializers.CharField(source="label")
    orgName = serializers.CharField(source="partner.name")
    policyName = serializers.CharField(source="policy.name")
    policyId = serializers.CharField(source="policy_id")
    policyDescription = serializers.CharField(source="policy.description")
    policyGroupId = serializers.CharField(source="policy.policy_group_id")
    policyGroupName = serializers.CharField(source="policy.policy_group.name")
    policyGroupDescription = serializers.CharField(source="policy.policy_group.description")
    status = serializers.SerializerMethodField()
    createdDateTime = serializers.SerializerMethodField()

    def get_status(self, key: PartnerApiKey) -> str:
        return "activated" if key.is_active else "deactivated"

    def get_createdDateTime(self, key: PartnerApiKey) -> str | None:
        return local_date_time(key.created_at)


def page_of(item: type[serializers.Serializer], name: str):
    return inline_serializer(name=name, fields={
        "pageNo": serializers.IntegerField(), "pageSize": serializers.IntegerField(),
        "totalResults": serializers.IntegerField(), "data": item(many=True)})


class KeyRequestOut(serializers.Serializer):
    """R26 item (``APIkeyRequests``): the 1.0 key of an approved request (labelled with
    its id), its value for the partner's owner only."""

    apiKeyReqID = serializers.CharField(source="id")
    apiKeyRequestStatus = serializers.SerializerMethodField()
    partnerApiKey = serializers.SerializerMethodField()
    apikeyStatus = serializers.SerializerMethodField()
    validityTill = serializers.SerializerMethodField()

    def get_apiKeyRequestStatus(self, row: ApiKeyRequest) -> str:
        return mapping.status_12(row.status)

    def get_partnerApiKey(self, row: ApiKeyRequest) -> str | None:
        return self.context.get("values", {}).get(row.id)

    def _key(self, row: ApiKeyRequest) -> PartnerApiKey | None:
        return row.api_key if row.status == RequestStatus.APPROVED else None

    def get_apikeyStatus(self, row: ApiKeyRequest) -> bool | None:
        key = self._key(row)
        return key.is_active if key is not None else None

    def get_validityTill(self, row: ApiKeyRequest) -> str | None:
        key = self._key(row)
        return format_time(key.valid_to) if key is not None else None


class ManagedKeyRequestOut(serializers.Serializer):
    """R27/R28 item (``ApikeyRequests``); ``policyDesc`` holds the request's text, as MOSIP."""

    partnerID = serializers.CharField(source="partner_id")
    status = serializers.SerializerMethodField()
    organizationName = serializers.CharField(source="partner.name")
    policyId = serializers.CharField(source="policy_id")
    policyDesc = serializers.CharField(source="use_case")
    apiKeyReqNo = serializers.CharField(source="id")

    def get_status(self, row: ApiKeyRequest) -> str:
        return mapping.status_12(row.status)


class RequestSearchOut(serializers.Serializer):
    """R31 item (``PolicyRequestSearchResponseDto``)."""

    apikeyRequestId = serializers.CharField(source="id")
    partnerId = serializers.CharField(source="partner_id")
    partnerName = serializers.CharField(source="partner.name")
    policyId = serializers.CharField(source="policy_id")
    policyName = serializers.CharField(source="policy.name")
    requestDatetimes = serializers.SerializerMethodField()
    requestDetail = serializers.CharField(source="use_case")
    statusCode = serializers.SerializerMethodField()
    crBy = serializers.CharField(source="created_by")
    crDtimes = serializers.SerializerMethodField()
    updBy = serializers.CharField(source="updated_by")
    updDtimes = serializers.SerializerMethodField()
    isDeleted = serializers.SerializerMethodField()
    delDtimes = serializers.SerializerMethodField()

    def get_requestDatetimes(self, row) -> str | None:
        return local_date_time(row.created_at)

    def get_statusCode(self, row) -> str:
        return mapping.status_12(row.status)

    def get_crDtimes(self, row) -> str | None:
        return local_date_time(row.created_at)

    def get_updDtimes(self, row) -> str | None:
        return local_date_time(row.updated_at)

    def get_isDeleted(self, row) -> bool:
        return False

    def get_delDtimes(self, row) -> str | None:
        return None


class KeySearchOut(serializers.Serializer):
    """R33 item (``PartnerPolicySearchResponseDto``): no key value; ``policyName`` null, as MOSIP."""

    label = serializers.CharField()
    crBy = serializers.CharField(source="created_by")
    crDtimes = serializers.SerializerMethodField()
    delDtimes = serializers.SerializerMethodField()
    isActive = serializers.BooleanField(source="is_active")
    isDeleted = serializers.SerializerMethodField()
    policyId = serializers.CharField(source="policy_id")
    policyName = serializers.SerializerMethodField()
    updBy = serializers.CharField(source="updated_by")
    updDtimes = serializers.SerializerMethodField()
    validFromDatetime = serializers.SerializerMethodField()
    validToDatetime = serializers.SerializerMethodField()
    partnerId = serializers.CharField(source="partner_id")
    partnerName = serializers.CharField(source="partner.name")

    def get_crDtimes(self, key) -> str | None:
        return local_date_time(key.created_at)

    def get_delDtimes(self, key) -> str | None:
        return None

    def get_isDeleted(self, key) -> bool:
        return False

    def get_policyName(self, key) -> str | None:
        return None

    def get_updDtimes(self, key) -> str | None:
        return local_date_time(key.updated_at)

    def get_validFromDatetime(self, key) -> str | None:
        return local_date_time(key.valid_from)

    def get_validToDatetime(self, key) -> str | None:
        return local_date_time(key.valid_to)


def search_page_of(item: type[serializers.Serializer], name: str):
    return inline_serializer(name=name, fields={
        "fromRecord": serializers.IntegerField(), "toRecord": serializers.IntegerField(),
        "totalRecord": serializers.IntegerField(), "data": item(many=True, allow_null=True)})


FILTER_VALUES_OUT = inline_serializer(name="KeyRequestFilterValues", fields={
    "filters": inline_serializer(name="KeyRequestFilterValue", many=True, fields={
        "fieldID": serializers.CharField(), "fieldValue": serializers.CharField(allow_null=True),
        "fieldCode": serializers.CharField()})})
MESSAGE = inline_serializer(name="Keys12Message", fields={"message": serializers.CharField()})
LIST_PARAMETERS = [OpenApiParameter(name, str, required=False) for name in ("sortFieldName", "sortType")] + \
                  [OpenApiParameter(name, int, required=False) for name in ("pageNo", "pageSize")]


