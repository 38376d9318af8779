"""Who sees which device records: zonal admins (and partner admins) all of them; a
device-provider login the providers it registered and their services and devices; an
FTM-provider login its foundational trust providers. Everyone else: nothing. Another
owner's record is answered exactly like an unknown one (SPEC §9.1)."""

from __future__ import annotations

from django.db.models import QuerySet

from kernel.actors import Actor
from kernel.roles import Role

from .models import DeviceProvider, DeviceSubType, DeviceType, FoundationalTrustProvider, MosipDeviceService, RegisteredDevice


def manages_all_devices(actor: Actor) -> bool:
    return actor.has_role(Role.ZONAL_ADMIN)


def providers_managed_by(actor: Actor) -> QuerySet[DeviceProvider]:
    if manages_all_devices(actor):
        return DeviceProvider.objects.all()
    if Role.DEVICE_PROVIDER in actor.roles and actor.user_id is not None:
        return DeviceProvider.objects.filter(owner_id=actor.user_id)
    return DeviceProvider.objects.none()


def ftps_managed_by(actor: Actor) -> QuerySet[FoundationalTrustProvider]:
    if manages_all_devices(actor):
        return FoundationalTrustProvider.objects.all()
    if Role.FTM_PROVIDER in actor.roles and actor.user_id is not None:
        return FoundationalTrustProvider.objects.filter(owner_id=actor.user_id)
    return FoundationalTrustProvider.objects.none()


def services_managed_by(actor: Actor) -> QuerySet[MosipDeviceService]:
    rows = MosipDeviceService.objects.select_related("device_provider", "device_type", "device_sub_type")
    return rows if manages_all_devices(actor) else rows.filter(device_provider__in=providers_managed_by(actor))


def devices_managed_by(actor: Actor) -> QuerySet[RegisteredDevice]:
    rows = RegisteredDevice.objects.select_related("device_provider", "device_type", "device_sub_type")
    return rows if manages_all_devices(actor) else rows.filter(device_provider__in=providers_managed_by(actor))


def devices_of_owner(user) -> QuerySet[RegisteredDevice]:
    """The devices of the providers a login registered (the portal's device list)."""
    return RegisteredDevice.objects.select_related("device_type", "device_sub_type", "device_provider").filter(
        device_provider__owner_id=getattr(user, "pk", None))


# A digital ID says "Fingerprint" where the master data says "Finger" (SPEC §9.16).
TYPE_ALIASES = {"fingerprint": "finger"}


def device_type_named(name: str, *, active_only: bool = True) -> DeviceType | None:
    wanted = TYPE_ALIASES.get(name.strip().lower(), name.strip().lower())
    rows = DeviceType.objects.filter(code__iexact=wanted)
    return (rows.filter(is_active=True) if active_only else rows).first()


def sub_type_named(device_type: DeviceType, name: str, *, active_only: bool = True) -> DeviceSubType | None:
    rows = DeviceSubType.objects.filter(device_type=device_type, code__iexact=name.strip())
    return (rows.filter(is_active=True) if active_only else rows).first()


def same_type(digital_id_type: str, type_code: str) -> bool:
    wanted = TYPE_ALIASES.get(digital_id_type.strip().lower(), digital_id_type.strip().lower())
    return wanted == type_code.lower()
