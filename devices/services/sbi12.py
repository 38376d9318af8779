"""MOSIP 1.2's Secure Biometric Interfaces (R70-R81, 1.2 catalog §11, §16.7): the only
writer of ``SecureBiometricInterface`` and ``DeviceDetailSbi``. Each change is one
transaction with its history rows and its audit rows (the operation's ``run``).

Beyond MOSIP (SPEC §10.2, §10.4, docs/api-tour-1.2.md "SBIs and device details"):

- scope: a caller acts on the SBIs of its own partners only (PARTNER_ADMIN on all);
  another partner's SBI, or another partner's ``providerId``, answers like an unknown one;
  SBIs and devices are a device provider's only: R70, R75 and R82 for a partner of
  another type answer PMS_DEVICE_ERROR_003 (MOSIP checks no type there);
- rejection and deactivation are final: R72 refuses a deactivated SBI
  (``PMS_DEVICE_ERROR_020``) where MOSIP would re-activate or reject it, and R71's
  ``isActive`` cannot make an inactive SBI active (``PMS_DEVICE_ERROR_020`` when it was
  deactivated, ``PMS_DEVICE_ERROR_022`` when it is not approved); R71 setting
  ``isActive: false`` on an approved SBI deactivates it as R73 does; R71 changes the hash,
  version and dates of an SBI pending approval only (``update_sbi``);
- a partner a partner admin deactivated changes nothing through the provider's routes:
  R71, R79 and R80 answer PMS_PMP_016 as R73 does (MOSIP checks it on R73 only);
- the same decision twice at once: the SBI row is locked, the second call sees the first
  one's outcome.

The admin back office calls ``approve_sbi``, ``reject_sbi`` and ``deactivate_sbi`` with its
actor; they run the same rules and write the same history and audit rows.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any, Mapping

from django.db.models import QuerySet
from django.utils import timezone

from kernel.actors import Actor
from kernel.conf import platform_settings
from kernel.records import change, save_unique, stamp
from kernel.search import Column, FilterValues, ListPage, SearchPage, SortKey, filter_values, list_page, list_query, search_page

from ..errors import Devices12Errors
from ..models import Approval12, DeviceDetail, DeviceDetailSbi, SecureBiometricInterface, approval_status_of
from ..operations import (
    SBI_ADD_DEVICE_12,
    SBI_APPROVAL_12,
    SBI_CREATE_12,
    SBI_DEACTIVATE_12,
    SBI_DEVICES_12,
    SBI_LIST_12,
    SBI_MAP_12,
    SBI_SEARCH_12,
    SBI_UPDATE_12,
)
from ..selectors12 import (
    check_caller_has_partner,
    check_partner_active,
    devices_in_scope,
    mappings_in_scope,
    not_deleted,
    own_partners,
    sbi_summaries,
    sbis_in_scope,
)

DEVICE_PROVIDER_TYPE = "Device_Provider"
DEACTIVATE = "De-Activate"


def today() -> dt.date:
    return timezone.now().astimezone(dt.timezone.utc).date()


def _years_from(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def check_sbi_dates(created: dt.datetime, expires: dt.datetime) -> None:
    """R70/R71's date rules, in MOSIP's order, on UTC dates: created not after today (514),
    expiry after today (508), created at most PMS_SBI_CREATED_MAX_YEARS back (516), expiry
    at most PMS_SBI_EXPIRY_MAX_YEARS ahead (515)."""
    now = today()
    created_day = created.astimezone(dt.timezone.utc).date()
    expiry_day = expires.astimezone(dt.timezone.utc).date()
    created_years = platform_settings.PMS_SBI_CREATED_MAX_YEARS
    expiry_years = platform_settings.PMS_SBI_EXPIRY_MAX_YEARS
    if created_day > now:
        raise Devices12Errors.CREATED_IN_FUTURE.error()
    if expiry_day <= now:
        raise Devices12Errors.EXPIRY_NOT_AFTER_TODAY.error()
    if created_day < _years_from(now, -created_years):
        raise Devices12Errors.CREATED_TOO_OLD.error(years=created_years)
    if expiry_day > _years_from(now, expiry_years):
        raise Devices12Errors.EXPIRY_TOO_FAR.error(years=expiry_years)


def normal_version(value: str) -> str:
    """MOSIP compares versions trimmed, inner whitespace collapsed."""
    return " ".join((value or "").split())


def is_expired(sbi: SecureBiometricInterface) -> bool:
    return sbi.sw_expires_at.astimezone(dt.timezone.utc).date() < today()


def _version_taken(provider_id: str, version: str, exclude: str | None = None) -> bool:
    rows = SecureBiometricInterface.objects.filter(provider_id=provider_id, sw_version=version)
    return (rows.exclude(pk=exclude) if exclude else rows).exists()


def create_sbi(*, actor: Actor, provider_id: str, sw_binary_hash: str, sw_version: str, sw_created_at: dt.datetime,
               sw_expires_at: dt.datetime) -> SecureBiometricInterface:
    """R70: a new SBI of one of the caller's active partners, pending approval, inactive.
    Refusals in order: the dates, the partner (PMS_AUT_002: unknown, inactive or not the
    caller's), beyond MOSIP the partner a device provider (PMS_DEVICE_ERROR_003), the
    version already there for that partner (PMS_AUT_512)."""
    with SBI_CREATE_12.run(actor=actor, ref_id=provider_id or "") as op:
        check_sbi_dates(sw_created_at, sw_expires_at)
        provider = own_partners(actor).filter(pk=provider_id, is_active=True).first() if provider_id else None
        if provider is None:
            raise Devices12Errors.PROVIDER_INACTIVE.error()
        if provider.partner_type_id != DEVICE_PROVIDER_TYPE:
            raise Devices12Errors.INVALID_PARTNER_TYPE.error()
        version = normal_version(sw_version)
        if _version_taken(provider.id, version):
            raise Devices12Errors.SBI_VERSION_EXISTS.error()
        sbi = SecureBiometricInterface(provider=provider, partner_org_name=provider.name,
                                       sw_binary_hash=sw_binary_hash, sw_version=version, sw_created_at=sw_created_at,
                                       sw_expires_at=sw_expires_at)
        stamp(sbi, actor, created=True)
        save_unique(sbi, {"uniq_sbi_version_per_provider": Devices12Errors.SBI_VERSION_EXISTS.error})
        op.ref_id = sbi.id
        op.description = f"SBI {sbi.id} version {version} added for partner {provider.id}"
    return sbi


def _locked_sbi(actor: Actor, sbi_id: str) -> SecureBiometricInterface | None:
    return sbis_in_scope(actor).select_for_update(of=("self",)).filter(pk=sbi_id).first() if sbi_id else None


def _deactivate(sbi: SecureBiometricInterface, actor: Actor) -> None:
    """R73's effects: the SBI's approved, active devices become inactive (still approved,
    so ``deactivated``), its pending devices rejected, the SBI inactive (still approved)."""
    mapped = DeviceDetailSbi.objects.filter(sbi=sbi).values("device_id")
    devices = DeviceDetail.objects.select_for_update().filter(pk__in=mapped)
    for device in devices.order_by("pk"):
        if device.approval_status == Approval12.APPROVED and device.is_active:
            change(device, actor, is_active=False)
        elif device.approval_status == Approval12.PENDING:
            change(device, actor, approval_status=Approval12.REJECTED, is_active=False)
    change(sbi, actor, is_active=False)


def update_sbi(*, actor: Actor, sbi_id: str, sw_binary_hash: str, sw_version: str, sw_created_at: dt.datetime,
               sw_expires_at: dt.datetime, is_active: bool) -> SecureBiometricInterface:
    """R71 (deprecated in MOSIP): new hash, version and dates of an SBI in scope; the status
    is untouched. ``isActive`` follows the state machine (module docstring). Beyond MOSIP,
    only an SBI pending approval has its values changed: what a partner admin approved or
    rejected is not swapped (another hash, a later expiry) without a new review
    (PMS_AUT_517 approved, 518 rejected, PMS_DEVICE_ERROR_020 deactivated); the same values
    with ``isActive: false`` still deactivate an approved SBI."""
    with SBI_UPDATE_12.run(actor=actor, ref_id=sbi_id or "") as op:
        check_sbi_dates(sw_created_at, sw_expires_at)
        sbi = _locked_sbi(actor, sbi_id)
        if sbi is None:
            raise Devices12Errors.SBI_NOT_FOUND.error(id=sbi_id)
        check_partner_active(actor, sbi.provider)
        version = normal_version(sw_version)
        if _version_taken(sbi.provider_id, version, exclude=sbi.id):
            raise Devices12Errors.SBI_VERSION_EXISTS.error()
        if is_active and not sbi.is_active:
            if sbi.approval_status == Approval12.APPROVED:
                raise Devices12Errors.SBI_ALREADY_DEACTIVATED.error()
            raise Devices12Errors.SBI_NOT_APPROVED.error()
        changed = (sbi.sw_binary_hash, sbi.sw_version, sbi.sw_created_at, sbi.sw_expires_at) != (
            sw_binary_hash, version, sw_created_at, sw_expires_at)
        if changed and sbi.approval_status != Approval12.PENDING:
            if sbi.approval_status == Approval12.REJECTED:
                raise Devices12Errors.SBI_ALREADY_REJECTED.error()
            if not sbi.is_active:
                raise Devices12Errors.SBI_ALREADY_DEACTIVATED.error()
            raise Devices12Errors.SBI_ALREADY_APPROVED.error()
        sbi.sw_binary_hash, sbi.sw_version = sw_binary_hash, version
        sbi.sw_created_at, sbi.sw_expires_at = sw_created_at, sw_expires_at
        stamp(sbi, actor)
        save_unique(sbi, {"uniq_sbi_version_per_provider": Devices12Errors.SBI_VERSION_EXISTS.error})
        if sbi.is_active and not is_active:
            _deactivate(sbi, actor)
        op.description = f"SBI {sbi.id} updated"
    return sbi


ACTIVATE, DE_ACTIVATE = "Activate", "De-activate"


def set_sbi_approval(*, actor: Actor, sbi_id: str, approval_status: str) -> SecureBiometricInterface:
    """R72 (admin): ``Activate`` approves a pending SBI, ``De-activate`` rejects it. In
    MOSIP's order: unknown (PMS_AUT_007), approved (517), rejected (518: final), then, beyond
    MOSIP, deactivated (PMS_DEVICE_ERROR_020: final), then the value (026)."""
    with SBI_APPROVAL_12.run(actor=actor, ref_id=sbi_id or "") as op:
        sbi = _locked_sbi(actor, sbi_id)
        if sbi is None:
            raise Devices12Errors.SBI_NOT_FOUND.error(id=sbi_id)
        if sbi.approval_status == Approval12.APPROVED and sbi.is_active:
            raise Devices12Errors.SBI_ALREADY_APPROVED.error()
        if sbi.approval_status == Approval12.REJECTED:
            raise Devices12Errors.SBI_ALREADY_REJECTED.error()
        if sbi.approval_status == Approval12.APPROVED:
            raise Devices12Errors.SBI_ALREADY_DEACTIVATED.error()
        if approval_status == ACTIVATE:
            change(sbi, actor, approval_status=Approval12.APPROVED, is_active=True)
        elif approval_status == DE_ACTIVATE:
            change(sbi, actor, approval_status=Approval12.REJECTED, is_active=False)
        else:
            raise Devices12Errors.SBI_APPROVAL_VALUE.error()
        op.description = f"SBI {sbi.id} {sbi.approval_status}"
    return sbi


def approve_sbi(*, actor: Actor, sbi_id: str) -> SecureBiometricInterface:
    """R72 ``Activate``, for the back office."""
    return set_sbi_approval(actor=actor, sbi_id=sbi_id, approval_status=ACTIVATE)


def reject_sbi(*, actor: Actor, sbi_id: str) -> SecureBiometricInterface:
    """R72 ``De-activate``, for the back office."""
    return set_sbi_approval(actor=actor, sbi_id=sbi_id, approval_status=DE_ACTIVATE)


def deactivate_sbi(*, actor: Actor, sbi_id: str, status: Any = DEACTIVATE) -> SecureBiometricInterface:
    """R73: deactivate an approved, active SBI for good, with its devices (``_deactivate``).
    In MOSIP's order: the value (026), a caller with a partner (CERT_002), the SBI in scope
    (005), its partner active (PMP_016), approved (022), still active (020)."""
    with SBI_DEACTIVATE_12.run(actor=actor, ref_id=sbi_id or "") as op:
        if status != DEACTIVATE:
            raise Devices12Errors.DEACTIVATE_VALUE.error()
        check_caller_has_partner(actor)
        sbi = _locked_sbi(actor, sbi_id)
        if sbi is None:
            raise Devices12Errors.SBI_UNKNOWN.error()
        if not actor.is_partner_admin and not sbi.provider.is_active:
            raise Devices12Errors.PARTNER_NOT_ACTIVE.error()
        if sbi.approval_status != Approval12.APPROVED:
            raise Devices12Errors.SBI_NOT_APPROVED.error()
        if not sbi.is_active:
            raise Devices12Errors.SBI_ALREADY_DEACTIVATED.error()
        _deactivate(sbi, actor)
        op.description = f"SBI {sbi.id} deactivated"
    return sbi


def check_sbi_for_device(sbi: SecureBiometricInterface | None, partner_id: str) -> SecureBiometricInterface:
    """The SBI half of MOSIP's ``validateSbiDeviceMapping`` (R75, R85): exists (005), of the
    partner (002), not pending (009), not rejected (028), not deactivated (029), unexpired
    (021)."""
    if sbi is None:
        raise Devices12Errors.SBI_UNKNOWN.error()
    if sbi.provider_id != partner_id:
        raise Devices12Errors.SBI_NOT_PARTNERS.error()
    if sbi.approval_status == Approval12.PENDING:
        raise Devices12Errors.SBI_PENDING.error()
    if sbi.approval_status == Approval12.REJECTED:
        raise Devices12Errors.SBI_REJECTED.error()
    if not sbi.is_active:
        raise Devices12Errors.SBI_DEACTIVATED.error()
    if is_expired(sbi):
        raise Devices12Errors.SBI_EXPIRED.error()
    return sbi


def add_device_to_sbi(*, actor: Actor, sbi_id: str, device_id: str | None, provider_id: str, device_type: str,
                      device_sub_type: str, make: str, model: str) -> DeviceDetail:
    """R75: a new device detail of the caller's partner, mapped (inactive) to an approved,
    active, unexpired SBI of that partner, pending approval. In MOSIP's order: a caller with
    a partner (CERT_002), ``deviceProviderId`` one of the caller's partners (001), the
    device's own checks (PMS_AUT_001, 002, 003), the SBI (``check_sbi_for_device``)."""
    from .device_details12 import new_device

    with SBI_ADD_DEVICE_12.run(actor=actor, ref_id=sbi_id or "") as op:
        check_caller_has_partner(actor)
        if not provider_id or not own_partners(actor).filter(pk=provider_id).exists():
            raise Devices12Errors.PARTNER_NOT_USERS.error()
        device = new_device(actor, device_id=device_id, provider_id=provider_id, device_type=device_type,
                            device_sub_type=device_sub_type, make=make, model=model)
        sbi = check_sbi_for_device(_locked_sbi(actor, sbi_id), provider_id)
        if DeviceDetailSbi.objects.filter(sbi=sbi, device=device).exists():
            raise Devices12Errors.MAPPING_EXISTS.error()
        mapping = DeviceDetailSbi(device=device, sbi=sbi, provider_id=provider_id,
                                  partner_org_name=device.partner_org_name, is_active=False)
        stamp(mapping, actor, created=True)
        mapping.save()
        op.description = f"device {device.id} added to SBI {sbi.id}"
    return device


def sbi_devices(*, actor: Actor, sbi_id: str) -> list[DeviceDetailSbi] | None:
    """R76: the mappings of one SBI of the caller's (a device provider's) partner, oldest
    first; None when it has none. Unknown or not the caller's: 005; its partner not a
    device provider: 003."""
    with SBI_DEVICES_12.run(actor=actor, ref_id=sbi_id or "") as op:
        check_caller_has_partner(actor)
        sbi = sbis_in_scope(actor).filter(pk=sbi_id).first() if sbi_id else None
        if sbi is None:
            raise Devices12Errors.SBI_UNKNOWN.error()
        if sbi.provider.partner_type_id != DEVICE_PROVIDER_TYPE:
            raise Devices12Errors.INVALID_PARTNER_TYPE.error()
        rows = list(DeviceDetailSbi.objects.filter(sbi=sbi).select_related("device", "device__device_sub_type")
                    .order_by("created_at", "pk"))
        op.description = f"devices of SBI {sbi.id}: {len(rows)}"
    return rows or None


# --- R74: the revamp list -------------------------------------------------------------

SBI_SORT_KEYS = {
    "partnerId": SortKey("provider_id"), "orgName": SortKey("partner_org_name"),
    "partnerType": SortKey("provider__partner_type_id"), "sbiId": SortKey("id"), "sbiVersion": SortKey("sw_version"),
    "sbiCreatedDateTime": SortKey("sw_created_at"), "sbiExpiryDateTime": SortKey("sw_expires_at"),
    "status": SortKey("status_text"), "createdDateTime": SortKey("created_at"),
    "sbiExpiryStatus": SortKey("expiry_status"), "countOfAssociatedDevices": SortKey("devices_count"),
}
SBI_TEXT_FILTERS = {"partnerId": "provider__id", "orgName": "partner_org_name", "sbiId": "id",
                    "sbiVersion": "sw_version"}


def filter_by_status(rows: QuerySet, value: str) -> QuerySet:
    """A list's ``status`` filter: the derived ``deactivated``, or a stored status in
    either generation's spelling (``models.approval_status_of``); anything else matches
    nothing."""
    if value.strip().lower() == "deactivated":
        return rows.filter(status_text="deactivated")
    status = approval_status_of(value)
    return rows.filter(status_text=str(status)) if status else rows.none()


def list_sbis(*, actor: Actor, params: Mapping[str, str]) -> ListPage:
    """R74: the SBIs in scope, optionally paged (1.2 catalog §4.1)."""
    query = list_query(params, SBI_SORT_KEYS)
    with SBI_LIST_12.run(actor=actor) as op:
        check_caller_has_partner(actor)
        rows = sbi_summaries(actor)
        for name, path in SBI_TEXT_FILTERS.items():
            if params.get(name):
                rows = rows.filter(**{f"{path}__icontains": params[name].lower()})
        if params.get("status"):
            rows = filter_by_status(rows, params["status"])
        if params.get("sbiExpiryStatus"):
            rows = rows.filter(expiry_status=params["sbiExpiryStatus"])
        page = list_page(rows, query)
        op.description = f"SBIs listed: {page.total}"
    return page


# --- R77, R78, R81: the legacy search and filter values -----------------------------

SBI_COLUMNS = {
    "id": Column("id"), "swBinaryHash": Column("sw_binary_hash"), "swVersion": Column("sw_version"),
    "swCreateDateTime": Column("sw_created_at", "datetime"), "swExpiryDateTime": Column("sw_expires_at", "datetime"),
    "approvalStatus": Column("approval_status"), "providerId": Column("provider__id"),
    "partnerOrgName": Column("partner_org_name"), "isActive": Column("is_active", "bool"),
    "isDeleted": Column("is_deleted", "bool"), "crBy": Column("created_by"), "crDtimes": Column("created_at", "datetime"),
    "updBy": Column("updated_by"), "updDtimes": Column("updated_at", "datetime"),
}
MAPPING_COLUMNS = {
    "deviceDetailId": Column("device__id"), "sbiId": Column("sbi__id"), "providerId": Column("provider__id"),
    "partnerName": Column("partner_org_name"), "isActive": Column("is_active", "bool"),
    "isDeleted": Column("is_deleted", "bool"), "crBy": Column("created_by"), "crDtimes": Column("created_at", "datetime"),
    "updBy": Column("updated_by"), "updDtimes": Column("updated_at", "datetime"),
}


def with_status_spellings(request: Mapping[str, Any], key: str = "optionalFilters") -> dict[str, Any]:
    """A search or filter-values body whose ``approvalStatus`` filters name the stored
    spelling (``models.approval_status_of``: 1.1's ``Activated`` finds ``approved``)."""
    body = dict(request)
    for name in ("filters", key):
        entries = body.get(name)
        if not isinstance(entries, list):
            continue
        fixed = []
        for entry in entries:
            if isinstance(entry, Mapping) and str(entry.get("columnName") or "").strip().lower() == "approvalstatus":
                entry = dict(entry)
                for field in ("value", "fromValue", "toValue", "text"):
                    if isinstance(entry.get(field), str) and approval_status_of(entry[field]):
                        entry[field] = str(approval_status_of(entry[field]))
                if isinstance(entry.get("values"), list):
                    entry["values"] = [str(approval_status_of(v) or v) if isinstance(v, str) else v
                                       for v in entry["values"]]
            fixed.append(entry)
        body[name] = fixed
    return body


def _searchable_sbis(actor: Actor) -> QuerySet[SecureBiometricInterface]:
    return sbis_in_scope(actor).annotate(is_deleted=not_deleted())


def search_sbis(*, actor: Actor, request: Mapping[str, Any]) -> SearchPage:
    """R77 over the SBIs in scope."""
    with SBI_SEARCH_12.run(actor=actor) as op:
        page = search_page(_searchable_sbis(actor), with_status_spellings(request), SBI_COLUMNS,
                           default_order=("created_at", "id"))
        op.description = f"SBIs searched: {page.total}"
    return page


def sbi_filter_values(*, actor: Actor, request: Mapping[str, Any]) -> FilterValues:
    """R78 over the SBIs in scope, each value with its SBI's id."""
    with SBI_SEARCH_12.run(actor=actor) as op:
        values = filter_values(_searchable_sbis(actor), with_status_spellings(request), SBI_COLUMNS, code_path="id")
        op.description = f"SBI filter values: {len(values.items)}"
    return values


def search_mappings(*, actor: Actor, request: Mapping[str, Any]) -> SearchPage:
    """R81 over the device-to-SBI mappings in scope."""
    with SBI_SEARCH_12.run(actor=actor) as op:
        rows = mappings_in_scope(actor).annotate(is_deleted=not_deleted())
        page = search_page(rows, request, MAPPING_COLUMNS, default_order=("created_at", "id"))
        op.description = f"device mappings searched: {page.total}"
    return page


def sw_hash_base64(sbi: SecureBiometricInterface) -> str:
    """``swBinaryHash`` as MOSIP's legacy answers show it: Base64 of the stored text."""
    return base64.b64encode(sbi.sw_binary_hash.encode()).decode()


# --- R79, R80: the legacy mapping routes --------------------------------------------

def map_device(*, actor: Actor, device_id: str, sbi_id: str) -> str:
    """R79: map an approved device to an approved, unexpired SBI of the same partner, both
    in scope; an existing mapping answers "Mapping already exists". Refusals in MOSIP's
    order: PMS_AUT_005, 028, 027, 007, 511, 513, 509."""
    with SBI_MAP_12.run(actor=actor, ref_id=sbi_id or "") as op:
        if mappings_in_scope(actor).filter(device_id=device_id, sbi_id=sbi_id).exists():
            op.description = f"device {device_id} already mapped to SBI {sbi_id}"
            return "Mapping already exists"
        device = devices_in_scope(actor).select_for_update(of=("self",)).filter(pk=device_id).first() \
            if device_id else None
        if device is None:
            raise Devices12Errors.DEVICE_NOT_FOUND.error(id=device_id)
        check_partner_active(actor, device.provider)
        if device.approval_status == Approval12.REJECTED:
            raise Devices12Errors.MAP_DEVICE_REJECTED.error(id=device_id)
        if not device.is_active:
            raise Devices12Errors.MAP_DEVICE_NOT_APPROVED.error(id=device_id)
        sbi = _locked_sbi(actor, sbi_id)
        if sbi is None:
            raise Devices12Errors.SBI_NOT_FOUND.error(id=sbi_id)
        if not sbi.is_active:
            raise Devices12Errors.MAP_SBI_NOT_APPROVED.error()
        if is_expired(sbi):
            raise Devices12Errors.MAP_SBI_EXPIRED.error()
        if sbi.provider_id != device.provider_id:
            raise Devices12Errors.MAP_PROVIDER_MISMATCH.error()
        mapping = DeviceDetailSbi(device=device, sbi=sbi, provider_id=sbi.provider_id,
                                  partner_org_name=sbi.partner_org_name, is_active=True)
        stamp(mapping, actor, created=True)
        save_unique(mapping, {"uniq_device_detail_sbi": Devices12Errors.MAPPING_EXISTS.error})
        op.description = f"device {device.id} mapped to SBI {sbi.id}"
    return "Success"


def unmap_device(*, actor: Actor, device_id: str, sbi_id: str) -> str:
    """R80: remove a mapping in scope (PMS_AUT_510 when there is none)."""
    with SBI_MAP_12.run(actor=actor, ref_id=sbi_id or "") as op:
        mapping = mappings_in_scope(actor).select_for_update(of=("self",)).filter(
            device_id=device_id, sbi_id=sbi_id).first() if device_id and sbi_id else None
        if mapping is None:
            raise Devices12Errors.MAPPING_NOT_FOUND.error()
        check_partner_active(actor, mapping.provider)
        mapping._history_user = actor.user
        mapping.delete()
        op.description = f"device {device_id} unmapped from SBI {sbi_id}"
    return "Success"
