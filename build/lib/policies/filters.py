"""Filters of the policy list (P4), in MOSIP's query-parameter names."""

import django_filters

from kernel.filtering import CaseInsensitiveChoiceFilter

from .models import Policy, PolicyStatus, PolicyType


class PolicyFilter(django_filters.FilterSet):
    policyGroupId = django_filters.CharFilter(field_name="policy_group_id")
    policyGroupName = django_filters.CharFilter(field_name="policy_group__name", lookup_expr="iexact")
    policyType = CaseInsensitiveChoiceFilter(field_name="policy_type", choices=PolicyType.choices)
    status = CaseInsensitiveChoiceFilter(field_name="status", choices=PolicyStatus.choices)
    name = django_filters.CharFilter(field_name="name", lookup_expr="icontains")

    class Meta:
        model = Policy
        fields: list[str] = []
