"""Role checks for API views. PARTNER_ADMIN passes every role check (SPEC §4)."""

from __future__ import annotations

from rest_framework.permissions import BasePermission

from .roles import Role
from .tokens import TokenClaims


def request_roles(request) -> frozenset[Role]:
    claims = getattr(request, "auth", None)
    return claims.roles if isinstance(claims, TokenClaims) else frozenset()


class IsAuthenticatedPms(BasePermission):
    def has_permission(self, request, view) -> bool:
        return isinstance(getattr(request, "auth", None), TokenClaims) and bool(
            getattr(request.user, "is_authenticated", False)
        )


def roles_required(*roles: Role) -> type[BasePermission]:
    """``permission_classes = [roles_required(Role.POLICYMANAGER)]``."""

    allowed = frozenset(roles) | {Role.PARTNER_ADMIN}

    class HasRole(IsAuthenticatedPms):
        required_roles = allowed

        def has_permission(self, request, view) -> bool:
            return super().has_permission(request, view) and bool(request_roles(request) & allowed)

    HasRole.__name__ = "HasRole_" + "_".join(sorted(str(r) for r in roles))
    return HasRole
