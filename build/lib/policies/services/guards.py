"""Guards shared by the policy services."""

from __future__ import annotations

from kernel.actors import Actor
from kernel.errors import ErrorCode, KernelErrors
from kernel.roles import Role

from ..models import PolicyGroup
from ..selectors import manager_acts_in


def require_policy_manager(actor: Actor) -> None:
    """Views check roles too; services check again so admin actions and commands obey."""
    if not actor.has_role(Role.POLICYMANAGER):
        raise KernelErrors.FORBIDDEN.error()


def require_group_access(actor: Actor, group: PolicyGroup, denied: ErrorCode) -> None:
    """A manager acts only inside the policy groups mapped to them (SPEC §4, §9.3)."""
    if not manager_acts_in(actor, group):
        raise denied.error()
