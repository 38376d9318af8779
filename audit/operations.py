"""Who may read the audit trail (the reads are not audited themselves), and the trail's
own upkeep."""

from kernel.operations import ANY_TOKEN, PUBLIC, Operation, roles
from kernel.roles import Role

from .services import AuditedOperation

AUDIT_READ = Operation("audit read", roles=roles(Role.AUDITOR))
# Checkpoints reveal no row, only how many rows each chain held and their hashes: witnesses
# poll them without an account.
AUDIT_CHECKPOINTS_READ = Operation("audit checkpoints read", roles=PUBLIC)

# Run from cron by manage.py audit_checkpoint --prune, as the system.
AUDIT_CHECKPOINTS_PRUNE = AuditedOperation(
    "audit checkpoints prune", roles=ANY_TOKEN, request="audit.checkpoints.prune.request",
    success="audit.checkpoints.prune.success", failure="audit.checkpoints.prune.failure")
