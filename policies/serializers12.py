"""MOSIP 1.2's policy-service bodies and answers (1.2 catalog §9.1), beside the 1.0/1.1
ones in serializers.py.

Requests: bean validation as MOSIP 1.2's policy DTOs report it (catalog §18.3), one problem
at a time, ``PMS_COR_001`` ``Invalid request parameter - <message> :request.<field>``:
``value is empty or null`` for a missing or blank text, ``Length should be in between 1
and N chars`` for a long one. Answers: MOSIP's field names and time formats
(``LocalDateTime`` without zone, ``Timestamp`` with ``+00:00``, kernel.mosip12).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers
from rest_framework.fields import empty

from kernel.mosip12 import local_date_time, offset_date_time
from kernel.schema import _inner
from kernel.search import FilterValuesShape, SearchShape
from kernel.serializers import POLICY_DTO, MosipRequestSerializer, StrictBooleanField, StrictCharField

from .models import Policy, PolicyGroup
from .services.policies12 import POLICY_SCHEMA_URL

POLICY_TYPE_EMPTY = "value is empty or null. Allowed values Auth/DataShare/CredentialIssuance"


class Text12Field(StrictCharField):
    """A ``@NotBlank @Size(1..N)`` text of a 1.2 policy DTO: its texts come from the DTO's
    ``bean_messages = POLICY_DTO`` (kernel.serializers); ``blank_message`` where the DTO
    declares another one."""

    default_error_messages = {"invalid": "must be a string"}

    def __init__(self, max_length: int | None = None, *, blank_message: str | None = None, **kwargs: Any):
        if blank_message is not None:
            kwargs["error_messages"] = {key: blank_message for key in ("required", "null", "blank")}
        super().__init__(max_length=max_length, **kwargs)


class Document12Field(serializers.JSONField):
    """``policies``: a JSON object, checked against its type's schema by the service."""

    def run_validation(self, data: Any = empty) -> Any:
        if data is empty or data is None:
            raise serializers.ValidationError("must not be null", code="null")
        if not isinstance(data, dict):
            raise serializers.ValidationError("must be a JSON object", code="type")
        return data


class GroupCreate12Request(MosipRequestSerializer):
    """R43 ``PolicyGroupCreateRequestDto``."""

    bean_messages = POLICY_DTO

    name = Text12Field(128)
    desc = Text12Field(256)


class GroupUpdate12Request(GroupCreate12Request):
    """R44 ``PolicyGroupUpdateRequestDto``: ``isActive`` is needed (MOSIP fails without it)."""

    isActive = StrictBooleanField(error_messages={"invalid": "must be true or false"})


class PolicyCreate12Request(MosipRequestSerializer):
    """R51 ``PolicyCreateRequestDto``."""

    bean_messages = POLICY_DTO

    policyId = serializers.CharField(max_length=36, required=False, allow_blank=True, allow_null=True)
    policyGroupName = Text12Field(128)
    policyType = Text12Field(128, blank_message=POLICY_TYPE_EMPTY)
    name = Text12Field(128)
    desc = Text12Field(256)
    version = Text12Field(16)
    policies = Document12Field()


class PolicyUpdate12Request(MosipRequestSerializer):
    """R52 ``PolicyUpdateRequestDto`` (no ``policyType``: the type never changes)."""

    bean_messages = POLICY_DTO

    policyGroupName = Text12Field(128)
    name = Text12Field(128)
    desc = Text12Field(256)
    version = Text12Field(16)
    policies = Document12Field()


class Status12Request(serializers.Serializer):
    """R54 ``{status}`` (no bean validation: the service answers PMS_POL_045), R45/R55
    ``{status: "De-Activate"}`` (the service answers PMS_POL_073)."""

    status = serializers.CharField(required=False, allow_null=True)


class PolicySearch12Request(SearchShape):
    policyType = serializers.CharField(help_text="a policy type, or all")


class PolicyFilterValues12Request(FilterValuesShape):
    policyType = serializers.CharField(help_text="a policy type, or all")


def envelope_request_v2(name: str, inner: Any) -> Any:
    """A V2 request envelope (``requestTime``; the ``id`` is the route's API id)."""
    return inline_serializer(name=f"{name}RequestEnvelopeV2", fields={
        "id": serializers.CharField(), "version": serializers.CharField(),
        "requestTime": serializers.CharField(help_text="yyyy-MM-ddTHH:mm:ss.SSSZ (UTC), today"),
        "metadata": serializers.JSONField(required=False, allow_null=True), "request": _inner(inner)})


