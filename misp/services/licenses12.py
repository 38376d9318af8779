"""MOSIP 1.2's MISP licenses (R64-R69) over the 1.0 records (SPEC §10.1).

One set of keys for both generations: in 1.2 a MISP is a partner of type ``MISP_Partner``;
its licenses are ``misp.LicenseKey`` rows of the one ``misp.Misp`` record linked to it
(``Misp.partner``), which its first license (R64) makes: approved, active, owned by the
partner's owner, named after the partner (``<name> (<partner id>)`` when a 1.0 MISP holds
the name already). So a key R64 issues validates through the 1.0 validation (M4) and PM12,
a key (de)activated through either generation is refused or accepted by both at once, and
the keys stay sealed and found by digest (never stored in clear).

Scope: a MISP partner acts on the partners it owns, a partner manager on its policy groups'
partners, MISP_ADMIN and PARTNER_ADMIN on all (as the 1.0 MISP routes let MISP_ADMIN);
another partner's id answers like an unknown one. The 1.0 MISP records not linked to a
partner are in scope of MISP_ADMIN and PARTNER_ADMIN only (R66, R68, R69; R65 and R67 by the
record's id).

Refusals where MOSIP has none: R65 refuses to activate an expired key (PMS_MSP_017) or a key
of an inactive MISP (PMS_MSP_1013), as the 1.0 route does; a missing status is PMS_MSP_407.
"""

from __future__ import annotations

from typing import Any, Mapping

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from events.services import record_event
from kernel.actors import Actor
from kernel.records import change, stamp
from kernel.roles import Role
from kernel.search import Column, FilterValues, SearchPage, filter_values, search_page
from partners.models import ApiKeyRequest, Partner, RequestStatus
from policies.events import policy_data
from policies.selectors import groups_of_manager

from ..errors import Licenses12Errors, MispErrors
from ..models import ApprovalStatus, LicenseKey, Misp
from ..operations import LICENSE_ISSUE_12, LICENSE_KEY_12, LICENSE_STATUS_12, LICENSES_READ_12
from .misps import new_license_key

MISP_PARTNER_TYPE = "MISP_Partner"
MISP_LICENSE_GENERATED = "MISP_LICENSE_GENERATED"
MISP_LICENSE_UPDATED = "MISP_LICENSE_UPDATED"
PUBLISHER = "misp.services.licenses12"


def _sees_all(actor: Actor) -> bool:
    return actor.is_partner_admin or actor.has_role(Role.MISP_ADMIN)


def partners_in_scope(actor: Actor) -> QuerySet[Partner]:
    """The partners whose licenses the actor may act on (module docstring)."""
    rows = Partner.objects.all()
    if _sees_all(actor):
        return rows
    scope = Q(pk__in=[])
    if actor.user is not None:
        scope |= Q(owner=actor.user)
    if actor.has_role(Role.PARTNERMANAGER):
        scope |= Q(policy_group__in=groups_of_manager(actor))
    return rows.filter(scope)


def licenses_in_scope(actor: Actor) -> QuerySet[LicenseKey]:
    """R66's rows: the keys of the MISP records of partners in scope; with every 1.0 key for
    MISP_ADMIN and PARTNER_ADMIN."""
    keys = LicenseKey.objects.select_related("misp")
    if _sees_all(actor):
        return keys
    return keys.filter(misp__partner__in=partners_in_scope(actor))


def misp_id_of(key: LicenseKey) -> str:
    """1.2's ``mispId``: the partner's id, or the 1.0 MISP record's id when it has none."""
    return key.misp.partner_id or key.misp_id


def license_data(key: LicenseKey, value: str) -> dict[str, Any]:
    """``mispLicenseData`` of the WebSub events. It carries the key (ID Authentication
    validates with it), sealed in the outbox like every event's data."""
    return {"mispId": misp_id_of(key), "licenseKey": value, "mispCommenceOn": key.valid_from.isoformat(),
            "mispExpiresOn": key.valid_to.isoformat(), "mispStatus": "ACTIVE" if key.is_active else "NOT_ACTIVE"}


def _publish(topic: str, key: LicenseKey, value: str) -> None:
    data: dict[str, Any] = {"mispLicenseData": license_data(key, value)}
    if topic == MISP_LICENSE_GENERATED and key.policy_id:
        data["policyData"] = policy_data(key.policy)
    record_event(topic, data, publisher=PUBLISHER)


