from django.apps import AppConfig
from django.db.models.signals import post_migrate

from kernel.roles import Role, role_permission_grants

_READ = ["view_deviceprovider", "view_foundationaltrustprovider", "view_mosipdeviceservice", "view_registereddevice",
         "view_devicetype", "view_devicesubtype"]
_MANAGE = [*_READ, "add_devicetype", "change_devicetype", "add_devicesubtype", "change_devicesubtype"]
ROLE_PERMISSIONS = {Role.ZONAL_ADMIN: _MANAGE, Role.PARTNER_ADMIN: _MANAGE}


class DevicesConfig(AppConfig):
    name = "devices"
    verbose_name = "Devices"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system check)

        post_migrate.connect(role_permission_grants(self.label, ROLE_PERMISSIONS), sender=self, weak=False,
                             dispatch_uid="devices-role-permissions")
