"""Reads about policy groups that other layers need (scoping of managers)."""

from __future__ import annotations

from django.db.models import QuerySet

from kernel.actors import Actor

from .models import PolicyGroup


def groups_of_manager(actor: Actor) -> QuerySet[PolicyGroup]:
    """The groups a manager acts in; PARTNER_ADMIN acts in all of them (SPEC §4)."""
    if actor.is_partner_admin:
        return PolicyGroup.objects.all()
    if actor.user is None:
        return PolicyGroup.objects.none()
    return PolicyGroup.objects.filter(manager_mappings__user=actor.user).distinct()
