"""Role checks for API views. PARTNER_ADMIN passes every role check (SPEC §4)."""

from __future__ import annotations

from rest_framework.permissions import BasePermission

from .roles import Role


def request_roles(request) -> frozenset[Role]:
    """The roles the authentication class found for this request (``request.auth.roles``)."""
    roles = getattr(getattr(request, "auth", None), "roles", None)
    return roles if isinstance(roles, frozenset) else frozenset()


class IsAuthenticatedPms(BasePermission):
    """A user authenticated by a token (``request.auth`` set by the authentication class)."""

    def has_permission(self, request, view) -> bool:
        return getattr(request, "auth", None) is not None and bool(getattr(request.user, "is_authenticated", False))


def roles_required(*roles: Role) -> type[BasePermission]:
    """``permission_classes = [roles_required(Role.POLICYMANAGER)]``."""

    allowed = frozenset(roles) | {Role.PARTNER_ADMIN}

    class HasRole(IsAuthenticatedPms):
        required_roles = allowed

        def has_permission(self, request, view) -> bool:
            return super().has_permission(request, view) and bool(request_roles(request) & allowed)

    HasRole.__name__ = "HasRole_" + "_".join(sorted(str(r) for r in roles))
    return HasRole
