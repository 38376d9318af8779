"""URL map. API prefixes answer unknown routes in the MOSIP envelope (kernel.http_errors)."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView, TemplateView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts import urls as auth
from audit.urls import routes as audit_routes
from devices.urls import partner_manager_routes_12 as device_routes_12
from devices.urls import routes as device_routes
from kernel.http_errors import api_not_found
from kernel.routing import context_fallback, index_by_segment, mount_alias, mount_context, mount_service
from kernel.urls import partner_manager_routes as platform_routes_12
from kernel.urls import routes as keymanager_routes
from kernel.views import BenchFloorView, UnknownRouteView, healthz
from misp.urls import partner_manager_routes as misp_pm_routes
from misp.urls import partner_manager_routes_12 as misp_routes_12
from misp.urls import routes as misp_routes
from partners.urls import manager_routes, partner_manager_routes_12, partner_routes, policy_key_routes
from policies.urls import policy_manager_routes_12
from policies.urls import routes as policy_routes

# Nested by literal segment (kernel.routing.index_by_segment): the same answers, found in a
# few tries per level instead of one per route.
urlpatterns = index_by_segment([
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("portal/", include("portal.urls")),
    path("i18n/", include("django.conf.urls.i18n")),  # set_language: the portal's language switcher
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's configuration as a script file, so the page's
    # Content-Security-Policy needs no inline script.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/docs", RedirectView.as_view(url="/api/docs/", permanent=True)),
    # The kernel's services (MOSIP has no doubled form of these), then their aliases.
    *mount_service("v1", "keymanager", keymanager_routes, doubled=False),
    *mount_service("v1/authmanager", "authenticate", auth.login_routes, doubled=False),
    *mount_alias("v1/authmanager/authenticate/internal", auth.login_routes, "internal"),
    *mount_alias("v1/authenticate", auth.login_routes, "v10"),
    *mount_service("v1/authmanager", "authorize", auth.authorize_routes, doubled=False),
    *mount_alias("v1/authorize", auth.authorize_v10_routes, "v10"),
    *mount_alias("v1/authmanager/authorize", auth.authorize_v11_routes, "v11"),
    *mount_service("v1", "auditmanager", audit_routes, doubled=False),
    *mount_service("v1", "masterdata", device_routes, doubled=False),
    *mount_alias("masterdata", device_routes, "short"),
    # The partners app answers the policy lookups by API key (it owns the keys), so its
    # routes under /policies come first (SPEC §2).
    *mount_service("partnermanagement/v1", "policies", policy_key_routes),
    *mount_service("partnermanagement/v1", "policies", policy_routes),
    *mount_service("partnermanagement/v1", "partners", partner_routes),
    *mount_service("partnermanagement/v1", "pmpartners", misp_pm_routes),
    *mount_service("partnermanagement/v1", "pmpartners", manager_routes),
    *mount_service("partnermanagement/v1", "misps", misp_routes),
    # MOSIP 1.2 (/v1/partnermanager, /v1/policymanager): literal routes before id routes;
    # then any other path there authenticates before it is a 404.
    *mount_context("v1/partnermanager", platform_routes_12),
    *mount_context("v1/partnermanager", misp_routes_12),
    *mount_context("v1/partnermanager", device_routes_12),
    *mount_context("v1/partnermanager", partner_manager_routes_12),
    *mount_context("v1/policymanager", policy_manager_routes_12),
    context_fallback("v1/partnermanager", UnknownRouteView.as_view()),
    context_fallback("v1/policymanager", UnknownRouteView.as_view()),
    # Only when PMS_BENCH_FLOOR is set (the benchmark does): the floor the bench measures against.
    *([path("v1/bench/floor", BenchFloorView.as_view(), name="bench-floor")] if settings.PMS_BENCH_FLOOR else []),
    # Last: any other path under an API prefix answers in the envelope, in DEBUG too.
    re_path(r"^(?:partnermanagement|v1|masterdata|api)(?:/|$)", api_not_found),
])

handler400 = "kernel.http_errors.bad_request"
handler403 = "kernel.http_errors.permission_denied"
handler404 = "kernel.http_errors.page_not_found"
handler500 = "kernel.http_errors.server_error"