def envelope_request_v1(name: str, inner: Any) -> Any:
    return inline_serializer(name=f"{name}RequestEnvelope12", fields={
        "id": serializers.CharField(required=False, allow_null=True),
        "version": serializers.CharField(required=False, allow_null=True),
        "requesttime": serializers.CharField(required=False, help_text="yyyy-MM-ddTHH:mm:ss.SSSZ (UTC)"),
        "metadata": serializers.JSONField(required=False, allow_null=True), "request": _inner(inner)})


# --- answers -----------------------------------------------------------------------------

@extend_schema_field(OpenApiTypes.STR)
class LocalTimeField(serializers.Field):
    """A ``LocalDateTime`` (``2024-08-01T14:30:00.123``, UTC, no zone)."""

    def __init__(self, **kwargs: Any):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> Any:
        return local_date_time(value)


@extend_schema_field(OpenApiTypes.STR)
class OffsetTimeField(LocalTimeField):
    """A ``java.util.Date``/``Timestamp`` (``2024-08-01T14:30:00.000+00:00``)."""

    def to_representation(self, value: Any) -> Any:
        return offset_date_time(value)


class GroupCreate12Out(serializers.Serializer):
    """``PolicyGroupCreateResponseDto`` (R43, R44)."""

    id = serializers.CharField()
    name = serializers.CharField()
    desc = serializers.CharField(source="description")
    is_Active = serializers.BooleanField(source="is_active")
    cr_by = serializers.CharField(source="created_by")
    cr_dtimes = LocalTimeField(source="created_at")
    up_by = serializers.CharField(source="updated_by")
    upd_dtimes = LocalTimeField(source="updated_at")


class GroupRow12Out(serializers.Serializer):
    """The ``policy_group`` entity (R46 ``policyGroup``, R48 items). Groups are never
    deleted here: ``delDtimes`` null, ``isDeleted`` false; ``userId`` is the creator."""

    id = serializers.CharField()
    crBy = serializers.CharField(source="created_by")
    crDtimes = LocalTimeField(source="created_at")
    delDtimes = serializers.SerializerMethodField()
    desc = serializers.CharField(source="description")
    isActive = serializers.BooleanField(source="is_active")
    isDeleted = serializers.SerializerMethodField()
    name = serializers.CharField()
    updBy = serializers.CharField(source="updated_by")
    updDtimes = LocalTimeField(source="updated_at")
    userId = serializers.CharField(source="created_by")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_delDtimes(self, group: PolicyGroup) -> None:
        return None

    def get_isDeleted(self, group: PolicyGroup) -> bool:
        return False


def _schema(policy: Policy) -> str | None:
    return POLICY_SCHEMA_URL if policy.is_published_12 else None


class PolicyDto12Out(serializers.Serializer):
    """``PolicyDto`` (a policy inside R46/R47). ``status`` from the active flag alone:
    a deactivated policy reads ``DRAFTED``, as in MOSIP; ``validTill`` null (no end date here)."""

    policyId = serializers.CharField(source="id")
    policyName = serializers.CharField(source="name")
    policyDesc = serializers.CharField(source="description")
    publishDate = LocalTimeField(source="published_at", allow_null=True)
    validTill = LocalTimeField(source="valid_till", default=None, allow_null=True)
    status = serializers.CharField(source="status_12_legacy")
    version = serializers.CharField()
    schema = serializers.SerializerMethodField()
    is_Active = serializers.BooleanField(source="is_active")
    cr_by = serializers.CharField(source="created_by")
    cr_dtimes = LocalTimeField(source="created_at")
    up_by = serializers.CharField(source="updated_by")
    upd_dtimes = LocalTimeField(source="updated_at")
    policies = serializers.JSONField(source="document")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_schema(self, policy: Policy) -> str | None:
        return _schema(policy)


class PolicyResponse12Out(serializers.Serializer):
    """``PolicyResponseDto`` (R53, R56, R58, R59): the group's columns, then the policy's."""

    policyGroupId = serializers.CharField(source="policy_group.id")
    policyGroupName = serializers.CharField(source="policy_group.name")
    policyGroupDesc = serializers.CharField(source="policy_group.description")
    policyGroupStatus = serializers.BooleanField(source="policy_group.is_active")
    policyGroup_cr_by = serializers.CharField(source="policy_group.created_by")
    policyGroup_cr_dtimes = LocalTimeField(source="policy_group.created_at")
    policyGroup_up_by = serializers.CharField(source="policy_group.updated_by")
    policyGroup_upd_dtimes = LocalTimeField(source="policy_group.updated_at")
    policyId = serializers.CharField(source="id")
    policyName = serializers.CharField(source="name")
    policyDesc = serializers.CharField(source="description")
    policyType = serializers.CharField(source="policy_type")
    publishDate = LocalTimeField(source="published_at", allow_null=True)
    validTill = LocalTimeField(source="valid_till", default=None, allow_null=True)
    status = serializers.CharField(source="status_12_legacy")
    version = serializers.CharField()
    schema = serializers.SerializerMethodField()
    is_Active = serializers.BooleanField(source="is_active")
    cr_by = serializers.CharField(source="created_by")
    cr_dtimes = LocalTimeField(source="created_at")
    up_by = serializers.CharField(source="updated_by")
    upd_dtimes = LocalTimeField(source="updated_at")
    policies = serializers.JSONField(source="document")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_schema(self, policy: Policy) -> str | None:
        return _schema(policy)


