"""Request serializers share their bound fields between instances
(``MosipRequestSerializer.fields``) only where no field can read the serializer it is
bound to; every request serializer of the service answers the same validated data and the
same errors either way, over inputs of every shape."""

from __future__ import annotations

import pytest
from django.urls import get_resolver
from rest_framework import serializers

from kernel.serializers import MosipRequestSerializer

pytestmark = pytest.mark.django_db


def _every_request_serializer() -> list[type]:
    assert get_resolver().url_patterns  # loads every view, and so every serializer
    found, pending = [], [MosipRequestSerializer]
    while pending:
        cls = pending.pop()
        for sub in cls.__subclasses__():
            if sub not in found:
                found.append(sub)
                pending.append(sub)
    return found


def _inputs(cls) -> list:
    names = list(cls._declared_fields)
    values = ["x", "", None, 1, 1.5, True, [], ["a"], {}, {"a": "b"}, "2026-12-06T07:00:00.000Z", "A" * 300]
    shaped = [{name: value for name in names} for value in values]
    shaped += [{name.lower(): "x" for name in names}, {name.upper(): 1 for name in names}]
    shaped += [{name: "x" for name in names[:i]} for i in range(len(names))]  # each missing in turn
    return [{}, [], "text", None, *shaped]


def _outcome(cls, data):
    serializer = cls(data=data, context={"request": None, "view": None})
    valid = serializer.is_valid()
    return valid, serializer.validated_data if valid else serializer.errors


def test_every_request_serializer_answers_the_same_with_shared_fields():
    classes = _every_request_serializer()
    assert len(classes) > 60
    shared = 0
    for cls in classes:
        own = cls.__dict__.get("_pms_shared_fields")
        assert cls(data={}).fields is not None  # decides whether the class shares
        decided = cls.__dict__["_pms_shared_fields"]
        shared += decided is not False
        for data in _inputs(cls):
            with_shared = _outcome(cls, data)
            cls._pms_shared_fields = False  # DRF's way: fields built for each instance
            try:
                own_fields = _outcome(cls, data)
            finally:
                cls._pms_shared_fields = decided
            assert repr(with_shared) == repr(own_fields), (cls.__name__, data)
        if own is None:
            del cls._pms_shared_fields
    assert shared > len(classes) // 2


def test_a_field_that_reads_its_serializer_keeps_per_instance_fields():
    class ReadsContext(MosipRequestSerializer):
        name = serializers.CharField(default=serializers.CreateOnlyDefault("x"))

    class Nested(MosipRequestSerializer):
        inner = ReadsContext()

    class Plain(MosipRequestSerializer):
        name = serializers.CharField()
        tags = serializers.ListField(child=serializers.CharField())

    for cls, shares in ((ReadsContext, False), (Nested, False), (Plain, True)):
        first, second = cls(data={}), cls(data={})
        assert (first.fields is second.fields) is shares, cls
        assert cls(data={}, partial=True).fields is not first.fields
