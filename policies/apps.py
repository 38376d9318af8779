from django.apps import AppConfig
from django.db.models.signals import post_migrate

from kernel.roles import Role, role_permission_grants

# Admin permissions each role group gets on this app's models.
ROLE_PERMISSIONS = {
    Role.POLICYMANAGER: ["view_policygroup", "add_policygroup", "change_policygroup", "view_policy", "add_policy",
                         "change_policy", "view_managergroupmapping"],
    Role.PARTNER_ADMIN: ["view_policygroup", "add_policygroup", "change_policygroup", "view_policy", "add_policy",
                         "change_policy", "view_managergroupmapping", "add_managergroupmapping",
                         "delete_managergroupmapping"],
}


class PoliciesConfig(AppConfig):
    name = "policies"
    verbose_name = "Policies"

    def ready(self) -> None:
        post_migrate.connect(role_permission_grants(self.label, ROLE_PERMISSIONS), sender=self, weak=False,
                             dispatch_uid="policies-role-permissions")
