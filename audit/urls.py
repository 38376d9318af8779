from django.urls import path

from .views import AuditListView, CheckpointListView

urlpatterns = [
    path("v1/auditmanager/audits", AuditListView.as_view(), name="audit-list"),
    path("v1/auditmanager/checkpoints", CheckpointListView.as_view(), name="audit-checkpoints"),
]
