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
    quote = connection.ops.quote_name
    pk = plan.model._meta.pk
    with connection.cursor() as cursor:  # found by its id: other threads of a test may write too
        cursor.execute(f"{sql} RETURNING {quote(pk.column)}", params)
        ours_id = cursor.fetchone()[0]
    history = plan.model._base_manager.using(alias)
    ours = history.filter(pk=ours_id).values().get()
    pinned = "_history_date" not in vars(instance)
    if pinned:
        instance._history_date = ours["history_date"]
    try:
        super(HistoricalRecords, records).create_historical_record(instance, history_type, using)
    finally:
        if pinned:
            del instance._history_date
    key = instance._meta.pk.attname
    theirs = history.filter(pk__gt=ours_id, **{key: ours[key]}).order_by("pk").values().first()
    if theirs is None:
        raise AssertionError(f"simple_history wrote no history row for {instance!r}")
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {quote(plan.table)} WHERE {quote(pk.column)} = %s", [theirs[pk.attname]])
    checked[0] += 1
    ours.pop(pk.attname), theirs.pop(pk.attname)
    if ours != theirs:
        raise AssertionError(f"history row differs from simple_history's ({plan.model.__name__}):\n{ours}\n{theirs}")


def install() -> None:
    from kernel import history

    history.shadow_checks[:] = [compare]


def uninstall() -> None:
    from kernel import history

    history.shadow_checks.clear()
