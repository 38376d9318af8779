from django.urls import path

from . import views
from .routing import Route

urlpatterns = [
    path("v1/keymanager/getCertificate", views.CertificateView.as_view(), name="keymanager-get-certificate"),
]

# MOSIP 1.2, /v1/partnermanager (config/urls.py mounts them with kernel.routing.mount_context)
partner_manager_routes = [
    Route("/system-config", views.SystemConfigView.as_view(), "pm12-system-config"),
    Route("/roles", views.PortalRolesView.as_view(), "pm12-roles"),
]
