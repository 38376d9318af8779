"""Policies: create, update, publish, activate/deactivate, and audited reads
(catalog §7.1–7.3, SPEC §9.6–9.8)."""

from __future__ import annotations

import re

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from audit.services import audited_operation
from kernel.actors import Actor
from kernel.errors import KernelErrors
from kernel.records import require_text, save_unique, stamp

from ..documents import validate_document
from ..errors import PolicyErrors
from ..models import Policy, PolicyGroup, PolicyStatus, PolicyType
from ..selectors import mapped_group_ids, policies_visible_to, policy_by_id, policy_id_for_api_key
from .guards import require_group_access, require_policy_manager

POLICY_CREATE = {"request": "policy.create.request", "success": "policy.create.success",
                 "failure": "policy.create.failure"}
POLICY_UPDATE = {"request": "policy.update.request", "success": "policy.update.success",
                 "failure": "policy.update.failure"}
POLICY_FETCH = {"request": "policy.get.request", "success": "policy.get.success", "failure": "policy.get.failure"}

CLIENT_ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,36}$")


def normalise_policy_type(value: str) -> str:
    """``auth``, ``AUTH`` and ``Auth`` are the same type; unknown or not enabled → PMS_POL_023."""
    wanted = (value or "").strip().lower()
    for kind in PolicyType:
        if kind.value.lower() == wanted and kind.value in settings.PMS_POLICY_TYPES:
            return kind.value
    raise PolicyErrors.POLICY_TYPE_NOT_ALLOWED.error()


def parse_status(value: str) -> bool:
    """``Active`` → True; ``De-Active``, ``Deactive``, ``DeActive``, ``inactive`` → False
    (catalog §13.3); anything else is PMS_POL_045."""
    key = re.sub(r"[^a-z]", "", (value or "").lower())
    if key == "active":
        return True
    if key in ("deactive", "deactivated", "deactivate", "inactive"):
        return False
    raise PolicyErrors.STATUS_VALUE.error()


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
    policy_type: str | None = None,
    version: str | None = None,
    policy_id: str | None = None,
) -> Policy:
    """P1. Without ``policyType`` (1.0 body) the policy is an Auth policy, published at
    once and still updatable; with it (1.1 body) it is a draft (SPEC §9.6). The name is
    unique in the group (PMS_POL_004); the document must match its type's schema
    (PMS_POL_005/006/007/051). Audit PMS_PRT_137/237/437."""
    with audited_operation(actor=actor, **POLICY_CREATE) as op:
        require_policy_manager(actor)
        legacy = policy_type is None
        kind = PolicyType.AUTH.value if legacy else normalise_policy_type(policy_type)
        name = require_text(name, "name", 128)
        description = require_text(description, "desc", 256)
        if not legacy and not (policy_group_name or "").strip():
            raise KernelErrors.MISSING_INPUT.error(field="policyGroupName")
        group = _locked_group(name=policy_group_name, actor=actor)
        require_group_access(actor, group, PolicyErrors.DENIED_UPDATE)
        if not group.is_active:
            raise PolicyErrors.GROUP_INACTIVE.error()
        if policy_id:
            if not CLIENT_ID_PATTERN.match(policy_id):
                raise KernelErrors.INVALID_INPUT.error(field="policyId", detail="1-36 letters, digits, - or _")
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
        save_unique(policy, lambda: PolicyErrors.NAME_EXISTS.error(name=name))
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
    with audited_operation(actor=actor, ref_id=policy_id, **POLICY_UPDATE) as op:
        require_policy_manager(actor)
        policy = _locked_policy(policy_id)
        require_group_access(actor, policy.policy_group, PolicyErrors.DENIED_UPDATE)
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
        save_unique(policy, lambda: PolicyErrors.NAME_EXISTS.error(name=name))
        op.description = "policy updated"
    return policy


