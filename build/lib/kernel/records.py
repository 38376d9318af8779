"""Helpers every service uses when it writes a master record."""

from __future__ import annotations

from typing import Callable

from django.db import IntegrityError, transaction

from .actors import Actor
from .errors import KernelErrors, PmsError


def require_text(value: str | None, field: str, max_length: int) -> str:
    """A trimmed, non-empty text of at most ``max_length`` characters (PMS_COR_001/002)."""
    text = (value or "").strip()
    if not text:
        raise KernelErrors.MISSING_INPUT.error(field=field)
    if len(text) > max_length:
        raise KernelErrors.INVALID_INPUT.error(field=field, detail=f"at most {max_length} characters")
    return text


def stamp(instance, actor: Actor, *, created: bool = False) -> None:
    """Who changed the row, for its MasterRecord columns and for its history row."""
    if created:
        instance.created_by = actor.username
    instance.updated_by = actor.username
    instance._history_user = actor.user


def save_unique(instance, on_conflict: Callable[[], PmsError]) -> None:
    """Save in a savepoint; a unique-constraint race becomes the domain's conflict error
    (on PostgreSQL an IntegrityError would otherwise poison the whole transaction)."""
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        raise on_conflict() from None
