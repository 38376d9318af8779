"""Reads of partners, requests and keys, scoped to what an actor may see (SPEC §4, §9.1)."""

from __future__ import annotations

from typing import Mapping

from django.db.models import QuerySet, Sum
from django.utils import timezone

from accounts import lookup_cache
from kernel.actors import Actor
from kernel.compiled import CompiledSelect
from kernel.roles import Role
from kernel.secrets import secret_box
from policies.models import Policy, PolicyGroup
from policies.selectors import groups_of_manager

from .models import ApiKeyRequest, Partner, PartnerApiKey, PartnerCertificate, PartnerTally, PartnerType


def partners_owned_by(actor: Actor) -> QuerySet[Partner]:
    """A partner user's own partners; PARTNER_ADMIN's are all of them."""
    rows = Partner.objects.select_related("partner_type", "policy_group").prefetch_related("contacts")
    if actor.is_partner_admin:
        return rows
    if actor.user is None:
        return rows.none()
    return rows.filter(owner=actor.user)


def owns_partner(actor: Actor, partner: Partner) -> bool:
    """Whether the actor is the user who owns ``partner`` (SPEC §9.1). Only the owner is
    shown a key's value (SPEC §9.11); PARTNER_ADMIN acts for every partner but is not
    its owner."""
    return actor.user is not None and partner.owner_id == actor.user_id


def partners_managed_by(actor: Actor) -> QuerySet[Partner]:
    """The partners of a partner manager's policy groups (PARTNER_ADMIN: all)."""
    rows = Partner.objects.select_related("partner_type", "policy_group").prefetch_related("contacts")
    if actor.is_partner_admin:
        return rows
    if not actor.has_role(Role.PARTNERMANAGER):
        return rows.none()
    return rows.filter(policy_group__in=groups_of_manager(actor))


def partner_total(actor: Actor, filters: Mapping[str, str]) -> int | None:
    """How many partners ``partners_managed_by(actor)`` filtered by ``filters`` holds, read
    off the tally (a few rows per group) instead of counting the partners; None when a
    filter has no tally (``name``): the caller counts then. ``filters`` are valid: the
    partner filter has parsed them first."""
    from .filters import TALLY_BLIND, PartnerTallyFilter

    if any(filters.get(name) for name in TALLY_BLIND):
        return None
    tally = PartnerTally.objects.all()
    if not actor.is_partner_admin:
        if not actor.has_role(Role.PARTNERMANAGER):
            return 0
        tally = tally.filter(policy_group_key__in=groups_of_manager(actor).values("id"))
    tally = PartnerTallyFilter(filters, queryset=tally).qs
    return tally.aggregate(total=Sum("partners"))["total"] or 0


def requests_managed_by(actor: Actor) -> QuerySet[ApiKeyRequest]:
    return (ApiKeyRequest.objects.select_related("partner", "policy", "policy__policy_group")
            .prefetch_related("api_keys").filter(partner__in=partners_managed_by(actor)))


def api_keys_managed_by(actor: Actor) -> QuerySet[PartnerApiKey]:
    """The keys of the partners of a partner manager's groups (PARTNER_ADMIN: all)."""
    return PartnerApiKey.objects.select_related("partner", "policy").filter(partner__in=partners_managed_by(actor))


def requests_of_partner(partner: Partner) -> QuerySet[ApiKeyRequest]:
    return (ApiKeyRequest.objects.select_related("policy").prefetch_related("api_keys").filter(partner=partner)
            .order_by("-created_at", "id"))


def partners_open_to_key_reader(actor: Actor) -> QuerySet[Partner]:
    """Whose key mappings a reader of the policy-by-key lookups (P6, ``/policies/partnerId/
    {p}/policyId/{q}``) may see: machine clients (ID_AUTHENTICATION, REGISTRATION_PROCESSOR)
    and PARTNER_ADMIN any partner's, since they validate every partner's requests; a policy
    or partner manager only the partners of its policy groups (SPEC §4); anyone else none.
    Outside that scope a partner is as absent as an unknown one (SPEC §9.1, §10.2)."""
    if actor.has_role(Role.ID_AUTHENTICATION, Role.REGISTRATION_PROCESSOR):
        return Partner.objects.all()
    if not actor.has_role(Role.POLICYMANAGER, Role.PARTNERMANAGER):
        return Partner.objects.none()
    return Partner.objects.filter(policy_group__in=groups_of_manager(actor))


