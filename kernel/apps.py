from django.apps import AppConfig


class KernelConfig(AppConfig):
    name = "kernel"
    verbose_name = "Kernel (envelope, errors, keys)"

    def ready(self) -> None:
        from django.apps import apps
        from django.db.models.signals import post_migrate

        from . import checks, schema  # noqa: F401  (registers system checks and the schema extension)
        from .history import build_history_managers_once
        from .roles import sync_role_groups

        # The role groups come from kernel.roles.Role (migration 0002 holds a copy of the
        # roles of its day; the enum is the list from then on).
        post_migrate.connect(sync_role_groups, sender=self, dispatch_uid="pms-role-groups")
        build_history_managers_once(apps.get_models())
