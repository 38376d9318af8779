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

from kernel.actors import Actor
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
    DeviceStatus,
    FoundationalTrustProvider,
    MosipDeviceService,
    Purpose,
    RegisteredDevice,
)
from ..operations import DEVICE_DEREGISTER, DEVICE_REGISTER, DEVICE_STATUS
from ..selectors import device_type_named, devices_managed_by, providers_managed_by, sub_type_named
from ..signing import encode_digital_id, sign_registration


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
        device_type = device_type_named(digital.type)
        if device_type is None:
            raise DeviceErrors.TYPE_NOT_FOUND.error(type=digital.type)
        sub_type = sub_type_named(device_type, digital.sub_type)
        if sub_type is None:
            raise DeviceErrors.SUB_TYPE_NOT_FOUND.error(sub_type=digital.sub_type)
        provider = providers_managed_by(actor).filter(pk=digital.provider_id, is_active=True).first()
        if provider is None:
            raise DeviceErrors.PROVIDER_NOT_REGISTERED.error()
        if provider.vendor_name.casefold() != digital.provider_name.casefold():
            raise DeviceErrors.PROVIDER_DETAILS_MISMATCH.error()
        if not MosipDeviceService.objects.filter(device_provider=provider, make__iexact=digital.make,
                                                 model__iexact=digital.model, device_type=device_type,
                                                 device_sub_type=sub_type, is_active=True).exists():
            raise DeviceErrors.MAKE_MODEL_MISMATCH.error()
        ftp = _foundational_trust_provider(data, certification)
        code = _device_code(data, purpose)
        if RegisteredDevice.objects.filter(pk=code).exists():
            raise DeviceErrors.CODE_TAKEN.error(code=code)
        if RegisteredDevice.objects.filter(device_provider=provider, serial_no=digital.serial_no,
                                           status=DeviceStatus.REGISTERED).exists():
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
        save_unique(device, {"uniq_registered_serial_per_provider": DeviceErrors.ALREADY_REGISTERED.error,
                             f"{table}_pkey": lambda: DeviceErrors.CODE_TAKEN.error(code=code),
                             f"{table}.code": lambda: DeviceErrors.CODE_TAKEN.error(code=code)})
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
