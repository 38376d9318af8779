"""Policies: create, update, publish, activate/deactivate, and audited reads
(catalog §7.1–7.3, SPEC §9.6–9.8)."""

from __future__ import annotations

from typing import Mapping

from django.utils import timezone

from kernel.actors import Actor
from kernel.errors import KernelErrors
from kernel.filtering import apply_filters
from kernel.pagination import Page, PageRequest, paginate
from kernel.records import require_text, save_unique, stamp
from kernel.text import client_supplied_id, match_choice, parse_active_status

from ..conf import app_settings
from ..documents import validate_document
from ..errors import Policies12Errors, PolicyErrors
from ..events import POLICY_UPDATED, policy_data
from ..filters import PolicyFilter
from ..models import (
    DEACTIVATED_THROUGH_1_0,
    DEACTIVATED_THROUGH_1_2,
    POLICY_LIFECYCLE,
    Policy,
    PolicyGroup,
    PolicyStatus,
    PolicyType,
)
from ..operations import POLICY_CREATE, POLICY_READ, POLICY_UPDATE
from ..selectors import manager_acts_in, mapped_group_ids, policies_visible_to, policy_as_seen_by

PUBLISHER = "PolicyManagementService"


def announce_policy(policy: Policy) -> None:
    """``POLICY_UPDATED`` with ``policyData`` (1.2 catalog §17.1), recorded in the caller's
    transaction (events.services.record_event): on an update, a publish and a status change,
    whichever generation's route made it, since subscribers (ID authentication) follow the
    policy, not the route. Deactivation through R55 announces nothing, as in MOSIP 1.2."""
    from events.services import record_event

    record_event(POLICY_UPDATED, {"policyData": policy_data(policy)}, publisher=PUBLISHER)


def policy_type_named(text: str) -> PolicyType:
    """``auth``, ``AUTH`` and ``Auth`` are the same type; unknown or not enabled → PMS_POL_023."""
    enabled = [kind for kind in PolicyType if kind.value in app_settings.PMS_POLICY_TYPES]
    name = match_choice(text, [kind.value for kind in enabled])
    if name is None:
        raise PolicyErrors.POLICY_TYPE_NOT_ALLOWED.error()
    return PolicyType(name)


def activation_named(text: str) -> bool:
    """P3's ``status``: ``Active`` → True, ``De-Active`` and its spellings → False, else PMS_POL_045."""
    return parse_active_status(text, PolicyErrors.STATUS_VALUE)


def _locked_group(*, name: str | None, actor: Actor) -> PolicyGroup:
    """The group a new policy goes into, row-locked so creations in one group serialise.
    Without a name (1.0 body) it is the manager's only group (SPEC §9.3)."""
    if name:
        group = PolicyGroup.objects.select_for_update().filter(name__iexact=name.strip()).first()
        if group is None:
            raise PolicyErrors.GROUP_NAME_NOT_FOUND.error()
        return group
    mapped = mapped_group_ids(actor)
    if len(mapped) != 1:
        raise KernelErrors.MISSING_INPUT.error(
            field="policyGroupName",
            detail="name the policy group (you are mapped to " + ("none" if not mapped else "several") + ")",
        )
    return PolicyGroup.objects.select_for_update().get(pk=mapped[0])


def _name_taken(group: PolicyGroup, name: str, *, excluding: str | None = None) -> bool:
    rows = Policy.objects.filter(policy_group=group, name__iexact=name)
    if excluding:
        rows = rows.exclude(pk=excluding)
    return rows.exists()


