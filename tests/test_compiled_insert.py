"""kernel.postgresql.compiler: a single row's INSERT, written once per statement shape, is
Django's own statement with Django's own parameters, for every model of the service and for
values of every kind; what it does not cover is left to Django's code."""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import uuid
from unittest import mock

import pytest
from django.apps import apps
from django.db import connection, models
from django.db.backends.postgresql import compiler as django_compiler
from django.db.models.functions import Now, Upper
from django.db.models.sql import InsertQuery
from django.utils.functional import lazy

from kernel.postgresql import compiler as kernel_compiler
from tests.support import compiled_insert

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

MOMENT = dt.datetime(2026, 12, 6, 10, 30, 15, 123456, tzinfo=dt.timezone.utc)
ELSEWHERE = dt.datetime(2026, 12, 6, 16, 0, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30)))


class Colour(models.TextChoices):
    RED = "RED"


class Plain(str, enum.Enum):
    ONE = "one"


def _sample(field):
    """A stored-like value for ``field`` (the same for both compilers)."""
    if isinstance(field, models.ForeignKey):
        return _sample(field.target_field)
    if isinstance(field, models.BooleanField):
        return True
    if isinstance(field, models.DateTimeField):
        return MOMENT
    if isinstance(field, models.DateField):
        return MOMENT.date()
    if isinstance(field, (models.AutoField, models.BigAutoField, models.SmallAutoField)):
        return 7
    if isinstance(field, models.IntegerField):
        return 7
    if isinstance(field, models.DecimalField):
        return decimal.Decimal("1.5")
    if isinstance(field, models.FloatField):
        return 1.5
    if isinstance(field, models.UUIDField):
        return uuid.UUID("12345678-1234-5678-1234-567812345678")
    if isinstance(field, models.JSONField):
        return {"a": [1, "b"], "é": None}
    if isinstance(field, models.BinaryField):
        return b"\x00\x01\xff"
    if isinstance(field, models.GenericIPAddressField):
        return "10.0.0.1"
    if isinstance(field, (models.CharField, models.TextField)):
        return "text é ✓"
    raise AssertionError(f"no sample value for {field!r}: add one")


def _instance(model, overrides=None):
    obj = model()
    for field in model._meta.local_concrete_fields:
        if field is model._meta.auto_field:
            continue
        setattr(obj, field.attname, _sample(field))
    for name, value in (overrides or {}).items():
        setattr(obj, name, value)
    return obj


def _fields(model):
    return [f for f in model._meta.local_concrete_fields if f is not model._meta.auto_field]


def _statements(model, objs, fields, returning, compiler_class=None, **options):
    query = InsertQuery(model, **options)
    query.insert_values(fields, objs, raw=False)
    if compiler_class is None:
        compiler = query.get_compiler("default")
        assert type(compiler) is kernel_compiler.SQLInsertCompiler
    else:
        compiler = compiler_class(query, connection, "default")
    compiler.returning_fields = returning
    return compiler.as_sql()


def _both(model, obj, fields=None, returning=None, **options):
    """(ours, Django's), ours asked twice so that the second comes from the kept plan."""
    fields = _fields(model) if fields is None else fields
    returning = list(model._meta.db_returning_fields) if returning is None else returning
    with mock.patch("django.utils.timezone.now", return_value=MOMENT):
        _statements(model, [obj], fields, returning, **options)
        ours = _statements(model, [obj], fields, returning, **options)
        djangos = _statements(model, [obj], fields, returning, django_compiler.SQLInsertCompiler, **options)
    return ours, djangos


def _assert_same(ours, djangos):
    assert len(ours) == len(djangos) == 1
    assert ours[0][0] == djangos[0][0]
    assert len(ours[0][1]) == len(djangos[0][1])
    for mine, theirs in zip(ours[0][1], djangos[0][1], strict=True):
        assert type(mine) is type(theirs), (mine, theirs)
        if hasattr(mine, "obj"):
            assert mine.obj == theirs.obj
        else:
            assert mine == theirs


@pytest.fixture(autouse=True)
def _unshadowed(monkeypatch):
    # The shadow answers Django's statement: here ours is compared with Django's by hand.
    monkeypatch.setattr(kernel_compiler, "shadow_checks", [])


def test_every_model_with_and_without_returning_is_djangos_statement():
    models_seen = 0
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        models_seen += 1
        for returning in (list(model._meta.db_returning_fields), []):
            obj = _instance(model)
            ours, djangos = _both(model, obj, returning=returning)
            _assert_same(ours, djangos)
            key = (model, tuple(_fields(model)), tuple(returning), False)
            assert key in kernel_compiler._plans, model
    assert models_seen > 40  # the service's models, their history models, Django's own


@pytest.mark.parametrize("value", [
    None, 5, 5.5, "", "a\x00b"[0:1], Colour.RED, Plain.ONE, lazy(lambda: "lazy text", str)(),
    uuid.UUID(int=3), ELSEWHERE,
], ids=repr)
def test_any_value_in_a_text_column_is_prepared_as_django_prepares_it(value):
    from devices.models import DeviceProvider

    obj = _instance(DeviceProvider, {"vendor_name": value, "address": value if value is not None else ""})
    _assert_same(*_both(DeviceProvider, obj))


