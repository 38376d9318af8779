"""django-filter FilterSets on envelope list endpoints: a bad filter value is PMS_COR_002."""

from __future__ import annotations

from typing import Mapping

import django_filters
from django.db.models import QuerySet
from django_filters import fields as filter_fields

from .errors import KernelErrors, PmsError
from .text import match_choice


def apply_filters(filterset_class, params: Mapping[str, str], queryset: QuerySet) -> QuerySet:
    """The rows ``params`` select, or PMS_COR_002 naming every bad filter."""
    filterset = filterset_class(params, queryset=queryset)
    if not filterset.is_valid():
        raise PmsError.combine([
            KernelErrors.INVALID_INPUT.error(field=field, detail="; ".join(str(m) for m in messages))
            for field, messages in filterset.errors.items()
        ])
    return filterset.qs


class CaseInsensitiveChoiceField(filter_fields.ChoiceField):
    def to_python(self, value):
        value = super().to_python(value)
        return match_choice(value, [choice for choice, _label in self.choices]) or value


class CaseInsensitiveChoiceFilter(django_filters.ChoiceFilter):
    """``status=Published`` matches ``published``, as status values do everywhere (SPEC §3)."""

    field_class = CaseInsensitiveChoiceField
