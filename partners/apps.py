from django.apps import AppConfig
from django.db.models.signals import post_migrate

from kernel.roles import Role, role_permission_grants

ROLE_PERMISSIONS = {
    Role.PARTNERMANAGER: ["view_partner", "view_apikeyrequest", "view_partnerapikey", "view_partnertype",
                          "view_partnercertificate", "view_trustedcertificate"],
    Role.PARTNER_ADMIN: ["view_partner", "view_apikeyrequest", "view_partnerapikey", "view_partnertype", "add_partnertype",
                         "change_partnertype", "view_partnercertificate", "view_trustedcertificate"],
}


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "Partners"

    def ready(self) -> None:
        post_migrate.connect(role_permission_grants(self.label, ROLE_PERMISSIONS), sender=self, weak=False,
                             dispatch_uid="partners-role-permissions")
