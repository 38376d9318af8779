from django.apps import AppConfig
from django.db.models.signals import post_migrate

from kernel.roles import Role, role_permission_grants

ROLE_PERMISSIONS = {Role.PARTNER_ADMIN: ["view_machineclient", "view_revokedtoken"]}


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts (users, logins, tokens, machine clients)"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the identity checks)

        post_migrate.connect(role_permission_grants(self.label, ROLE_PERMISSIONS), sender=self, weak=False,
                             dispatch_uid="accounts-role-permissions")
