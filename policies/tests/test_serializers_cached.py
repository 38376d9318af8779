"""PolicyOut builds its fields once per class (kernel.serializers.ContextFreeOut): the
answer is the one a plain DRF serializer gives, for one policy and for many, and a
serializer whose fields could read the context refuses the cache."""

import pytest
from rest_framework import serializers

from kernel.serializers import ContextFreeOut
from policies.models import Policy
from policies.serializers import PolicyOut

from .factories import PolicyFactory

pytestmark = pytest.mark.django_db


class PlainPolicyOut(PolicyOut):
    fields = serializers.Serializer.fields  # DRF's own: deep-copied for every instance


def test_the_cached_fields_render_what_plain_drf_renders(banking):
    made = PolicyFactory(policy_group=banking, name="KYC Policy")
    policy = Policy.objects.select_related("policy_group").get(pk=made.pk)
    assert PolicyOut(policy).data == PlainPolicyOut(policy).data
    assert list(PolicyOut(policy).data) == list(PlainPolicyOut(policy).data)
    assert PolicyOut(policy).fields is PolicyOut(policy).fields  # built once
    assert PlainPolicyOut(policy).fields is not PlainPolicyOut(policy).fields  # the comparison is DRF's own path
    assert PolicyOut([policy, policy], many=True).data == [PlainPolicyOut(policy).data] * 2


def test_a_serializer_that_could_read_the_context_refuses_the_cache():
    class Risky(ContextFreeOut, serializers.Serializer):
        who = serializers.SerializerMethodField()

        def get_who(self, obj):
            return self.context.get("request")

    with pytest.raises(TypeError):
        _ = Risky({}).fields


class EveryKindOut(ContextFreeOut, serializers.Serializer):
    name = serializers.CharField()
    group = serializers.CharField(source="policy_group.name")
    whole = serializers.CharField(source="*")
    nothing = serializers.CharField(source="deactivated_through", allow_null=True, required=False)
    called = serializers.CharField(source="__str__")
    group_pk = serializers.PrimaryKeyRelatedField(source="policy_group", read_only=True)
    document = serializers.JSONField()


class PlainEveryKindOut(EveryKindOut):
    to_representation = serializers.Serializer.to_representation  # DRF's own path


def test_every_kind_of_source_renders_what_drf_renders(banking):
    made = PolicyFactory(policy_group=banking, name="KYC Policy")
    policy = Policy.objects.select_related("policy_group").get(pk=made.pk)
    assert EveryKindOut(policy).data == PlainEveryKindOut(policy).data
    assert list(EveryKindOut(policy).data) == list(PlainEveryKindOut(policy).data)
    as_dict = {"name": "n", "policy_group": {"name": "g"}, "document": {}, "__str__": "s", "deactivated_through": None}
    with pytest.raises(Exception) as fast:
        _ = EveryKindOut(as_dict).data  # a dict has no pk for the related field: DRF's own error
    with pytest.raises(Exception) as drf:
        _ = PlainEveryKindOut(as_dict).data
    assert type(fast.value) is type(drf.value) and str(fast.value) == str(drf.value)
