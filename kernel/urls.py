"""The kernel's routes (mounted by config.urls): the key manager's, relative to
``/v1/keymanager``, and MOSIP 1.2's platform routes under ``/v1/partnermanager``."""

from . import views
from .routing import Route

routes = [
    Route("/getCertificate", views.CertificateView.as_view(), "keymanager-get-certificate"),
]

# MOSIP 1.2, /v1/partnermanager (config/urls.py mounts them with kernel.routing.mount_context)
partner_manager_routes = [
    Route("/system-config", views.SystemConfigView.as_view(), "pm12-system-config"),
    Route("/roles", views.PortalRolesView.as_view(), "pm12-roles"),
]