class PolicyCreate12Out(serializers.Serializer):
    """``PolicyCreateResponseDto`` (R51, R52); ``cr_dtimes`` is a ``Timestamp``."""

    id = serializers.CharField()
    policyGroupName = serializers.CharField(source="policy_group.name")
    name = serializers.CharField()
    desc = serializers.CharField(source="description")
    is_Active = serializers.BooleanField(source="is_active")
    cr_by = serializers.CharField(source="created_by")
    cr_dtimes = OffsetTimeField(source="created_at")
    up_by = serializers.CharField(source="updated_by")
    upd_dtimes = LocalTimeField(source="updated_at")


class GroupWithPolicies12Out(serializers.Serializer):
    """R46, and each item of R47."""

    policyGroup = GroupRow12Out(source="*")
    policies = PolicyDto12Out(many=True, source="policies.all")


class ActiveGroup12Out(serializers.Serializer):
    """R50 items."""

    id = serializers.CharField()
    description = serializers.CharField()
    name = serializers.CharField()


class PolicySummary12Out(serializers.Serializer):
    """``PolicySummaryDto`` (R57 items)."""

    policyId = serializers.CharField(source="id")
    policyName = serializers.CharField(source="name")
    policyDescription = serializers.CharField(source="description")
    policyGroupId = serializers.CharField(source="policy_group_id")
    policyGroupName = serializers.CharField(source="policy_group.name")
    status = serializers.CharField(source="status_12")
    createdDateTime = LocalTimeField(source="created_at")


class SearchAuthPolicy12Out(serializers.Serializer):
    """``SearchAuthPolicy`` (R61 items): ``policies`` is the document as JSON text."""

    id = serializers.CharField()
    crBy = serializers.CharField(source="created_by")
    crDtimes = LocalTimeField(source="created_at")
    delDtimes = serializers.SerializerMethodField()
    desc = serializers.CharField(source="description")
    isActive = serializers.BooleanField(source="is_active")
    isDeleted = serializers.SerializerMethodField()
    name = serializers.CharField()
    policies = serializers.SerializerMethodField()
    updBy = serializers.CharField(source="updated_by")
    updDtimes = LocalTimeField(source="updated_at")
    validFromDate = LocalTimeField(source="published_at", allow_null=True)
    validToDate = LocalTimeField(source="valid_till", default=None, allow_null=True)
    version = serializers.CharField()
    policyType = serializers.CharField(source="policy_type")
    schema = serializers.SerializerMethodField()
    policyGroupId = serializers.CharField(source="policy_group_id")
    policyGroupName = serializers.CharField(source="policy_group.name")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_delDtimes(self, policy: Policy) -> None:
        return None

    def get_isDeleted(self, policy: Policy) -> bool:
        return False

    def get_policies(self, policy: Policy) -> str:
        import json

        return json.dumps(policy.document, separators=(",", ":"))

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_schema(self, policy: Policy) -> str | None:
        return _schema(policy)


class ActiveGroupPolicy12Out(serializers.Serializer):
    """R60 items."""

    policyGroupId = serializers.CharField(source="policy_group_id")
    policyGroupName = serializers.CharField(source="policy_group.name")
    id = serializers.CharField()
    name = serializers.CharField()
    descr = serializers.CharField(source="description")
    policyType = serializers.CharField(source="policy_type")


class GroupDeactivated12Out(serializers.Serializer):
    """R45's answer."""

    policyGroupId = serializers.CharField()
    isActive = serializers.BooleanField()


class PolicyDeactivated12Out(serializers.Serializer):
    """R55's answer."""

    policyId = serializers.CharField()
    isActive = serializers.BooleanField()


class StatusMessage12Out(serializers.Serializer):
    """R54's answer."""

    message = serializers.CharField()


class ConfigValue12Out(serializers.Serializer):
    """R63's answer."""

    key = serializers.CharField()
    value = serializers.CharField(allow_null=True)
