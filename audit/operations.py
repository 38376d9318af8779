"""Who may read the audit trail (the reads are not audited themselves)."""

from kernel.operations import Operation, roles
from kernel.roles import Role

AUDIT_READ = Operation("audit read", roles=roles(Role.AUDITOR))
