"""Hot lookups whose SQL is written once per process (docs/architecture.md, "Compiled hot
lookups").

The ORM builds and compiles a query on every call: for a machine client's lookup (a key
with its partner, policy and group) that is most of the request's CPU, far more than
running the statement. ``CompiledSelect`` writes the SQL of one such lookup the first time
it runs, from the models' own table and column names, as ``select_related`` would
(each followed foreign key a ``LEFT JOIN``), and then only executes it: values go through
the ORM's converters for their fields and instances are made with ``Model.from_db``, each
followed row cached on its parent as ``select_related`` caches it, so callers and
serializers see the same objects as from the queryset it replaces. The WHERE clause is
written by the caller with the columns' names (``col("partner__is_active")``) and ``%s``
parameters; the row order is the root's primary key, as ``first()`` orders.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from typing import Callable, Sequence

from django.db import connection
from django.db.models import Model
from django.db.models.expressions import Col


@dataclass(frozen=True)
class _Compiled:
    vendor: str
    sql: str
    # Per model in SELECT order: (path, model, attnames, converters per column, expressions,
    # the primary key's index).
    parts: tuple
    width: int


class CompiledSelect:
    """``model`` with ``related`` foreign-key paths followed (``"policy"``,
    ``"policy__policy_group"``: a path's parent path comes first), filtered by ``where(col)``
    (SQL with ``%s`` parameters), ordered by the root's primary key."""

    def __init__(self, model: type[Model], related: Sequence[str], where: Callable[[Callable[[str], str]], str]):
        self.model, self.related, self.where = model, tuple(related), where
        self._compiled: _Compiled | None = None
        self._lock = threading.Lock()

    def _compile(self) -> _Compiled:
        compiled = self._compiled
        if compiled is not None and compiled.vendor == connection.vendor:
            return compiled
        with self._lock:
            qn = connection.ops.quote_name
            aliases: dict[str, tuple[str, type[Model]]] = {"": ("t0", self.model)}
            joins = []
            for number, path in enumerate(self.related, start=1):
                parent_path, _, name = path.rpartition("__")
                parent_alias, parent_model = aliases[parent_path]
                field = parent_model._meta.get_field(name)
                target = field.related_model
                alias = f"t{number}"
                aliases[path] = (alias, target)
                joins.append(f"LEFT JOIN {qn(target._meta.db_table)} {alias} "
                             f"ON {alias}.{qn(field.target_field.column)} = {parent_alias}.{qn(field.column)}")

            def col(path: str) -> str:
                owner_path, _, name = path.rpartition("__")
                alias, owner = aliases[owner_path]
                field = owner._meta.pk if name == "pk" else owner._meta.get_field(name)
                return f"{alias}.{qn(field.column)}"

            columns, parts = [], []
            for path, (alias, owner) in aliases.items():
                fields = owner._meta.concrete_fields
                expressions = tuple(Col(alias, field) for field in fields)
                converters = tuple(tuple(connection.ops.get_db_converters(e) + e.get_db_converters(connection))
                                   for e in expressions)
                parts.append((path, owner, tuple(f.attname for f in fields), converters, expressions,
                              fields.index(owner._meta.pk)))
                columns += [f"{alias}.{qn(f.column)}" for f in fields]
            sql = (f"SELECT {', '.join(columns)} FROM {qn(self.model._meta.db_table)} t0 {' '.join(joins)} "
                   f"WHERE {self.where(col)} ORDER BY t0.{qn(self.model._meta.pk.column)} LIMIT 1")
            compiled = _Compiled(connection.vendor, sql, tuple(parts), len(columns))
            self._compiled = compiled
            return compiled

    def first(self, params: Sequence[object]) -> Model | None:
        """The first row's instance, its followed rows cached on it, or None."""
        row = self.row(params)
        return None if row is None else self.build(row)

    def row(self, params: Sequence[object]) -> tuple | None:
        """The first row as the database sent it (a tuple, every model's columns in turn),
        or None: what ``accounts.lookup_cache`` keeps, ``build`` makes instances of."""
        compiled = self._compile()
        adapt = connection.ops.adapt_datetimefield_value
        values = [adapt(value) if isinstance(value, dt.datetime) else value for value in params]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, values)
            row = cursor.fetchone()
        return None if row is None else tuple(row)

    def build(self, row: tuple) -> Model:
        """New instances of ``row`` (from ``row``), its followed rows cached on the root."""
        compiled = self._compile()
        made: dict[str, Model | None] = {}
        start = 0
        for path, owner, attnames, converters, expressions, pk_index in compiled.parts:
            values = list(row[start:start + len(attnames)])
            start += len(attnames)
            if path and values[pk_index] is None:
                instance = None  # a nullable foreign key that points nowhere
            else:
                for i, column_converters in enumerate(converters):
                    for convert in column_converters:
                        values[i] = convert(values[i], expressions[i], connection)
                instance = owner.from_db(connection.alias, list(attnames), values)
            made[path] = instance
            if path:
                parent_path, _, name = path.rpartition("__")
                parent = made[parent_path]
                if parent is not None:
                    parent._meta.get_field(name).set_cached_value(parent, instance)
        return made[""]


class CompiledExists:
    """Whether each of several lookups finds a row, asked in one statement (``SELECT EXISTS
    (SELECT 1 FROM ... WHERE ...), EXISTS (...)``), its SQL written once per process: a
    service that refuses on any of several existing rows pays one round trip and no row's
    columns. Each check is a model and its ``where(col)``, as ``CompiledSelect`` takes it
    (the model's own columns only)."""

    def __init__(self, *checks: tuple[type[Model], Callable[[Callable[[str], str]], str]]):
        self.checks = checks
        self._compiled: tuple[str, str] | None = None  # (vendor, sql)

    def _sql(self) -> str:
        compiled = self._compiled
        if compiled is None or compiled[0] != connection.vendor:
            qn = connection.ops.quote_name
            parts = []
            for model, where in self.checks:
                def col(name: str, _model=model) -> str:
                    field = _model._meta.pk if name == "pk" else _model._meta.get_field(name)
                    return qn(field.column)
                parts.append(f"EXISTS (SELECT 1 FROM {qn(model._meta.db_table)} WHERE {where(col)})")
            compiled = self._compiled = (connection.vendor, f"SELECT {', '.join(parts)}")
        return compiled[1]

    def ask(self, *params: Sequence[object]) -> tuple[bool, ...]:
        """One answer per check, in order; ``params`` one sequence per check."""
        if len(params) != len(self.checks):
            raise TypeError(f"{len(self.checks)} checks, {len(params)} sequences of parameters")
        sql = self._sql()
        adapt = connection.ops.adapt_datetimefield_value
        values = [adapt(value) if isinstance(value, dt.datetime) else value
                  for check_params in params for value in check_params]
        with connection.cursor() as cursor:
            cursor.execute(sql, values)
            return tuple(bool(found) for found in cursor.fetchone())
