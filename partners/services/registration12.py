"""MOSIP 1.2's partner registration and profile (1.2 catalog §5: R1–R8), on the partners
the 1.0 routes make and change (SPEC §10.1: one record, two spellings).

Decisions where 1.2 and this service differ (SPEC §10 wins; docs/api-tour-1.2.md):

- **Ownership** (SPEC §10.3, §9.1): a registered partner is owned by the *caller*; one user
  may own several partners. MOSIP's check (a) "the caller's e-mail already belongs to a
  partner → PMS_PRT_055" enforces "user id = partner id" and is not made here. The client
  chooses the partner id, checked as the 1.0 registration checks a client id.
- **Scope** (SPEC §10.2): every read and change of a partner by a partner role is of a
  partner the caller owns (PARTNER_ADMIN: any); another's id answers like an unknown one.
  MOSIP's R5 checks nothing: here it does (RESIDENT, a machine client, reads any, as on
  R41/R42).
- **E-mail** unique across partners on a 1.2 registration (PMS_PRT_011): checked, not a
  database constraint, since 1.0 data may hold duplicates.
- **Names** stay unique within a policy group (the table's constraint, PMS_PRT_001), which
  1.2 does not require.
- **R3** keeps the logo and additional information (MOSIP's R3 wipes them, a side effect
  of passing nulls that no client can rely on).
- A partner's history row is written by every change, R8 included (MOSIP writes none there).
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet

from kernel.actors import Actor
from kernel.errors import KernelErrors
from kernel.records import require_text, save_unique, stamp
from kernel.text import CLIENT_ID_PATTERN
from policies.models import PolicyGroup

from ..conf import app_settings
from ..errors import ManagerErrors, PartnerErrors, Partners12Errors
from ..models import ApprovalStatus, Partner, PartnerContact, PartnerType
from ..operations import (
    CONTACT_UPSERT_12,
    PARTNER_GROUP_SET_12,
    PARTNER_READ_12,
    PARTNER_REGISTER_12,
    PARTNER_UPDATE_12,
)
from ..selectors import partners_owned_by
from .mails import mail_partner
from .registration import PARTNER_ID_MAX, _name_conflict, checked_email, partner_type_named

CONTACT_NO_MAX_12 = 16
_SPACE = re.compile(r"\s")


def supported_languages() -> list[str]:
    """MOSIP's mandatory then optional languages (PMS_PARTNER_LANGUAGES)."""
    return [code.strip().lower() for code in app_settings.PMS_PARTNER_LANGUAGES if code.strip()]


def checked_contact_no_12(value: str | None) -> str:
    """1.2 checks only the length (PMS_PRT_013, "…less than .16")."""
    text = require_text(value, "contactNumber", 64)
    if len(text) > CONTACT_NO_MAX_12:
        raise PartnerErrors.INVALID_CONTACT_NO.error(max=CONTACT_NO_MAX_12)
    return text


def checked_partner_id_12(value: str) -> str:
    """1.2's order: spaces (PMS_PRT_066, the maximum appended to the text as MOSIP does),
    then length (052); then this service's rule for every client-chosen partner id, the
    1.0 registration's: letters, digits, ``-`` and ``_`` (PMS_COR_002), so that the id can
    be named in every path of both generations."""
    text = value.strip()
    if _SPACE.search(text):
        raise PartnerErrors.ID_HAS_SPACES.error(max=PARTNER_ID_MAX)
    if len(text) > PARTNER_ID_MAX:
        raise PartnerErrors.ID_TOO_LONG.error(max=PARTNER_ID_MAX)
    if not CLIENT_ID_PATTERN.fullmatch(text):
        raise KernelErrors.INVALID_INPUT.error(field="partnerId", detail="letters, digits, - or _")
    return text


def checked_additional_info(value: Any) -> Any:
    """R2/R4: any JSON value MOSIP can store as text (PMS_PRT_096 otherwise); none is ``[]``."""
    if value is None:
        return []
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError):
        raise Partners12Errors.INVALID_JSON.error() from None
    return value


def active_group_named(name: str) -> PolicyGroup:
    """A policy group by name, any case: unknown PMS_PRT_002, inactive PMS_PMP_023 (1.2's texts)."""
    group = PolicyGroup.objects.filter(name__iexact=name.strip()).first()
    if group is None:
        raise Partners12Errors.GROUP_NOT_FOUND.error()
    if not group.is_active:
        raise Partners12Errors.GROUP_INACTIVE.error()
    return group


