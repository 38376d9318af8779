"""Policies through MOSIP 1.2's routes (1.2 catalog §9, R51–R63; states §16.4).

One record, two spellings (SPEC §10.1): the stored ``PolicyStatus`` is read by 1.2 as
draft → ``draft``/``DRAFTED``, published → ``activated``/``PUBLISHED``, deactivated →
``deactivated``/``DRAFTED`` (``Policy.status_12``, ``status_12_legacy``); a 1.0 ``legacy``
policy is published, so 1.2 refuses to update it (PMS_POL_055) as it refuses any published one.

Terminal state (SPEC §10.4): R55 deactivates for good (``deactivated_through = "1.2"``); the
1.0 activate route refuses such a policy (PMS_POL_058, services.policies.change_policy_status)
and re-activates only what a 1.0 route deactivated.

Scope (SPEC §10.2): a policy manager acts only in his mapped groups, PARTNER_ADMIN in all;
another group's policy or group answers like an unknown id, with the route's own code.
``POLICY_UPDATED`` (policyData) is recorded in the change's transaction on R52, R53, R54
(1.2 catalog §17.1); R55 records none, as MOSIP.
"""

from __future__ import annotations

from typing import Any, Mapping

from django.db.models import Case, CharField, Value, When
from django.utils import timezone

from kernel.actors import Actor
from kernel.records import save_unique, stamp
from kernel.search import (
    Column,
    FilterValues,
    ListPage,
    SearchPage,
    SortKey,
    filter_values,
    list_page,
    list_query,
    search_page,
)
from kernel.text import client_supplied_id

from ..documents import validate_document
from ..errors import Policies12Errors, PolicyErrors
from ..models import DEACTIVATED_THROUGH_1_2, POLICY_LIFECYCLE, Policy, PolicyGroup, PolicyStatus, PolicyType
from ..operations import (
    ACTIVE_GROUP_POLICIES_12,
    POLICY_CREATE,
    POLICY_FILTER_VALUES_12,
    POLICY_READ,
    POLICY_UPDATE,
)
from ..selectors import (
    groups_of_manager,
    groups_seen_12,
    managed_group_12,
    managed_group_named_12,
    managed_policy_12,
    policies_seen_12,
)
from .groups12 import DEACTIVATE, FILTER_VALUES_MAX
from .policies import announce_policy, policy_type_named

# MOSIP's ``pmp.policy.schema.url``: what ``policy_schema`` holds once published (R58's ``schema``).
POLICY_SCHEMA_URL = "https://schemas.mosip.io/v1/auth-policy"


def create_policy_12(*, actor: Actor, group_name: str, policy_type: str, name: str, description: str,
                     version: str, document: Any, policy_id: str | None = None) -> Policy:
    """R51, in MOSIP's order: the type allowed (PMS_POL_023); the group by name among the
    manager's groups (PMS_POL_019 for another's, as for an unknown name) and active
    (PMS_POL_053); the name free in the group (PMS_POL_009); the document valid for its type.
    A draft. A ``policyId`` already in use is refused (MOSIP overwrites that policy)."""
    with POLICY_CREATE.run(actor=actor) as op:
        kind: PolicyType = policy_type_named(policy_type)
        group = managed_group_named_12(actor, group_name, lock=True)
        if group is None:
            raise PolicyErrors.GROUP_NAME_NOT_FOUND.error()
        if not group.is_active:
            raise PolicyErrors.GROUP_INACTIVE.error()
        if Policy.objects.filter(policy_group=group, name__iexact=name).exists():
            raise Policies12Errors.NAME_EXISTS.error(name=name)
        from kernel.errors import KernelErrors

        policy_id = client_supplied_id(policy_id, "policyId")
        if policy_id and Policy.objects.filter(pk=policy_id).exists():
            raise KernelErrors.INVALID_INPUT.error(field="policyId", detail="already in use")
        document = validate_document(kind, document)
        policy = Policy(policy_group=group, name=name, description=description, policy_type=kind,
                        version=version.strip()[:16], document=document, status=PolicyStatus.DRAFT)
        if policy_id:
            policy.id = policy_id
        stamp(policy, actor, created=True)
        save_unique(policy, {
            "uniq_policy_name_in_group_ci": lambda: Policies12Errors.NAME_EXISTS.error(name=name),
            "policies_policy_pkey": lambda: KernelErrors.INVALID_INPUT.error(field="policyId", detail="already in use"),
            "policies_policy.id": lambda: KernelErrors.INVALID_INPUT.error(field="policyId", detail="already in use"),
        })
        op.ref_id = policy.id
    return policy


