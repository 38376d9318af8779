"""Who may run an operation, declared once (SPEC §4).

Every API view method names the operation it runs (``operations = {"POST": POLICY_CREATE}``);
its permission is derived from that declaration (kernel.permissions.OperationPermission),
the service refuses any other actor when it runs it (audit.services.AuditedOperation.run),
and ``kernel.checks`` refuses to start when a view method names none. PARTNER_ADMIN may
run everything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from .roles import Role

# Not role sets: who may run an operation without a role check.
PUBLIC = "public"  # anyone, no token needed (sign-in, the server certificate, the portal)
ANY_TOKEN = "any token"  # anyone the authentication class accepted, whatever their roles

DECLARED_RULES: list["Operation"] = []


def roles(*allowed: Role) -> frozenset[Role]:
    """``roles=roles(Role.POLICYMANAGER)``: the roles that may run an operation, beside
    PARTNER_ADMIN, which may run all of them."""
    return frozenset(allowed)


@dataclass(frozen=True)
class Operation:
    """An operation's name and who may run it: a set of roles (PARTNER_ADMIN always
    included), ``ANY_TOKEN`` or ``PUBLIC``."""

    name: str
    roles: frozenset[Role] | str = field(kw_only=True)

    def __post_init__(self) -> None:
        if not isinstance(self.roles, frozenset) and self.roles not in (PUBLIC, ANY_TOKEN):
            raise TypeError(f"{self.name}: roles must be a frozenset of Role, PUBLIC or ANY_TOKEN")
        DECLARED_RULES.append(self)

    @property
    def allowed_roles(self) -> frozenset[Role] | str:
        """The roles as the whole-API matrix names them: PARTNER_ADMIN added to a set."""
        return self.roles | {Role.PARTNER_ADMIN} if isinstance(self.roles, frozenset) else self.roles

    def permits(self, actor_roles: Iterable[Role]) -> bool:
        if not isinstance(self.roles, frozenset):
            return True
        held = frozenset(actor_roles)
        return Role.PARTNER_ADMIN in held or bool(held & self.roles)