@pytest.mark.parametrize("value", [None, MOMENT, ELSEWHERE, "2026-12-06T10:00:00Z"], ids=repr)
def test_any_value_in_a_datetime_column_is_prepared_as_django_prepares_it(value):
    from devices.models import RegisteredDevice

    obj = _instance(RegisteredDevice, {"digital_id_time": value})
    _assert_same(*_both(RegisteredDevice, obj))


@pytest.mark.parametrize("value", [MOMENT.replace(tzinfo=None), MOMENT.date()], ids=repr)
def test_a_naive_datetime_is_made_aware_with_djangos_warning(value):
    from devices.models import RegisteredDevice

    obj = _instance(RegisteredDevice, {"digital_id_time": value})
    with pytest.warns(RuntimeWarning, match="naive datetime"):
        _assert_same(*_both(RegisteredDevice, obj))


@pytest.mark.parametrize("value", [True, False, None, 1, 0], ids=repr)
def test_any_value_in_a_boolean_column_is_prepared_as_django_prepares_it(value):
    from devices.models import DeviceProvider

    obj = _instance(DeviceProvider, {"is_active": value})
    _assert_same(*_both(DeviceProvider, obj))


@pytest.mark.parametrize("value", ["PROV", None, 12, ""], ids=repr)
def test_any_value_in_a_foreign_key_to_a_text_key_is_prepared_as_django_prepares_it(value):
    from devices.models import RegisteredDevice

    obj = _instance(RegisteredDevice, {"device_provider_id": value})
    _assert_same(*_both(RegisteredDevice, obj))


def test_auto_now_columns_take_the_moment_of_the_insert():
    from devices.models import DeviceProvider

    obj = _instance(DeviceProvider, {"created_at": None, "updated_at": None})
    later = MOMENT + dt.timedelta(hours=1)
    _both(DeviceProvider, obj)
    with mock.patch("django.utils.timezone.now", return_value=later):
        [(sql, params)] = _statements(DeviceProvider, [obj], _fields(DeviceProvider), [])
    stamped = [f for f in _fields(DeviceProvider) if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    assert stamped
    for field in stamped:
        assert params[_fields(DeviceProvider).index(field)] == later
        assert getattr(obj, field.attname) == later


@pytest.mark.parametrize("expression", [Now(), Upper(models.Value("upper me")), models.Value("as value")], ids=repr)
def test_an_expression_value_is_djangos_statement(expression):
    from devices.models import DeviceProvider

    field = "vendor_name" if not isinstance(expression, Now) else "created_at"
    obj = _instance(DeviceProvider, {field: expression})
    _assert_same(*_both(DeviceProvider, obj))


def test_several_rows_and_on_conflict_are_left_to_django():
    from django.db.models.constants import OnConflict

    from devices.models import DeviceProvider

    fields = _fields(DeviceProvider)
    objs = [_instance(DeviceProvider, {"id": "A"}), _instance(DeviceProvider, {"id": "B"})]
    with mock.patch("django.utils.timezone.now", return_value=MOMENT):
        for _ in range(2):
            ours = _statements(DeviceProvider, objs, fields, [])
        assert ours == _statements(DeviceProvider, objs, fields, [], django_compiler.SQLInsertCompiler)
        one = [objs[0]]
        for _ in range(2):
            ours = _statements(DeviceProvider, one, fields, [], on_conflict=OnConflict.IGNORE)
        _assert_same(ours, _statements(DeviceProvider, one, fields, [], django_compiler.SQLInsertCompiler,
                                       on_conflict=OnConflict.IGNORE))
    assert "ON CONFLICT DO NOTHING" in ours[0][0]


def test_saving_through_the_orm_stores_the_row_and_its_history(monkeypatch):
    """The whole way round: a saved instance reads back as written, its history row too."""
    from devices.models import DeviceProvider

    for number in range(3):
        provider = DeviceProvider(id=f"P-{number}", vendor_name=f"Vendor é {number}", address="Street",
                                  email="v@example.org", contact_number="123", certificate_alias="", is_active=True)
        provider.save(force_insert=True)
        stored = DeviceProvider.objects.get(pk=provider.pk)
        for field in _fields(DeviceProvider):
            assert getattr(stored, field.attname) == getattr(provider, field.attname), field
        history = stored.history.get()
        assert (history.vendor_name, history.history_type) == (provider.vendor_name, "+")


def test_the_suite_shadows_every_insert_on_postgresql(monkeypatch):
    """conftest.py installs the comparison with Django's code for the whole suite."""
    from devices.models import DeviceProvider

    monkeypatch.setattr(kernel_compiler, "shadow_checks", [compiled_insert.compare])
    seen = compiled_insert.checked[0]
    for number in range(2):  # the first writes the plan, the second is compared
        DeviceProvider(id=f"S-{number}", vendor_name=f"Vendor {number}", address="Street", email="v@example.org",
                       contact_number="1", is_active=True).save(force_insert=True)
    assert compiled_insert.checked[0] > seen

    def wrong(compiler, ours, djangos):
        return compiled_insert.compare(compiler, [(ours[0][0] + " ", ours[0][1])], djangos)

    monkeypatch.setattr(kernel_compiler, "shadow_checks", [wrong])
    with pytest.raises(AssertionError, match="differs from Django's"):
        DeviceProvider(id="S-9", vendor_name="Vendor 9", address="Street", email="v@example.org",
                       contact_number="1", is_active=True).save(force_insert=True)