def _mapped(actor: Actor, policy_id: str, group_id: str, *, check_active: bool = True) -> Policy:
    """The mapping checks R52, R53 and R54 share (1.2 catalog §9.2), in MOSIP's order: the
    group (PMS_POL_016), active (PMS_POL_053), the policy (PMS_POL_008), in that group
    (PMS_POL_015). Out of the manager's scope reads as unknown. The policy is row-locked."""
    group = managed_group_12(actor, group_id)
    if group is None:
        raise PolicyErrors.GROUP_NOT_FOUND.error()
    if check_active and not group.is_active:
        raise PolicyErrors.GROUP_INACTIVE.error()
    policy = managed_policy_12(actor, policy_id, lock=True)
    if policy is None:
        raise PolicyErrors.POLICY_NOT_FOUND.error()
    if policy.policy_group_id != group.pk:
        raise PolicyErrors.GROUP_AND_POLICY_NOT_MAPPED.error()
    return policy


def update_policy_12(*, actor: Actor, policy_id: str, group_name: str, name: str, description: str,
                     version: str, document: Any) -> Policy:
    """R52: the group by name (PMS_POL_019), the mapping checks, not published (PMS_POL_055,
    1.0 legacy policies included: they are published), the name free in the group
    (PMS_POL_009), the document valid for the stored type. POLICY_UPDATED."""
    with POLICY_UPDATE.run(actor=actor, ref_id=policy_id) as op:
        group = managed_group_named_12(actor, group_name)
        if group is None:
            raise PolicyErrors.GROUP_NAME_NOT_FOUND.error()
        policy = _mapped(actor, policy_id, group.pk)
        if policy.is_published_12:
            raise PolicyErrors.PUBLISHED_IMMUTABLE.error()
        if Policy.objects.filter(policy_group=group, name__iexact=name).exclude(pk=policy.pk).exists():
            raise Policies12Errors.NAME_EXISTS.error(name=name)
        policy.document = validate_document(policy.policy_type, document)
        policy.name, policy.description, policy.version = name, description, version.strip()[:16]
        stamp(policy, actor)
        save_unique(policy, {"uniq_policy_name_in_group_ci": lambda: Policies12Errors.NAME_EXISTS.error(name=name)})
        announce_policy(policy)
        op.description = "policy updated (1.2)"
    return policy


def publish_policy_12(*, actor: Actor, policy_id: str, group_id: str) -> Policy:
    """R53: the mapping checks, then draft → published (PMS_POL_020 for a published or
    deactivated one). POLICY_UPDATED."""
    with POLICY_UPDATE.run(actor=actor, ref_id=policy_id) as op:
        policy = _mapped(actor, policy_id, group_id)
        policy.status = POLICY_LIFECYCLE.target("publish", policy.status, refused=PolicyErrors.ALREADY_PUBLISHED.error)
        policy.published_at = timezone.now()
        stamp(policy, actor)
        policy.save()
        announce_policy(policy)
        op.description = "policy published (1.2)"
    return policy


def set_policy_status_12(*, actor: Actor, policy_id: str, group_id: str, status: Any) -> Policy:
    """R54, MOSIP 1.2's legacy status route: ``active``/``de-active`` in any case
    (PMS_POL_045); the mapping checks; any published policy PMS_POL_058; ``Active`` on a
    draft PMS_POL_054; ``De-Active`` on a draft changes nothing (a draft is inactive) but
    answers, and announces, as MOSIP does."""
    with POLICY_UPDATE.run(actor=actor, ref_id=policy_id) as op:
        wanted = status.strip().lower() if isinstance(status, str) else None
        if wanted not in ("active", "de-active"):
            raise PolicyErrors.STATUS_VALUE.error()
        policy = _mapped(actor, policy_id, group_id)
        if policy.is_published_12:
            raise Policies12Errors.STATUS_OF_PUBLISHED.error()
        if wanted == "active":
            raise PolicyErrors.NOT_PUBLISHED.error()
        announce_policy(policy)
        op.description = "policy status (1.2): draft stays inactive"
    return policy


