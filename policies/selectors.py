"""Reads of policy groups and policies, scoped to what an actor may see (SPEC §4)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Value

from kernel.actors import Actor
from kernel.roles import Role

from .models import ManagerGroupMapping, Policy, PolicyGroup, PolicyStatus


def groups_of_manager(actor: Actor) -> QuerySet[PolicyGroup]:
    """The groups a manager acts in; PARTNER_ADMIN acts in all of them."""
    if actor.is_partner_admin:
        return PolicyGroup.objects.all()
    if actor.user is None:
        return PolicyGroup.objects.none()
    return PolicyGroup.objects.filter(manager_mappings__user=actor.user).distinct()


def manager_acts_in(actor: Actor, group: PolicyGroup) -> bool:
    if actor.is_partner_admin:
        return True
    return actor.user is not None and ManagerGroupMapping.objects.filter(user=actor.user, policy_group=group).exists()


def mapped_group_ids(actor: Actor) -> list[str]:
    if actor.user is None:
        return []
    return list(ManagerGroupMapping.objects.filter(user=actor.user).values_list("policy_group_id", flat=True))


def manager_accounts():
    """Active users holding a manager role: the only accounts a mapping may name."""
    from django.contrib.auth import get_user_model

    names = [str(Role.POLICYMANAGER), str(Role.PARTNERMANAGER)]
    return get_user_model().objects.filter(is_active=True, groups__name__in=names).distinct().order_by("username")


def group_by_name(name: str) -> PolicyGroup | None:
    return PolicyGroup.objects.filter(name__iexact=(name or "").strip()).first()



def _acts_in(actor: Actor, group_ref: str):
    """An expression: may the actor act in the group ``group_ref`` names (SPEC §4)?"""
    if actor.is_partner_admin:
        return Value(True)
    if actor.user is None:
        return Value(False)
    return Exists(ManagerGroupMapping.objects.filter(user=actor.user, policy_group=OuterRef(group_ref)))


def policy_as_seen_by(actor: Actor, policy_id: str) -> Policy | None:
    """The policy with its group, and ``actor_acts_in_group`` telling whether the actor may
    act in that group, in one query."""
    acts = _acts_in(actor, "policy_group")
    return Policy.objects.select_related("policy_group").annotate(actor_acts_in_group=acts).filter(pk=policy_id).first()


def policies_visible_to(actor: Actor) -> QuerySet[Policy]:
    """P4: the policies of the actor's groups, in a stable order (filters: policies.filters)."""
    return (
        Policy.objects.select_related("policy_group")
        .filter(policy_group__in=groups_of_manager(actor))
        .order_by("policy_group__name", "name", "id")
    )


def groups_with_policies(actor: Actor) -> QuerySet[PolicyGroup]:
    """Group list with each group's policies prefetched (one query per relation)."""
    return (
        groups_of_manager(actor)
        .prefetch_related(Prefetch("policies", queryset=Policy.objects.order_by("name", "id")))
        .order_by("name", "id")
    )


def group_with_policies(actor: Actor, group_id: str) -> PolicyGroup | None:
    """The group with its policies prefetched, and ``actor_acts_in_group`` (two queries)."""
    return (
        PolicyGroup.objects.prefetch_related(Prefetch("policies", queryset=Policy.objects.order_by("name", "id")))
        .annotate(actor_acts_in_group=_acts_in(actor, "pk"))
        .filter(pk=group_id)
        .first()
    )

def active_groups() -> QuerySet[PolicyGroup]:
    """The groups a partner may register in (self-registration offers only these)."""
    return PolicyGroup.objects.filter(is_active=True).order_by("name")


def published_policies_of_group(group_id: str | None) -> QuerySet[Policy]:
    """The policies a partner of the group may ask an API key for."""
    if not group_id:
        return Policy.objects.none()
    return Policy.objects.filter(policy_group_id=group_id, status=PolicyStatus.PUBLISHED).order_by("name", "id")


# --- MOSIP 1.2 (/v1/policymanager): what a manager or a partner sees (SPEC §4, §9.1, §10.2)

def groups_of_own_partners(actor: Actor) -> QuerySet[PolicyGroup]:
    """The groups of the partners the actor owns (``Partner.owner``, 1.2's ``user_id``)."""
    if actor.user is None:
        return PolicyGroup.objects.none()
    return PolicyGroup.objects.filter(partners__owner=actor.user).distinct()


def groups_seen_12(actor: Actor) -> QuerySet[PolicyGroup]:
    """The groups a 1.2 read shows: PARTNER_ADMIN all; a manager his mapped groups; a
    partner user the groups of the partners it owns; a user with both kinds of role both."""
    if actor.is_partner_admin:
        return PolicyGroup.objects.all()
    if actor.user is None:
        return PolicyGroup.objects.none()
    own = Q(partners__owner=actor.user)
    return PolicyGroup.objects.filter(Q(manager_mappings__user=actor.user) | own).distinct()


def policies_seen_12(actor: Actor) -> QuerySet[Policy]:
    """The policies a 1.2 read shows: a manager's groups' policies in every state; a partner
    user's only the *published* policies of its own partners' groups (what it may ask a
    key for, as the 1.0 portal offers them)."""
    rows = Policy.objects.select_related("policy_group")
    if actor.is_partner_admin:
        return rows
    if actor.user is None:
        return rows.none()
    managed = Q(policy_group__manager_mappings__user=actor.user)
    partnered = Q(policy_group__partners__owner=actor.user, status=PolicyStatus.PUBLISHED)
    return rows.filter(pk__in=Policy.objects.filter(managed | partnered).values("pk"))


def managed_policy_12(actor: Actor, policy_id: str, *, lock: bool = False) -> Policy | None:
    """A policy of the actor's groups (PARTNER_ADMIN: any), or None: another group's policy
    is an unknown id on every 1.2 route."""
    rows = Policy.objects.select_related("policy_group").filter(policy_group__in=groups_of_manager(actor).values("pk"))
    if lock:
        rows = rows.select_for_update(of=("self",))
    return rows.filter(pk=policy_id).first()


def managed_group_12(actor: Actor, group_id: str, *, lock: bool = False) -> PolicyGroup | None:
    """A group the actor acts in (PARTNER_ADMIN: any), or None, like an unknown id."""
    rows = PolicyGroup.objects.filter(pk__in=groups_of_manager(actor).values("pk"))
    if lock:
        rows = rows.select_for_update()
    return rows.filter(pk=group_id).first()


def managed_group_named_12(actor: Actor, name: str, *, lock: bool = False) -> PolicyGroup | None:
    rows = PolicyGroup.objects.filter(pk__in=groups_of_manager(actor).values("pk"))
    if lock:
        rows = rows.select_for_update()
    return rows.filter(name__iexact=(name or "").strip()).first()
