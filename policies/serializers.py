"""Request parsing and response shapes of the policy service (catalog §7, SPEC §9.8).

Requests accept every spelling the catalog lists; answers carry the union of the 1.0
and 1.1 field names so both generations of client find theirs.
"""

from rest_framework import serializers

from kernel.serializers import (
    ContextFreeOut,
    MasterRecordOut,
    MosipRequestSerializer,
    StrictBooleanField,
    StrictCharField,
    TextOrNumberField,
)


class PolicyGroupCreateRequest(MosipRequestSerializer):
    name = StrictCharField(max_length=128)
    desc = StrictCharField(max_length=256)
    aliases = {"name": ["policyGroupName"], "desc": ["description", "policyGroupDesc"]}


class PolicyGroupUpdateRequest(PolicyGroupCreateRequest):
    isActive = StrictBooleanField(required=False, allow_null=True)
    aliases = {**PolicyGroupCreateRequest.aliases, "isActive": ["is_Active", "active", "is_active"]}


class PolicyDocumentField(serializers.JSONField):
    """The ``policies`` document: a JSON object (its schema is checked by the service)."""

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            self.fail("invalid")
        return super().to_internal_value(data)


class PolicyCreateRequest(MosipRequestSerializer):
    """The 1.0 body (``name, desc, policies``) or the 1.1 body (``policyGroupName,
    policyType, version, policyId?`` as well)."""

    name = StrictCharField(max_length=128)
    desc = StrictCharField(max_length=256)
    policies = PolicyDocumentField()
    policyGroupName = StrictCharField(max_length=128, required=False, allow_blank=True, allow_null=True)
    policyType = StrictCharField(max_length=32, required=False, allow_null=True)
    version = TextOrNumberField(max_length=16, required=False, allow_blank=True, allow_null=True)
    policyId = StrictCharField(max_length=36, required=False, allow_blank=True, allow_null=True)
    aliases = {
        "name": ["policyName"],
        "desc": ["policyDesc", "description"],
        "policyGroupName": ["policyGroup"],
    }


class PolicyUpdateRequest(MosipRequestSerializer):
    name = StrictCharField(max_length=128)
    desc = StrictCharField(max_length=256)
    policies = PolicyDocumentField()
    version = TextOrNumberField(max_length=16, required=False, allow_blank=True, allow_null=True)
    aliases = {"name": ["policyName"], "desc": ["policyDesc", "description"]}


class PolicyStatusRequest(MosipRequestSerializer):
    status = StrictCharField(max_length=32)
    aliases = {"status": ["policyStatus"]}


class PolicyGroupOut(MasterRecordOut):
    id = serializers.CharField()
    name = serializers.CharField()
    desc = serializers.CharField(source="description")
    is_Active = serializers.BooleanField(source="is_active")
    isActive = serializers.BooleanField(source="is_active")


class PolicyOut(ContextFreeOut, MasterRecordOut):
    id = serializers.CharField()
    policyId = serializers.CharField(source="id")
    name = serializers.CharField()
    policyName = serializers.CharField(source="name")
    desc = serializers.CharField(source="description")
    policyDesc = serializers.CharField(source="description")
    policyGroupId = serializers.CharField(source="policy_group_id")
    policyGroupName = serializers.CharField(source="policy_group.name")
    policyType = serializers.CharField(source="policy_type")
    version = serializers.CharField()
    status = serializers.CharField()
    is_Active = serializers.BooleanField(source="is_active")
    policies = serializers.JSONField(source="document")


class PolicyGroupWithPoliciesOut(serializers.Serializer):
    policyGroup = PolicyGroupOut(source="*")
    policies = PolicyOut(many=True, source="policies.all")


class PolicyListOut(serializers.Serializer):
    policies = PolicyOut(many=True)


class StatusMessageOut(serializers.Serializer):
    message = serializers.CharField()
