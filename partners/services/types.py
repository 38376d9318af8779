"""Partner types are data: partner admins add and change them (SPEC §5 "Partners")."""

from __future__ import annotations

from kernel.actors import Actor
from kernel.errors import KernelErrors
from kernel.records import require_text, save_unique, stamp
from kernel.roles import normalise_role
from kernel.text import CLIENT_ID_PATTERN

from ..models import PartnerType
from ..operations import PARTNER_TYPE_SAVE


def save_partner_type(*, actor: Actor, code: str, description: str, requires_policy_group: bool, role: str,
                      is_active: bool, create: bool) -> PartnerType:
    """Adds a type (``create``) or changes one; the code is an id (letters, digits, - and _)
    and the role must be one of ours. Only partner admins. Audit 150/250/450."""
    with PARTNER_TYPE_SAVE.run(actor=actor, ref_id=code or "") as op:
        code = require_text(code, "code", 36)
        if not CLIENT_ID_PATTERN.fullmatch(code):
            raise KernelErrors.INVALID_INPUT.error(field="code", detail="letters, digits, - or _")
        role_name = (role or "").strip()
        if role_name and normalise_role(role_name) is None:
            raise KernelErrors.INVALID_INPUT.error(field="role", detail=f"{role_name} is not a role")
        existing = PartnerType.objects.select_for_update().filter(pk__iexact=code).first()
        if create and existing is not None:
            raise KernelErrors.INVALID_INPUT.error(field="code", detail="a partner type with this code exists")
        if not create and existing is None:
            raise KernelErrors.INVALID_INPUT.error(field="code", detail="no such partner type")
        kind = existing or PartnerType(code=code)
        kind.description = (description or "").strip()[:256]
        kind.requires_policy_group, kind.is_active = requires_policy_group, is_active
        kind.role = str(normalise_role(role_name)) if role_name else ""
        stamp(kind, actor, created=create)
        save_unique(kind, {"partners_partnertype_pkey": lambda: KernelErrors.INVALID_INPUT.error(
            field="code", detail="a partner type with this code exists"), "partners_partnertype.code": lambda: (
            KernelErrors.INVALID_INPUT.error(field="code", detail="a partner type with this code exists"))})
        op.description = f"partner type {code} {'added' if create else 'changed'}"
    return kind
