from django.apps import AppConfig
from django.db.models.signals import post_migrate

# Admin permissions each role group gets on this app's models.
ROLE_PERMISSIONS = {
    "POLICYMANAGER": ["view_policygroup", "add_policygroup", "change_policygroup", "view_policy", "add_policy",
                      "change_policy", "view_managergroupmapping"],
    "PARTNER_ADMIN": ["view_policygroup", "add_policygroup", "change_policygroup", "view_policy", "add_policy",
                      "change_policy", "view_managergroupmapping", "add_managergroupmapping",
                      "delete_managergroupmapping"],
}


def grant_role_permissions(sender, using="default", **kwargs):
    from django.contrib.auth.models import Group, Permission

    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=role)
        perms = Permission.objects.using(using).filter(content_type__app_label="policies", codename__in=codenames)
        group.permissions.add(*perms)


class PoliciesConfig(AppConfig):
    name = "policies"
    verbose_name = "Policies"

    def ready(self) -> None:
        post_migrate.connect(grant_role_permissions, sender=self)
