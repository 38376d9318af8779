"""django-simple-history's ``Model.history``, with its manager class built once.

simple_history's descriptor makes a new manager class (``Manager.from_queryset``, a
``type()`` with the queryset's methods copied) on every access, and simple_history itself
reads ``instance.history`` for every history row it writes: about a tenth of a device
registration's worker CPU (docs/benchmark.md). The class made once behaves the same; each
access still gets its own manager bound to its instance."""

from __future__ import annotations

from simple_history.manager import HistoryDescriptor


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
