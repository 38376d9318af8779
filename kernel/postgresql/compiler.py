"""Django's PostgreSQL compilers, with a single row's INSERT written once per statement
shape (docs/architecture.md, "Compiled single-row inserts").

Saving one instance, Django writes its INSERT anew every time: each column quoted, each
value's placeholder asked of the field, the text joined, and every value prepared through
its field's ``get_db_prep_save`` chain. For a device registration that was two thirds of
each ORM insert's worker CPU (its row and its history row; docs/benchmark.md). Here the
text of a single-row INSERT is the one Django wrote the first time for that model, those
columns and that RETURNING clause, kept per process; each call only takes the values
(``pre_save``, as Django does) and prepares those whose preparation is known to give them
back unchanged by skipping it (a ``str`` in a plain text column or a foreign key to one, a
``bool`` in a boolean column, an aware ``datetime`` in a date-time column, ``None`` in any
of those); every other value goes through Django's ``prepare_value``.

Django's own code answers everything else: several rows, an empty row, ``ON CONFLICT``,
a field with its own placeholder, and any value that is an expression (Django then asks
every field's ``pre_save`` again, so an ``auto_now`` column takes the later moment). The
statement and its parameters are Django's, which tests/test_compiled_insert.py checks over
every model of the service and, on PostgreSQL, the whole test suite checks on every insert
it makes (``shadow_checks``, installed by conftest.py).
"""

from __future__ import annotations

import datetime as dt

from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.backends.postgresql import compiler as django_compiler
from django.db.models import BooleanField, CharField, DateTimeField, EmailField, ForeignKey, SlugField, TextField

SQLAggregateCompiler = django_compiler.SQLAggregateCompiler
SQLCompiler = django_compiler.SQLCompiler
SQLDeleteCompiler = django_compiler.SQLDeleteCompiler
SQLUpdateCompiler = django_compiler.SQLUpdateCompiler

__all__ = ["SQLAggregateCompiler", "SQLCompiler", "SQLDeleteCompiler", "SQLInsertCompiler", "SQLUpdateCompiler",
           "shadow_checks"]

_TEXT_FIELDS = (CharField, TextField, EmailField, SlugField)
_NONE = type(None)
_AWARE = "aware datetime"  # a marker: a datetime passes only when it carries its offset

# One per statement shape: (sql, per field the value types passed as they are, returning params).
# Two threads writing the same plan at once write the same value.
_plans: dict[tuple, tuple[str, tuple[frozenset, ...], tuple]] = {}

# Set by the test suite: every fast insert is compared with Django's own as_sql, which is
# then what runs (tests/support/compiled_insert.py, installed by conftest.py).
shadow_checks: list = []


def _unchanged_types(field) -> frozenset:
    """The value types ``field.get_db_prep_save`` answers unchanged on PostgreSQL; only
    Django's own field classes, exactly (a subclass may prepare its values otherwise)."""
    kind = type(field)
    if kind is ForeignKey:
        target = field.target_field
        return _unchanged_types(target) if type(target) in _TEXT_FIELDS else frozenset()
    if kind in _TEXT_FIELDS:
        return frozenset({str, _NONE})
    if kind is BooleanField:
        return frozenset({bool, _NONE})
    if kind is DateTimeField:
        return frozenset({_AWARE, _NONE})
    return frozenset()


class SQLInsertCompiler(django_compiler.SQLInsertCompiler):
    def as_sql(self):
        query = self.query
        if len(query.objs) != 1 or not query.fields or query.on_conflict is not None:
            return super().as_sql()
        fields = tuple(query.fields)
        key = (query.model, fields, tuple(self.returning_fields or ()), query.raw)
        plan = _plans.get(key)
        if plan is None:
            return self._first(key, fields)
        sql, unchanged, returning_params = plan
        obj = query.objs[0]
        raw = query.raw
        params = []
        for field, passing in zip(fields, unchanged, strict=True):
            value = getattr(obj, field.attname) if raw else field.pre_save(obj, True)
            kind = type(value)
            if kind in passing:
                params.append(value)
            elif kind is dt.datetime and _AWARE in passing and value.utcoffset() is not None:
                params.append(value)
            elif hasattr(value, "resolve_expression") or hasattr(value, "as_sql"):
                return super().as_sql()
            else:
                params.append(self.prepare_value(field, value))
        self.returning_params = returning_params
        params.extend(returning_params)
        if shadow_checks:
            return shadow_checks[0](self, [(sql, tuple(params))], super().as_sql())
        return [(sql, tuple(params))]

    def _first(self, key, fields):
        """Django's statement; kept for the next calls when it is the plain shape (one
        ``%s`` per column, parameters the row's values then the RETURNING clause's)."""
        statements = super().as_sql()
        ops = self.connection.ops
        plain = (
            len(statements) == 1
            and not any(hasattr(field, "get_placeholder") for field in fields)
            and type(ops).modify_insert_params is BaseDatabaseOperations.modify_insert_params
        )
        if plain:
            sql, params = statements[0]
            returning_params = tuple(self.returning_params)
            placeholders = "(%s)" % ", ".join(["%s"] * len(fields))
            expected_params = len(fields) + len(returning_params)
            if (sql.count("%s") == expected_params and placeholders in sql and len(params) == expected_params
                    and not any(hasattr(value, "as_sql") for value in params)):
                _plans[key] = (sql, tuple(_unchanged_types(field) for field in fields), returning_params)
        return statements
