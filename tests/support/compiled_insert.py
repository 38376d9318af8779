"""The shadow check of kernel.postgresql.compiler: on PostgreSQL the whole test suite makes
every single-row INSERT both ways, and fails on the first one whose statement or parameters
differ from Django's own (conftest.py installs it)."""

from __future__ import annotations

import datetime as dt

from django.db.models import DateField

checked = [0]  # inserts compared so far in this process


def _auto_now(field) -> bool:
    return isinstance(field, DateField) and (field.auto_now or field.auto_now_add)


def same_value(field, ours, djangos) -> bool:
    """Equal and of the same type (the driver binds by type). An ``auto_now`` column is
    asked twice in a shadowed insert, so its two moments may differ by a little."""
    if type(ours) is not type(djangos):
        return False
    if field is not None and _auto_now(field) and isinstance(ours, dt.datetime):
        return abs(ours - djangos) < dt.timedelta(seconds=60)
    if hasattr(ours, "obj") and hasattr(djangos, "obj"):  # psycopg's Json/Jsonb wrappers
        return ours.obj == djangos.obj
    return ours == djangos


def compare(compiler, ours, djangos):
    """Raises AssertionError unless ``ours`` is Django's statement; answers Django's."""
    checked[0] += 1
    fields = list(compiler.query.fields)
    [(sql, params)] = ours
    if len(djangos) != 1 or djangos[0][0] != sql:
        raise AssertionError(f"compiled insert differs from Django's:\n{ours}\n{djangos}")
    django_params = djangos[0][1]
    if len(params) != len(django_params):
        raise AssertionError(f"compiled insert's parameters differ from Django's:\n{params}\n{django_params}")
    for index, (mine, theirs) in enumerate(zip(params, django_params, strict=True)):
        field = fields[index] if index < len(fields) else None
        if not same_value(field, mine, theirs):
            raise AssertionError(f"compiled insert's parameter {index} ({field}) differs from Django's: "
                                 f"{mine!r} ({type(mine).__name__}) vs {theirs!r} ({type(theirs).__name__})")
    return djangos


def install() -> None:
    from kernel.postgresql import compiler

    compiler.shadow_checks[:] = [compare]


def uninstall() -> None:
    from kernel.postgresql import compiler

    compiler.shadow_checks.clear()