def deactivate_policy_12(*, actor: Actor, policy_id: str, status: Any) -> Policy:
    """R55, in MOSIP's order: ``status`` exactly ``De-Activate`` (PMS_POL_073); the policy
    among the manager's (PMS_POL_065); a draft PMS_POL_072; already deactivated PMS_POL_062;
    an approved request PMS_POL_063, a pending one PMS_POL_064 (rejected ones do not block).
    Terminal for both generations (``deactivated_through = "1.2"``). No WebSub event (1.2
    catalog §17.1); history and audit rows as for every change."""
    with POLICY_UPDATE.run(actor=actor, ref_id=policy_id) as op:
        if status != DEACTIVATE:
            raise Policies12Errors.NOT_DEACTIVATE.error()
        policy = managed_policy_12(actor, policy_id, lock=True)
        if policy is None:
            raise Policies12Errors.POLICY_UNKNOWN.error()
        if policy.status == PolicyStatus.DRAFT:
            raise Policies12Errors.NOT_ACTIVATED.error()
        if policy.status == PolicyStatus.DEACTIVATED:
            raise Policies12Errors.ALREADY_DEACTIVATED.error()
        statuses = set(policy.api_key_requests.values_list("status", flat=True))
        if "approved" in statuses:
            raise Policies12Errors.APPROVED_REQUEST_EXISTS.error()
        if "in-progress" in statuses:
            raise Policies12Errors.PENDING_REQUEST_EXISTS.error()
        policy.status, policy.deactivated_through = PolicyStatus.DEACTIVATED, DEACTIVATED_THROUGH_1_2
        stamp(policy, actor)
        policy.save()
        op.description = "policy deactivated (1.2, terminal)"
    return policy


# --- reads -------------------------------------------------------------------------------

def list_policies_12(*, actor: Actor) -> list[Policy]:
    """R56: every policy of the manager's groups (PARTNER_ADMIN: all), every state."""
    with POLICY_READ.run(actor=actor) as op:
        rows = list(managed_policies(actor).order_by("policy_group__name", "name", "id"))
        op.description = f"policies listed (1.2): {len(rows)}"
    return rows


def managed_policies(actor: Actor):
    return Policy.objects.select_related("policy_group").filter(policy_group__in=groups_of_manager(actor).values("pk"))


STATUS_12 = Case(When(status=PolicyStatus.DRAFT, then=Value("draft")),
                 When(status=PolicyStatus.PUBLISHED, then=Value("activated")),
                 default=Value("deactivated"), output_field=CharField())

# R57 (1.2 catalog §4.1): sort aliases and filters.
SUMMARY_SORT = {
    "policyId": SortKey("id"), "policyName": SortKey("name"), "policyDescription": SortKey("description"),
    "policyGroupId": SortKey("policy_group_id"), "policyGroupName": SortKey("policy_group__name"),
    "status": SortKey("status_text_12"), "createdDateTime": SortKey("created_at"),
}
SUMMARY_FILTERS = {"policyType": "policy_type", "policyId": "id", "policyName": "name",
                   "policyDescription": "description", "policyGroupName": "policy_group__name"}
SUMMARY_STATUSES = ("activated", "deactivated", "draft")


def _summary_params(params: Mapping[str, str]) -> dict[str, str]:
    """R57 checks only the values (PMS_PRT_357/358/360/361), never that the pairs come
    together (``PolicyUtil.validateGetAllPoliciesRequestParameters``): a lone sort field
    sorts ascending, a lone sort type is checked and ignored, a lone page parameter takes
    the other's default (0 / 8)."""
    wanted = {key: params[key] for key in ("sortFieldName", "sortType", "pageNo", "pageSize") if key in params}
    if "sortFieldName" in wanted and "sortType" not in wanted:
        wanted["sortType"] = "asc"
    if "sortType" in wanted and "sortFieldName" not in wanted:
        from kernel.search import SearchErrors

        if wanted["sortType"].lower() not in ("asc", "desc"):
            raise SearchErrors.LIST_SORT_TYPE.error(type=wanted["sortType"])
        del wanted["sortType"]
    if ("pageNo" in wanted) != ("pageSize" in wanted):
        wanted.setdefault("pageNo", "0")
        wanted.setdefault("pageSize", "8")
    return wanted


def policy_summaries_12(*, actor: Actor, params: Mapping[str, str]) -> ListPage:
    """R57: a page (default 0 of 8) of the manager's policies as ``PolicySummaryDto``,
    text filters as case-insensitive substrings, ``status`` exact on the 1.2 spelling."""
    query = list_query(_summary_params(params), SUMMARY_SORT, default_page=(0, 8))
    with POLICY_READ.run(actor=actor) as op:
        rows = managed_policies(actor).annotate(status_text_12=STATUS_12)
        for wire, path in SUMMARY_FILTERS.items():
            value = params.get(wire)
            if value:
                rows = rows.filter(**{f"{path}__icontains": value.strip()})
        status = params.get("status")
        if status:
            rows = rows.filter(status_text_12=status.strip().lower()) if status.strip().lower() in SUMMARY_STATUSES \
                else rows.none()
        page = list_page(rows, query)
        op.description = f"policies listed (1.2 v2): {page.total}"
    return page


