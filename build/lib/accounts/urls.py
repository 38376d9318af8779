from django.urls import path

from kernel.routing import Route, mount_alias

from . import views

login_routes = [
    Route("/useridPwd", views.PasswordLoginView.as_view(), "auth-useridpwd"),
    Route("/clientidsecretkey", views.ClientLoginView.as_view(), "auth-clientidsecretkey"),
]
authorize_routes = [
    Route("/admin/validateToken", views.ValidateTokenView.as_view(), "auth-validate-token"),
    Route("/validateToken", views.ValidateTokenView.as_view(), "auth-validate-token-short"),
    Route("/invalidateToken", views.InvalidateTokenView.as_view(), "auth-invalidate-token"),
]

urlpatterns = [
    *[path("v1/authmanager/authenticate" + r.suffix, r.view, name=r.name) for r in login_routes],
    *mount_alias("v1/authmanager/authenticate/internal", login_routes, "internal"),
    *mount_alias("v1/authenticate", login_routes, "v10"),
    *[path("v1/authmanager/authorize" + r.suffix, r.view, name=r.name) for r in authorize_routes[:1] + authorize_routes[2:]],
    *mount_alias("v1/authorize", authorize_routes[1:], "v10"),
    *mount_alias("v1/authmanager/authorize", authorize_routes[1:2], "v11"),
]
