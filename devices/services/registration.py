"""Registering a device (D5), deregistering it (D6) and changing its status (D7)
(catalog §10.4, SPEC §9.17-19)."""

from __future__ import annotations

import datetime as dt
import uuid

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.utils import timezone

from accounts import lookup_cache
from kernel.actors import Actor
from kernel.compiled import CompiledExists, CompiledSelect
from kernel.envelope import format_time
from kernel.records import change, save_unique, stamp
from kernel.text import CLIENT_ID_PATTERN

from ..conf import app_settings
from ..device_data import DeviceData, DigitalId
from ..errors import DeviceErrors
from ..models import (
    DEVICE_LIFECYCLE,
    DEVICE_STATUS_TRANSITION,
    Certification,
    DeviceProvider,
    DeviceStatus,
    DeviceSubType,
    DeviceType,
    FoundationalTrustProvider,
    MosipDeviceService,
    Purpose,
    RegisteredDevice,
)
from ..operations import DEVICE_DEREGISTER, DEVICE_REGISTER, DEVICE_STATUS
from ..selectors import (
    TYPE_ALIASES,
    device_type_named,
    devices_managed_by,
    manages_all_devices,
    providers_managed_by,
    sub_type_named,
)
from ..signing import encode_digital_id, sign_registration

# D5's reads of the registry, SQL written once per process (kernel.compiled: building and
# compiling six ORM queries was the largest part of a registration's worker CPU). Each asks
# what the ORM query it replaces asked (``iexact`` is ``UPPER(column) = UPPER(%s)``, as
# Django writes it on PostgreSQL; the codes, makes and models compared are ASCII).
# The active sub-type of that name of the active type of that name (both unique, case
# aside: at most one row); on a miss ``device_type_named``/``sub_type_named`` tell which.
_SUB_TYPE_BY_NAMES = CompiledSelect(
    DeviceSubType, ("device_type",),
    lambda col: (f"UPPER({col('device_type__code')}) = UPPER(%s) AND {col('device_type__is_active')} "
                 f"AND UPPER({col('code')}) = UPPER(%s) AND {col('is_active')}"))
# For an actor who manages every provider (``providers_managed_by``: all of them).
_ACTIVE_PROVIDER = CompiledSelect(DeviceProvider, (), lambda col: f"{col('pk')} = %s AND {col('is_active')}")
_RELEASE = CompiledSelect(
    MosipDeviceService, (),
    lambda col: (f"{col('device_provider')} = %s AND UPPER({col('make')}) = UPPER(%s) "
                 f"AND UPPER({col('model')}) = UPPER(%s) AND {col('device_type')} = %s "
                 f"AND {col('device_sub_type')} = %s AND {col('is_active')}"))
# Whether the device's code is taken, and whether the provider has a registered device of
# that serial number: one statement. The status is written into the SQL, not passed: once the
# statement is prepared (PMS_DB_PREPARED_STATEMENTS), PostgreSQL may plan it without the
# parameters' values, and only a literal lets that plan use the partial unique index of
# registered serials instead of reading every device of the provider.
_REGISTERED = DeviceStatus.REGISTERED.value
if not _REGISTERED.isalpha():  # written between quotes
    raise RuntimeError(f"unexpected device status value {_REGISTERED!r}")
_CODE_OR_SERIAL_TAKEN = CompiledExists(
    (RegisteredDevice, lambda col: f"{col('pk')} = %s"),
    (RegisteredDevice,
     lambda col: f"{col('device_provider')} = %s AND {col('serial_no')} = %s AND {col('status')} = '{_REGISTERED}'"))


# The three lookups above that find a row are kept in the machine clients' lookup cache
# (accounts.lookup_cache): the registry's types, providers and releases change rarely, and
# a change made anywhere empties the cache within PMS_AUTH_CACHE_SECONDS (at once when
# made through the ORM in this process), as for device validation.
lookup_cache.watch(DeviceType, DeviceSubType, DeviceProvider, inserts=(MosipDeviceService,))


def _type_and_sub_type(digital: DigitalId):
    """The digital ID's active device type and sub-type; 002/003 (type, then sub-type) when
    either is unknown or inactive, as ``device_type_named`` and ``sub_type_named`` say."""
    wanted = TYPE_ALIASES.get(digital.type.strip().lower(), digital.type.strip().lower())
    sub_type = lookup_cache.cached_first(_SUB_TYPE_BY_NAMES, "devices.sub_type_by_names",
                                         [wanted, digital.sub_type.strip()])
    if sub_type is not None:
        return sub_type.device_type, sub_type
    device_type = device_type_named(digital.type)
    if device_type is None:
        raise DeviceErrors.TYPE_NOT_FOUND.error(type=digital.type)
    sub_type = sub_type_named(device_type, digital.sub_type)
    if sub_type is None:
        raise DeviceErrors.SUB_TYPE_NOT_FOUND.error(sub_type=digital.sub_type)
    return device_type, sub_type  # not reached unless a row changed in between


