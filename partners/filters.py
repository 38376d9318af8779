"""Filters of the partner manager's lists (PM5, PM8), in MOSIP's query-parameter names."""

import django_filters

from kernel.filtering import CaseInsensitiveChoiceFilter

from .models import ApiKeyRequest, Partner, RequestStatus


class PartnerFilter(django_filters.FilterSet):
    policyGroupName = django_filters.CharFilter(field_name="policy_group__name", lookup_expr="iexact")
    partnerType = django_filters.CharFilter(field_name="partner_type__code", lookup_expr="iexact")
    isActive = django_filters.BooleanFilter(field_name="is_active")
    name = django_filters.CharFilter(field_name="name", lookup_expr="icontains")

    class Meta:
        model = Partner
        fields: list[str] = []


class ApiKeyRequestFilter(django_filters.FilterSet):
    partnerId = django_filters.CharFilter(field_name="partner_id")
    status = CaseInsensitiveChoiceFilter(field_name="status", choices=[(c.value, c.value) for c in RequestStatus]
                                         + [(c.label, c.value) for c in RequestStatus])

    class Meta:
        model = ApiKeyRequest
        fields: list[str] = []
