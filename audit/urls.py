"""Audit manager routes, relative to ``/v1/auditmanager`` (mounted by config.urls)."""

from kernel.routing import Route

from .views import AuditListView, CheckpointListView

routes = [
    Route("/audits", AuditListView.as_view(), "audit-list"),
    Route("/checkpoints", CheckpointListView.as_view(), "audit-checkpoints"),
]
