"""Partners: register (PS1), update (PS5), read (PS7, PM6), list (PM5), activate and
deactivate (PM2) (catalog §8-9, SPEC §9.1-9.2)."""

from __future__ import annotations

import re
from typing import Mapping

from kernel.actors import Actor
from kernel.errors import KernelErrors
from kernel.filtering import apply_filters
from kernel.pagination import Page, PageRequest, paginate
from kernel.records import change, require_text, save_unique, stamp
from kernel.text import CLIENT_ID_PATTERN, match_choice
from kernel.text import checked_email as kernel_checked_email
from policies.errors import PolicyErrors
from policies.models import PolicyGroup

from ..conf import app_settings
from ..errors import ManagerErrors, PartnerErrors
from ..filters import PartnerFilter
from ..models import DeactivatedThrough, Partner, PartnerType
from ..operations import MANAGED_PARTNER_READ, PARTNER_READ, PARTNER_REGISTER, PARTNER_STATUS, PARTNER_UPDATE
from ..selectors import partner_total, partners_managed_by, partners_owned_by
from .activation import publish_partner_updated
from .mails import mail_partner_status

_CONTACT_NO = re.compile(r"\+?[0-9][0-9 ()-]{0,15}")
CONTACT_NO_MAX = 16
PARTNER_ID_MAX = 36


def partner_type_named(text: str | None) -> PartnerType:
    """A partner type by code, any case; none given is ``Auth_Partner`` (the 1.0 body)."""
    if text is None or not str(text).strip():
        text = "Auth_Partner"
    active = list(PartnerType.objects.filter(is_active=True).values_list("code", flat=True))
    code = match_choice(text, active)
    if code is None:
        raise PartnerErrors.TYPE_NOT_FOUND.error()
    return PartnerType.objects.get(pk=code)


def checked_email(email: str | None, field: str = "emailId") -> str:
    """A valid address (PMS_PRT_012) of an allowed domain (PMS_PRT_429)."""
    email = kernel_checked_email(email, field, PartnerErrors.INVALID_EMAIL).lower()
    domain = email.rsplit("@", 1)[1]
    blocked = {d.lower().lstrip("@") for d in app_settings.PMS_PARTNER_EMAIL_BLOCKED_DOMAINS}
    allowed = {d.lower().lstrip("@") for d in app_settings.PMS_PARTNER_EMAIL_ALLOWED_DOMAINS}
    if domain in blocked or (allowed and domain not in allowed):
        raise PartnerErrors.EMAIL_NOT_ALLOWED.error(domain=domain)
    return email


def checked_contact_no(value: str | None) -> str:
    text = require_text(value, "contactNumber", 64)
    if len(text) > CONTACT_NO_MAX or not _CONTACT_NO.fullmatch(text):
        raise PartnerErrors.INVALID_CONTACT_NO.error(max=CONTACT_NO_MAX)
    return text


