"""Policy services: the only writers of policy groups, mappings and policies.

Each function runs one of the operations declared in ``policies.operations`` (which says
who may run it), checks scope (the caller's groups) with the selectors, writes the row, its
history and its audit event in one transaction and names the catalog section it
implements. Audited reads (``fetch_*``, ``list_*``) live here too because they
write audit rows.
"""

from .groups import (
    create_policy_group,
    fetch_policy_group,
    list_policy_groups,
    map_manager_to_groups,
    unmap_manager_from_group,
    update_policy_group,
)
from .policies import (
    activation_named,
    change_policy_status,
    create_policy,
    fetch_policy,
    list_policies,
    policy_type_named,
    publish_policy,
    update_policy,
)

__all__ = [
    "activation_named",
    "change_policy_status",
    "create_policy",
    "create_policy_group",
    "fetch_policy",
    "fetch_policy_group",
    "list_policies",
    "list_policy_groups",
    "map_manager_to_groups",
    "policy_type_named",
    "publish_policy",
    "unmap_manager_from_group",
    "update_policy",
    "update_policy_group",
]