def _misp_partner(actor: Actor, partner_id: str, *, lock: bool = False) -> Partner:
    """A partner in scope (else PMS_MSP_005), of type MISP_Partner (009), active (405)."""
    rows = partners_in_scope(actor)
    if lock:
        rows = rows.select_for_update(of=("self",))
    partner = rows.filter(pk=partner_id).first() if partner_id else None
    if partner is None:
        raise Licenses12Errors.PARTNER_NOT_FOUND.error()
    if partner.partner_type_id != MISP_PARTNER_TYPE:
        raise Licenses12Errors.NOT_A_MISP.error()
    if not partner.is_active:
        raise Licenses12Errors.PARTNER_INACTIVE.error()
    return partner


def _misp_name(partner: Partner) -> str:
    if not Misp.objects.filter(name__iexact=partner.name).exists():
        return partner.name
    suffix = f" ({partner.id})"
    return partner.name[:128 - len(suffix)] + suffix


def _record_of(partner: Partner, actor: Actor) -> Misp:
    misp = Misp.objects.select_for_update().filter(partner=partner).first()
    if misp is None:
        misp = Misp(name=_misp_name(partner), contact_no=partner.contact_no[:16], email=partner.email,
                    address=partner.address, owner_id=partner.owner_id, approval_status=ApprovalStatus.APPROVED,
                    is_active=True, partner=partner)
        stamp(misp, actor, created=True)
        misp.save()
    return misp


def issue_license_12(*, actor: Actor, provider_id: str) -> tuple[LicenseKey, str]:
    """R64: the MISP partner's license, in clear this once. In order: the partner (005, 009,
    405), no license yet (416), every policy request approved (418), the first one's policy
    (419; a request's policy cannot vanish here). Publishes MISP_LICENSE_GENERATED."""
    with LICENSE_ISSUE_12.run(actor=actor, ref_id=provider_id) as op:
        partner = _misp_partner(actor, provider_id, lock=True)
        misp = _record_of(partner, actor)
        if misp.license_keys.exists():
            raise Licenses12Errors.LICENSE_EXISTS.error()
        requests = list(ApiKeyRequest.objects.filter(partner=partner).select_related("policy")
                        .order_by("created_at", "id"))
        if any(r.status != RequestStatus.APPROVED for r in requests):
            raise Licenses12Errors.POLICY_NOT_APPROVED.error()
        policy = requests[0].policy if requests else None
        if requests and policy is None:
            raise Licenses12Errors.POLICY_NOT_FOUND.error()
        key, value = new_license_key(misp, actor, policy=policy)
        _publish(MISP_LICENSE_GENERATED, key, value)
        op.description = f"license key {key.id} issued to MISP partner {partner.id}"
    return key, value


def parse_status_12(value: Any) -> bool:
    text = value.strip().lower() if isinstance(value, str) else ""
    if text == "active":
        return True
    if text == "de-active":
        return False
    raise Licenses12Errors.STATUS_VALUE.error()


def set_license_status_12(*, actor: Actor, provider_id: str, license_key: str, status: Any) -> LicenseKey:
    """R65: (de)activate the key named by (providerId, licenseKey): status (407), the pair
    in scope (408; ``providerId`` is the partner's id, or a 1.0 MISP record's id for
    MISP_ADMIN and PARTNER_ADMIN), then the 1.0 route's refusals for an activation (017, 1013). The current
    state again changes and publishes nothing. Publishes MISP_LICENSE_UPDATED."""
    with LICENSE_STATUS_12.run(actor=actor, ref_id=provider_id) as op:
        active = parse_status_12(status)
        pair = Q(misp__partner__in=partners_in_scope(actor), misp__partner_id=provider_id)
        if _sees_all(actor):  # a 1.0 MISP's key, named by its record's id (its mispId in R66)
            pair |= Q(misp_id=provider_id, misp__partner__isnull=True)
        found = LicenseKey.objects.with_value(license_key).filter(pair).first() if (
            provider_id and license_key) else None
        if found is None:
            raise Licenses12Errors.KEY_NOT_FOUND.error()
        key = LicenseKey.objects.select_for_update().select_related("misp").get(pk=found.pk)
        if active:
            if not key.misp.is_usable:
                raise MispErrors.INACTIVE.error()
            if key.valid_to <= timezone.now():
                raise MispErrors.KEY_EXPIRED_CANNOT_ACTIVATE.error()
        if change(key, actor, is_active=active):
            _publish(MISP_LICENSE_UPDATED, key, license_key)
        op.description = f"license key {key.id} {'activated' if active else 'deactivated'}"
    return key


