"""Device validation (D8) and validation as of a past moment (D9), in MOSIP's order
(catalog §10.5): the device exists (001, nothing else is checked without it), it is
registered (002), the provider the digital ID names (``dpId``) exists (003) and is active
(004), an MDS with the version exists (005) and is active (006), one is the device's
provider's release of its make and model (007) for its type (007), and every field of the
digital ID equals the registered device's (008 for each that differs; an unknown ``dpId``
is said once, by 003). All errors after 001 are collected.

D9 reads the same facts from the history tables as they stood at the given time, so a
device revoked today still validates for a moment before the revocation."""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from django.db import connection
from django.utils import timezone

from accounts import lookup_cache
from kernel.actors import Actor
from kernel.compiled import CompiledSelect
from kernel.errors import PmsError

from ..device_data import ValidationRequest
from ..errors import DeviceErrors
from ..models import DeviceProvider, DeviceStatus, DeviceSubType, MosipDeviceService, RegisteredDevice
from ..operations import DEVICE_VALIDATE, DEVICE_VALIDATE_HISTORY
from ..selectors import same_type


class Registry(Protocol):
    def device(self, code: str) -> Any: ...
    def provider(self, device: Any, provider_id: str) -> Any: ...
    def services(self, version: str) -> list[Any]: ...
    def sub_type_code(self, device: Any) -> str: ...


# The device with its provider and sub-type, by its code: SQL written once (kernel.compiled).
_DEVICE_BY_CODE = CompiledSelect(RegisteredDevice, ("device_provider", "device_sub_type"),
                                 lambda col: f"{col('pk')} = %s")


# Both lookups below are kept per process (accounts.lookup_cache), revalidated by these
# tables' triggers (accounts 0005; the MDS table's on inserts too: an empty answer is kept).
lookup_cache.watch(RegisteredDevice, DeviceProvider, DeviceSubType, inserts=(MosipDeviceService,))
_MDS_FIELDS = tuple(f.attname for f in MosipDeviceService._meta.concrete_fields)


def _releases_of(version: str) -> tuple[tuple, ...]:
    return tuple(MosipDeviceService.objects.filter(sw_version=version).order_by("pk").values_list(*_MDS_FIELDS))


class CurrentRegistry:
    """The registry now: the device comes with its provider and sub-type in one query
    (device validation is a machine client's lookup, on every authentication)."""

    def device(self, code):
        return lookup_cache.cached_first(_DEVICE_BY_CODE, "devices.device_by_code", [code])

    def provider(self, device, provider_id):
        # The usual case, the device's own provider, came with the device: no query.
        if provider_id.casefold() == device.device_provider_id.casefold():
            return device.device_provider
        return DeviceProvider.objects.filter(pk=provider_id).first()

    def services(self, version):
        rows = lookup_cache.fetch("devices.mds_by_version", [version], lambda: _releases_of(version))
        return [MosipDeviceService.from_db(connection.alias, list(_MDS_FIELDS), list(row)) for row in rows]

    def sub_type_code(self, device):
        return device.device_sub_type.code


class RegistryAsOf:
    """The registry as the history tables say it stood at ``moment``."""

    def __init__(self, moment: dt.datetime):
        self.moment = moment

    def _latest(self, model, **key):
        row = (model.history.filter(history_date__lte=self.moment, **key)
               .order_by("-history_date", "-history_id").first())
        return None if row is None or row.history_type == "-" else row

    def device(self, code):
        return self._latest(RegisteredDevice, code=code)

    def provider(self, device, provider_id):
        if provider_id.casefold() == device.device_provider_id.casefold():
            provider_id = device.device_provider_id
        return self._latest(DeviceProvider, id=provider_id)

    def services(self, version):
        return list(MosipDeviceService.history.as_of(self.moment).filter(sw_version=version))

    def sub_type_code(self, device):
        return DeviceSubType.objects.filter(pk=device.device_sub_type_id).values_list("code", flat=True).first() or ""


def _problems(registry: Registry, wanted: ValidationRequest) -> list[PmsError]:
    device = registry.device(wanted.device_code)
    if device is None:
        return [DeviceErrors.DEVICE_NOT_FOUND.error()]
    problems = []
    if device.status != DeviceStatus.REGISTERED:
        problems.append(DeviceErrors.DEVICE_NOT_REGISTERED.error())
    given = wanted.digital_id
    provider = registry.provider(device, given["dpId"])
    if provider is None:
        problems.append(DeviceErrors.PROVIDER_NOT_FOUND.error())
    elif not provider.is_active:
        problems.append(DeviceErrors.PROVIDER_INACTIVE.error())
    services = registry.services(wanted.service_version)
    active = [mds for mds in services if mds.is_active]
    if not services:
        problems.append(DeviceErrors.MDS_NOT_FOUND.error())
    elif not active:
        problems.append(DeviceErrors.MDS_INACTIVE.error())
    else:
        releases = [mds for mds in active if mds.device_provider_id == device.device_provider_id
                    and mds.make.lower() == device.make.lower() and mds.model.lower() == device.model.lower()]
        if not releases:
            problems.append(DeviceErrors.SOFTWARE_MISMATCH.error(
                detail="no MDS of this version for the device's provider, make and model"))
        elif not any(mds.device_type_id == device.device_type_id and mds.device_sub_type_id == device.device_sub_type_id
                     for mds in releases):
            problems.append(DeviceErrors.SOFTWARE_MISMATCH.error(detail="the MDS is for another device type"))
    sub_type = registry.sub_type_code(device)
    registered = {"serialNo": device.serial_no, "make": device.make, "model": device.model,
                  "dp": device.provider_name, "dpId": device.device_provider_id}
    if provider is None:
        del registered["dpId"]  # 003 said it: no such provider can be the device's
    for name, value in registered.items():
        if given[name].casefold() != value.casefold():
            problems.append(DeviceErrors.DIGITAL_ID_MISMATCH.error(detail=f"{name} differs from the registered device"))
    if not same_type(given["type"], device.device_type_id):
        problems.append(DeviceErrors.DIGITAL_ID_MISMATCH.error(detail="type differs from the registered device"))
    if given["subType"].casefold() != sub_type.casefold():
        problems.append(DeviceErrors.DIGITAL_ID_MISMATCH.error(detail="subType differs from the registered device"))
    return problems


def validate_device(*, actor: Actor, wanted: ValidationRequest) -> None:
    """D8 against the registry now. Audit PMS_DEV_210/410 (one row)."""
    with DEVICE_VALIDATE.run(actor=actor, ref_id=wanted.device_code) as op:
        problems = _problems(CurrentRegistry(), wanted)
        if problems:
            raise PmsError.combine(problems)
        op.description = "device details valid"


def validate_device_as_of(*, actor: Actor, wanted: ValidationRequest, moment: dt.datetime) -> None:
    """D9: the same questions answered from the history tables as of ``moment`` (not in
    the future). Audit PMS_DEV_211/411 (one row)."""
    with DEVICE_VALIDATE_HISTORY.run(actor=actor, ref_id=wanted.device_code) as op:
        at = moment
        if at > timezone.now() + dt.timedelta(minutes=1):
            raise DeviceErrors.INVALID_INPUT.error(field="timeStamp", detail="a past moment is needed, not the future")
        problems = _problems(RegistryAsOf(at), wanted)
        if problems:
            raise PmsError.combine(problems)
        op.description = f"device details valid as of {at.isoformat()}"
