"""MOSIP 1.2's policy-mapping requests and API keys (1.2 catalog §7.1-§7.4, §7.7 R30,
§16.2, §16.3): a partner asks for a policy (R20), a partner manager approves or rejects
(R21), the partner generates any number of labelled keys under an approved mapping (R22),
and a key is (de)activated by label (R23) or moved to another policy (R30).

One record, two spellings (SPEC §10.1): a 1.2 mapping request *is* the 1.0 API-key
request (``ApiKeyRequest``), stored ``in-progress``/``approved``/``rejected`` and shown
``InProgress``/``approved``/``rejected`` on the 1.2 routes (``status_12``). What differs by
generation is the approval: the 1.0 approval (PM4) makes one key labelled with the
request's id; R21 makes none, keys come from R22.

Key values are this service's sealed CSPRNG keys (``kernel.models.SealedKey``), not
MOSIP's random integer below 1,000,000, which anyone could guess in a million tries.
They are valid PMS_API_KEY_VALIDITY_DAYS (MOSIP 1.2 reads
``mosip.pmp.partner.policy.expiry.period.indays``).

Scope (SPEC §10.2): a partner acts on the partners it owns, a partner manager inside its
policy groups, PARTNER_ADMIN on all; anything outside answers like an unknown id.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.db.models import QuerySet
from django.utils import timezone

from kernel.actors import Actor
from kernel.records import change, stamp
from kernel.roles import Role
from policies.models import Policy, PolicyStatus

from ..conf import app_settings
from ..errors import Keys12Errors, ManagerErrors, PartnerErrors
from ..events import record_api_key_approved, record_api_key_updated
from ..models import (
    API_KEY_REQUEST_LIFECYCLE,
    ApiKeyRequest,
    BiometricExtractor,
    Partner,
    PartnerApiKey,
    RequestStatus,
    normalised_label,
)
from ..operations import (
    API_KEY_GENERATE,
    API_KEY_LABEL_STATUS,
    API_KEY_POLICY_CHANGE,
    POLICY_MAPPING_DECIDE,
    POLICY_MAPPING_REQUEST,
)
from ..selectors import partners_managed_by, partners_owned_by, requests_managed_by
from .mails import mail_api_key_status

# 1.2's spelling of each stored request status (1.2 catalog §16.2).
STATUS_12 = {RequestStatus.IN_PROGRESS: "InProgress", RequestStatus.APPROVED: "approved",
             RequestStatus.REJECTED: "rejected"}
# pmp.bioextractors.required.partner.types: these partners need extractors before R21 decides.
EXTRACTORS_REQUIRED_FOR = ("Credential_Partner", "Online_Verification_Partner")


def status_12(stored: str) -> str:
    return STATUS_12.get(RequestStatus(stored), stored)


def stored_status(text: str | None) -> str | None:
    """A request status in either generation's spelling, any case (``InProgress``,
    ``In-Progress``, ``in_progress``, ``APPROVED``...), as stored; None when it is none."""
    key = "".join(ch for ch in (text or "").lower() if ch.isalnum())
    return {"inprogress": RequestStatus.IN_PROGRESS, "approved": RequestStatus.APPROVED,
            "rejected": RequestStatus.REJECTED}.get(key)


def partners_acted_for(actor: Actor) -> QuerySet[Partner]:
    """The partners an actor may act on: its own, and as a partner manager those of its
    groups (PARTNER_ADMIN: all)."""
    if actor.is_partner_admin:
        return Partner.objects.all()
    rows = Partner.objects.filter(pk__in=partners_owned_by(actor).values("pk"))
    if actor.has_role(Role.PARTNERMANAGER):
        rows = rows | Partner.objects.filter(pk__in=partners_managed_by(actor).values("pk"))
    return rows


def new_key_value() -> str:
    return secrets.token_urlsafe(app_settings.PMS_API_KEY_BYTES)


def policy_named_for(partner: Partner, policy_name: str) -> Policy:
    """R20's policy checks (1.2 catalog §7.1), shared with R36: a published policy of that
    name must exist somewhere (PMS_PRT_073) and one be in the partner's group (PMS_PRT_098,
    also for a partner without a group); it is active (PMS_PMP_019) in an active group
    (PMS_PMP_023). Policies here have no end date, so MOSIP's "Policy expired." (PMS_PMP_018)
    cannot occur."""
    named = Policy.objects.select_related("policy_group").filter(name__iexact=(policy_name or "").strip())
    if not named.filter(status=PolicyStatus.PUBLISHED).exists():
        raise Keys12Errors.POLICY_NOT_FOUND.error()
    policy = named.filter(policy_group_id=partner.policy_group_id).first() if partner.policy_group_id else None
    if policy is None:
        raise Keys12Errors.POLICY_NOT_IN_GROUP.error()
    if not policy.is_active:
        raise Keys12Errors.POLICY_INACTIVE.error()
    if not policy.policy_group.is_active:
        raise Keys12Errors.GROUP_INACTIVE.error()
    return policy


def request_policy_mapping(*, actor: Actor, partner_id: str, policy_name: str, use_case: str) -> ApiKeyRequest:
    """R20 (1.2 catalog §7.1), in MOSIP's order: the partner (the caller's own; else
    PMS_PRT_005) is active (PMS_PMP_016); a published policy of that name exists
    (PMS_PRT_073) in the partner's group (PMS_PRT_098), active (PMS_PMP_019) in an
    active group (PMS_PMP_023); no request of the partner for it is in progress
    (PMS_PRT_053, where the 1.0 route answers the open request again) or approved
    (PMS_PRT_060). A rejected one does not block. Audit 122/213 (421, 422)."""
    with POLICY_MAPPING_REQUEST.run(actor=actor, ref_id=partner_id) as op:
        partner = partners_owned_by(actor).select_for_update(of=("self",)).filter(pk=partner_id).first()
        if partner is None:
            raise PartnerErrors.PARTNER_NOT_FOUND.error()
        if not partner.is_active:
            raise ManagerErrors.PARTNER_INACTIVE.error()
        policy = policy_named_for(partner, policy_name)
        earlier = set(ApiKeyRequest.objects.filter(partner=partner, policy=policy).values_list("status", flat=True))
        if RequestStatus.IN_PROGRESS in earlier:
            raise Keys12Errors.REQUEST_PENDING.error()
        if RequestStatus.APPROVED in earlier:
            raise PartnerErrors.KEY_ALREADY_APPROVED.error()
        request = ApiKeyRequest(partner=partner, policy=policy, use_case=use_case)
        stamp(request, actor, created=True)
        request.save()
        op.ref_id = request.id
        op.description = f"policy {policy.id} requested by partner {partner.id} (MOSIP 1.2 mapping request)"
    return request


def decide_policy_mapping(*, actor: Actor, mapping_id: str, status: str) -> ApiKeyRequest:
    """R21 (1.2 catalog §7.2): a partner manager of the partner's group approves or rejects
    an in-progress request (another group's answers like an unknown one, PMS_PMP_007).
    Decided already: PMS_PM_034/035. A Credential or Online Verification partner without
    extractors for the policy: PMS_PM_051 (both decisions, as MOSIP). The policy must be
    active (PMS_PMP_019) in an active group (PMS_PMP_023); a status other than approved or
    rejected (any case) is PMS_PM_045, checked last as MOSIP does. **No key is made**
    (contrast the 1.0 approval); no event. Audit 123/222 or 223, 424."""
    with POLICY_MAPPING_DECIDE.run(actor=actor, ref_id=mapping_id) as op:
        request = (requests_managed_by(actor).select_for_update(of=("self",))
                   .select_related("partner__partner_type").filter(pk=mapping_id).first())
        if request is None:
            raise Keys12Errors.MAPPING_NOT_FOUND.error()
        if request.status == RequestStatus.APPROVED:
            raise Keys12Errors.ALREADY_APPROVED.error()
        if request.status == RequestStatus.REJECTED:
            raise Keys12Errors.ALREADY_REJECTED.error()
        if (request.partner.partner_type_id in EXTRACTORS_REQUIRED_FOR
                and not BiometricExtractor.objects.filter(partner=request.partner, policy=request.policy).exists()):
            raise Keys12Errors.NO_EXTRACTORS.error()
        if not request.policy.is_active:
            raise Keys12Errors.MAPPED_POLICY_INACTIVE.error()
        if not request.policy.policy_group.is_active:
            raise Keys12Errors.GROUP_INACTIVE.error()
        decision = stored_status(status)
        if decision not in (RequestStatus.APPROVED, RequestStatus.REJECTED):
            raise Keys12Errors.DECISION_VALUE.error()
        transition = "approve" if decision == RequestStatus.APPROVED else "reject"
        op.outcome = transition
        target = API_KEY_REQUEST_LIFECYCLE.target(transition, request.status,
                                                  refused=lambda: Keys12Errors.ALREADY_APPROVED.error())
        request.status, request.decided_at, request.decided_by = target, timezone.now(), actor.username
        stamp(request, actor)
        request.save()
        op.description = f"policy mapping {mapping_id} {target} for partner {request.partner_id} (no key made)"
    return request


def generate_api_key(*, actor: Actor, partner_id: str, policy_name: str, label: str) -> tuple[PartnerApiKey, str]:
    """R22 (1.2 catalog §7.3): the partner's owner (SPEC §10.3: ``Partner.owner`` is the
    caller, PARTNER_ADMIN included; else PMS_PRT_055, also for an unknown partner) makes a
    key under an approved mapping. The partner is active (PMS_PMP_016); the policy of that
    name is in its group (PMS_PMP_014); an approved request of the partner for it exists
    (PMS_PRT_109); the label, normalised, is unused for the partner and policy
    (PMS_PRT_110; the database's unique constraint backs it). Returns the key and its
    value, which this answer alone carries. ``APIKEY_APPROVED`` is recorded with the
    change. Audit 171/271/471; the value is never audited."""
    with API_KEY_GENERATE.run(actor=actor, ref_id=partner_id) as op:
        partner = (Partner.objects.select_for_update(of=("self",)).select_related("policy_group")
                   .filter(pk=partner_id, owner_id=actor.user_id).first() if actor.user is not None else None)
        if partner is None:
            raise PartnerErrors.NOT_THE_OWNER.error()
        if not partner.is_active:
            raise ManagerErrors.PARTNER_INACTIVE.error()
        policy = (Policy.objects.select_related("policy_group")
                  .filter(policy_group_id=partner.policy_group_id, name__iexact=policy_name.strip()).first()
                  if partner.policy_group_id else None)
        if policy is None:
            raise Keys12Errors.POLICY_DOES_NOT_EXIST.error()
        request = (ApiKeyRequest.objects.filter(partner=partner, policy=policy, status=RequestStatus.APPROVED)
                   .order_by("-decided_at", "-created_at").first())
        if request is None:
            raise Keys12Errors.NOT_MAPPED.error()
        if PartnerApiKey.objects.filter(partner=partner, policy=policy, label_key=normalised_label(label)).exists():
            raise Keys12Errors.LABEL_EXISTS.error()
        value, now = new_key_value(), timezone.now()
        key = PartnerApiKey.from_value(value, request=request, partner=partner, policy=policy, label=label,
                                       valid_from=now, valid_to=now + dt.timedelta(days=app_settings.PMS_API_KEY_VALIDITY_DAYS))
        stamp(key, actor, created=True)
        key.save()
        record_api_key_approved(key, value)
        op.description = (f"API key {key.id} generated for partner {partner.id}, policy {policy.id}, under request "
                          f"{request.id}; given in clear to its owner, user {actor.username}")
    return key, value


def parse_key_status(value: str | None) -> bool | None:
    """R23's ``status``: ``Active`` → True, ``De-Active`` → False (any case); else None."""
    key = (value or "").strip().lower()
    return {"active": True, "de-active": False}.get(key)


def set_api_key_status_by_label(*, actor: Actor, partner_id: str, policy_id: str, label: str, status: str) -> bool:
    """R23 (1.2 catalog §7.4): a key addressed by (partner, policy, label) of a partner the
    caller acts for (its own; a manager's groups'; PARTNER_ADMIN any) is activated or
    deactivated; anything else is PMS_PRT_111, as an unknown combination. A caller other
    than PARTNER_ADMIN needs an active partner (PMS_PMP_016). Deactivating an inactive key
    is PMS_PMS_022; activating is unconditional (MOSIP); other values PMS_PM_058.
    ``APIKEY_UPDATED`` is recorded with the change. Returns the new state. Audit 124/224/426."""
    with API_KEY_LABEL_STATUS.run(actor=actor, ref_id=partner_id) as op:
        key = (PartnerApiKey.objects.select_for_update(of=("self",)).select_related("partner")
               .filter(partner__in=partners_acted_for(actor), partner_id=partner_id, policy_id=policy_id,
                       label_key=normalised_label(label)).first())
        if key is None:
            raise Keys12Errors.KEY_NOT_FOUND.error()
        if not actor.is_partner_admin and not key.partner.is_active:
            raise ManagerErrors.PARTNER_INACTIVE.error()
        active = parse_key_status(status)
        if active is False and not key.is_active:
            raise Keys12Errors.KEY_NOT_ACTIVE.error()
        if active is None:
            raise Keys12Errors.KEY_STATUS_VALUE.error()
        if change(key, actor, is_active=active):
            mail_api_key_status(key)  # APIKEY_STATUS_UPDATED, once committed
        record_api_key_updated(key)
        op.description = f"API key {key.id} {'activated' if active else 'deactivated'} (by label)"
    return active


def change_api_key_policy(*, actor: Actor, partner_id: str, api_key: str, old_policy_id: str,
                          new_policy_id: str) -> PartnerApiKey:
    """R30 (1.2 catalog §7.7): a manager of the partner's group moves an active key (by
    value) from ``old_policy_id`` to another active policy of the partner's group. The
    mapping must exist within the manager's scope (PMS_PMP_50, as for an unknown key),
    the key be active (PMS_PMS_022); the new policy be in the group (PMS_PMP_014 + id),
    active (PMS_PMP_019 + id), its group active (PMS_PMP_023 + id). A key whose label is
    already used under the new policy: PMS_PRT_110. No approved-request check (MOSIP).
    ``APIKEY_UPDATED`` is recorded with the change. Audit 121/221/427."""
    with API_KEY_POLICY_CHANGE.run(actor=actor, ref_id=partner_id) as op:
        key = (PartnerApiKey.objects.select_for_update(of=("self",)).select_related("partner")
               .filter(partner__in=partners_managed_by(actor), partner_id=partner_id, policy_id=old_policy_id)
               .with_value(api_key).first())
        if key is None:
            raise Keys12Errors.KEY_MAPPING_NOT_FOUND.error()
        if not key.is_active:
            raise Keys12Errors.KEY_NOT_ACTIVE.error()
        policy = (Policy.objects.select_related("policy_group")
                  .filter(pk=new_policy_id, policy_group_id=key.partner.policy_group_id).first())
        if policy is None:
            raise Keys12Errors.POLICY_DOES_NOT_EXIST.error(detail=new_policy_id)
        if not policy.is_active:
            raise Keys12Errors.POLICY_INACTIVE.error(detail=new_policy_id)
        if not policy.policy_group.is_active:
            raise Keys12Errors.GROUP_INACTIVE.error(detail=new_policy_id)
        if (policy.pk != key.policy_id and PartnerApiKey.objects.filter(partner_id=partner_id, policy=policy,
                                                                         label_key=key.label_key).exists()):
            raise Keys12Errors.LABEL_EXISTS.error()
        key.policy = policy
        stamp(key, actor)
        key.save()
        record_api_key_updated(key)
        op.description = f"API key {key.id} moved from policy {old_policy_id} to {new_policy_id}"
    return key