def publish_policy(*, actor: Actor, policy_group_id: str, policy_id: str) -> Policy:
    """Draft → published (1.1 publishPolicy). Publishing again is PMS_POL_020; the
    policy must belong to the group in the path (PMS_POL_015) and the group must be
    active (PMS_POL_053). Two concurrent publishes: one wins, the other gets 020."""
    with audited_operation(actor=actor, ref_id=policy_id, **POLICY_UPDATE) as op:
        require_policy_manager(actor)
        policy = _locked_policy(policy_id)
        if policy.policy_group_id != policy_group_id:
            if not PolicyGroup.objects.filter(pk=policy_group_id).exists():
                raise PolicyErrors.GROUP_NOT_FOUND.error()
            raise PolicyErrors.GROUP_AND_POLICY_NOT_MAPPED.error()
        require_group_access(actor, policy.policy_group, PolicyErrors.DENIED_STATUS)
        if policy.status != PolicyStatus.DRAFT:
            raise PolicyErrors.ALREADY_PUBLISHED.error()
        if not policy.policy_group.is_active:
            raise PolicyErrors.GROUP_INACTIVE.error()
        policy.status, policy.published_at = PolicyStatus.PUBLISHED, timezone.now()
        stamp(policy, actor)
        policy.save()
        op.description = "policy published"
    return policy


def change_policy_status(*, actor: Actor, policy_id: str, status: str, policy_group_id: str | None = None) -> Policy:
    """P3 / PATCH policyGroupId/{g}/policyId/{p}: ``De-Active`` deactivates a published
    policy, ``Active`` re-activates a deactivated one; a draft cannot be activated
    (PMS_POL_054) or deactivated (it is not active). Asking for the current state changes
    nothing. Audit 183/283/483."""
    with audited_operation(actor=actor, ref_id=policy_id, **POLICY_UPDATE) as op:
        require_policy_manager(actor)
        activate = parse_status(status)
        policy = _locked_policy(policy_id)
        if policy_group_id is not None and policy.policy_group_id != policy_group_id:
            if not PolicyGroup.objects.filter(pk=policy_group_id).exists():
                raise PolicyErrors.GROUP_NOT_FOUND.error()
            raise PolicyErrors.GROUP_AND_POLICY_NOT_MAPPED.error()
        require_group_access(actor, policy.policy_group, PolicyErrors.DENIED_STATUS)
        if policy.status == PolicyStatus.DRAFT:
            if activate:
                raise PolicyErrors.NOT_PUBLISHED.error()
            raise KernelErrors.INVALID_INPUT.error(field="status", detail="a draft policy is not active; publish it first")
        target = PolicyStatus.PUBLISHED if activate else PolicyStatus.DEACTIVATED
        if activate and not policy.policy_group.is_active:
            raise PolicyErrors.GROUP_INACTIVE.error()
        if policy.status != target:
            policy.status = target
            stamp(policy, actor)
            policy.save()
        op.description = f"policy status {target}"
    return policy


def fetch_policy(*, actor: Actor, policy_id: str) -> Policy:
    """P5. Audit 187/287/487."""
    with audited_operation(actor=actor, ref_id=policy_id, **POLICY_FETCH):
        policy = policy_by_id(policy_id)
        if policy is None:
            raise PolicyErrors.POLICY_NOT_FOUND.error()
        require_group_access(actor, policy.policy_group, PolicyErrors.DENIED_RETRIEVE)
    return policy


def list_policies(*, actor: Actor) -> QuerySet[Policy]:
    """P4: the policies of the actor's groups (the view applies policies.filters)."""
    with audited_operation(actor=actor, **POLICY_FETCH) as op:
        rows = policies_visible_to(actor)
        op.description = "policies listed"
    return rows


def fetch_policy_for_api_key(*, actor: Actor, api_key: str) -> Policy:
    """P6: the active policy a partner API key is mapped to, for machine clients. The key
    is resolved by the app that owns keys (registered resolver); anything missing or not
    active is PMS_POL_013. The key itself is never written to the audit row."""
    with audited_operation(actor=actor, **POLICY_FETCH) as op:
        policy_id = policy_id_for_api_key(api_key)
        policy = policy_by_id(policy_id) if policy_id else None
        if policy is None or not policy.is_active or not policy.policy_group.is_active:
            raise PolicyErrors.NO_POLICY_FOR_API_KEY.error()
        op.ref_id = policy.id
    return policy
