"""Policy groups (catalog §7.1, the 1.1 group endpoints) and manager mappings (SPEC §9.3)."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from kernel.actors import Actor
from kernel.errors import KernelErrors
from kernel.pagination import Page, PageRequest, paginate
from kernel.records import require_text, save_unique, stamp

from ..errors import PolicyErrors
from ..models import ManagerGroupMapping, PolicyGroup, PolicyStatus
from ..operations import GROUP_CREATE, GROUP_MAP, GROUP_READ, GROUP_UPDATE
from ..selectors import group_by_name, group_with_policies, groups_with_policies, manager_acts_in


def _name_taken(name: str, *, excluding: str | None = None) -> bool:
    rows = PolicyGroup.objects.filter(name__iexact=name)
    if excluding:
        rows = rows.exclude(pk=excluding)
    return rows.exists()


def create_policy_group(*, name: str, description: str, actor: Actor) -> PolicyGroup:
    """A new, active group; names are unique ignoring case (PMS_POL_014). A manager who
    creates a group is mapped to it (SPEC §9.3). Audit PMS_PRT_115/215/475."""
    with GROUP_CREATE.run(actor=actor) as op:
        name = require_text(name, "name", 128)
        description = require_text(description, "desc", 256)
        if _name_taken(name):
            raise PolicyErrors.GROUP_NAME_EXISTS.error(name=name)
        group = PolicyGroup(name=name, description=description)
        stamp(group, actor, created=True)
        save_unique(group, {"uniq_policy_group_name_ci": lambda: PolicyErrors.GROUP_NAME_EXISTS.error(name=name)})
        if actor.user is not None and not actor.is_system:
            _map_manager(actor.user, group, actor)
        op.ref_id = group.id
    return group


def update_policy_group(
    *, group_id: str, name: str, description: str, is_active: bool | None, actor: Actor
) -> PolicyGroup:
    """Rename, describe, activate or deactivate a group (PUT policyGroup/{id}). A group
    with published policies cannot be deactivated (PMS_POL_056). Audit 156/256/456."""
    with GROUP_UPDATE.run(actor=actor, ref_id=group_id):
        group = PolicyGroup.objects.select_for_update().filter(pk=group_id).first()
        if group is None:
            raise PolicyErrors.GROUP_NOT_FOUND.error()
        if not manager_acts_in(actor, group):
            raise PolicyErrors.DENIED_UPDATE.error()
        name = require_text(name, "name", 128)
        description = require_text(description, "desc", 256)
        if _name_taken(name, excluding=group.pk):
            raise PolicyErrors.GROUP_NAME_EXISTS.error(name=name)
        if is_active is False and group.is_active and group.policies.filter(status=PolicyStatus.PUBLISHED).exists():
            raise PolicyErrors.GROUP_HAS_ACTIVE_POLICIES.error()
        group.name, group.description = name, description
        if is_active is not None:
            group.is_active = is_active
        stamp(group, actor)
        save_unique(group, {"uniq_policy_group_name_ci": lambda: PolicyErrors.GROUP_NAME_EXISTS.error(name=name)})
    return group


def fetch_policy_group(*, group_id: str, actor: Actor) -> PolicyGroup:
    """One group with its policies (GET policyGroupId/{id}). One audit row (216 or 416)."""
    with GROUP_READ.run(actor=actor, ref_id=group_id):
        group = group_with_policies(actor, group_id)
        if group is None:
            raise PolicyErrors.GROUP_NOT_FOUND.error()
        if not group.actor_acts_in_group:
            raise PolicyErrors.DENIED_RETRIEVE.error()
    return group


def list_policy_groups(*, actor: Actor, page: PageRequest) -> Page:
    """A page of the actor's groups with their policies (GET policyGroups). One audit row
    (216 or 416)."""
    with GROUP_READ.run(actor=actor) as op:
        result = paginate(groups_with_policies(actor), page)
        op.description = f"policy groups listed: {result.metadata['totalItems']}"
    return result


def _map_manager(user, group: PolicyGroup, actor: Actor) -> ManagerGroupMapping:
    mapping = ManagerGroupMapping.objects.filter(user=user, policy_group=group).first()
    if mapping is None:
        mapping = ManagerGroupMapping(user=user, policy_group=group, created_by=actor.username)
        mapping._history_user = actor.user
        mapping.save()
    return mapping


def map_manager_to_groups(
    *, username: str, group_names: list[str], actor: Actor, create_missing: bool = True
) -> list[PolicyGroup]:
    """Maps a manager to groups by name (``create_pms_user --policy-groups``, admin);
    missing groups are created when ``create_missing``. Only PARTNER_ADMIN (or a system
    actor acting for an operator) maps: a manager who could map himself could reach any
    group. Audit 156/256/456 per mapping, and one failure row when refused."""
    with GROUP_MAP.run(actor=actor, ref_id=username) as op:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise KernelErrors.INVALID_INPUT.error(field="username", detail="no such user")
        names = [n.strip() for n in group_names if n.strip()]
        op.description = f"mapping manager {username} to {len(names)} policy group(s)"
    groups = []
    for name in names:
        group = group_by_name(name)
        if group is None and create_missing:
            group = create_policy_group(name=name, description=name, actor=actor)
        # An unknown group is this mapping's failure, audited as such.
        with GROUP_MAP.run(actor=actor, ref_id=group.id if group is not None else name) as op:
            if group is None:
                raise PolicyErrors.GROUP_NAME_NOT_FOUND.error()
            _map_manager(user, group, actor)
            op.description = f"manager {username} mapped to policy group {group.name}"
        groups.append(group)
    return groups


def unmap_manager_from_group(*, mapping_id: int, actor: Actor) -> None:
    """Removes a manager's mapping to a group (admin). Only PARTNER_ADMIN maps and unmaps;
    the history table keeps the removed mapping. Audit 156/256/456."""
    with GROUP_MAP.run(actor=actor) as op:
        mapping = ManagerGroupMapping.objects.select_related("user", "policy_group").filter(pk=mapping_id).first()
        if mapping is None:
            raise KernelErrors.INVALID_INPUT.error(field="mapping", detail="no such mapping")
        op.ref_id = mapping.policy_group_id
        op.description = f"manager {mapping.user.username} unmapped from policy group {mapping.policy_group.name}"
        mapping._history_user = actor.user
        mapping.delete()