def _checked_partner_id(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    if " " in value.strip():
        raise PartnerErrors.ID_HAS_SPACES.error(max=f" (at most {PARTNER_ID_MAX} characters)")
    if len(value.strip()) > PARTNER_ID_MAX:
        raise PartnerErrors.ID_TOO_LONG.error(max=PARTNER_ID_MAX)
    if not CLIENT_ID_PATTERN.fullmatch(value.strip()):
        raise KernelErrors.INVALID_INPUT.error(field="partnerId", detail="letters, digits, - or _")
    return value.strip()


def _name_conflict(name: str, group: PolicyGroup | None):
    return lambda: PartnerErrors.NAME_EXISTS.error(name=name, group=group.name if group else "-")


def register_partner(
    *, actor: Actor, name: str, partner_type: PartnerType, policy_group_name: str | None, contact_no: str,
    email: str, address: str, partner_id: str | None = None,
) -> Partner:
    """PS1. A partner, active at once, owned by the caller. Its type says whether a
    policy group is needed (PMS_PRT_108 / 048); the group must exist (002) and be active;
    the name is unique in the group (001), a client-chosen id unique (051). Audit
    PMS_PRT_101/200 (417 name taken, 419 no group, 401 e-mail, 429 e-mail domain)."""
    with PARTNER_REGISTER.run(actor=actor, ref_id=partner_id or "") as op:
        if actor.user is None:
            raise KernelErrors.FORBIDDEN.error()
        partner_id = _checked_partner_id(partner_id)
        name = require_text(name, "organizationName", 128)
        address = require_text(address, "address", 2000)
        contact_no = checked_contact_no(contact_no)
        email = checked_email(email)
        group = None
        group_name = (policy_group_name or "").strip()
        if partner_type.requires_policy_group:
            if not group_name:
                raise PartnerErrors.GROUP_REQUIRED.error(partner_type=partner_type.code)
            group = PolicyGroup.objects.filter(name__iexact=group_name).first()
            if group is None:
                raise PartnerErrors.GROUP_NOT_FOUND.error()
            if not group.is_active:
                raise PolicyErrors.GROUP_INACTIVE.error()
        elif group_name:
            raise PartnerErrors.GROUP_NOT_REQUIRED.error()
        if partner_id and Partner.objects.filter(pk=partner_id).exists():
            raise PartnerErrors.ID_EXISTS.error()
        taken = Partner.objects.filter(name__iexact=name, policy_group=group)
        if taken.exists():
            raise _name_conflict(name, group)()
        partner = Partner(name=name, partner_type=partner_type, policy_group=group, contact_no=contact_no,
                          email=email, address=address, owner=actor.user)
        if partner_id:
            partner.id = partner_id
        stamp(partner, actor, created=True)
        save_unique(partner, {
            "uniq_partner_name_in_group_ci": _name_conflict(name, group),
            "uniq_partner_name_without_group_ci": _name_conflict(name, group),
            "partners_partner_pkey": PartnerErrors.ID_EXISTS.error,
            "partners_partner.id": PartnerErrors.ID_EXISTS.error,
        })
        op.ref_id = partner.id
        op.description = f"partner {partner.id} of type {partner_type.code} registered"
    return partner


def _owned_partner_for_update(actor: Actor, partner_id: str) -> Partner:
    partner = partners_owned_by(actor).select_for_update(of=("self",)).filter(pk=partner_id).first()
    if partner is None:  # another owner's partner answers like an unknown one (SPEC §9.1)
        raise PartnerErrors.PARTNER_NOT_FOUND.error()
    return partner


def update_partner(*, actor: Actor, partner_id: str, name: str, contact_no: str, email: str, address: str) -> Partner:
    """PS5: the owner changes its partner's details; a new name must stay unique in the
    group (001). Audit 102/202 (416 e-mail, 402 name taken)."""
    with PARTNER_UPDATE.run(actor=actor, ref_id=partner_id) as op:
        partner = _owned_partner_for_update(actor, partner_id)
        name = require_text(name, "organizationName", 128)
        partner.address = require_text(address, "address", 2000)
        partner.contact_no = checked_contact_no(contact_no)
        partner.email = checked_email(email)
        others = Partner.objects.filter(name__iexact=name, policy_group=partner.policy_group).exclude(pk=partner.pk)
        if others.exists():
            raise _name_conflict(name, partner.policy_group)()
        partner.name = name
        stamp(partner, actor)
        save_unique(partner, {"uniq_partner_name_in_group_ci": _name_conflict(name, partner.policy_group),
                              "uniq_partner_name_without_group_ci": _name_conflict(name, partner.policy_group)})
        op.description = "partner details updated"
    return partner


def fetch_partner(*, actor: Actor, partner_id: str) -> Partner:
    """PS7: the caller's own partner (another's answers PMS_PRT_005). Audit 249/449."""
    with PARTNER_READ.run(actor=actor, ref_id=partner_id):
        partner = partners_owned_by(actor).filter(pk=partner_id).first()
        if partner is None:
            raise PartnerErrors.PARTNER_NOT_FOUND.error()
    return partner


def fetch_partner_for_manager(*, actor: Actor, partner_id: str) -> Partner:
    """PM6: a partner of the manager's groups (others answer PMS_PMP_013). Audit 249/449."""
    with MANAGED_PARTNER_READ.run(actor=actor, ref_id=partner_id):
        partner = partners_managed_by(actor).filter(pk=partner_id).first()
        if partner is None:
            raise ManagerErrors.PARTNER_DOES_NOT_EXIST.error()
    return partner


def list_partners_for_manager(*, actor: Actor, filters: Mapping[str, str], page: PageRequest) -> Page:
    """PM5: the partners of the manager's policy groups, filtered. Audit 249/449."""
    with MANAGED_PARTNER_READ.run(actor=actor) as op:
        rows = apply_filters(PartnerFilter, filters, partners_managed_by(actor).order_by("name", "id"))
        result = paginate(rows, page, total=partner_total(actor, filters))
        op.description = f"partners listed: {result.metadata['totalItems']}"
    return result


def set_partner_active(*, actor: Actor, partner_id: str, active: bool) -> Partner:
    """PM2: a partner manager (de)activates a partner of its groups. Unknown: PMS_PMP_005;
    another group's: PMS_PMP_006. The current state again changes nothing. Audit 103/203/403.

    SPEC §10.4: a partner deactivated through MOSIP 1.2's R40 stays deactivated; re-activating
    it here is refused with PMS_PMP_006 (partners.services.activation). What this route
    deactivates, it may re-activate (``deactivated_through`` 1.0). A change publishes
    MOSIP 1.2's ``PARTNER_UPDATED``, as R40's does: one record, one event stream."""
    with PARTNER_STATUS.run(actor=actor, ref_id=partner_id) as op:
        partner = Partner.objects.select_for_update().filter(pk=partner_id).first()
        if partner is None:
            raise ManagerErrors.PARTNER_NOT_FOUND.error(partner_id=partner_id)
        if not partners_managed_by(actor).filter(pk=partner_id).exists():
            raise ManagerErrors.DENIED_STATUS.error()
        if active and not partner.is_active and partner.deactivated_through == DeactivatedThrough.V1_2:
            raise ManagerErrors.DENIED_STATUS.error()
        if partner.is_active != active:
            partner.deactivated_through = "" if active else DeactivatedThrough.V1_0
        if change(partner, actor, is_active=active):
            publish_partner_updated(partner)  # the 1.2 subscribers (IDA) learn of it too
            mail_partner_status(partner)  # and its owner is mailed, as R40's change is
        op.description = f"partner {'activated' if active else 'deactivated'}"
    return partner


def manager_summary(*, actor: Actor, page: PageRequest) -> Page:
    """PM10 (``getManager``): the manager's partners, one row per key request (or one row
    saying none was made). One audited read (249/449)."""
    from ..models import ApiKeyRequest

    with MANAGED_PARTNER_READ.run(actor=actor) as op:
        partners = partners_managed_by(actor).order_by("name", "id")
        result = paginate(partners, page)
        requests = (ApiKeyRequest.objects.select_related("policy").prefetch_related("api_keys")
                    .filter(partner__in=[p.pk for p in result.items]).order_by("partner_id", "-created_at", "id"))
        by_partner: dict[str, list] = {}
        for request in requests:
            by_partner.setdefault(request.partner_id, []).append(request)
        rows = [(partner, by_partner.get(partner.pk, [None])) for partner in result.items]
        op.description = f"manager summary: {result.metadata['totalItems']} partner(s)"
    return Page(rows, result.metadata)


def policy_id_named(*, actor: Actor, policy_name: str) -> str:
    """PM11: the id of the policy of that name (any case) in the manager's groups; if two
    of its groups have one, the group first by name wins. Unknown: PMS_PMP_014."""
    from policies.models import Policy
    from policies.selectors import groups_of_manager

    with MANAGED_PARTNER_READ.run(actor=actor) as op:
        policy = (Policy.objects.filter(name__iexact=policy_name.strip(), policy_group__in=groups_of_manager(actor))
                  .order_by("policy_group__name", "id").first())
        if policy is None:
            raise ManagerErrors.POLICY_NOT_FOUND.error(policy_id=policy_name[:128])
        op.ref_id = policy.id
    return policy.id
