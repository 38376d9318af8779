"""django-simple-history's ``Model.history``, with its manager class built once.

simple_history's descriptor makes a new manager class (``Manager.from_queryset``, a
``type()`` with the queryset's methods copied) on every access, and simple_history itself
reads ``instance.history`` for every history row it writes: about a tenth of a device
registration's worker CPU (docs/benchmark.md). The class made once behaves the same; each
access still gets its own manager bound to its instance."""

from __future__ import annotations

import simple_history.models
from django.db import connections, router, transaction
from django.db.models import DateField, DateTimeField, Field, Model
from django.db.models.signals import post_init, post_save, pre_init, pre_save
from django.utils import timezone
from simple_history.manager import HistoryDescriptor
from simple_history.signals import post_create_historical_record, pre_create_historical_record


class HistoryDescriptorOnce(HistoryDescriptor):
    def __get__(self, instance, owner):
        manager_class = self.__dict__.get("_manager_class")
        if manager_class is None:
            manager_class = self._manager_class = self.manager_class.from_queryset(self.queryset_class)
        return manager_class(self.model, instance)


def build_history_managers_once(models) -> int:
    """Every ``HistoryDescriptor`` on ``models`` replaced by a ``HistoryDescriptorOnce`` of
    the same history model, manager and queryset; answers how many were replaced."""
    replaced = 0
    for model in models:
        for name, value in list(vars(model).items()):
            if type(value) is HistoryDescriptor:
                setattr(model, name, HistoryDescriptorOnce(value.model, manager=value.manager_class,
                                                           queryset=value.queryset_class))
                replaced += 1
    return replaced


# --- the history row's insert ----------------------------------------------------------

# Field classes whose ``pre_save`` on a history row is the attribute as it is: simple_history
# turns ``auto_now``/``auto_now_add`` off on history columns (and a FileField's pre_save,
# which commits the file, is not among these).
_PLAIN_PRE_SAVE = frozenset({Field.pre_save, DateField.pre_save, DateTimeField.pre_save})

_UNSET = object()

# Each model whose history this class writes (its ``finalize``): tests check none is missing.
TRACKED: dict[type[Model], "HistoricalRecords"] = {}

# Set by the test suite: simple_history writes each row too, the two rows are compared and
# its copy deleted (tests/support/history_rows.py, installed by conftest.py).
shadow_checks: list = []


class _Plan:
    """One history model's INSERT: its columns in Django's order (the model's local
    concrete fields, the auto primary key left out) and where each value comes from."""

    def __init__(self, records: "HistoricalRecords", tracked: type[Model], history_model: type[Model]) -> None:
        meta = history_model._meta
        self.model = history_model
        self.fields = [f for f in meta.local_concrete_fields if not f.generated and f is not meta.auto_field]
        self.tracked = [f.attname for f in records.fields_included(tracked)]
        own = {"history_date", "history_type", "history_user_id", "history_change_reason"}
        self.usable = (
            not records.m2m_fields and records.user_id_field is None
            and getattr(history_model, "history_relation", None) is None
            and {f.attname for f in self.fields} == own | set(self.tracked)
            and all(type(f).pre_save in _PLAIN_PRE_SAVE and getattr(f, "get_placeholder", None) is None
                    for f in self.fields)
        )
        user = meta.get_field("history_user") if self.usable else None
        self.user_model = user.related_model if user is not None else None
        self.user_key = user.target_field.attname if user is not None else None
        self.table = meta.db_table
        self.sql: dict[str, str] = {}  # per database alias


class HistoricalRecords(simple_history.models.HistoricalRecords):
    """simple_history's ``HistoricalRecords``, with the history row of a save inserted
    directly: the row's values read from the instance as simple_history reads them, and
    prepared by each column's field as Django prepares them, in one INSERT whose text is
    written once per history model. It skips what a history row never needs here: a
    history model instance, its ``save()`` path and the signals nobody listens to. Where
    anything could differ (many-to-many history, a custom user column, a listener on the
    history model's or simple_history's signals, a column with its own placeholder or
    ``pre_save``), simple_history's own code writes the row. On the test suite, every
    fast row is compared with the one simple_history writes (``shadow_checks``)."""

    _plans: dict

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        if getattr(sender._meta, "simple_history_manager_attribute", None) and sender not in TRACKED:
            TRACKED[sender] = self

    def create_historical_record(self, instance, history_type, using=None):
        plan = self._plan_for(type(instance))
        if plan is None or not plan.usable or _listened(plan.model):
            return super().create_historical_record(instance, history_type, using)
        history_user = self.get_history_user(instance)
        if history_user is not None and (not isinstance(history_user, plan.user_model)
                                         or getattr(history_user, plan.user_key) is None):
            return super().create_historical_record(instance, history_type, using)  # its error
        using = using if self.use_base_model_db else None
        history_date = getattr(instance, "_history_date", _UNSET)
        values = {
            "history_date": timezone.now() if history_date is _UNSET else history_date,
            "history_type": history_type,
            "history_user_id": None if history_user is None else getattr(history_user, plan.user_key),
            "history_change_reason": self.get_change_reason_for_object(instance, history_type, using),
        }
        for attname in plan.tracked:
            value = values[attname] = getattr(instance, attname)
            if hasattr(value, "resolve_expression"):
                return super().create_historical_record(instance, history_type, using)
        alias = using or router.db_for_write(plan.model)
        connection = connections[alias]
        params = [field.get_db_prep_save(values[field.attname], connection) for field in plan.fields]
        sql = plan.sql.get(alias) or self._sql(plan, alias)
        if shadow_checks:
            return shadow_checks[0](self, instance, history_type, using, sql, params)
        with transaction.mark_for_rollback_on_error(alias), connection.cursor() as cursor:
            cursor.execute(sql, params)

    def _plan_for(self, tracked: type[Model]) -> _Plan | None:
        plans = self.__dict__.setdefault("_plans", {})
        plan = plans.get(tracked)
        if plan is None:
            history_model = getattr(tracked, self.manager_name, None)
            if history_model is None:
                return None
            plan = plans[tracked] = _Plan(self, tracked, history_model.model)
        return plan

    @staticmethod
    def _sql(plan: _Plan, alias: str) -> str:
        connection = connections[alias]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(field.column) for field in plan.fields)
        placeholders = ", ".join(["%s"] * len(plan.fields))
        sql = plan.sql[alias] = f"INSERT INTO {quote(plan.table)} ({columns}) VALUES ({placeholders})"
        return sql


def _listened(history_model: type[Model]) -> bool:
    """Whether anyone listens to a history row's creation, its instance's making or its save."""
    return any(signal.has_listeners(history_model) for signal in _HISTORY_ROW_SIGNALS)


_HISTORY_ROW_SIGNALS = (pre_create_historical_record, post_create_historical_record, pre_init, post_init,
                        pre_save, post_save)