def register_partner_12(
    *, actor: Actor, partner_id: str, name: str, partner_type: str, policy_group_name: str | None, contact_no: str,
    email: str, address: str, lang_code: str | None = None, logo_url: str | None = None, additional_info: Any = None,
) -> Partner:
    """R1/R2 (1.2 catalog §5.1): a partner ``InProgress`` and inactive, owned by the caller,
    until its certificate is uploaded. Checks in MOSIP's order: contact (013), e-mail (012),
    id (066, 052), e-mail taken (011), language (056; the first configured one is stored
    whatever was sent), id taken (051), additional info (096), type (010), group required
    for the type (108), group known (002) and active (PMP_023); then the name in the group
    (001). A group given for a type that needs none is kept, as 1.2 does. Audit 101/200."""
    with PARTNER_REGISTER_12.run(actor=actor, ref_id=partner_id or "") as op:
        if actor.user is None:
            raise KernelErrors.FORBIDDEN.error()
        contact_no = checked_contact_no_12(contact_no)
        email = checked_email(email)
        partner_id = checked_partner_id_12(partner_id)
        _lock_email(email)
        if Partner.objects.filter(email__iexact=email).exists():
            raise PartnerErrors.CONTACT_EXISTS.error()
        languages = supported_languages()
        if lang_code is not None and lang_code.strip() and lang_code.strip().lower() not in languages:
            raise Partners12Errors.LANGUAGE_NOT_SUPPORTED.error()
        if Partner.objects.filter(pk=partner_id).exists():
            raise PartnerErrors.ID_EXISTS.error()
        additional_info = checked_additional_info(additional_info)
        kind: PartnerType = partner_type_named(partner_type)
        group_name = (policy_group_name or "").strip()
        if kind.requires_policy_group and not group_name:
            raise PartnerErrors.GROUP_REQUIRED.error(partner_type=kind.code)
        group = active_group_named(group_name) if group_name else None
        name = require_text(name, "organizationName", 128)
        address = require_text(address, "address", 2000)
        if Partner.objects.filter(name__iexact=name, policy_group=group).exists():
            raise _name_conflict(name, group)()
        partner = Partner(id=partner_id, name=name, partner_type=kind, policy_group=group, contact_no=contact_no,
                          email=email, address=address, owner=actor.user, is_active=False,
                          approval_status=ApprovalStatus.IN_PROGRESS, lang_code=(languages or [""])[0][:3],
                          logo_url=(logo_url or "").strip()[:2048], additional_info=additional_info)
        stamp(partner, actor, created=True)
        save_unique(partner, {
            "uniq_partner_name_in_group_ci": _name_conflict(name, group),
            "uniq_partner_name_without_group_ci": _name_conflict(name, group),
            "partners_partner_pkey": PartnerErrors.ID_EXISTS.error,
            "partners_partner.id": PartnerErrors.ID_EXISTS.error,
        })
        op.ref_id = partner.id
        op.description = f"partner {partner.id} of type {kind.code} registered (1.2), in progress"
        transaction.on_commit(lambda: mail_registration(partner))
    return partner


