"""django-filter FilterSets on envelope list endpoints: a bad filter value is PMS_COR_002."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django_filters import fields as filter_fields

from .errors import KernelErrors


def apply_filters(filterset_class, request, queryset: QuerySet) -> QuerySet:
    filterset = filterset_class(request.query_params, queryset=queryset, request=request)
    if not filterset.is_valid():
        errors = [
            KernelErrors.INVALID_INPUT.error(field=field, detail="; ".join(str(m) for m in messages))
            for field, messages in filterset.errors.items()
        ]
        first = errors[0]
        first.extra = errors[1:]
        raise first
    return filterset.qs


class CaseInsensitiveChoiceField(filter_fields.ChoiceField):
    def to_python(self, value):
        value = super().to_python(value)
        for choice, _label in self.choices:
            if value and str(choice).lower() == str(value).lower():
                return choice
        return value


class CaseInsensitiveChoiceFilter(django_filters.ChoiceFilter):
    """``status=Published`` matches ``published``, as status values do everywhere (SPEC §3)."""

    field_class = CaseInsensitiveChoiceField
