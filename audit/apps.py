from django.apps import AppConfig
from django.db.models.signals import post_migrate

from kernel.roles import Role, role_permission_grants

# Auditors and partner admins read the audit trail in the admin.
ROLE_PERMISSIONS = {Role.AUDITOR: ["view_auditevent"], Role.PARTNER_ADMIN: ["view_auditevent"]}


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from django.core.signals import request_finished

        from kernel.signals import list_exported, request_refused

        from . import checks  # noqa: F401  (registers the event check)
        from .chain import release_writer
        from .receivers import audit_list_export, audit_refused_request

        post_migrate.connect(role_permission_grants(self.label, ROLE_PERMISSIONS), sender=self, weak=False,
                             dispatch_uid="audit-role-permissions")
        request_refused.connect(audit_refused_request, dispatch_uid="audit-refused-request")
        list_exported.connect(audit_list_export, dispatch_uid="audit-list-export")
        request_finished.connect(release_writer, dispatch_uid="audit-release-writer")
