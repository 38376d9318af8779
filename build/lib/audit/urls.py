from django.urls import path

from .views import AuditListView

urlpatterns = [path("v1/auditmanager/audits", AuditListView.as_view(), name="audit-list")]
