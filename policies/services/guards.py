"""Guards shared by the policy services."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from kernel.actors import Actor
from kernel.errors import ErrorCode, KernelErrors
from kernel.roles import Role

from ..models import PolicyGroup
from ..selectors import manager_acts_in


def require_policy_manager(actor: Actor) -> None:
    """Views check roles too; services check again so admin actions and commands obey."""
    if not actor.has_role(Role.POLICYMANAGER):
        raise KernelErrors.FORBIDDEN.error()


def require_group_access(actor: Actor, group: PolicyGroup, denied: ErrorCode) -> None:
    """A manager acts only inside the policy groups mapped to them (SPEC §4, §9.3)."""
    if not manager_acts_in(actor, group):
        raise denied.error()


def require_text(value: str | None, field: str, max_length: int) -> str:
    text = (value or "").strip()
    if not text:
        raise KernelErrors.MISSING_INPUT.error(field=field)
    if len(text) > max_length:
        raise KernelErrors.INVALID_INPUT.error(field=field, detail=f"at most {max_length} characters")
    return text


def save_unique(instance, on_conflict) -> None:
    """Save in a savepoint; a unique-constraint race becomes the domain's conflict error
    (on PostgreSQL an IntegrityError would otherwise poison the whole transaction)."""
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        raise on_conflict() from None


def stamp(instance, actor: Actor, *, created: bool = False) -> None:
    """Who changed the row, for its columns and for its history row."""
    if created:
        instance.created_by = actor.username
    instance.updated_by = actor.username
    instance._history_user = actor.user
