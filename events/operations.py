"""Who may see and resend WebSub events: the partner admin alone (PARTNER_ADMIN may run
every operation; an empty role set names nobody else)."""

from audit.services import AuditedOperation
from kernel.operations import Operation, roles

EVENTS_READ = Operation("websub events read", roles=roles())
EVENT_RESEND = AuditedOperation("websub event resend", roles=roles(), request="events.resend.request",
                                success="events.resend.success", failure="events.resend.failure")
