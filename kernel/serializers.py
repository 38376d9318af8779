"""Serializer helpers: MOSIP field spellings accepted case-insensitively (catalog §13.2)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from django.core.validators import MaxLengthValidator
from django.db.models import Model
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.relations import PKOnlyObject
from rest_framework.validators import ProhibitSurrogateCharactersValidator

from .envelope import format_time


@dataclass(frozen=True)
class BeanMessages:
    """The texts one of MOSIP 1.2's DTOs declares on its ``@NotBlank``/``@NotNull`` and
    ``@Size`` constraints (1.2 catalog §18.3): ``empty`` for a text that is missing, null or
    blank, ``length`` (with ``{max}``) for a text longer than its ``max_length``."""

    empty: str
    length: str


# MOSIP 1.2's partner service (partners, keys, certificates, MISP licenses) ...
PARTNER_DTO = BeanMessages("value is empty or null", "Length should be between 1 and {max} chars")
# ... and its policy, device and FTM DTOs (one word more: "in between").
POLICY_DTO = BeanMessages("value is empty or null", "Length should be in between 1 and {max} chars")
DEVICE_DTO = POLICY_DTO

_EMPTY_KEYS = ("required", "null", "blank")


def _class_default(field: serializers.Field, key: str) -> str | None:
    """The text a field class gives ``key`` when the declaration names none."""
    for cls in type(field).__mro__:
        messages = cls.__dict__.get("default_error_messages") or {}
        if key in messages:
            return str(messages[key])
    return {"required": str(serializers.Field.default_error_messages["required"]),
            "null": str(serializers.Field.default_error_messages["null"])}.get(key)


def apply_bean_messages(field: serializers.Field, messages: BeanMessages) -> None:
    """Give one bound text field its DTO's texts, unless its declaration names its own
    (``error_messages={...}`` or a field class of its own wins)."""
    if not isinstance(field, serializers.CharField):
        return
    for key in _EMPTY_KEYS:
        if str(field.error_messages.get(key)) == _class_default(field, key):
            field.error_messages[key] = messages.empty
    if field.max_length is not None and str(field.error_messages.get("max_length")) == _class_default(field, "max_length"):
        text = messages.length.format(max=field.max_length)
        field.error_messages["max_length"] = text
        field.validators = [MaxLengthValidator(field.max_length, message=text) if isinstance(v, MaxLengthValidator)
                            else v for v in field.validators]


def _bound_on_a_prototype(cls) -> dict:
    """The fields of serializer class ``cls`` as DRF binds them, to an instance made only
    for that (no data, no context): what a class that shares its fields shares."""
    prototype = cls.__new__(cls)
    serializers.Serializer.__init__(prototype)
    return serializers.Serializer.fields.func(prototype)


def _reads_nothing_bound(fields) -> bool:
    """Whether none of these fields (nor a child of one) is a serializer, or has a validator
    or a default that is handed the field (``requires_context``): only those read the
    serializer, its context or its instance through the field's parent."""
    pending = list(fields.values())
    while pending:
        field = pending.pop()
        if isinstance(field, serializers.BaseSerializer):
            return False
        default = getattr(field, "default", serializers.empty)
        if getattr(default, "requires_context", False):
            return False
        if any(getattr(validator, "requires_context", False) for validator in field.validators):
            return False
        child = getattr(field, "child", None)
        if child is not None:
            pending.append(child)
    return True


class MosipRequestSerializer(serializers.Serializer):
    """Parses the ``request`` object of an envelope.

    Keys match declared field names case-insensitively; ``aliases`` adds other spellings,
    e.g. ``aliases = {"organizationName": ["name"]}``. The first spelling present wins.
    Unknown keys are ignored, as MOSIP's services ignore them.

    ``bean_messages`` names the texts the MOSIP DTO declares (``PARTNER_DTO``,
    ``POLICY_DTO``, ``DEVICE_DTO``): every text field then answers them for a missing,
    null, blank or too long value, unless the field declares its own ``error_messages``.
    None (the default) keeps Hibernate Validator's defaults ("must not be null", "must not
    be blank"), for the DTOs that declare no text. Nested request serializers declare
    their own.
    """

    aliases: dict[str, list[str]] = {}
    bean_messages: BeanMessages | None = None

    @property
    def fields(self):
        """The bound fields, built once per class and shared by its instances when no field
        can read the serializer it is bound to (``_reads_nothing_bound``), instead of being
        deep-copied from the declarations for every request, which was the largest part of
        parsing a machine client's body (docs/benchmark.md). A partial serializer, or a
        class with a nested serializer or a validator or default that reads the context,
        builds its own for each instance, as DRF does."""
        cls = type(self)
        shared = cls.__dict__.get("_pms_shared_fields")
        if shared is None:
            built = _bound_on_a_prototype(cls)
            shared = cls._pms_shared_fields = built if _reads_nothing_bound(built) else False
        if shared is not False and not self.partial:
            return shared
        own = self.__dict__.get("_pms_own_fields")
        if own is None:
            own = self.__dict__["_pms_own_fields"] = serializers.Serializer.fields.func(self)
        return own

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        if self.bean_messages is not None:
            for field in fields.values():
                apply_bean_messages(field, self.bean_messages)
        return fields

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, dict):
            raise serializers.ValidationError({"request": ["Expected a JSON object."]}, code="invalid")
        lowered = {str(k).lower(): k for k in data}
        normalised: dict[str, Any] = {}
        for name in self.fields:
            for spelling in [name, *self.aliases.get(name, [])]:
                original = lowered.get(spelling.lower())
                if original is not None:
                    normalised[name] = data[original]
                    break
        return super().to_internal_value(normalised)