def _misp_for_key_route(actor: Actor, misp_id: str) -> Misp:
    """R67's ``mispId``: a MISP partner in scope (005, 009, 405) and its record (408 when it
    has none); else, for MISP_ADMIN/PARTNER_ADMIN, a 1.0 MISP record by its id."""
    partner = partners_in_scope(actor).filter(pk=misp_id).first()
    if partner is None and _sees_all(actor):
        misp = Misp.objects.select_for_update().filter(pk=misp_id, partner__isnull=True).first()
        if misp is not None:
            if not misp.is_active:
                raise Licenses12Errors.PARTNER_INACTIVE.error()
            return misp
    partner = _misp_partner(actor, misp_id)
    misp = Misp.objects.select_for_update().filter(partner=partner).first()
    if misp is None:
        raise Licenses12Errors.KEY_NOT_FOUND.error()
    return misp


def license_key_12(*, actor: Actor, misp_id: str) -> tuple[LicenseKey, str]:
    """R67: the MISP's first active, unexpired key (newest first), in clear; none such: a new
    key (MISP_LICENSE_UPDATED), with the policy of the newest key. No key at all: 408."""
    with LICENSE_KEY_12.run(actor=actor, ref_id=misp_id) as op:
        misp = _misp_for_key_route(actor, misp_id)
        keys = list(misp.license_keys.select_for_update().order_by("-valid_from", "-id"))
        if not keys:
            raise Licenses12Errors.KEY_NOT_FOUND.error()
        now = timezone.now()
        current = next((k for k in keys if k.is_active and k.valid_to > now), None)
        if current is not None:
            op.description = f"license key {current.id} read"
            return current, current.reveal()
        key, value = new_license_key(misp, actor, policy=keys[0].policy)
        _publish(MISP_LICENSE_UPDATED, key, value)
        op.description = f"license key {key.id} generated for MISP {misp.id}"
    return key, value


def list_licenses_12(*, actor: Actor) -> list[LicenseKey]:
    """R66: every key in scope, oldest first."""
    with LICENSES_READ_12.run(actor=actor) as op:
        rows = list(licenses_in_scope(actor).order_by("valid_from", "id"))
        op.description = f"MISP licenses listed: {len(rows)}"
    return rows


# R68/R69 over ``misp_license``: ``mispId`` is the partner's id, or the 1.0 record's id.
# ``licenseKey`` is no column here: keys are neither matched nor listed by value (an
# unknown column's code answers), so a search cannot guess keys.
LICENSE_COLUMNS = {
    "mispId": Column("misp_key"), "policyId": Column("policy_id"),
    "validFromDate": Column("valid_from", "datetime"), "validToDate": Column("valid_to", "datetime"),
    "isActive": Column("is_active", "bool"), "createdBy": Column("created_by"),
    "createdDateTime": Column("created_at", "datetime"), "updatedBy": Column("updated_by"),
    "updatedDateTime": Column("updated_at", "datetime"),
}


def _searchable(actor: Actor) -> QuerySet[LicenseKey]:
    return licenses_in_scope(actor).annotate(misp_key=Coalesce("misp__partner_id", "misp_id"))


def search_licenses_12(*, actor: Actor, request: Mapping[str, Any]) -> SearchPage:
    """R69: the legacy search over the keys in scope (keys shown masked by the view)."""
    with LICENSES_READ_12.run(actor=actor) as op:
        page = search_page(_searchable(actor), request, LICENSE_COLUMNS, default_order=("valid_from", "id"))
        op.description = f"MISP licenses searched: {page.total}"
    return page


def license_filter_values_12(*, actor: Actor, request: Mapping[str, Any]) -> FilterValues:
    """R68: distinct values of the keys' columns in scope, each with its ``mispId``."""
    with LICENSES_READ_12.run(actor=actor) as op:
        values = filter_values(_searchable(actor), request, LICENSE_COLUMNS, code_path="misp_key")
        op.description = f"MISP license filter values: {len(values.items)}"
    return values


def deactivate_partner_licenses(sender, *, partner: Partner, actor: Actor, **kwargs) -> None:
    """R40's cascade (``partners.signals.partner_deactivated_12``, in R40's transaction and
    audited with it): a MISP partner's active keys are deactivated, each publishing
    MISP_LICENSE_UPDATED."""
    for key in LicenseKey.objects.select_for_update().filter(misp__partner=partner, is_active=True):
        change(key, actor, is_active=False)
        _publish(MISP_LICENSE_UPDATED, key, key.reveal())
