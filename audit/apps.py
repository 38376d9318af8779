from django.apps import AppConfig
from django.db.models.signals import post_migrate


def grant_audit_view(sender, using="default", **kwargs):
    """Auditors and partner admins read the audit trail in the admin."""
    from django.contrib.auth.models import Group, Permission

    permission = Permission.objects.using(using).filter(
        content_type__app_label="audit", codename="view_auditevent"
    ).first()
    if permission is None:
        return
    for name in ("AUDITOR", "PARTNER_ADMIN"):
        group, _ = Group.objects.using(using).get_or_create(name=name)
        group.permissions.add(permission)


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from kernel.signals import request_refused

        from . import checks  # noqa: F401  (registers the event check)
        from .receivers import audit_refused_request

        post_migrate.connect(grant_audit_view, sender=self)
        request_refused.connect(audit_refused_request, dispatch_uid="audit-refused-request")