def fetch_policy_12(*, actor: Actor, policy_id: str) -> Policy:
    """R58: one of the manager's policies; another group's or unknown PMS_POL_008."""
    with POLICY_READ.run(actor=actor, ref_id=policy_id):
        policy = managed_policy_12(actor, policy_id)
        if policy is None:
            raise PolicyErrors.POLICY_NOT_FOUND.error()
    return policy


def fetch_partner_policy_12(*, actor: Actor, policy_id: str, partner_id: str) -> Policy:
    """R59: the policy, when the partner holds an active API key on it: the policy among
    the manager's (PMS_POL_008), then the key (PMS_POL_017)."""
    with POLICY_READ.run(actor=actor, ref_id=policy_id):
        policy = managed_policy_12(actor, policy_id)
        if policy is None:
            raise PolicyErrors.POLICY_NOT_FOUND.error()
        if not policy.api_keys.filter(partner_id=partner_id, is_active=True).exists():
            raise Policies12Errors.NO_POLICY_FOR_PARTNER.error()
    return policy


def active_policies_of_group_12(*, actor: Actor, group_name: str) -> tuple[PolicyGroup, list[Policy]]:
    """R60: the published policies of an active group, by name, among the groups the
    caller sees (a partner user: its own partners' groups): PMS_POL_019, PMS_POL_053."""
    with ACTIVE_GROUP_POLICIES_12.run(actor=actor):
        group = groups_seen_12(actor).filter(name__iexact=(group_name or "").strip()).first()
        if group is None:
            raise PolicyErrors.GROUP_NAME_NOT_FOUND.error()
        if not group.is_active:
            raise PolicyErrors.GROUP_INACTIVE.error()
        policies = list(group.policies.select_related("policy_group").filter(status=PolicyStatus.PUBLISHED)
                        .order_by("name", "id"))
    return group, policies


# R61/R62: the entity columns of MOSIP's ``auth_policy`` (1.2 catalog §9.2), on ours;
# ``desc`` stands for ``descr``; ``policyGroupName`` is a column here (MOSIP filters it
# afterwards, case-sensitively; here it is the same case-insensitive test as the others).
POLICY_COLUMNS = {
    "id": Column("id"), "crBy": Column("created_by"), "crDtimes": Column("created_at", "datetime"),
    "descr": Column("description"), "desc": Column("description"), "isActive": Column("is_active_12", "bool"),
    "name": Column("name"), "updBy": Column("updated_by"), "updDtimes": Column("updated_at", "datetime"),
    "validFromDate": Column("published_at", "datetime"), "version": Column("version"),
    "policyType": Column("policy_type"), "policyGroupName": Column("policy_group__name"),
    "policyGroupId": Column("policy_group__id"),
}


def _searchable(rows):
    return rows.annotate(is_active_12=Case(When(status=PolicyStatus.PUBLISHED, then=Value(True)), default=Value(False)))


def _typed(rows, policy_type: Any):
    if isinstance(policy_type, str) and policy_type.strip().lower() != "all":
        return rows.filter(policy_type__iexact=policy_type.strip())
    return rows


def search_policies_12(*, actor: Actor, request: dict) -> SearchPage:
    """R61: MOSIP's legacy search over the manager's policies; ``policyType`` other than
    ``all`` adds an exact type filter."""
    with POLICY_READ.run(actor=actor) as op:
        rows = _typed(_searchable(managed_policies(actor)), request.get("policyType"))
        page = search_page(rows, request, POLICY_COLUMNS, default_order=("policy_group__name", "name", "pk"))
        op.description = f"policies searched (1.2): {page.total}"
    return page


def policy_filter_values_12(*, actor: Actor, request: dict) -> FilterValues:
    """R62: values of policy columns among the policies the caller sees (a partner user:
    the published policies of its own partners' groups); the code is the policy id."""
    with POLICY_FILTER_VALUES_12.run(actor=actor):
        rows = _typed(_searchable(policies_seen_12(actor)), request.get("policyType"))
        return filter_values(rows, request, POLICY_COLUMNS, code_path="id", max_values=FILTER_VALUES_MAX)