def create_policy(
    *,
    actor: Actor,
    name: str,
    description: str,
    document: object,
    policy_group_name: str | None = None,
    policy_type: PolicyType | None = None,
    version: str | None = None,
    policy_id: str | None = None,
) -> Policy:
    """P1. Without ``policyType`` (1.0 body) the policy is an Auth policy, published at
    once and still updatable; with it (1.1 body) it is a draft (SPEC §9.6). The name is
    unique in the group (PMS_POL_004); the document must match its type's schema
    (PMS_POL_005/006/007/051). Audit PMS_PRT_137/237/437."""
    with POLICY_CREATE.run(actor=actor) as op:
        legacy = policy_type is None
        kind = PolicyType.AUTH if legacy else policy_type
        name = require_text(name, "name", 128)
        description = require_text(description, "desc", 256)
        if not legacy and not (policy_group_name or "").strip():
            raise KernelErrors.MISSING_INPUT.error(field="policyGroupName")
        group = _locked_group(name=policy_group_name, actor=actor)
        if not manager_acts_in(actor, group):
            raise PolicyErrors.DENIED_UPDATE.error()
        if not group.is_active:
            raise PolicyErrors.GROUP_INACTIVE.error()
        policy_id = client_supplied_id(policy_id, "policyId")
        if policy_id:
            if Policy.objects.filter(pk=policy_id).exists():
                raise KernelErrors.INVALID_INPUT.error(field="policyId", detail="already in use")
        document = validate_document(kind, document)
        if _name_taken(group, name):
            raise PolicyErrors.NAME_EXISTS.error(name=name)
        now = timezone.now()
        policy = Policy(
            policy_group=group,
            name=name,
            description=description,
            policy_type=kind,
            version=(version or "1.0").strip()[:16],
            document=document,
            legacy=legacy,
            status=PolicyStatus.PUBLISHED if legacy else PolicyStatus.DRAFT,
            published_at=now if legacy else None,
        )
        if policy_id:
            policy.id = policy_id
        stamp(policy, actor, created=True)
        save_unique(policy, {
            "uniq_policy_name_in_group_ci": lambda: PolicyErrors.NAME_EXISTS.error(name=name),
            "policies_policy_pkey": lambda: KernelErrors.INVALID_INPUT.error(field="policyId", detail="already in use"),
            "policies_policy.id": lambda: KernelErrors.INVALID_INPUT.error(field="policyId", detail="already in use"),
        })
        op.ref_id = policy.id
    return policy


def _locked_policy(policy_id: str) -> Policy:
    policy = Policy.objects.select_for_update().select_related("policy_group").filter(pk=policy_id).first()
    if policy is None:
        raise PolicyErrors.POLICY_NOT_FOUND.error()
    return policy


def update_policy(
    *,
    actor: Actor,
    policy_id: str,
    name: str,
    description: str,
    document: object,
    version: str | None = None,
) -> Policy:
    """P2. Drafts and 1.0 policies may change; a published 1.1 policy may not
    (PMS_POL_055). A new name must stay unique in the group. Audit 183/283/483."""
    with POLICY_UPDATE.run(actor=actor, ref_id=policy_id) as op:
        policy = _locked_policy(policy_id)
        if not manager_acts_in(actor, policy.policy_group):
            raise PolicyErrors.DENIED_UPDATE.error()
        if not policy.is_mutable:
            raise PolicyErrors.PUBLISHED_IMMUTABLE.error()
        name = require_text(name, "name", 128)
        description = require_text(description, "desc", 256)
        document = validate_document(policy.policy_type, document)
        if _name_taken(policy.policy_group, name, excluding=policy.pk):
            raise PolicyErrors.NAME_EXISTS.error(name=name)
        policy.name, policy.description, policy.document = name, description, document
        if version:
            policy.version = version.strip()[:16]
        stamp(policy, actor)
        save_unique(policy, {"uniq_policy_name_in_group_ci": lambda: PolicyErrors.NAME_EXISTS.error(name=name)})
        announce_policy(policy)
        op.description = "policy updated"
    return policy


