"""Device providers (D1/D2), foundational trust providers (D3/D4), MOSIP device services
(D10/D11) and device types: each change validated, saved with its history row and
audited in one transaction (catalog §10.2, §10.3, §10.6).

"The details already exist" (ADM-DPM-011 for a provider, 016 for an FTP; the seed's
words) means: the id the client chose is taken, or a provider (FTP) with the same name,
compared trimmed and case-insensitively, is registered. The name is what identifies a
vendor: [S2] clients send no id (the server makes a UUID, so an id check alone would let
the same request make a second provider), and registration (D5) names the provider in
the digital ID (``deviceProvider``, checked against the vendor name, 031). Contact details
are not compared: a vendor with a new address is the same vendor. The unique indexes
``uniq_device_provider_vendor_ci`` / ``uniq_ftp_name_ci`` hold it under concurrency;
an update cannot take another provider's name either."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric import rsa
from django.utils import timezone

from kernel.actors import Actor
from kernel.errors import PmsError
from kernel.records import save_unique, stamp

from ..errors import DeviceErrors
from ..models import DeviceProvider, DeviceSubType, DeviceType, FoundationalTrustProvider, MosipDeviceService
from ..operations import DEVICE_TYPE_SAVE, FTP_CREATE, FTP_UPDATE, MDS_CREATE, MDS_UPDATE, PROVIDER_CREATE, PROVIDER_UPDATE
from ..selectors import (
    device_type_named,
    ftps_managed_by,
    manages_all_devices,
    providers_managed_by,
    services_managed_by,
    sub_type_named,
)
from . import _input as check


def _primary_key_names(model) -> list[str]:
    table = model._meta.db_table
    return [f"{table}_pkey", f"{table}.{model._meta.pk.column}"]


def _conflicts(model, error) -> dict:
    return {name: error for name in _primary_key_names(model)}


@dataclass(frozen=True)
class ProviderDetails:
    vendor_name: str | None
    address: str | None
    email: str | None
    contact_number: str | None
    certificate_alias: str | None
    is_active: bool | None = True


def _fill_provider(provider: DeviceProvider, details: ProviderDetails, missing) -> None:
    provider.vendor_name = check.text(details.vendor_name, "vendorName", 128, missing)
    provider.address = check.text(details.address, "address", 512, missing)
    provider.email = check.email(details.email, "email", missing)
    provider.contact_number = check.text(details.contact_number, "contactNumber", 32, missing)
    provider.certificate_alias = check.text(details.certificate_alias, "certificateAlias", 128, missing)
    # Mandatory (catalog D1/D2): a PUT without it must not quietly re-activate a provider.
    provider.is_active = check.flag(details.is_active, "isActive", missing=missing)


def _vendor_taken(provider: DeviceProvider) -> PmsError | None:
    """The refusal for a provider whose vendor name another provider holds, or None."""
    if DeviceProvider.objects.filter(vendor_name__iexact=provider.vendor_name).exclude(pk=provider.pk).exists():
        return _vendor_name_exists(provider)
    return None


def _vendor_name_exists(provider: DeviceProvider) -> PmsError:
    # Names the caller's own input only, never the record that holds the name.
    return DeviceErrors.PROVIDER_EXISTS.error(provider=provider.vendor_name,
                                              detail="a device provider with this vendor name is registered")


def create_device_provider(*, actor: Actor, provider_id: str | None, details: ProviderDetails) -> DeviceProvider:
    """D1: a zonal admin registers any provider; a device-provider login registers its own
    (it becomes the owner). The id is the client's when given, else a UUID; the details
    already existing (the id taken, or the vendor name registered: module docstring) is
    011, a missing field (``isActive`` included) 010. Audit PMS_DEV_101/201/401."""
    with PROVIDER_CREATE.run(actor=actor) as op:
        provider = DeviceProvider(owner=None if manages_all_devices(actor) else actor.user)
        chosen = check.client_id(provider_id)
        if chosen is not None:
            provider.id = chosen
        _fill_provider(provider, details, DeviceErrors.PROVIDER_MISSING_INPUT)
        taken = lambda: DeviceErrors.PROVIDER_EXISTS.error(provider=provider.id)  # noqa: E731
        if DeviceProvider.objects.filter(pk=provider.id).exists():
            raise taken()
        refusal = _vendor_taken(provider)
        if refusal is not None:
            raise refusal
        stamp(provider, actor, created=True)
        save_unique(provider, {**_conflicts(DeviceProvider, taken),
                               "uniq_device_provider_vendor_ci": lambda: _vendor_name_exists(provider)})
        op.ref_id = provider.id
    return provider


def update_device_provider(*, actor: Actor, provider_id: str | None, details: ProviderDetails) -> DeviceProvider:
    """D2: every field again (MOSIP's PUT, ``isActive`` included: 013); another owner's
    provider is unknown (003); another provider's vendor name is 011. Audit
    PMS_DEV_102/202/402."""
    with PROVIDER_UPDATE.run(actor=actor, ref_id=provider_id or "") as op:
        wanted = check.text(provider_id, "id", 36, DeviceErrors.PROVIDER_UPDATE_MISSING_INPUT)
        provider = providers_managed_by(actor).select_for_update().filter(pk=wanted).first()
        if provider is None:
            raise DeviceErrors.PROVIDER_NOT_FOUND.error()
        _fill_provider(provider, details, DeviceErrors.PROVIDER_UPDATE_MISSING_INPUT)
        refusal = _vendor_taken(provider)
        if refusal is not None:
            raise refusal
        stamp(provider, actor)
        save_unique(provider, {"uniq_device_provider_vendor_ci": lambda: _vendor_name_exists(provider)})
        op.description = "device provider updated"
    return provider


@dataclass(frozen=True)
class FtpDetails:
    name: str | None
    address: str | None
    email: str | None
    contact_no: str | None
    cert_alias: str | None
    is_active: bool | None = True
    certificate: str | None = None


def _certificate(pem: str | None) -> str:
    """An FTP's certificate on file (PEM): parsed and current, or refused."""
    if pem is None or not pem.strip():
        return ""
    # cryptography parses lazily: the validity and the key are read here, inside the refusal,
    # so a certificate that loads but cannot be read is refused now instead of failing at a
    # device registration. Digital IDs are verified RS256, so only an RSA key can serve.
    try:
        certificate = x509.load_pem_x509_certificate(pem.strip().encode("ascii"))
        starts, ends = certificate.not_valid_before_utc, certificate.not_valid_after_utc
        public_key = certificate.public_key()
    except (ValueError, UnicodeEncodeError, x509.InvalidVersion, UnsupportedAlgorithm):
        raise check.INVALID.error(field="certificateData", detail="not a readable PEM X.509 certificate") from None
    if not isinstance(public_key, rsa.RSAPublicKey):
        raise check.INVALID.error(field="certificateData",
                                  detail="the certificate's key must be RSA (digital IDs are verified RS256)")
    now = timezone.now()
    if not starts <= now <= ends:
        raise check.INVALID.error(field="certificateData", detail="the certificate is not valid now (expired?)")
    return pem.strip()


def _fill_ftp(ftp: FoundationalTrustProvider, details: FtpDetails, missing) -> None:
    ftp.name = check.text(details.name, "name", 128, missing)
    ftp.address = check.text(details.address, "address", 512, missing)
    ftp.email = check.email(details.email, "email", missing)
    ftp.contact_no = check.text(details.contact_no, "contactNo", 32, missing)
    ftp.cert_alias = check.text(details.cert_alias, "certAlias", 128, missing)
    ftp.is_active = check.flag(details.is_active, "isActive", missing=missing)
    if details.certificate is not None:
        ftp.certificate = _certificate(details.certificate)


def _ftp_name_exists() -> PmsError:
    return DeviceErrors.FTP_EXISTS.error(detail="a foundational trust provider with this name is registered")


def _ftp_name_taken(ftp: FoundationalTrustProvider) -> bool:
    return FoundationalTrustProvider.objects.filter(name__iexact=ftp.name).exclude(pk=ftp.pk).exists()


def create_ftp(*, actor: Actor, ftp_id: str | None, details: FtpDetails) -> FoundationalTrustProvider:
    """D3: the details already existing (the id taken, or the name registered: module
    docstring) is 016, a missing field (``isActive`` included) 015. Audit
    PMS_DEV_103/203/403."""
    with FTP_CREATE.run(actor=actor) as op:
        ftp = FoundationalTrustProvider(owner=None if manages_all_devices(actor) else actor.user)
        chosen = check.client_id(ftp_id)
        if chosen is not None:
            ftp.id = chosen
        _fill_ftp(ftp, details, DeviceErrors.FTP_MISSING_INPUT)
        if FoundationalTrustProvider.objects.filter(pk=ftp.id).exists():
            raise DeviceErrors.FTP_EXISTS.error()
        if _ftp_name_taken(ftp):
            raise _ftp_name_exists()
        stamp(ftp, actor, created=True)
        save_unique(ftp, {**_conflicts(FoundationalTrustProvider, DeviceErrors.FTP_EXISTS.error),
                          "uniq_ftp_name_ci": _ftp_name_exists})
        op.ref_id = ftp.id
    return ftp


def update_ftp(*, actor: Actor, ftp_id: str | None, details: FtpDetails) -> FoundationalTrustProvider:
    """D4 (016 when unknown or another owner's, or when another FTP has the name; 018 a
    missing field, ``isActive`` included). Audit PMS_DEV_104/204/404."""
    with FTP_UPDATE.run(actor=actor, ref_id=ftp_id or "") as op:
        wanted = check.text(ftp_id, "id", 36, DeviceErrors.FTP_UPDATE_MISSING_INPUT)
        ftp = ftps_managed_by(actor).select_for_update().filter(pk=wanted).first()
        if ftp is None:
            raise DeviceErrors.FTP_NOT_FOUND.error(id=wanted)
        _fill_ftp(ftp, details, DeviceErrors.FTP_UPDATE_MISSING_INPUT)
        if _ftp_name_taken(ftp):
            raise _ftp_name_exists()
        stamp(ftp, actor)
        save_unique(ftp, {"uniq_ftp_name_ci": _ftp_name_exists})
        op.description = "foundational trust provider updated"
    return ftp


@dataclass(frozen=True)
class ServiceDetails:
    device_provider_id: str | None
    device_type: str | None
    device_sub_type: str | None
    sw_version: str | None
    sw_binary_hash: str | None
    make: str | None
    model: str | None
    sw_create_time: dt.datetime
    sw_expiry_time: dt.datetime
    is_active: bool | None = True


def _fill_service(actor: Actor, mds: MosipDeviceService, details: ServiceDetails) -> None:
    missing = DeviceErrors.MDS_MISSING_INPUT
    provider_id = check.text(details.device_provider_id, "deviceProviderId", 36, missing)
    type_code = check.text(details.device_type, "regDeviceTypeCode", 36, missing)
    sub_code = check.text(details.device_sub_type, "regDeviceSubCode", 36, missing)
    mds.sw_version = check.text(details.sw_version, "swVersion", 64, missing)
    mds.sw_binary_hash = check.text(details.sw_binary_hash, "swBinaryHash", 512, missing)
    mds.make = check.text(details.make, "make", 64, missing)
    mds.model = check.text(details.model, "model", 64, missing)
    mds.sw_create_time, mds.sw_expiry_time = details.sw_create_time, details.sw_expiry_time
    if mds.sw_expiry_time <= mds.sw_create_time:
        raise check.INVALID.error(field="swExpiryDateTime", detail="must be after swCreateDateTime")
    mds.is_active = check.flag(details.is_active, "isActive")
    provider = providers_managed_by(actor).filter(pk=provider_id).first()
    if provider is None:
        raise DeviceErrors.MDS_PROVIDER_NOT_FOUND.error()
    device_type = device_type_named(type_code)
    if device_type is None:
        raise DeviceErrors.MDS_TYPE_NOT_FOUND.error()
    sub_type = sub_type_named(device_type, sub_code)
    if sub_type is None:
        raise DeviceErrors.MDS_SUB_TYPE_NOT_FOUND.error()
    mds.device_provider, mds.device_type, mds.device_sub_type = provider, device_type, sub_type


def _same_release_exists(mds: MosipDeviceService) -> bool:
    return MosipDeviceService.objects.filter(
        device_provider=mds.device_provider, sw_version=mds.sw_version, make=mds.make, model=mds.model,
    ).exclude(pk=mds.pk).exists()


def create_device_service(*, actor: Actor, service_id: str | None, details: ServiceDetails) -> MosipDeviceService:
    """D10: for a provider the caller manages (039), a known type (040) and sub-type (041);
    the id or the same release (provider, version, make, model) again is 021. Audit
    PMS_DEV_105/205/405."""
    with MDS_CREATE.run(actor=actor) as op:
        mds = MosipDeviceService()
        chosen = check.client_id(service_id)
        if chosen is not None:
            mds.id = chosen
        _fill_service(actor, mds, details)
        if MosipDeviceService.objects.filter(pk=mds.id).exists() or _same_release_exists(mds):
            raise DeviceErrors.MDS_EXISTS.error()
        stamp(mds, actor, created=True)
        save_unique(mds, {"uniq_mds_release": DeviceErrors.MDS_EXISTS.error,
                          **_conflicts(MosipDeviceService, DeviceErrors.MDS_EXISTS.error)})
        op.ref_id = mds.id
    return mds


def update_device_service(*, actor: Actor, service_id: str | None, details: ServiceDetails) -> MosipDeviceService:
    """D11: every field again; unknown or another provider's MDS is 023. Audit
    PMS_DEV_106/206/406."""
    with MDS_UPDATE.run(actor=actor, ref_id=service_id or "") as op:
        wanted = check.text(service_id, "id", 36, DeviceErrors.MDS_MISSING_INPUT)
        mds = services_managed_by(actor).select_for_update(of=("self",)).filter(pk=wanted).first()
        if mds is None:
            raise DeviceErrors.MDS_ID_NOT_FOUND.error(id=wanted)
        _fill_service(actor, mds, details)
        if _same_release_exists(mds):
            raise DeviceErrors.MDS_EXISTS.error()
        stamp(mds, actor)
        save_unique(mds, {"uniq_mds_release": DeviceErrors.MDS_EXISTS.error})
        op.description = "MOSIP device service updated"
    return mds


def save_device_type(*, actor: Actor, code: str, name: str, description: str, is_active: bool,
                     create: bool) -> DeviceType:
    """Admin: add a device type (its code is fixed once made) or change one."""
    with DEVICE_TYPE_SAVE.run(actor=actor, ref_id=code) as op:
        missing = DeviceErrors.INVALID_INPUT
        code = check.text(code, "code", 36, missing)
        if create:
            if DeviceType.objects.filter(code__iexact=code).exists():
                raise check.INVALID.error(field="code", detail=f"device type {code} already exists")
            device_type = DeviceType(code=code)
            stamp(device_type, actor, created=True)
        else:
            device_type = DeviceType.objects.select_for_update().filter(pk=code).first()
            if device_type is None:
                raise DeviceErrors.TYPE_NOT_FOUND.error(type=code)
            stamp(device_type, actor)
        device_type.name = check.text(name, "name", 64, missing)
        device_type.description = (description or "").strip()[:256]
        device_type.is_active = check.flag(is_active, "is_active")
        save_unique(device_type, {"uniq_device_type_code_ci": lambda: check.INVALID.error(
            field="code", detail=f"device type {code} already exists")})
        op.description = f"device type {code} saved"
    return device_type


def save_device_sub_type(*, actor: Actor, sub_type_id: int | None, device_type: DeviceType, code: str, name: str,
                         description: str, is_active: bool) -> DeviceSubType:
    """Admin: add or change a sub-type of a device type (codes unique within the type)."""
    with DEVICE_TYPE_SAVE.run(actor=actor, ref_id=f"{device_type.pk}/{code}") as op:
        missing = DeviceErrors.INVALID_INPUT
        if sub_type_id is None:
            sub_type = DeviceSubType()
            stamp(sub_type, actor, created=True)
        else:
            sub_type = DeviceSubType.objects.select_for_update().get(pk=sub_type_id)
            stamp(sub_type, actor)
        sub_type.device_type = device_type
        sub_type.code = check.text(code, "code", 36, missing)
        sub_type.name = check.text(name, "name", 64, missing)
        sub_type.description = (description or "").strip()[:256]
        sub_type.is_active = check.flag(is_active, "is_active")
        taken = lambda: check.INVALID.error(field="code", detail=f"{device_type.pk} already has sub-type {code}")  # noqa: E731
        if DeviceSubType.objects.filter(device_type=device_type, code__iexact=sub_type.code).exclude(
                pk=sub_type.pk).exists():
            raise taken()
        save_unique(sub_type, {"uniq_device_sub_type_ci": taken})
        op.description = f"device sub-type {device_type.pk}/{sub_type.code} saved"
    return sub_type