def _lock_email(email: str) -> None:
    """The e-mail check is no constraint (1.0 data may hold duplicates), so two 1.2
    registrations with one address wait for each other here (PostgreSQL: a lock on the
    address for the rest of the transaction; SQLite runs one write at a time anyway)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"pms.partner.email:{email.lower()}"])


def mail_registration(partner: Partner) -> None:
    """MOSIP's ``PARTNER_REGISTRED`` e-mail (1.2 catalog §17.2) to the partner's address, in
    its stored language, once the registration committed (``partners.services.mails``). A
    failure is logged (its kind only) and changes nothing, as in MOSIP."""
    mail_partner(partner, "registered", {}, "registration")


def _own_partner_for_update(actor: Actor, partner_id: str) -> Partner:
    partner = partners_owned_by(actor).select_for_update(of=("self",)).filter(pk=partner_id).first()
    if partner is None:  # another owner's partner answers like an unknown one (SPEC §10.2)
        raise PartnerErrors.PARTNER_NOT_FOUND.error()
    return partner


_KEEP = object()


def update_partner_profile_12(*, actor: Actor, partner_id: str, address: str, contact_no: str,
                              logo_url: Any = _KEEP, additional_info: Any = _KEEP) -> Partner:
    """R3/R4 (1.2 catalog §5.2): the owner changes the address and contact number (R4 also
    the logo and additional information); name, e-mail, type and group stay. R3 leaves the
    logo and additional information as they are. Audit 102/202."""
    with PARTNER_UPDATE_12.run(actor=actor, ref_id=partner_id) as op:
        partner = _own_partner_for_update(actor, partner_id)
        partner.contact_no = checked_contact_no_12(contact_no)
        partner.address = require_text(address, "address", 2000)
        if logo_url is not _KEEP:
            partner.logo_url = (logo_url or "").strip()[:2048]
        if additional_info is not _KEEP:
            partner.additional_info = checked_additional_info(additional_info)
        stamp(partner, actor)
        partner.save()
        op.description = "partner profile updated (1.2)"
    return partner


def partners_readable_12(actor: Actor) -> QuerySet[Partner]:
    """Whose details R5 shows: the caller's own partners (PARTNER_ADMIN: all); RESIDENT, the
    resident service's machine client, reads any partner, as the internal services do on
    R41/R42."""
    from kernel.roles import Role

    if actor.has_role(Role.RESIDENT):
        return Partner.objects.select_related("partner_type", "policy_group")
    return partners_owned_by(actor)


def fetch_partner_12(*, actor: Actor, partner_id: str) -> Partner:
    """R5: a partner the caller may read (unknown or another's: PMS_PRT_005). Audit 249/449."""
    with PARTNER_READ_12.run(actor=actor, ref_id=partner_id):
        partner = partners_readable_12(actor).filter(pk=partner_id).first()
        if partner is None:
            raise PartnerErrors.PARTNER_NOT_FOUND.error()
    return partner


def add_or_update_contact_12(*, actor: Actor, partner_id: str, email: str, contact_no: str, address: str,
                             is_active: bool | None) -> bool:
    """R6 (1.2 catalog §5.4): upsert by e-mail on the caller's partner; a new contact needs
    the partner active (PMS_PMP_016). Answers whether the contact is new. Audit 144/244."""
    with CONTACT_UPSERT_12.run(actor=actor, ref_id=partner_id) as op:
        partner = _own_partner_for_update(actor, partner_id)
        email = checked_email(email)
        contact = PartnerContact.objects.filter(partner=partner, email__iexact=email).first()
        created = contact is None
        if created:
            if not partner.is_active:
                raise ManagerErrors.PARTNER_INACTIVE.error()
            contact = PartnerContact(partner=partner, email=email)
        contact.contact_no = checked_contact_no_12(contact_no)
        contact.address = require_text(address, "address", 2000)
        contact.is_active = True if is_active is None else is_active
        stamp(contact, actor, created=created)
        save_unique(contact, {"uniq_partner_contact_email_ci": lambda: PartnerErrors.CONTACT_EXISTS.error()})
        op.description = f"contact {'added' if created else 'updated'} (1.2)"
    return created


def email_check_12(*, email: str) -> dict[str, Any]:
    """R7 (1.2 catalog §5.5): whether a partner has this e-mail (a well-formed one, 012), and
    the codes of the types that need a policy group, upper-cased."""
    email = checked_email(email)
    types = PartnerType.objects.filter(is_active=True, requires_policy_group=True).order_by("code")
    return {"emailExists": Partner.objects.filter(email__iexact=email).exists(),
            "policyRequiredPartnerTypes": [kind.code.upper() for kind in types]}


def set_policy_group_12(*, actor: Actor, partner_id: str, group_name: str) -> Partner:
    """R8 (1.2 catalog §5.6): the owner sets the group of its partner while it is inactive
    (active: PMS_PRT_050) and of a type that needs one (048); the group must exist (002) and
    be active (PMP_023); the name must be free in it (001). Audit 102/202."""
    with PARTNER_GROUP_SET_12.run(actor=actor, ref_id=partner_id) as op:
        partner = _own_partner_for_update(actor, partner_id)
        if partner.is_active:
            raise Partners12Errors.GROUP_OF_APPROVED.error()
        if not partner.partner_type.requires_policy_group:
            raise PartnerErrors.GROUP_NOT_REQUIRED.error()
        group = active_group_named(group_name)
        others = Partner.objects.filter(name__iexact=partner.name, policy_group=group).exclude(pk=partner.pk)
        if others.exists():
            raise _name_conflict(partner.name, group)()
        partner.policy_group = group
        stamp(partner, actor)
        save_unique(partner, {"uniq_partner_name_in_group_ci": _name_conflict(partner.name, group)})
        op.description = f"partner policy group set to {group.name} (1.2)"
    return partner
