"""Auth manager routes (mounted by config.urls): logins relative to
``/v1/authmanager/authenticate``, token checks relative to ``/v1/authmanager/authorize``,
and the paths MOSIP 1.0 (``/v1/authenticate``, ``/v1/authorize``), 1.1's short
validateToken and the internal login path serve the same views under (aliases)."""

from kernel.routing import Route

from . import views

login_routes = [
    Route("/useridPwd", views.PasswordLoginView.as_view(), "auth-useridpwd"),
    Route("/clientidsecretkey", views.ClientLoginView.as_view(), "auth-clientidsecretkey"),
]
_invalidate_token = Route("/invalidateToken", views.InvalidateTokenView.as_view(), "auth-invalidate-token")
_short_validate_token = Route("/validateToken", views.ValidateTokenView.as_view(), "auth-validate-token-short")
authorize_routes = [
    Route("/admin/validateToken", views.ValidateTokenView.as_view(), "auth-validate-token"),
    _invalidate_token,
]
authorize_v10_routes = [_short_validate_token, _invalidate_token]  # under /v1/authorize
authorize_v11_routes = [_short_validate_token]  # under /v1/authmanager/authorize
