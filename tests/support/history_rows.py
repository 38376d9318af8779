"""The shadow check of kernel.history: the whole test suite writes every history row both
ways, ours and simple_history's, and fails on the first pair that differs in any column
but the history id (conftest.py installs it)."""

from __future__ import annotations

from django.db import connections, router

checked = [0]  # history rows compared so far in this process


def compare(records, instance, history_type, using, sql, params) -> None:
    """Insert our row, then simple_history's (at the same moment), read both back, keep ours."""
    from kernel.history import HistoricalRecords

    plan = records._plan_for(type(instance))
    alias = using or router.db_for_write(plan.model)
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    rows = plan.model._base_manager.using(alias).order_by("-pk")
    ours = rows.values().first()
    pinned = "_history_date" not in vars(instance)
    if pinned:
        instance._history_date = ours["history_date"]
    try:
        super(HistoricalRecords, records).create_historical_record(instance, history_type, using)
    finally:
        if pinned:
            del instance._history_date
    theirs = rows.values().first()
    pk = plan.model._meta.pk
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(plan.table)} "
                       f"WHERE {connection.ops.quote_name(pk.column)} = %s", [theirs[pk.attname]])
    checked[0] += 1
    ours_id, theirs_id = ours.pop(pk.attname), theirs.pop(pk.attname)
    if ours_id == theirs_id or ours != theirs:
        raise AssertionError(f"history row differs from simple_history's ({plan.model.__name__}):\n{ours}\n{theirs}")


def install() -> None:
    from kernel import history

    history.shadow_checks[:] = [compare]


def uninstall() -> None:
    from kernel import history

    history.shadow_checks.clear()