def _provider(actor: Actor, provider_id: str) -> DeviceProvider | None:
    if manages_all_devices(actor):
        return lookup_cache.cached_first(_ACTIVE_PROVIDER, "devices.active_provider", [provider_id])
    return providers_managed_by(actor).filter(pk=provider_id, is_active=True).first()


def _check_time_window(stamp_time: dt.datetime) -> None:
    """SPEC §9.17: from N minutes before to N minutes after the server's clock."""
    window = app_settings.PMS_DEVICE_TIMESTAMP_WINDOW_MINUTES
    now = timezone.now()
    if stamp_time > now + dt.timedelta(minutes=window):
        raise DeviceErrors.TIMESTAMP_AFTER.error(minutes=window)
    if stamp_time < now - dt.timedelta(minutes=window):
        raise DeviceErrors.TIMESTAMP_BEFORE.error(minutes=window)


def _verify_with_certificate(digital: DigitalId, pem: str) -> None:
    """An L1 digital ID sent as a JWS, checked with its FTP's certificate (RS256)."""
    signed = digital.signed
    if signed.header_refusal is not None:
        raise signed.header_refusal
    header = signed.header_fields
    if header.get("alg") != "RS256":
        raise DeviceErrors.FOUNDATIONAL.error(detail="the digital ID must be signed RS256")
    try:  # a certificate stored before uploads were read whole may not parse
        public_key = x509.load_pem_x509_certificate(pem.encode("ascii")).public_key()
    except (ValueError, UnicodeEncodeError, x509.InvalidVersion, UnsupportedAlgorithm):
        raise DeviceErrors.FOUNDATIONAL.error(detail="the foundational trust provider's certificate cannot be read") from None
    if not isinstance(public_key, rsa.RSAPublicKey):
        raise DeviceErrors.FOUNDATIONAL.error(detail="the foundational trust provider's key is not RSA")
    try:
        public_key.verify(signed.signature, signed.signing_input, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        raise DeviceErrors.FOUNDATIONAL.error(
            detail="the digital ID's signature does not verify with the foundational trust provider's certificate"
        ) from None


def _foundational_trust_provider(data: DeviceData, certification: str) -> FoundationalTrustProvider | None:
    """L1 needs a registered, active FTP; a JWS digital ID is verified when its FTP has a
    certificate on file. L0 digital IDs are plain JSON (029)."""
    digital = data.digital_id
    if certification == Certification.L0:
        if digital.signed is not None:
            raise DeviceErrors.L0_NEEDS_JSON.error()
    ftp = None
    if data.foundational_trust_provider_id is not None:
        ftp = FoundationalTrustProvider.objects.filter(pk=data.foundational_trust_provider_id, is_active=True).first()
        if ftp is None:
            raise DeviceErrors.FOUNDATIONAL.error(detail="the foundational trust provider is not registered or inactive")
    if certification == Certification.L1:
        if ftp is None:
            raise DeviceErrors.FOUNDATIONAL.error(detail="an L1 device names its foundationalTrustProviderId")
        if digital.signed is not None and ftp.certificate:
            _verify_with_certificate(digital, ftp.certificate)
    return ftp


def _device_code(data: DeviceData, purpose: str) -> str:
    if purpose == Purpose.AUTH:
        return str(uuid.uuid4())
    if not CLIENT_ID_PATTERN.fullmatch(data.device_id):
        raise DeviceErrors.INVALID_INPUT.error(field="deviceId",
                                               detail="a REGISTRATION device's id is its code: 1-36 letters, digits, - or _")
    return data.device_id


def register_device(*, actor: Actor, device_data: DeviceData) -> tuple[RegisteredDevice, str]:
    """D5: check the decoded ``deviceData`` (``device_data.parse_registration``) against
    the registry (catalog §10.4), store the device and answer the signed string. A
    device-provider login registers devices of its own providers only; another provider
    reads as unregistered (032). Audit PMS_DEV_107/207/407."""
    with DEVICE_REGISTER.run(actor=actor) as op:
        data = device_data
        purpose, certification = data.purpose, data.certification
        _check_time_window(data.time_stamp)
        digital = data.digital_id
        device_type, sub_type = _type_and_sub_type(digital)
        provider = _provider(actor, digital.provider_id)
        if provider is None:
            raise DeviceErrors.PROVIDER_NOT_REGISTERED.error()
        if provider.vendor_name.casefold() != digital.provider_name.casefold():
            raise DeviceErrors.PROVIDER_DETAILS_MISMATCH.error()
        release = [provider.pk, digital.make, digital.model, device_type.pk, sub_type.pk]
        if lookup_cache.fetch("devices.active_release", release, lambda: _RELEASE.row(release)) is None:
            raise DeviceErrors.MAKE_MODEL_MISMATCH.error()
        ftp = _foundational_trust_provider(data, certification)
        code = _device_code(data, purpose)
        code_taken, serial_registered = _CODE_OR_SERIAL_TAKEN.ask(
            [code], [provider.pk, digital.serial_no])
        if code_taken:
            raise DeviceErrors.CODE_TAKEN.error(code=code)
        if serial_registered:
            raise DeviceErrors.ALREADY_REGISTERED.error()
        device = RegisteredDevice(
            code=code, device_id=data.device_id, purpose=purpose, certification=certification,
            device_type=device_type, device_sub_type=sub_type, device_sub_id=data.device_sub_id,
            firmware=data.firmware, device_expiry=data.device_expiry or timezone.now(), device_provider=provider,
            provider_name=digital.provider_name, serial_no=digital.serial_no, make=digital.make, model=digital.model,
            digital_id=digital.json_bytes.decode("utf-8"), digital_id_time=digital.date_time,
            foundational_trust_provider=ftp,
        )
        stamp(device, actor, created=True)
        table = RegisteredDevice._meta.db_table
        # Losing a race here ends the operation and nothing runs on the connection before its
        # rollback (save_unique): no savepoint needed.
        save_unique(device, {"uniq_registered_serial_per_provider": DeviceErrors.ALREADY_REGISTERED.error,
                             f"{table}_pkey": lambda: DeviceErrors.CODE_TAKEN.error(code=code),
                             f"{table}.code": lambda: DeviceErrors.CODE_TAKEN.error(code=code)}, savepoint=False)
        op.ref_id = code
        op.description = f"{purpose} device {code} registered ({certification}) for provider {provider.id}"
        signed = sign_registration({
            "status": DeviceStatus.REGISTERED.value, "digitalId": encode_digital_id(digital.json_bytes),
            "deviceCode": code, "env": app_settings.PMS_DEVICE_ENV, "timeStamp": format_time(timezone.now()),
        })
    return device, signed


def _device_for_update(actor: Actor, code: str, unknown) -> RegisteredDevice:
    device = devices_managed_by(actor).select_for_update(of=("self",)).filter(pk=code).first()
    if device is None:
        raise unknown.error()
    return device


def deregister_device(*, actor: Actor, code: str) -> RegisteredDevice:
    """D6: a registered device becomes RETIRED; unknown (or another provider's) is
    ADM-DPM-001, already retired or revoked ADM-DPM-002. Audit PMS_DEV_108/208/408."""
    with DEVICE_DEREGISTER.run(actor=actor, ref_id=code) as op:
        device = _device_for_update(actor, code, DeviceErrors.DEREGISTER_UNKNOWN)
        target = DEVICE_LIFECYCLE.target("retire", device.status,
                                         refused=lambda: DeviceErrors.ALREADY_DEREGISTERED.error(status=device.status))
        change(device, actor, status=target)
        op.description = f"device {device.code} retired"
    return device


def change_device_status(*, actor: Actor, code: str, status: DeviceStatus) -> RegisteredDevice:
    """D7: the same status again is 037, a revoked device stays revoked (037), unknown is
    038; back to REGISTERED only while no other device of the provider holds the serial
    (043). Audit PMS_DEV_109/209/409."""
    with DEVICE_STATUS.run(actor=actor, ref_id=code) as op:
        target = DeviceStatus(status)
        device = _device_for_update(actor, code, DeviceErrors.STATUS_UNKNOWN_DEVICE)
        DEVICE_LIFECYCLE.target(DEVICE_STATUS_TRANSITION[target], device.status, refused=DeviceErrors.INVALID_STATUS.error,
                                refused_from={DeviceStatus.REVOKED: DeviceErrors.REVOKED_IS_FINAL.error,
                                              target: lambda: DeviceErrors.SAME_STATUS.error(status=target)})
        if target == DeviceStatus.REGISTERED and RegisteredDevice.objects.filter(
                device_provider_id=device.device_provider_id, serial_no=device.serial_no,
                status=DeviceStatus.REGISTERED).exists():
            raise DeviceErrors.ALREADY_REGISTERED.error()
        device.status = target
        stamp(device, actor)
        save_unique(device, {"uniq_registered_serial_per_provider": DeviceErrors.ALREADY_REGISTERED.error})
        op.description = f"device {device.code} is now {target}"
    return device
