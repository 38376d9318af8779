"""Policy groups through MOSIP 1.2's routes (1.2 catalog §9, R43–R50; states §16.5).

One group, two spellings: the same rows the 1.0 routes change. Scope (SPEC §10.2): a policy
manager acts only in his mapped groups and PARTNER_ADMIN in all; another group answers
exactly like an unknown id. Group deactivation is **not terminal** in either generation:
MOSIP 1.2's own R44 re-activates a group R45 deactivated, so the 1.0 ``PUT policyGroup/{id}``
(``isActive: true``) may re-activate it too (docs/api-tour-1.2.md, "Terminal states").
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from kernel.actors import Actor
from kernel.records import save_unique, stamp
from kernel.search import Column, FilterValues, SearchPage, filter_values, search_page

from ..errors import Policies12Errors, PolicyErrors
from ..models import PolicyGroup, PolicyStatus
from ..operations import (
    ACTIVE_GROUPS_12,
    GROUP_FILTER_VALUES_12,
    GROUP_READ,
    GROUP_SEARCH_12,
    GROUP_UPDATE,
)
from ..selectors import groups_of_manager, groups_seen_12, managed_group_12
from .groups import create_policy_group

DEACTIVATE = "De-Activate"
# MOSIP's ``mosip.pms.filtervalue.max_columns`` as deployed ([CFG]): values per column.
FILTER_VALUES_MAX = 5000

# R48/R49: the entity columns of MOSIP's ``policy_group`` (1.2 catalog §9.1), on ours.
# ``delDtimes`` and ``isDeleted``: a group is never deleted here (always null / false).
GROUP_COLUMNS = {
    "id": Column("id"), "crBy": Column("created_by"), "crDtimes": Column("created_at", "datetime"),
    "desc": Column("description"), "isActive": Column("is_active", "bool"), "name": Column("name"),
    "updBy": Column("updated_by"), "updDtimes": Column("updated_at", "datetime"), "userId": Column("created_by"),
}


def create_policy_group_12(*, name: str, description: str, actor: Actor) -> PolicyGroup:
    """R43: the 1.0 rule exactly (policies.services.groups.create_policy_group): a policy
    manager (or PARTNER_ADMIN) creates an active group, unique by name ignoring case
    (PMS_POL_014), and a manager who creates one is mapped to it."""
    return create_policy_group(name=name, description=description, actor=actor)


def _name_taken(name: str, excluding: str) -> bool:
    return PolicyGroup.objects.filter(name__iexact=name).exclude(pk=excluding).exists()


def update_policy_group_12(*, group_id: str, name: str, description: str, is_active: bool,
                           actor: Actor) -> PolicyGroup:
    """R44: rename, describe and set the active flag. Unknown (or another manager's) group
    PMS_POL_008 (MOSIP's text, sic); a taken name PMS_POL_014; switching the flag off with
    published policies PMS_POL_056 (drafts do not block here, unlike R45). Re-activation is
    allowed (1.2 catalog §16.5). ``isActive`` is required by the view: MOSIP fails without it."""
    with GROUP_UPDATE.run(actor=actor, ref_id=group_id):
        group = managed_group_12(actor, group_id, lock=True)
        if group is None:
            raise PolicyErrors.POLICY_NOT_FOUND.error()
        if _name_taken(name, group.pk):
            raise PolicyErrors.GROUP_NAME_EXISTS.error(name=name)
        if is_active != group.is_active and group.policies.filter(status=PolicyStatus.PUBLISHED).exists():
            raise PolicyErrors.GROUP_HAS_ACTIVE_POLICIES.error()
        group.name, group.description, group.is_active = name, description, is_active
        stamp(group, actor)
        save_unique(group, {"uniq_policy_group_name_ci": lambda: PolicyErrors.GROUP_NAME_EXISTS.error(name=name)})
    return group


def deactivate_policy_group_12(*, group_id: str, status: str, actor: Actor) -> PolicyGroup:
    """R45, in MOSIP's order: ``status`` exactly ``De-Activate`` (PMS_POL_073); unknown or
    another manager's group PMS_POL_068; already inactive PMS_POL_067; published and
    draft policies PMS_POL_069, published only PMS_POL_056, drafts only PMS_POL_070
    (deactivated policies do not block). No WebSub event (1.2 catalog §17.1)."""
    with GROUP_UPDATE.run(actor=actor, ref_id=group_id) as op:
        if status != DEACTIVATE:
            raise Policies12Errors.NOT_DEACTIVATE.error()
        group = managed_group_12(actor, group_id, lock=True)
        if group is None:
            raise Policies12Errors.GROUP_UNKNOWN.error()
        if not group.is_active:
            raise Policies12Errors.GROUP_ALREADY_DEACTIVATED.error()
        counts = group.policies.aggregate(active=Count("pk", filter=Q(status=PolicyStatus.PUBLISHED)),
                                          drafts=Count("pk", filter=Q(status=PolicyStatus.DRAFT)))
        if counts["active"] and counts["drafts"]:
            raise Policies12Errors.GROUP_HAS_ACTIVE_AND_DRAFTS.error()
        if counts["active"]:
            raise PolicyErrors.GROUP_HAS_ACTIVE_POLICIES.error()
        if counts["drafts"]:
            raise Policies12Errors.GROUP_HAS_DRAFTS.error()
        group.is_active = False
        stamp(group, actor)
        group.save()
        op.description = "policy group deactivated (1.2)"
    return group


def _with_policies(rows: QuerySet[PolicyGroup]) -> QuerySet[PolicyGroup]:
    from django.db.models import Prefetch

    from ..models import Policy

    return rows.prefetch_related(Prefetch("policies", queryset=Policy.objects.order_by("name", "id")))


def fetch_policy_group_12(*, group_id: str, actor: Actor) -> PolicyGroup:
    """R46: one of the manager's groups with all its policies; another group or an unknown
    id PMS_POL_016."""
    with GROUP_READ.run(actor=actor, ref_id=group_id):
        group = _with_policies(groups_of_manager(actor)).filter(pk=group_id).first()
        if group is None:
            raise PolicyErrors.GROUP_NOT_FOUND.error()
    return group


def list_policy_groups_12(*, actor: Actor) -> list[PolicyGroup]:
    """R47: every group of the manager (PARTNER_ADMIN: all), inactive ones included, each
    with its policies, unpaged."""
    with GROUP_READ.run(actor=actor) as op:
        groups = list(_with_policies(groups_of_manager(actor)).order_by("name", "id"))
        op.description = f"policy groups listed (1.2): {len(groups)}"
    return groups


def search_policy_groups_12(*, request: dict, actor: Actor) -> SearchPage:
    """R48: MOSIP's legacy search (kernel.search.search_page) over the groups the caller
    sees: a manager his groups, a partner user its own partners' groups."""
    with GROUP_SEARCH_12.run(actor=actor) as op:
        page = search_page(groups_seen_12(actor), request, GROUP_COLUMNS, default_order=("name", "pk"))
        op.description = f"policy groups searched (1.2): {page.total}"
    return page


def policy_group_filter_values_12(*, request: dict, actor: Actor) -> FilterValues:
    """R49: the values of group columns among the groups the caller sees; the code is the
    group's name (1.2 catalog §4.3)."""
    with GROUP_FILTER_VALUES_12.run(actor=actor):
        return filter_values(groups_seen_12(actor), request, GROUP_COLUMNS, code_path="name",
                             max_values=FILTER_VALUES_MAX)


def active_policy_groups_12(*, actor: Actor) -> list[PolicyGroup]:
    """R50: the active groups the caller sees, unpaged (a partner user: its own partners'
    groups, not every group of the platform). None: PMS_POL_059."""
    with ACTIVE_GROUPS_12.run(actor=actor):
        groups = list(groups_seen_12(actor).filter(is_active=True).order_by("name", "id"))
        if not groups:
            raise Policies12Errors.NO_ACTIVE_GROUPS.error()
    return groups
