from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from django.core.signals import request_finished

        from kernel.signals import list_exported, request_refused

        from . import checks  # noqa: F401  (registers the event check)
        from .chain import release_writer
        from .receivers import audit_list_export, audit_refused_request

        request_refused.connect(audit_refused_request, dispatch_uid="audit-refused-request")
        list_exported.connect(audit_list_export, dispatch_uid="audit-list-export")
        request_finished.connect(release_writer, dispatch_uid="audit-release-writer")
