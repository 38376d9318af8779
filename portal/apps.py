from django.apps import AppConfig
from django.db.models.signals import post_migrate

from kernel.roles import Role, role_permission_grants

# Partner admins look at pending self-registrations (support: "my registration is locked").
ROLE_PERMISSIONS = {Role.PARTNER_ADMIN: ["view_pendingregistration"]}


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Partner portal"

    def ready(self) -> None:
        post_migrate.connect(role_permission_grants(self.label, ROLE_PERMISSIONS), sender=self, weak=False,
                             dispatch_uid="portal-role-permissions")
