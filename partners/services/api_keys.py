"""API-key requests (PS2, PS8, PS9), their approval (PM4, PM8, PM9) and the policy an
API key opens (P6) (catalog §7-9, SPEC §6, §9.10-9.11)."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Mapping

from django.utils import timezone

from kernel.actors import Actor
from kernel.filtering import apply_filters
from kernel.pagination import Page, PageRequest, paginate
from kernel.records import require_text, stamp
from kernel.roles import Role
from policies.errors import PolicyErrors
from policies.models import Policy, PolicyStatus
from policies.selectors import policy_as_seen_by

from ..conf import app_settings
from ..errors import ManagerErrors, PartnerErrors
from ..events import record_api_key_approved
from ..filters import ApiKeyRequestFilter
from ..models import API_KEY_REQUEST_LIFECYCLE, ApiKeyRequest, PartnerApiKey, RequestStatus
from ..operations import API_KEY_DECIDE, API_KEY_READ, API_KEY_REQUEST, MANAGED_API_KEY_READ, POLICY_BY_KEY_READ
from ..selectors import (
    active_policy_for_api_key,
    api_keys_open_to_key_reader,
    owns_partner,
    partners_owned_by,
    requests_managed_by,
    requests_of_partner,
)


def request_api_key(*, actor: Actor, partner_id: str, policy_name: str, use_case: str) -> tuple[ApiKeyRequest, bool]:
    """PS2: the owner asks for a key under a *published* policy of its partner's group
    (by policy name; PMS_PRT_098 otherwise). An In-Progress request for the same policy
    is answered again (SPEC §9.10); an approved one is PMS_PRT_060. Returns the request
    and whether it is new. Audit 122/213 (421 unknown partner)."""
    with API_KEY_REQUEST.run(actor=actor, ref_id=partner_id) as op:
        partner = partners_owned_by(actor).select_for_update(of=("self",)).filter(pk=partner_id).first()
        if partner is None or not partner.is_active:
            raise PartnerErrors.PARTNER_NOT_FOUND.error()
        if partner.policy_group_id is None:
            raise PartnerErrors.NOT_IN_GROUP.error()
        policy_name = require_text(policy_name, "policyName", 128)
        use_case = require_text(use_case, "useCaseDescription", 4000)
        policy = Policy.objects.filter(policy_group_id=partner.policy_group_id, name__iexact=policy_name,
                                       status=PolicyStatus.PUBLISHED).first()
        if policy is None:
            raise PartnerErrors.POLICY_NOT_IN_GROUP.error()
        existing = ApiKeyRequest.objects.filter(partner=partner, policy=policy).exclude(
            status=RequestStatus.REJECTED).order_by("-created_at").first()
        if existing is not None and existing.status == RequestStatus.APPROVED:
            raise PartnerErrors.KEY_ALREADY_APPROVED.error()
        if existing is not None:
            op.description = f"request {existing.id} already in progress"
            return existing, False
        request = ApiKeyRequest(partner=partner, policy=policy, use_case=use_case)
        stamp(request, actor, created=True)
        request.save()
        op.ref_id = request.id
        op.description = f"API key requested by partner {partner.id} for policy {policy.id}"
    return request, True


def _new_key_value() -> str:
    return secrets.token_urlsafe(app_settings.PMS_API_KEY_BYTES)


def decide_api_key_request(*, actor: Actor, request_id: str, approve: bool) -> ApiKeyRequest:
    """PM4: a partner manager of the partner's group approves or rejects an In-Progress
    request, once. The row is locked, so of two concurrent decisions one wins and the
    other sees the new status (PMS_COR_002, nothing changed). Approval needs an active
    partner (PMS_PMP_016) and a published policy (PMS_PMP_019) and creates the key: a
    CSPRNG value, stored sealed with a keyed digest, valid PMS_API_KEY_VALIDITY_DAYS,
    labelled with the request's id (the 1.1 convention MOSIP 1.2's R23/R26 rely on).
    The key is announced to subscribers as MOSIP 1.2's R22 announces its keys
    (``APIKEY_APPROVED``), so IDA learns every key whichever generation made it.
    Audit 123/222 (approve) or 223 (reject), 424 on failure."""
    with API_KEY_DECIDE.run(actor=actor, ref_id=request_id) as op:
        op.outcome = "approve" if approve else "reject"
        request = (ApiKeyRequest.objects.select_for_update(of=("self",))
                   .select_related("partner", "policy", "policy__policy_group").filter(pk=request_id).first())
        if request is None:
            raise ManagerErrors.REQUEST_NOT_FOUND.error()
        if not requests_managed_by(actor).filter(pk=request_id).exists():
            raise ManagerErrors.DENIED_DECISION.error()
        target = API_KEY_REQUEST_LIFECYCLE.target(
            "approve" if approve else "reject", request.status,
            refused=lambda: ManagerErrors.ALREADY_DECIDED.error(status=request.get_status_display()))
        if approve:
            if not request.partner.is_active:
                raise ManagerErrors.PARTNER_INACTIVE.error()
            if not request.policy.is_active or not request.policy.policy_group.is_active:
                raise ManagerErrors.POLICY_INACTIVE.error()
        request.status, request.decided_at, request.decided_by = target, timezone.now(), actor.username
        stamp(request, actor)
        request.save()
        if approve:
            op.note("partner.key.request", ref_id=request.partner_id)
            value, now = _new_key_value(), timezone.now()
            key = PartnerApiKey.from_value(value, request=request, partner=request.partner, policy=request.policy,
                                           label=request.id, valid_from=now,
                                           valid_to=now + dt.timedelta(days=app_settings.PMS_API_KEY_VALIDITY_DAYS))
            stamp(key, actor, created=True)
            key.save()
            record_api_key_approved(key, value)
            op.note("partner.key.success", ref_id=request.partner_id, description=f"API key {key.id} created")
        op.description = f"API key request {request_id} {target} for partner {request.partner_id}"
    return request


def list_api_key_requests_of_partner(*, actor: Actor, partner_id: str) -> list[ApiKeyRequest]:
    """The requests of a partner the actor acts for, newest first, without key values (the
    portal's partner page; the API's PS8 is ``read_api_key_requests``)."""
    with API_KEY_READ.run(actor=actor, ref_id=partner_id) as op:
        partner = partners_owned_by(actor).filter(pk=partner_id).first()
        if partner is None:
            raise PartnerErrors.PARTNER_NOT_FOUND.error()
        rows = list(requests_of_partner(partner))
        op.description = f"{len(rows)} API key request(s) listed, no key given"
    return rows


@dataclass(frozen=True)
class KeyRequestsRead:
    """A partner's API-key requests as PS8/PS9 answer them: ``keys`` maps the id of each
    approved request to its clear key, for the partner's owner only; for anyone else
    acting for the partner (PARTNER_ADMIN) it is empty, the requests still telling that a
    key exists (status Approved, its validity)."""

    requests: list[ApiKeyRequest]
    keys: dict[str, str]


def read_api_key_requests(*, actor: Actor, partner_id: str, request_id: str | None = None) -> KeyRequestsRead:
    """PS8: the requests of a partner the actor acts for, newest first; PS9 (``request_id``):
    that one (another partner's: PMS_PRT_005; unknown: 006). The keys of approved requests
    are given to the partner's owner only (SPEC §9.1, §9.11). The audit row names who
    received which key (by key id) or that the values were withheld, never a value.
    Audit 259/459."""
    with API_KEY_READ.run(actor=actor, ref_id=request_id or partner_id) as op:
        partner = partners_owned_by(actor).filter(pk=partner_id).first()
        if partner is None:
            raise PartnerErrors.PARTNER_NOT_FOUND.error()
        rows = requests_of_partner(partner)
        if request_id is not None:
            rows = rows.filter(pk=request_id)
        rows = list(rows)
        if request_id is not None and not rows:
            raise PartnerErrors.REQUEST_NOT_FOUND.error()
        keys = {r.id: r.api_key for r in rows if r.status == RequestStatus.APPROVED and getattr(r, "api_key", None)}
        read = f"{len(rows)} API key request(s) read by user {actor.username}"
        values: dict[str, str] = {}
        if not keys:
            op.description = f"{read}; no key to give"
        elif not owns_partner(actor, partner):
            op.description = f"{read}, not the owner of partner {partner.id}: key value(s) withheld"
        else:
            values = {request: key.reveal() for request, key in keys.items()}
            op.description = (f"{read}; API key(s) {', '.join(k.id for k in keys.values())} given in clear to their "
                              f"owner, user {actor.username} (id {actor.user_id})")
    return KeyRequestsRead(rows, values)


def list_api_key_requests_for_manager(*, actor: Actor, filters: Mapping[str, str], page: PageRequest) -> Page:
    """PM8: requests of the partners of the manager's groups, In-Progress first."""
    with MANAGED_API_KEY_READ.run(actor=actor) as op:
        rows = apply_filters(ApiKeyRequestFilter, filters, requests_managed_by(actor).order_by("-created_at", "id"))
        result = paginate(rows, page)
        op.description = f"API key requests listed: {result.metadata['totalItems']}"
    return result


def fetch_api_key_request_for_manager(*, actor: Actor, request_id: str) -> ApiKeyRequest:
    """PM9: one request of the manager's groups (others: PMS_PMP_015, as if absent)."""
    with MANAGED_API_KEY_READ.run(actor=actor, ref_id=request_id):
        request = requests_managed_by(actor).filter(pk=request_id).first()
        if request is None:
            raise ManagerErrors.NO_REQUESTS.error()
    return request


def fetch_policy_for_api_key(*, actor: Actor, api_key: str) -> Policy:
    """P6: the active policy an active, unexpired key of an active partner opens, for
    machine clients (any partner's key) and managers (the keys of their groups' partners:
    another group's key is as unknown as a made-up one, SPEC §9.1); anything else is
    PMS_POL_013. The key itself is never written to the audit row. Audit 287/487."""
    with POLICY_BY_KEY_READ.run(actor=actor) as op:
        policy = active_policy_for_api_key(api_key, api_keys_open_to_key_reader(actor))
        if policy is None:
            raise PolicyErrors.NO_POLICY_FOR_API_KEY.error()
        op.ref_id = policy.id
    return policy


def api_key_value(request: ApiKeyRequest) -> str | None:
    """The clear key of an approved request, whoever asks: for tests and scripts that act as
    the owner. Answers to a caller go through ``read_api_key_requests`` or PS3's
    ``download_api_key``, which check ownership and audit the handover."""
    key = getattr(request, "api_key", None) if request.status == RequestStatus.APPROVED else None
    return key.reveal() if key is not None else None


def fetch_policy_by_id_or_api_key(*, actor: Actor, value: str) -> Policy:
    """``GET /policies/{x}`` (catalog §13.1): for a policy manager, the policy with id ``x``
    when it is one of its groups'; otherwise the policy the partner API key ``x`` opens,
    scoped as P6 (``fetch_policy_for_api_key``). Another group's policy id or key is
    answered like a value that is neither (PMS_POL_013, SPEC §9.1): a distinct refusal
    would tell that ``x`` is some group's policy or key. One audited read, one row (287/487)."""
    with POLICY_BY_KEY_READ.run(actor=actor) as op:
        if actor.has_role(Role.POLICYMANAGER):
            policy = policy_as_seen_by(actor, value)
            if policy is not None and policy.actor_acts_in_group:
                op.ref_id = policy.id
                return policy
        policy = active_policy_for_api_key(value, api_keys_open_to_key_reader(actor))
        if policy is None:
            raise PolicyErrors.NO_POLICY_FOR_API_KEY.error()
        op.ref_id = policy.id
    return policy
