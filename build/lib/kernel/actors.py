"""Who is acting: the one value services receive for permission checks, history and audit."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .middleware import current_request_context
from .roles import Role


@dataclass(frozen=True)
class Actor:
    username: str
    roles: frozenset[Role] = frozenset()
    user: Any = field(default=None, compare=False, repr=False)
    client_ip: str = ""
    request_id: str = ""
    session_id: str = ""
    is_system: bool = False

    @property
    def user_id(self) -> int | None:
        return getattr(self.user, "pk", None)

    def has_role(self, *roles: Role) -> bool:
        """PARTNER_ADMIN may do everything (SPEC §4)."""
        return Role.PARTNER_ADMIN in self.roles or any(role in self.roles for role in roles)

    @property
    def is_partner_admin(self) -> bool:
        return Role.PARTNER_ADMIN in self.roles

    @classmethod
    def from_request(cls, request) -> "Actor":
        user = getattr(request, "user", None)
        claims = getattr(request, "auth", None)
        roles = getattr(claims, "roles", None)
        if roles is None:
            from .roles import roles_of_user

            roles = roles_of_user(user)
        ctx = current_request_context()
        return cls(
            username=getattr(user, "username", "") or "anonymous",
            roles=frozenset(roles),
            user=user if getattr(user, "is_authenticated", False) else None,
            client_ip=ctx.client_ip if ctx else "",
            request_id=ctx.request_id if ctx else "",
            session_id=getattr(claims, "jti", "") or "",
        )

    @classmethod
    def system(cls, name: str = "system", user: Any = None, roles: frozenset[Role] = frozenset({Role.PARTNER_ADMIN})) -> "Actor":
        """For management commands and jobs: acts with full rights, audited as System."""
        ctx = current_request_context()
        return cls(
            username=name,
            roles=roles,
            user=user,
            client_ip=ctx.client_ip if ctx else "",
            request_id=ctx.request_id if ctx else "",
            is_system=True,
        )

    @classmethod
    def anonymous(cls) -> "Actor":
        ctx = current_request_context()
        return cls(
            username="anonymous",
            client_ip=ctx.client_ip if ctx else "",
            request_id=ctx.request_id if ctx else "",
        )
