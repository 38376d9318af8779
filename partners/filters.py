"""Filters of the partner manager's lists (PM5, PM8), in MOSIP's query-parameter names."""

import django_filters

from kernel.filtering import CaseInsensitiveChoiceFilter
from policies.models import PolicyGroup

from .models import ApiKeyRequest, Partner, PartnerTally, PartnerType, RequestStatus


class PartnerFilter(django_filters.FilterSet):
    policyGroupName = django_filters.CharFilter(field_name="policy_group__name", lookup_expr="iexact")
    partnerType = django_filters.CharFilter(method="filter_partner_type")
    isActive = django_filters.BooleanFilter(field_name="is_active")
    name = django_filters.CharFilter(field_name="name", lookup_expr="icontains")

    class Meta:
        model = Partner
        fields: list[str] = []

    def filter_partner_type(self, queryset, name, value):
        """The type's code is found first (any case, in the small type table), then the
        partners by the column itself: ``UPPER(code)`` across a join hid the type's share
        of the partners from PostgreSQL's planner, which then sorted every partner of the
        type instead of reading the list's index (docs/benchmark.md)."""
        code = PartnerType.objects.filter(code__iexact=value).values_list("code", flat=True).first()
        return queryset.filter(partner_type_id=code) if code is not None else queryset.none()


class PartnerTallyFilter(django_filters.FilterSet):
    """``PartnerFilter``'s filters that the tally can answer, by the same parameter names
    and parsing; ``name`` has no tally (``TALLY_BLIND``)."""

    policyGroupName = django_filters.CharFilter(method="filter_group_name")
    partnerType = django_filters.CharFilter(method="filter_partner_type")
    isActive = django_filters.BooleanFilter(field_name="is_active")

    class Meta:
        model = PartnerTally
        fields: list[str] = []

    def filter_group_name(self, queryset, name, value):
        return queryset.filter(policy_group_key__in=PolicyGroup.objects.filter(name__iexact=value).values("id"))

    def filter_partner_type(self, queryset, name, value):
        return queryset.filter(partner_type_key__in=PartnerType.objects.filter(code__iexact=value).values("code"))


TALLY_BLIND = ("name",)


class ApiKeyRequestFilter(django_filters.FilterSet):
    partnerId = django_filters.CharFilter(field_name="partner_id")
    status = CaseInsensitiveChoiceFilter(field_name="status", choices=[(c.value, c.value) for c in RequestStatus]
                                         + [(c.label, c.value) for c in RequestStatus])

    class Meta:
        model = ApiKeyRequest
        fields: list[str] = []
