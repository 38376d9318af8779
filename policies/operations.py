"""The policy service's audited operations (catalog §12 events), declared once and used by
the services that run them and the views that refuse requests before them."""

from audit.services import AuditedOperation

GROUP_CREATE = AuditedOperation("policy group create", request="policy.group.create.request",
                                success="policy.group.create.success", failure="policy.group.create.failure")
GROUP_UPDATE = AuditedOperation("policy group update", request="policy.group.update.request",
                                success="policy.group.update.success", failure="policy.group.update.failure")
GROUP_READ = AuditedOperation("policy group read", success="policy.group.get.success",
                              failure="policy.group.get.failure", read=True)
POLICY_CREATE = AuditedOperation("policy create", request="policy.create.request", success="policy.create.success",
                                 failure="policy.create.failure")
POLICY_UPDATE = AuditedOperation("policy update", request="policy.update.request", success="policy.update.success",
                                 failure="policy.update.failure")
POLICY_READ = AuditedOperation("policy read", success="policy.get.success", failure="policy.get.failure", read=True)