def publish_policy(*, actor: Actor, policy_group_id: str, policy_id: str) -> Policy:
    """Draft → published (1.1 publishPolicy). Publishing again is PMS_POL_020; the
    policy must belong to the group in the path (PMS_POL_015) and the group must be
    active (PMS_POL_053). Two concurrent publishes: one wins, the other gets 020."""
    with POLICY_UPDATE.run(actor=actor, ref_id=policy_id) as op:
        policy = _locked_policy(policy_id)
        if policy.policy_group_id != policy_group_id:
            if not PolicyGroup.objects.filter(pk=policy_group_id).exists():
                raise PolicyErrors.GROUP_NOT_FOUND.error()
            raise PolicyErrors.GROUP_AND_POLICY_NOT_MAPPED.error()
        if not manager_acts_in(actor, policy.policy_group):
            raise PolicyErrors.DENIED_STATUS.error()
        target = POLICY_LIFECYCLE.target("publish", policy.status, refused=PolicyErrors.ALREADY_PUBLISHED.error)
        if not policy.policy_group.is_active:
            raise PolicyErrors.GROUP_INACTIVE.error()
        policy.status, policy.published_at = target, timezone.now()
        stamp(policy, actor)
        policy.save()
        announce_policy(policy)
        op.description = "policy published"
    return policy


def change_policy_status(*, actor: Actor, policy_id: str, activate: bool, policy_group_id: str | None = None) -> Policy:
    """P3 / PATCH policyGroupId/{g}/policyId/{p}: deactivating a published policy, or
    re-activating a deactivated one; a draft cannot be activated (PMS_POL_054) or
    deactivated (it is not active). Asking for the current state changes nothing.
    A policy deactivated through MOSIP 1.2's R55 stays deactivated (SPEC §10.4): activating
    it is PMS_POL_058, 1.2's own refusal of a status change on a published policy; one a
    1.0 route deactivated may be activated again. Audit 183/283/483."""
    with POLICY_UPDATE.run(actor=actor, ref_id=policy_id) as op:
        policy = _locked_policy(policy_id)
        if policy_group_id is not None and policy.policy_group_id != policy_group_id:
            if not PolicyGroup.objects.filter(pk=policy_group_id).exists():
                raise PolicyErrors.GROUP_NOT_FOUND.error()
            raise PolicyErrors.GROUP_AND_POLICY_NOT_MAPPED.error()
        if not manager_acts_in(actor, policy.policy_group):
            raise PolicyErrors.DENIED_STATUS.error()
        wanted = PolicyStatus.PUBLISHED if activate else PolicyStatus.DEACTIVATED
        if activate and policy.status == PolicyStatus.DEACTIVATED \
                and policy.deactivated_through == DEACTIVATED_THROUGH_1_2:
            raise Policies12Errors.STATUS_OF_PUBLISHED.error()
        if activate and not policy.policy_group.is_active:
            raise PolicyErrors.GROUP_INACTIVE.error()
        target = wanted
        if policy.status != wanted:  # asking for the current state changes nothing
            target = POLICY_LIFECYCLE.target(
                "activate" if activate else "deactivate", policy.status, refused=PolicyErrors.STATUS_VALUE.error,
                refused_from={PolicyStatus.DRAFT: PolicyErrors.NOT_PUBLISHED.error if activate else lambda: (
                    KernelErrors.INVALID_INPUT.error(field="status", detail="a draft policy is not active; publish it first"))},
            )
            policy.status = target
            policy.deactivated_through = "" if activate else DEACTIVATED_THROUGH_1_0
            stamp(policy, actor)
            policy.save()
            announce_policy(policy)
        op.description = f"policy status {target}"
    return policy


def fetch_policy(*, actor: Actor, policy_id: str) -> Policy:
    """P5: one policy of the actor's groups. An audited read: one row (287 or 487)."""
    with POLICY_READ.run(actor=actor, ref_id=policy_id):
        policy = policy_as_seen_by(actor, policy_id)
        if policy is None:
            raise PolicyErrors.POLICY_NOT_FOUND.error()
        if not policy.actor_acts_in_group:
            raise PolicyErrors.DENIED_RETRIEVE.error()
    return policy


def list_policies(*, actor: Actor, filters: Mapping[str, str], page: PageRequest) -> Page:
    """P4: a page of the policies of the actor's groups, filtered by ``filters`` (the
    query parameters of policies.filters.PolicyFilter). One audit row (287 or 487)."""
    with POLICY_READ.run(actor=actor) as op:
        rows = apply_filters(PolicyFilter, filters, policies_visible_to(actor))
        result = paginate(rows, page)
        op.description = f"policies listed: {result.metadata['totalItems']}"
    return result
