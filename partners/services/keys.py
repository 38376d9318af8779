"""A partner's API keys after approval: a manager's (de)activation (PM3), the mapping read
and change (PM7, PM1), and the owner's download (PS3) (catalog §8.2, §9.2)."""

from __future__ import annotations

from django.db.models import QuerySet

from kernel.actors import Actor
from kernel.records import change, stamp
from policies.models import Policy

from ..errors import ManagerErrors, PartnerErrors
from ..events import record_api_key_updated
from ..models import Partner, PartnerApiKey, RequestStatus
from ..operations import API_KEY_READ, API_KEY_REMAP, API_KEY_STATUS, MANAGED_API_KEY_READ
from ..selectors import owns_partner, partners_managed_by, partners_owned_by
from .mails import mail_api_key_status


def _managed_key(actor: Actor, partner_id: str, rows: QuerySet[PartnerApiKey]) -> PartnerApiKey:
    """The key among ``rows`` (the one named by value or id) of partner ``partner_id``, in
    the manager's groups: unknown partner PMS_PMP_005, another group's PMS_PMP_009, no
    such key of the partner 007."""
    if not Partner.objects.filter(pk=partner_id).exists():
        raise ManagerErrors.PARTNER_NOT_FOUND.error(partner_id=partner_id)
    if not partners_managed_by(actor).filter(pk=partner_id).exists():
        raise ManagerErrors.KEY_NOT_IN_GROUP.error()
    key = rows.filter(partner_id=partner_id).first()
    if key is None:
        raise ManagerErrors.KEY_NOT_FOUND.error()
    return key


def set_api_key_active(*, actor: Actor, partner_id: str, active: bool, api_key: str | None = None,
                       key_id: str | None = None) -> PartnerApiKey:
    """PM3: a manager of the partner's group (de)activates one of its keys, named by its
    value (the API) or its id (the admin, which never handles values); the same state
    again changes nothing. A deactivated key opens no policy (P6). A change is announced
    as MOSIP 1.2's R23 announces it (``APIKEY_UPDATED``), so IDA 1.2, which learns keys from
    WebSub only, stops accepting a key revoked through this route too. Audit 124/224/426."""
    with API_KEY_STATUS.run(actor=actor, ref_id=partner_id) as op:
        rows = PartnerApiKey.objects.select_for_update()
        key = _managed_key(actor, partner_id, rows.filter(pk=key_id) if key_id is not None else rows.with_value(api_key))
        if change(key, actor, is_active=active):
            record_api_key_updated(key)
            mail_api_key_status(key)  # MOSIP 1.2's APIKEY_STATUS_UPDATED, as R23 sends it
        op.description = f"API key {key.id} {'activated' if active else 'deactivated'}"
    return key


def fetch_api_key_mapping(*, actor: Actor, partner_id: str, api_key: str) -> PartnerApiKey:
    """PM7: which policy a partner's key is mapped to. Audit 259/459."""
    with MANAGED_API_KEY_READ.run(actor=actor, ref_id=partner_id):
        key = _managed_key(actor, partner_id, PartnerApiKey.objects.with_value(api_key))
    return key


def remap_api_key(*, actor: Actor, partner_id: str, api_key: str, old_policy_id: str, new_policy_id: str) -> PartnerApiKey:
    """PM1: move a key from its policy to another published policy of the same group. The
    key must be on ``old_policy_id`` (PMS_PMP_008); the new policy must exist (014) and be
    in the manager's and the partner's group (010) and active (019). Audit 121/221/427."""
    with API_KEY_REMAP.run(actor=actor, ref_id=partner_id) as op:
        rows = PartnerApiKey.objects.select_for_update().select_related("partner")
        key = _managed_key(actor, partner_id, rows.with_value(api_key))
        if key.policy_id != old_policy_id:
            raise ManagerErrors.KEY_NOT_MAPPED_TO_OLD.error(policy_id=old_policy_id)
        policy = Policy.objects.select_related("policy_group").filter(pk=new_policy_id).first()
        if policy is None:
            raise ManagerErrors.POLICY_NOT_FOUND.error(policy_id=new_policy_id)
        if policy.policy_group_id != key.partner.policy_group_id:
            raise ManagerErrors.POLICY_NOT_IN_GROUP.error()
        if not policy.is_active or not policy.policy_group.is_active:
            raise ManagerErrors.POLICY_INACTIVE.error()
        key.policy = policy
        stamp(key, actor)
        key.save()
        record_api_key_updated(key)  # as MOSIP 1.2's R30 does
        op.description = f"API key {key.id} moved from policy {old_policy_id} to {new_policy_id}"
    return key


def download_api_key(*, actor: Actor, partner_id: str, request_id: str) -> str:
    """PS3 (and the portal's "Show the key"): the owner downloads the key of an approved
    request (in progress or rejected: PMS_PRT_105 "not created"). Only the partner's owner
    receives it (SPEC §9.11): anyone else acting for the partner (PARTNER_ADMIN) learns
    that the key exists and gets PMS_PRT_055. Audit 259/459; the row names the user who
    received the key, the key is in the answer only."""
    with API_KEY_READ.run(actor=actor, ref_id=request_id) as op:
        partner = partners_owned_by(actor).filter(pk=partner_id).first()
        if partner is None:
            raise PartnerErrors.PARTNER_NOT_FOUND.error()
        request = partner.api_key_requests.prefetch_related("api_keys").filter(pk=request_id).first()
        if request is None:
            raise PartnerErrors.REQUEST_NOT_FOUND.error()
        key = getattr(request, "api_key", None) if request.status == RequestStatus.APPROVED else None
        if key is None:
            raise PartnerErrors.KEY_NOT_CREATED.error()
        if not owns_partner(actor, partner):
            raise PartnerErrors.NOT_THE_OWNER.error()
        value = key.reveal()
        op.description = (f"API key {key.id} of request {request_id} given to its owner in clear, "
                          f"user {actor.username} (id {actor.user_id})")
    return value
