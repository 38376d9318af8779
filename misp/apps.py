from django.apps import AppConfig
from django.db.models.signals import post_migrate

from kernel.roles import Role, role_permission_grants

_MISP_ADMIN = ["view_misp", "add_misp", "change_misp", "view_licensekey"]
ROLE_PERMISSIONS = {Role.MISP_ADMIN: _MISP_ADMIN, Role.PARTNER_ADMIN: _MISP_ADMIN}


class MispConfig(AppConfig):
    name = "misp"
    verbose_name = "MISPs"

    def ready(self) -> None:
        post_migrate.connect(role_permission_grants(self.label, ROLE_PERMISSIONS), sender=self, weak=False,
                             dispatch_uid="misp-role-permissions")
