"""MOSIP 1.2's device details (R82-R92, 1.2 catalog §12, §16.8): the only writer of
``DeviceDetail`` (with devices.services.sbi12, which adds devices to SBIs through
``new_device``). Each change is one transaction with its history and audit rows.

Beyond MOSIP (docs/api-tour-1.2.md, "SBIs and device details"):

- scope: a caller acts on the devices of its own partners (PARTNER_ADMIN on all); another
  partner's device, or ``deviceProviderId``, answers like an unknown one;
- a device id is a random UUID (MOSIP draws an integer below 100000); a client-supplied
  ``id`` that is already a device's is refused (``PMS_AUT_003``), never overwritten; one
  that a route could not name (anything but ASCII letters, digits, ``.``, ``_`` and ``-``,
  starting with a letter or digit) is refused (``PMS_COR_002``);
- the legacy R84 follows R85's state rule: only a device pending approval is approved or
  rejected (``PMS_DEVICE_ERROR_010``), so a rejected device is never approved and a
  deactivated one never re-activated (deactivation is final); R83 changes only a device
  pending approval (``PMS_DEVICE_ERROR_010``), so an approved model cannot be swapped;
- the same decision twice at once: the device row is locked, the second call sees the
  first one's outcome (``PMS_DEVICE_ERROR_010``).

The admin back office calls ``approve_device``, ``reject_device`` and ``deactivate_device``
with its actor.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from django.db.models import F, QuerySet

from kernel.actors import Actor
from kernel.errors import KernelErrors
from kernel.records import change, save_unique, stamp
from kernel.search import Column, FilterValues, ListPage, SearchPage, SortKey, filter_values, list_page, list_query, search_page

from ..errors import Devices12Errors
from ..models import Approval12, DeviceDetail, DeviceDetailSbi, DeviceSubType, DeviceType
from ..operations import (
    DETAIL_APPROVAL_12,
    DETAIL_CREATE_12,
    DETAIL_DEACTIVATE_12,
    DETAIL_LIST_12,
    DETAIL_SEARCH_12,
    DETAIL_UPDATE_12,
)
from ..selectors12 import (
    check_caller_has_partner,
    check_partner_active,
    device_summaries,
    devices_in_scope,
    not_deleted,
    own_partners,
    sbis_in_scope,
)
from .sbi12 import DEACTIVATE, DEVICE_PROVIDER_TYPE, check_sbi_for_device, filter_by_status, with_status_spellings

ACTIVATE, DE_ACTIVATE = "Activate", "De-activate"
APPROVED, REJECTED = "approved", "rejected"


def _sub_type(device_type: str, device_sub_type: str) -> DeviceSubType:
    """An active sub-type of an active type, by their case-sensitive codes (PMS_AUT_001)."""
    found = DeviceSubType.objects.filter(device_type_id=device_type, code=device_sub_type, is_active=True,
                                         device_type__is_active=True).first() if device_type and device_sub_type else None
    if found is None or found.code != device_sub_type or found.device_type_id != device_type:
        raise Devices12Errors.SUB_TYPE_NOT_FOUND.error()
    return found


def _unique_conflicts() -> dict:
    taken = Devices12Errors.DEVICE_EXISTS.error
    return {"uniq_open_device_detail": taken, "devices_devicedetail_pkey": taken, "devices_devicedetail.id": taken}


# A supplied device id must be one the routes (``devicedetail/<id>``) and the portal's links
# can name: no ``/``, ``?``, ``#``, ``%``, spaces or non-ASCII.
DEVICE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,35}")


def new_device(actor: Actor, *, device_id: str | None, provider_id: str, device_type: str, device_sub_type: str,
               make: str, model: str) -> DeviceDetail:
    """R82's rules, inside the caller's operation (R82, R75): the sub-type of the type
    (PMS_AUT_001), one of the caller's active partners (002), a device provider
    (PMS_DEVICE_ERROR_003, beyond MOSIP), no open device of the same
    partner, type, sub-type, make and model and no device with the supplied ``id`` (003).
    Pending approval, inactive. A supplied ``id`` the routes could not name: PMS_COR_002."""
    if device_id and not DEVICE_ID.fullmatch(device_id):
        raise KernelErrors.INVALID_INPUT.error(field="id")
    sub_type = _sub_type(device_type, device_sub_type)
    provider = own_partners(actor).filter(pk=provider_id, is_active=True).first() if provider_id else None
    if provider is None:
        raise Devices12Errors.PROVIDER_INACTIVE.error()
    if provider.partner_type_id != DEVICE_PROVIDER_TYPE:
        raise Devices12Errors.INVALID_PARTNER_TYPE.error()
    make, model = make.strip(), model.strip()
    open_rows = DeviceDetail.objects.filter(provider=provider, device_type_id=device_type, device_sub_type=sub_type,
                                            make=make, model=model).exclude(approval_status=Approval12.REJECTED) \
        .exclude(approval_status=Approval12.APPROVED, is_active=False)
    if open_rows.exists() or (device_id and DeviceDetail.objects.filter(pk=device_id).exists()):
        raise Devices12Errors.DEVICE_EXISTS.error()
    device = DeviceDetail(provider=provider, partner_org_name=provider.name, device_type_id=device_type,
                          device_sub_type=sub_type, make=make, model=model)
    if device_id:
        device.id = device_id
    stamp(device, actor, created=True)
    save_unique(device, _unique_conflicts())
    return device


def create_device(*, actor: Actor, device_id: str | None, provider_id: str, device_type: str, device_sub_type: str,
                  make: str, model: str) -> DeviceDetail:
    """R82 (deprecated in MOSIP): a device detail with no SBI."""
    with DETAIL_CREATE_12.run(actor=actor, ref_id=provider_id or "") as op:
        device = new_device(actor, device_id=device_id, provider_id=provider_id, device_type=device_type,
                            device_sub_type=device_sub_type, make=make, model=model)
        op.ref_id = device.id
        op.description = f"device {device.id} ({device.make} {device.model}) added for partner {device.provider_id}"
    return device


def _locked_device(actor: Actor, device_id: str) -> DeviceDetail | None:
    return devices_in_scope(actor).select_for_update(of=("self",)).filter(pk=device_id).first() if device_id else None


def update_device(*, actor: Actor, device_id: str, device_type: str, device_sub_type: str, make: str,
                  model: str) -> DeviceDetail:
    """R83 (deprecated in MOSIP): new type, sub-type, make and model of a device in scope
    that is still pending approval (module docstring). Unknown: PMS_AUT_005; its partner
    deactivated (not for PARTNER_ADMIN): PMS_PMP_016."""
    with DETAIL_UPDATE_12.run(actor=actor, ref_id=device_id or "") as op:
        device = _locked_device(actor, device_id)
        if device is None:
            raise Devices12Errors.DEVICE_NOT_FOUND.error(id=device_id)
        check_partner_active(actor, device.provider)
        sub_type = _sub_type(device_type, device_sub_type)
        if device.approval_status != Approval12.PENDING:
            raise Devices12Errors.DEVICE_NOT_PENDING.error()
        device.device_type_id, device.device_sub_type = device_type, sub_type
        device.make, device.model = make.strip(), model.strip()
        stamp(device, actor)
        save_unique(device, _unique_conflicts())
        op.description = f"device {device.id} updated"
    return device


def _decide(device: DeviceDetail, actor: Actor, approve: bool) -> None:
    if approve:
        change(device, actor, approval_status=Approval12.APPROVED, is_active=True)
    else:
        change(device, actor, approval_status=Approval12.REJECTED, is_active=False)


def set_device_approval(*, actor: Actor, device_id: str, approval_status: str) -> DeviceDetail:
    """R84 (admin, deprecated in MOSIP): ``Activate`` approves, ``De-activate`` rejects a
    device pending approval. Unknown: PMS_AUT_005; other value: 025; not pending: 010."""
    with DETAIL_APPROVAL_12.run(actor=actor, ref_id=device_id or "") as op:
        device = _locked_device(actor, device_id)
        if device is None:
            raise Devices12Errors.DEVICE_NOT_FOUND.error(id=device_id)
        if approval_status not in (ACTIVATE, DE_ACTIVATE):
            raise Devices12Errors.DEVICE_APPROVAL_VALUE.error()
        if device.approval_status != Approval12.PENDING:
            raise Devices12Errors.DEVICE_NOT_PENDING.error()
        _decide(device, actor, approval_status == ACTIVATE)
        op.description = f"device {device.id} {device.approval_status}"
    return device


def decide_device(*, actor: Actor, device_id: str, partner_id: Any, sbi_id: Any, status: Any) -> bool:
    """R85 (admin): approve or reject a device pending approval with the SBI it is mapped
    to; the mapping becomes active either way. In MOSIP's order: ``partnerId``/``status``
    missing (PMS_REQUEST_ERROR_001), the status (027), no SBI (024/025), the SBI
    (``check_sbi_for_device``), the device (006, 007, 010), the mapping (012)."""
    with DETAIL_APPROVAL_12.run(actor=actor, ref_id=device_id or "") as op:
        if partner_id is None or status is None:
            raise Devices12Errors.INVALID_REQUEST.error()
        if status not in (APPROVED, REJECTED):
            raise Devices12Errors.DEVICE_STATUS_VALUE.error()
        if sbi_id is None:
            raise (Devices12Errors.NO_SBI_TO_APPROVE if status == APPROVED else Devices12Errors.NO_SBI_TO_REJECT).error()
        sbi = sbis_in_scope(actor).select_for_update(of=("self",)).filter(pk=str(sbi_id)).first()
        check_sbi_for_device(sbi, str(partner_id))
        device = _locked_device(actor, device_id)
        if device is None:
            raise Devices12Errors.DEVICE_UNKNOWN.error()
        if device.provider_id != str(partner_id):
            raise Devices12Errors.DEVICE_NOT_PARTNERS.error()
        if device.approval_status != Approval12.PENDING:
            raise Devices12Errors.DEVICE_NOT_PENDING.error()
        mapping = DeviceDetailSbi.objects.select_for_update().filter(device=device, sbi=sbi,
                                                                     provider_id=str(partner_id)).first()
        if mapping is None:
            raise Devices12Errors.MAPPING_MISSING.error()
        _decide(device, actor, status == APPROVED)
        change(mapping, actor, is_active=True)
        op.description = f"device {device.id} {device.approval_status} with SBI {sbi.id}"
    return True


def _mapped_sbi(device_id: str, sbi_id: str | None) -> str | None:
    if sbi_id:
        return sbi_id
    return DeviceDetailSbi.objects.filter(device_id=device_id).order_by("created_at", "pk") \
        .values_list("sbi_id", flat=True).first()


def approve_device(*, actor: Actor, device_id: str, sbi_id: str | None = None) -> bool:
    """R85 ``approved``, for the back office (the SBI: the one given, else the device's
    first)."""
    device = DeviceDetail.objects.filter(pk=device_id).values_list("provider_id", flat=True).first()
    return decide_device(actor=actor, device_id=device_id, partner_id=device or "", sbi_id=_mapped_sbi(device_id, sbi_id),
                         status=APPROVED)


def reject_device(*, actor: Actor, device_id: str, sbi_id: str | None = None) -> bool:
    """R85 ``rejected``, for the back office."""
    device = DeviceDetail.objects.filter(pk=device_id).values_list("provider_id", flat=True).first()
    return decide_device(actor=actor, device_id=device_id, partner_id=device or "", sbi_id=_mapped_sbi(device_id, sbi_id),
                         status=REJECTED)


def deactivate_device(*, actor: Actor, device_id: str, status: Any = DEACTIVATE) -> DeviceDetail:
    """R86: deactivate an approved, active device for good. In MOSIP's order: the value
    (026), a caller with a partner (CERT_002), the device in scope (006), its partner
    active (PMP_016), approved (023), still active (014). Its mappings stay."""
    with DETAIL_DEACTIVATE_12.run(actor=actor, ref_id=device_id or "") as op:
        if status != DEACTIVATE:
            raise Devices12Errors.DEACTIVATE_VALUE.error()
        check_caller_has_partner(actor)
        device = _locked_device(actor, device_id)
        if device is None:
            raise Devices12Errors.DEVICE_UNKNOWN.error()
        if not actor.is_partner_admin and not device.provider.is_active:
            raise Devices12Errors.PARTNER_NOT_ACTIVE.error()
        if device.approval_status != Approval12.APPROVED:
            raise Devices12Errors.DEVICE_NOT_APPROVED.error()
        if not device.is_active:
            raise Devices12Errors.DEVICE_ALREADY_DEACTIVATED.error()
        change(device, actor, is_active=False)
        op.description = f"device {device.id} deactivated"
    return device


# --- R87: the admin list --------------------------------------------------------------

DEVICE_SORT_KEYS = {
    "deviceId": SortKey("id"), "sbiId": SortKey("sbi_key"), "sbiVersion": SortKey("sbi_version"),
    "partnerId": SortKey("provider_id"), "orgName": SortKey("partner_org_name"),
    "deviceType": SortKey("device_type_id"), "deviceSubType": SortKey("device_sub_type__code"),
    "make": SortKey("make"), "model": SortKey("model"), "status": SortKey("status_text"),
    "createdDateTime": SortKey("created_at"),
}
DEVICE_TEXT_FILTERS = {"partnerId": "provider__id", "orgName": "partner_org_name", "deviceType": "device_type__code",
                       "deviceSubType": "device_sub_type__code", "make": "make", "model": "model", "sbiId": "sbi_key",
                       "sbiVersion": "sbi_version", "deviceId": "id"}


def list_devices(*, actor: Actor, params: Mapping[str, str]) -> ListPage:
    """R87 (admin): every device once per SBI it is mapped to, paged (0/8 by default)."""
    query = list_query(params, DEVICE_SORT_KEYS, default_page=(0, 8))
    with DETAIL_LIST_12.run(actor=actor) as op:
        rows = device_summaries(actor)
        for name, path in DEVICE_TEXT_FILTERS.items():
            if params.get(name):
                rows = rows.filter(**{f"{path}__icontains": params[name].lower()})
        if params.get("status"):
            rows = filter_by_status(rows, params["status"])
        page = list_page(rows, query)
        op.description = f"devices listed: {page.total}"
    return page


# --- R88-R92: the legacy searches and filter values ---------------------------------

DEVICE_COLUMNS = {
    "id": Column("id"), "deviceTypeCode": Column("device_type__code"), "deviceSubTypeCode": Column("sub_type_code"),
    "deviceProviderId": Column("provider__id"), "make": Column("make"), "model": Column("model"),
    "approvalStatus": Column("approval_status"), "partnerOrganizationName": Column("partner_org_name"),
    "isActive": Column("is_active", "bool"), "isDeleted": Column("is_deleted", "bool"), "crBy": Column("created_by"),
    "crDtimes": Column("created_at", "datetime"), "updBy": Column("updated_by"),
    "updDtimes": Column("updated_at", "datetime"),
}
SUB_TYPE_COLUMNS = {
    "code": Column("code"), "deviceType": Column("device_type__code"), "name": Column("name"),
    "desciption": Column("description"), "description": Column("description"), "isActive": Column("is_active", "bool"),
    "isDeleted": Column("is_deleted", "bool"), "crBy": Column("created_by"), "crDtimes": Column("created_at", "datetime"),
    "updBy": Column("updated_by"), "updDtimes": Column("updated_at", "datetime"),
}
TYPE_COLUMNS = {
    "code": Column("code"), "name": Column("name"), "description": Column("description"),
    "isActive": Column("is_active", "bool"), "isDeleted": Column("is_deleted", "bool"), "crBy": Column("created_by"),
    "crDtimes": Column("created_at", "datetime"), "updBy": Column("updated_by"),
    "updDtimes": Column("updated_at", "datetime"),
}


def _searchable_devices(actor: Actor) -> QuerySet[DeviceDetail]:
    return devices_in_scope(actor).annotate(is_deleted=not_deleted(), sub_type_code=F("device_sub_type__code"))


def search_devices(*, actor: Actor, request: Mapping[str, Any]) -> SearchPage:
    """R88 over the devices in scope (``approvalStatus`` in either generation's spelling)."""
    with DETAIL_SEARCH_12.run(actor=actor) as op:
        page = search_page(_searchable_devices(actor), with_status_spellings(request), DEVICE_COLUMNS,
                           default_order=("created_at", "id"))
        op.description = f"devices searched: {page.total}"
    return page


def device_filter_values(*, actor: Actor, request: Mapping[str, Any]) -> FilterValues:
    """R89 over the devices in scope: each value shown as "<make> <model>" with the device's
    id, whatever the column (MOSIP's answer)."""
    with DETAIL_SEARCH_12.run(actor=actor) as op:
        values = filter_values(_searchable_devices(actor), with_status_spellings(request), DEVICE_COLUMNS,
                               code_path="id", value_of=lambda row: f"{row.make} {row.model}")
        op.description = f"device filter values: {len(values.items)}"
    return values


def search_sub_types(*, actor: Actor, request: Mapping[str, Any]) -> SearchPage:
    """R90 ("deviceType/search"): searches the device **sub-types**, as MOSIP does."""
    with DETAIL_SEARCH_12.run(actor=actor) as op:
        rows = DeviceSubType.objects.annotate(is_deleted=not_deleted())
        page = search_page(rows, request, SUB_TYPE_COLUMNS, default_order=("device_type_id", "code"))
        op.description = f"device sub-types searched: {page.total}"
    return page


def type_filter_values(*, actor: Actor, request: Mapping[str, Any]) -> FilterValues:
    """R91 over the device types, each value with its type's code."""
    with DETAIL_SEARCH_12.run(actor=actor) as op:
        values = filter_values(DeviceType.objects.annotate(is_deleted=not_deleted()), request, TYPE_COLUMNS,
                               code_path="code")
        op.description = f"device type filter values: {len(values.items)}"
    return values


def sub_type_filter_values(*, actor: Actor, request: Mapping[str, Any]) -> FilterValues:
    """R92 over the device sub-types, each value with its sub-type's code."""
    with DETAIL_SEARCH_12.run(actor=actor) as op:
        values = filter_values(DeviceSubType.objects.annotate(is_deleted=not_deleted()), request, SUB_TYPE_COLUMNS,
                               code_path="code")
        op.description = f"device sub-type filter values: {len(values.items)}"
    return values
