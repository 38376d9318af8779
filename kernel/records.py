"""Helpers every service uses when it writes a master record."""

from __future__ import annotations

from typing import Callable, Mapping

from django.db import IntegrityError, transaction

from .actors import Actor
from .errors import ErrorCode, KernelErrors, PmsError


def require_text(value: str | None, field: str, max_length: int, *, missing: ErrorCode = KernelErrors.MISSING_INPUT,
                 invalid: ErrorCode = KernelErrors.INVALID_INPUT) -> str:
    """A trimmed, non-empty text of at most ``max_length`` characters (PMS_COR_001/002, or
    the family's own ``missing``/``invalid`` codes, which take ``{field}``)."""
    if value is not None and not isinstance(value, str):
        raise invalid.error(field=field, detail="expected a string")
    text = (value or "").strip()
    if not text:
        raise missing.error(field=field)
    if len(text) > max_length:
        raise invalid.error(field=field, detail=f"at most {max_length} characters")
    return text


def stamp(instance, actor: Actor, *, created: bool = False) -> None:
    """Who changed the row, for its MasterRecord columns and for its history row."""
    if created:
        instance.created_by = actor.username
    instance.updated_by = actor.username
    instance._history_user = actor.user


def change(instance, actor: Actor, **values) -> bool:
    """Set the given fields; when any differs, stamp and save the row (history written)
    and answer True. Asking for the current state changes nothing and writes nothing."""
    changed = {name: value for name, value in values.items() if getattr(instance, name) != value}
    if not changed:
        return False
    for name, value in changed.items():
        setattr(instance, name, value)
    stamp(instance, actor)
    instance.save()
    return True


def save_unique(instance, conflicts: Mapping[str, Callable[[], PmsError]], *, savepoint: bool = True) -> None:
    """Save in a savepoint; losing a race on one of the named unique constraints becomes
    that constraint's domain error (on PostgreSQL an IntegrityError would otherwise poison
    the whole transaction). Keys are constraint names as the database reports them
    (``uniq_policy_name_in_group_ci``; a primary key is ``<table>_pkey`` on PostgreSQL and
    ``<table>.<column>`` on SQLite). Any other integrity error is a bug and propagates.

    ``savepoint=False`` saves the SAVEPOINT and RELEASE round trips where nothing runs on
    the connection between the error and the end of the caller's transaction: the save is
    the last statement of an audited operation (its ``atomic`` block rolls back on the
    error, and the failure row is written after the rollback) and each named conflict's
    error is built without a query.

    A new instance is inserted, never an update of a row that took its primary key in the
    meantime: Django's ``save()`` of a new instance whose key has no default tries an UPDATE
    first, which would overwrite that row (and costs a statement)."""
    try:
        if savepoint:
            with transaction.atomic():
                instance.save(force_insert=instance._state.adding)
        else:
            instance.save(force_insert=instance._state.adding)
    except IntegrityError as exc:
        text = str(exc)
        for name, error in conflicts.items():
            if f'"{name}"' in text or f"'{name}'" in text or text.endswith(name) or f" {name}," in text:
                raise error() from None
        raise
