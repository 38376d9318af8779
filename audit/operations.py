"""Who may read the audit trail (the reads are not audited themselves)."""

from kernel.operations import PUBLIC, Operation, roles
from kernel.roles import Role

AUDIT_READ = Operation("audit read", roles=roles(Role.AUDITOR))
# Checkpoints reveal no row, only how many rows each chain held and their hashes: witnesses
# poll them without an account.
AUDIT_CHECKPOINTS_READ = Operation("audit checkpoints read", roles=PUBLIC)
