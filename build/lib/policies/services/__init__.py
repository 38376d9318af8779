"""Policy services: the only writers of policy groups, mappings and policies.

Each function checks its guards, writes the row, its history and its audit event in one
transaction (``audit.services.audited_operation``) and names the catalog section it
implements. Audited reads (``fetch_*``) live here too because they write audit rows.
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
    change_policy_status,
    create_policy,
    fetch_policy,
    fetch_policy_for_api_key,
    list_policies,
    publish_policy,
    update_policy,
)

__all__ = [
    "change_policy_status",
    "create_policy",
    "create_policy_group",
    "fetch_policy",
    "fetch_policy_for_api_key",
    "fetch_policy_group",
    "list_policies",
    "list_policy_groups",
    "map_manager_to_groups",
    "publish_policy",
    "unmap_manager_from_group",
    "update_policy",
    "update_policy_group",
]