def api_keys_open_to_key_reader(actor: Actor) -> QuerySet[PartnerApiKey]:
    """The keys ``partners_open_to_key_reader`` opens; for a manager the key's policy must be
    in its groups too (a key is mapped inside its partner's group, but the scope does not
    rest on that). Machine clients get no extra condition on their hot path."""
    keys = PartnerApiKey.objects.all()
    if actor.has_role(Role.ID_AUTHENTICATION, Role.REGISTRATION_PROCESSOR):
        return keys
    if not actor.has_role(Role.POLICYMANAGER, Role.PARTNERMANAGER):
        return keys.none()
    groups = groups_of_manager(actor)
    return keys.filter(partner__policy_group__in=groups, policy__policy_group__in=groups)


def _unscoped(rows: QuerySet) -> bool:
    """Whether ``rows`` is a model's every row (``objects.all()``: no condition, no slice)."""
    return not rows.query.where and not rows.query.is_sliced and not rows.query.extra


# active_policy_for_api_key for a reader of every key: the key by its digest (unique) with
# its policy, group and partner, SQL written once (kernel.compiled: the ORM's compilation was
# most of the lookup's CPU) and its row kept per process (accounts.lookup_cache); the
# activity and validity conditions are checked on the instances, against the clock now.
_KEY_BY_DIGEST = CompiledSelect(
    PartnerApiKey, ("policy", "policy__policy_group", "partner"), lambda col: f"{col('key_digest')} = %s")

# partner_key_by_value: the partner's key with that digest, with its partner, policy and group.
_PARTNER_KEY_BY_DIGEST = CompiledSelect(
    PartnerApiKey, ("partner", "policy", "policy__policy_group"),
    lambda col: f"{col('partner_id')} = %s AND {col('key_digest')} = %s")

# A kept answer rests on these tables' rows (their triggers: accounts 0005).
lookup_cache.watch(PartnerApiKey, Partner, Policy, PolicyGroup)


def _key_opens_policy(key: PartnerApiKey | None, now) -> bool:
    return (key is not None and key.is_active and key.partner.is_active and key.valid_from <= now <= key.valid_to
            and key.policy.is_active and key.policy.policy_group.is_active)


def active_policy_for_api_key(api_key: str, keys: QuerySet[PartnerApiKey] | None = None) -> Policy | None:
    """P6: the policy an API key is mapped to, when the key, its partner, the policy and its
    group are all active and the key is within its validity; else None. The key is found
    by its keyed digest (it is never stored in clear), among ``keys`` when given (the
    reader's scope: ``api_keys_open_to_key_reader``)."""
    if not api_key or len(api_key) > 256:
        return None
    now = timezone.now()
    digest = secret_box().digest(api_key)
    if keys is None or _unscoped(keys):
        # The machine clients' path (every authentication asks it): SQL written once, the
        # row kept per process.
        key = lookup_cache.cached_first(_KEY_BY_DIGEST, "partners.key_by_digest", [digest])
    else:
        key = (keys.select_related("policy", "policy__policy_group", "partner")
               .filter(key_digest=digest, is_active=True, partner__is_active=True, valid_from__lte=now,
                       valid_to__gte=now)
               .first())
    return key.policy if _key_opens_policy(key, now) else None


def partner_key_by_value(partner_id: str, api_key: str) -> tuple[Partner | None, PartnerApiKey | None]:
    """The partner, and its API key with that value (found by digest), for validators in
    other apps (PM12); either may be None. One query when the key is the partner's (the
    machine client's usual answer: the key with its partner, policy and group, kept per
    process by ``accounts.lookup_cache``); the partner alone is read only when it is not."""
    if api_key and len(api_key) <= 256:
        key = lookup_cache.cached_first(_PARTNER_KEY_BY_DIGEST, "partners.partner_key_by_digest",
                                        [partner_id, secret_box().digest(api_key)])
        if key is not None:
            return key.partner, key
    return Partner.objects.filter(pk=partner_id).first(), None


# MOSIP 1.2's types for administrators and the platform's own services (migration 0011):
# registered through the API by someone who already holds a token, never offered to the
# portal's self-registration.
NOT_SELF_REGISTERED_TYPES = ("Partner_Admin", "Internal_Partner")


def partner_types_open_to_registration() -> QuerySet[PartnerType]:
    return PartnerType.objects.filter(is_active=True).exclude(code__in=NOT_SELF_REGISTERED_TYPES).order_by("code")


def certificates_of_partner(partner: Partner) -> QuerySet[PartnerCertificate]:
    """A partner's certificates, newest (the current one) first."""
    return PartnerCertificate.objects.filter(partner=partner).order_by("-created_at", "-id")
