"""Policy services: the only writers of policy groups and manager mappings."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from audit.services import audited_operation
from kernel.actors import Actor
from kernel.errors import KernelErrors

from .errors import PolicyErrors
from .models import ManagerGroupMapping, PolicyGroup


def create_policy_group(*, name: str, description: str, actor: Actor) -> PolicyGroup:
    """Creates a policy group; the name is unique (PMS_POL_014). A policy manager who
    creates a group is mapped to it (SPEC §9.3). Audit PMS_PRT_115/215/475."""
    with audited_operation(
        actor=actor, request="policy.group.create.request", success="policy.group.create.success",
        failure="policy.group.create.failure",
    ) as op:
        name = (name or "").strip()
        if not name:
            raise KernelErrors.MISSING_INPUT.error(field="name")
        if PolicyGroup.objects.select_for_update().filter(name__iexact=name).exists():
            raise PolicyErrors.GROUP_NAME_EXISTS.error(name=name)
        group = PolicyGroup(name=name, description=description or "", created_by=actor.username, updated_by=actor.username)
        group._history_user = actor.user
        group.save()
        if actor.user is not None and not actor.is_system:
            _map(actor.user, group, actor)
        op.ref_id = group.id
    return group


def _map(user, group: PolicyGroup, actor: Actor) -> ManagerGroupMapping:
    mapping = ManagerGroupMapping.objects.filter(user=user, policy_group=group).first()
    if mapping is None:
        mapping = ManagerGroupMapping(user=user, policy_group=group, created_by=actor.username)
        mapping._history_user = actor.user
        mapping.save()
    return mapping


def map_manager_to_groups(*, username: str, group_names: list[str], actor: Actor, create_missing: bool = True) -> list[PolicyGroup]:
    """Maps a manager to policy groups by name; used by ``create_pms_user --policy-groups``
    and the admin. Missing groups are created when ``create_missing``."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise KernelErrors.INVALID_INPUT.error(field="username", detail="no such user")
    groups = []
    for name in [n.strip() for n in group_names if n.strip()]:
        group = PolicyGroup.objects.filter(name__iexact=name).first()
        if group is None:
            if not create_missing:
                raise PolicyErrors.GROUP_NAME_NOT_FOUND.error()
            group = create_policy_group(name=name, description=name, actor=actor)
        with audited_operation(
            actor=actor, request="policy.group.update.request", success="policy.group.update.success",
            failure="policy.group.update.failure", ref_id=group.id,
        ) as op:
            _map(user, group, actor)
            op.description = f"manager {username} mapped to policy group {group.name}"
        groups.append(group)
    return groups
