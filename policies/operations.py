"""The policy service's audited operations (catalog §12 events): who may run each and what
it writes, declared once and used by the services that run them and the views that name
them (their permission and their refusals before the service)."""

from audit.services import AuditedOperation
from kernel.operations import roles
from kernel.roles import Role

POLICY_MANAGERS = roles(Role.POLICYMANAGER)

GROUP_CREATE = AuditedOperation("policy group create", roles=POLICY_MANAGERS, request="policy.group.create.request",
                                success="policy.group.create.success", failure="policy.group.create.failure")
GROUP_UPDATE = AuditedOperation("policy group update", roles=POLICY_MANAGERS, request="policy.group.update.request",
                                success="policy.group.update.success", failure="policy.group.update.failure")
# Only PARTNER_ADMIN (or a system actor acting for an operator) maps managers to groups: a
# manager who could map himself could reach any group.
GROUP_MAP = AuditedOperation("policy group manager mapping", roles=roles(), request="policy.group.update.request",
                             success="policy.group.update.success", failure="policy.group.update.failure")
GROUP_READ = AuditedOperation("policy group read", roles=POLICY_MANAGERS, success="policy.group.get.success",
                              failure="policy.group.get.failure", read=True)
POLICY_CREATE = AuditedOperation("policy create", roles=POLICY_MANAGERS, request="policy.create.request",
                                 success="policy.create.success", failure="policy.create.failure")
POLICY_UPDATE = AuditedOperation("policy update", roles=POLICY_MANAGERS, request="policy.update.request",
                                 success="policy.update.success", failure="policy.update.failure")
POLICY_READ = AuditedOperation("policy read", roles=POLICY_MANAGERS, success="policy.get.success",
                               failure="policy.get.failure", read=True)

# MOSIP 1.2 reads that partner roles may make too (1.2 catalog §3.2): the 1.0 event ids of
# the same kind of read. A partner sees its own partners' groups and their published
# policies only (policies.selectors.groups_seen_12 / policies_seen_12).
GROUP_SEARCH_12 = AuditedOperation(  # R48 postpoliciesgroupsearch
    "policy group search (1.2)", roles=roles(Role.POLICYMANAGER, Role.AUTH_PARTNER, Role.CREDENTIAL_PARTNER),
    success="policy.group.get.success", failure="policy.group.get.failure", read=True)
GROUP_FILTER_VALUES_12 = AuditedOperation(  # R49 postpoliciesgroupfiltervalues
    "policy group filter values (1.2)",
    roles=roles(Role.POLICYMANAGER, Role.PARTNER, Role.AUTH_PARTNER, Role.CREDENTIAL_PARTNER, Role.ABIS_PARTNER,
                Role.FTM_PROVIDER, Role.ONLINE_VERIFICATION_PARTNER, Role.MANUAL_ADJUDICATION),
    success="policy.group.get.success", failure="policy.group.get.failure", read=True)
ACTIVE_GROUP_READERS_12 = roles(Role.POLICYMANAGER, Role.AUTH_PARTNER, Role.CREDENTIAL_PARTNER,
                                Role.ONLINE_VERIFICATION_PARTNER, Role.ABIS_PARTNER, Role.MANUAL_ADJUDICATION)
ACTIVE_GROUPS_12 = AuditedOperation(  # R50 getpolicygroups
    "active policy groups (1.2)", roles=ACTIVE_GROUP_READERS_12,
    success="policy.group.get.success", failure="policy.group.get.failure", read=True)
ACTIVE_GROUP_POLICIES_12 = AuditedOperation(  # R60 getactivegroupgroupname
    "active policies of a group (1.2)", roles=ACTIVE_GROUP_READERS_12,
    success="policy.get.success", failure="policy.get.failure", read=True)
POLICY_FILTER_VALUES_12 = AuditedOperation(  # R62 postpoliciesfiltervalues
    "policy filter values (1.2)",
    roles=roles(Role.POLICYMANAGER, Role.PARTNER, Role.AUTH_PARTNER, Role.CREDENTIAL_PARTNER),
    success="policy.get.success", failure="policy.get.failure", read=True)
