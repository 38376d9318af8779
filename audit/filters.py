"""Filters of the audit read API (SPEC §7): ``eventId``, ``id`` (reference id), ``from``, ``to``."""

import django_filters
from django import forms

from kernel.envelope import parse_time
from kernel.errors import PmsError

from .models import AuditEvent


class MosipTimeField(forms.Field):
    def to_python(self, value):
        if value in (None, ""):
            return None
        try:
            return parse_time(value, "time")
        except PmsError:
            raise forms.ValidationError("expected yyyy-MM-ddTHH:mm:ss.SSSZ (UTC) or an ISO-8601 time with offset") from None


class MosipTimeFilter(django_filters.Filter):
    field_class = MosipTimeField


class AuditEventFilter(django_filters.FilterSet):
    eventId = django_filters.CharFilter(field_name="event_id")
    id = django_filters.CharFilter(field_name="ref_id")
    # ``from`` is a Python keyword, so these two are declared through the class namespace.
    vars()["from"] = MosipTimeFilter(field_name="action_time", lookup_expr="gte")
    vars()["to"] = MosipTimeFilter(field_name="action_time", lookup_expr="lte")

    class Meta:
        model = AuditEvent
        fields: list[str] = []