class _NoSurrogates(ProhibitSurrogateCharactersValidator):
    """DRF's check, its message and code, by one search instead of a Python loop over every
    character (a device's ``deviceData`` is thousands of them)."""

    _FOUND = re.compile("[\ud800-\udfff]")

    def __call__(self, value):
        found = self._FOUND.search(str(value))
        if found is not None:
            raise ValidationError(self.message.format(code_point=ord(found.group())), code=self.code)


class StrictCharField(serializers.CharField):
    """A string field that refuses numbers, booleans and objects instead of coercing them."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = [_NoSurrogates() if type(v) is ProhibitSurrogateCharactersValidator else v
                           for v in self.validators]

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class TextOrNumberField(StrictCharField):
    """Text that MOSIP clients also send as a JSON number (the deployment client sends
    ``"version": 1``): a number is stored as its canonical text (``1`` → ``"1"``,
    ``1.0`` → ``"1.0"``); booleans, objects and non-finite numbers are refused."""

    def to_internal_value(self, data: Any) -> str:
        if isinstance(data, (int, float)) and not isinstance(data, bool):
            if not math.isfinite(data):
                self.fail("invalid")
            data = repr(data)
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """Only JSON ``true``/``false`` (and the strings "true"/"false")."""

    def to_internal_value(self, data: Any) -> bool:
        if isinstance(data, bool):
            return data
        if isinstance(data, str) and data.lower() in ("true", "false"):
            return data.lower() == "true"
        self.fail("invalid", input=data)


@extend_schema_field(OpenApiTypes.STR)
class MosipTimeField(serializers.Field):
    """Renders a datetime as ``yyyy-MM-ddTHH:mm:ss.SSSZ`` (UTC)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return format_time(value)


class MasterRecordOut(serializers.Serializer):
    """MOSIP's record columns, rendered by every master record's answer."""

    cr_by = serializers.CharField(source="created_by")
    cr_dtimes = MosipTimeField(source="created_at")
    up_by = serializers.CharField(source="updated_by")
    upd_dtimes = MosipTimeField(source="updated_at")

    def get_fields(self):
        fields = super().get_fields()
        for name in ("cr_by", "cr_dtimes", "up_by", "upd_dtimes"):  # last, as MOSIP's answers list them
            fields[name] = fields.pop(name)
        return fields


class ContextFreeOut:
    """For an answer serializer none of whose fields reads the request or the context (plain
    fields only): its fields are built and bound once per class, instead of deep-copied from
    the declarations on every use, which was most of what rendering a machine client's
    answer cost (docs/benchmark.md). Put it first: ``class PolicyOut(ContextFreeOut,
    MasterRecordOut)``. A method field or a nested serializer refuses it (TypeError), since
    either may read the context the cached fields would share."""

    @property
    def fields(self):
        cls = type(self)
        bound = cls.__dict__.get("_pms_bound_fields")
        if bound is None:
            bound = _bound_on_a_prototype(cls)
            for name, field in bound.items():
                if isinstance(field, (serializers.SerializerMethodField, serializers.BaseSerializer)):
                    raise TypeError(f"{cls.__name__}.{name} may read the context: ContextFreeOut does not fit")
            cls._pms_bound_fields = bound
        return bound

    def to_representation(self, instance):
        """DRF's ``Serializer.to_representation``, with each plain field's source read by
        ``getattr`` down a chain of model instances (DRF asks, of every step, whether it is
        a mapping and whether it is a callable to call). Anything else, a step that is not a
        model instance, a value that is callable, an error on the way, a field with its own
        ``get_attribute``, takes DRF's own path for that field, so the answer is the same."""
        cls = type(self)
        plan = cls.__dict__.get("_pms_plan")
        if plan is None:
            plan = cls._pms_plan = tuple(
                (field.field_name, tuple(field.source_attrs), field,
                 type(field).get_attribute is serializers.Field.get_attribute)
                for field in self.fields.values() if not field.write_only)
        answer = {}
        for name, attrs, field, plain in plan:
            value = instance
            if plain:
                try:
                    for attr in attrs:
                        if not isinstance(value, Model):
                            raise _NotPlain
                        value = getattr(value, attr)
                    if callable(value):
                        raise _NotPlain
                except Exception:  # DRF's path below decides what this means
                    plain = False
            if not plain:
                try:
                    value = field.get_attribute(instance)
                except serializers.SkipField:
                    continue
                if (value.pk if isinstance(value, PKOnlyObject) else value) is None:
                    answer[name] = None
                    continue
            answer[name] = None if value is None else field.to_representation(value)
        return answer


class _NotPlain(Exception):
    pass
