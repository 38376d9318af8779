"""Device master data (catalog §10, SPEC §5 "Devices"): types and sub-types, device
providers, foundational trust providers, MOSIP device services and registered devices,
each with a history table (validate/history reads them)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from kernel.history import HistoricalRecords
from kernel.models import MasterRecord
from kernel.transitions import Lifecycle, Transition


def new_uuid() -> str:
    return str(uuid.uuid4())


class DeviceType(MasterRecord):
    """Finger, Iris, Face (seeded); partner admins and zonal admins add more in admin."""

    code = models.CharField(primary_key=True, max_length=36)
    name = models.CharField(max_length=64)
    description = models.CharField(max_length=256, blank=True)
    is_active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(Lower("code"), name="uniq_device_type_code_ci")]

    def __str__(self) -> str:
        return self.code


class DeviceSubType(MasterRecord):
    device_type = models.ForeignKey(DeviceType, on_delete=models.PROTECT, related_name="sub_types")
    code = models.CharField(max_length=36)
    name = models.CharField(max_length=64)
    description = models.CharField(max_length=256, blank=True)
    is_active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["device_type", "code"]
        constraints = [models.UniqueConstraint("device_type", Lower("code"), name="uniq_device_sub_type_ci")]
        verbose_name = "device sub-type"

    def __str__(self) -> str:
        return f"{self.device_type_id} / {self.code}"


class DeviceProvider(MasterRecord):
    """A device maker (D1/D2). ``owner`` is the device-provider login that registered it
    and may manage it; a provider a zonal admin registered has none. One provider per
    vendor name, in any case (its "details already exist" otherwise: ADM-DPM-011)."""

    id = models.CharField(primary_key=True, max_length=36, default=new_uuid)
    vendor_name = models.CharField(max_length=128)
    address = models.CharField(max_length=512)
    email = models.CharField(max_length=256)
    contact_number = models.CharField(max_length=32)
    certificate_alias = models.CharField(max_length=128)
    is_active = models.BooleanField(default=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="device_providers")

    history = HistoricalRecords()

    class Meta:
        ordering = ["vendor_name", "id"]
        constraints = [models.UniqueConstraint(Lower("vendor_name"), name="uniq_device_provider_vendor_ci")]

    def __str__(self) -> str:
        return f"{self.vendor_name} ({self.id})"


class FoundationalTrustProvider(MasterRecord):
    """D3/D4. ``certificate`` (PEM, optional) verifies L1 digital IDs signed as JWS. One
    FTP per name, in any case (ADM-DPM-016 otherwise)."""

    id = models.CharField(primary_key=True, max_length=36, default=new_uuid)
    name = models.CharField(max_length=128)
    address = models.CharField(max_length=512)
    email = models.CharField(max_length=256)
    contact_no = models.CharField(max_length=32)
    cert_alias = models.CharField(max_length=128)
    certificate = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="foundational_trust_providers")

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "foundational trust provider"
        constraints = [models.UniqueConstraint(Lower("name"), name="uniq_ftp_name_ci")]

    def __str__(self) -> str:
        return f"{self.name} ({self.id})"


class MosipDeviceService(MasterRecord):
    """An MDS release (D10/D11): one software version of one provider's make and model."""

    id = models.CharField(primary_key=True, max_length=36, default=new_uuid)
    device_provider = models.ForeignKey(DeviceProvider, on_delete=models.PROTECT, related_name="services")
    device_type = models.ForeignKey(DeviceType, on_delete=models.PROTECT, related_name="+")
    device_sub_type = models.ForeignKey(DeviceSubType, on_delete=models.PROTECT, related_name="+")
    sw_version = models.CharField(max_length=64)
    sw_binary_hash = models.CharField(max_length=512)
    make = models.CharField(max_length=64)
    model = models.CharField(max_length=64)
    sw_create_time = models.DateTimeField()
    sw_expiry_time = models.DateTimeField()
    is_active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["device_provider", "sw_version", "id"]
        verbose_name = "MOSIP device service"
        constraints = [
            models.UniqueConstraint(fields=["device_provider", "sw_version", "make", "model"],
                                    name="uniq_mds_release"),
        ]
        indexes = [models.Index(fields=["sw_version"])]

    def __str__(self) -> str:
        return f"{self.make} {self.model} {self.sw_version} ({self.id})"


class DeviceStatus(models.TextChoices):
    REGISTERED = "REGISTERED", "Registered"
    RETIRED = "RETIRED", "Retired"
    REVOKED = "REVOKED", "Revoked"


# A registered device's status (D6, D7): retired (deregistered) and registered again, or
# revoked, which is final. Each status D7 may ask for is reached by one transition
# (DEVICE_STATUS_TRANSITION); the refusals are the endpoints' own (devices.services).
DEVICE_LIFECYCLE = Lifecycle(
    Transition("reinstate", [DeviceStatus.RETIRED], DeviceStatus.REGISTERED),
    Transition("retire", [DeviceStatus.REGISTERED], DeviceStatus.RETIRED),
    Transition("revoke", [DeviceStatus.REGISTERED, DeviceStatus.RETIRED], DeviceStatus.REVOKED),
)
DEVICE_STATUS_TRANSITION = {DeviceStatus.REGISTERED: "reinstate", DeviceStatus.RETIRED: "retire",
                            DeviceStatus.REVOKED: "revoke"}


class Purpose(models.TextChoices):
    AUTH = "AUTH", "Authentication"
    REGISTRATION = "REGISTRATION", "Registration"


class Certification(models.TextChoices):
    L0 = "L0", "L0"
    L1 = "L1", "L1"


class RegisteredDevice(MasterRecord):
    """A device registered through D5, by its code (AUTH: generated; REGISTRATION: the
    device id). A provider's serial number is registered at most once at a time."""

    code = models.CharField(primary_key=True, max_length=128)
    device_id = models.CharField(max_length=128)
    purpose = models.CharField(max_length=16, choices=Purpose.choices)
    status = models.CharField(max_length=16, choices=DeviceStatus.choices, default=DeviceStatus.REGISTERED)
    certification = models.CharField(max_length=4, choices=Certification.choices)
    device_type = models.ForeignKey(DeviceType, on_delete=models.PROTECT, related_name="+")
    device_sub_type = models.ForeignKey(DeviceSubType, on_delete=models.PROTECT, related_name="+")
    device_sub_id = models.CharField(max_length=16)
    firmware = models.CharField(max_length=128)
    device_expiry = models.DateTimeField()
    device_provider = models.ForeignKey(DeviceProvider, on_delete=models.PROTECT, related_name="devices")
    provider_name = models.CharField(max_length=128)
    serial_no = models.CharField(max_length=64)
    make = models.CharField(max_length=64)
    model = models.CharField(max_length=64)
    digital_id = models.TextField()
    digital_id_time = models.DateTimeField()
    foundational_trust_provider = models.ForeignKey(FoundationalTrustProvider, null=True, blank=True,
                                                    on_delete=models.PROTECT, related_name="devices")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "code"]
        constraints = [
            models.UniqueConstraint(fields=["device_provider", "serial_no"], condition=models.Q(status="REGISTERED"),
                                    name="uniq_registered_serial_per_provider"),
            models.CheckConstraint(condition=models.Q(status__in=["REGISTERED", "RETIRED", "REVOKED"]),
                                   name="registered_device_status_known"),
        ]

    def __str__(self) -> str:
        return f"{self.make} {self.model} #{self.serial_no} ({self.code})"


# --- MOSIP 1.2: Secure Biometric Interfaces and device details (1.2 catalog §11, §12) -----
#
# A 1.2 SBI belongs to a partner (a device provider registered through the partners app),
# not to a 1.0 DeviceProvider; a 1.2 device detail is a make and model of that partner, of
# the one set of device types and sub-types above. They and the 1.0 registry (providers,
# MOSIP device services, registered devices) are separate records: MOSIP 1.2 has no
# registered-device or validation route (docs/architecture.md, "Device generations").


class Approval12(models.TextChoices):
    """MOSIP 1.2's ``approval_status`` of an SBI or a device detail, stored in 1.2's
    spelling only. MOSIP 1.1 wrote ``Pending_Approval``/``Activated``/``De-activated``;
    ``approval_status_of`` reads those as the same three states wherever a status comes in
    (a filter, a search), so no 1.1 spelling becomes an unknown (``null``) status."""

    PENDING = "pending_approval", "Pending approval"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


# The one mapping of both generations' spellings (any case) to the stored one.
APPROVAL_SPELLINGS = {
    "pending_approval": Approval12.PENDING, "approved": Approval12.APPROVED, "rejected": Approval12.REJECTED,
    # MOSIP 1.1 (DeviceConstant)
    "activated": Approval12.APPROVED, "de-activated": Approval12.REJECTED,
}


def approval_status_of(value: object) -> Approval12 | None:
    """The stored status a 1.1 or 1.2 spelling names (``Pending_Approval`` and
    ``pending_approval`` alike), or None for any other value."""
    if not isinstance(value, str):
        return None
    return APPROVAL_SPELLINGS.get(value.strip().lower())


def derived_status(approval_status: str, is_active: bool) -> str:
    """MOSIP 1.2's derived ``status`` of the lists: approved and inactive is
    ``deactivated``."""
    if approval_status == Approval12.APPROVED and not is_active:
        return "deactivated"
    return approval_status


def new_device_detail_id() -> str:
    """A device id nobody can guess or run into (MOSIP draws an integer below 100000)."""
    return str(uuid.uuid4())


_STATUS_KNOWN = models.Q(approval_status__in=["pending_approval", "approved", "rejected"])


class SecureBiometricInterface(MasterRecord):
    """An SBI version of a device-provider partner (R70): pending approval and inactive
    until a partner admin approves it (R72); rejection and deactivation (R73) are final."""

    id = models.CharField(primary_key=True, max_length=36, default=new_uuid, editable=False)
    provider = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, related_name="sbis")
    partner_org_name = models.CharField(max_length=128)
    sw_binary_hash = models.CharField(max_length=36)
    sw_version = models.CharField(max_length=64)
    sw_created_at = models.DateTimeField()
    sw_expires_at = models.DateTimeField()
    approval_status = models.CharField(max_length=16, choices=Approval12.choices, default=Approval12.PENDING)
    is_active = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = "secure biometric interface"
        constraints = [
            models.CheckConstraint(condition=_STATUS_KNOWN, name="sbi_approval_status_known"),
            # R70: one SBI per provider and version, whatever its status.
            models.UniqueConstraint(fields=["provider", "sw_version"], name="uniq_sbi_version_per_provider"),
        ]

    def __str__(self) -> str:
        return f"SBI {self.sw_version} of {self.provider_id} ({self.id})"

    @property
    def status(self) -> str:
        return derived_status(self.approval_status, self.is_active)


class DeviceDetail(MasterRecord):
    """A device make and model of a device-provider partner (R75, R82): pending approval
    and inactive until approved with its SBI (R85). A rejected or deactivated model may be
    submitted again as a new row; an open one (pending, or approved and active) only once."""

    id = models.CharField(primary_key=True, max_length=36, default=new_device_detail_id, editable=False)
    provider = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, related_name="device_details")
    partner_org_name = models.CharField(max_length=128)
    device_type = models.ForeignKey(DeviceType, on_delete=models.PROTECT, related_name="+")
    device_sub_type = models.ForeignKey(DeviceSubType, on_delete=models.PROTECT, related_name="+")
    make = models.CharField(max_length=36)
    model = models.CharField(max_length=36)
    approval_status = models.CharField(max_length=16, choices=Approval12.choices, default=Approval12.PENDING)
    is_active = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=_STATUS_KNOWN, name="device_detail_approval_status_known"),
            # MOSIP 1.2's uk_devdtl_make_model_approval_status: rejected and deactivated rows
            # do not count, so a model may be submitted again after either.
            models.UniqueConstraint(
                fields=["provider", "device_type", "device_sub_type", "make", "model"],
                condition=models.Q(approval_status="pending_approval") | models.Q(approval_status="approved",
                                                                                  is_active=True),
                name="uniq_open_device_detail"),
        ]

    def __str__(self) -> str:
        return f"{self.make} {self.model} of {self.provider_id} ({self.id})"

    @property
    def status(self) -> str:
        return derived_status(self.approval_status, self.is_active)


class DeviceDetailSbi(MasterRecord):
    """A device detail mapped to an SBI (many-to-many, R75/R79): inactive until the
    device's approval or rejection (R85), active when mapped through R79."""

    device = models.ForeignKey(DeviceDetail, on_delete=models.PROTECT, related_name="sbi_mappings")
    sbi = models.ForeignKey(SecureBiometricInterface, on_delete=models.PROTECT, related_name="device_mappings")
    provider = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, related_name="+")
    partner_org_name = models.CharField(max_length=128)
    is_active = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = "device detail to SBI mapping"
        constraints = [models.UniqueConstraint(fields=["device", "sbi"], name="uniq_device_detail_sbi")]

    def __str__(self) -> str:
        return f"{self.device_id} on SBI {self.sbi_id}"


# --- MOSIP 1.2: FTM chips (1.2 catalog §13, §16.9) ------------------------------------------

class FtmChipStatus(models.TextChoices):
    """``ftp_chip_detail.approval_status`` (1.2 catalog §16.9). "deactivated" is no stored
    value: it is an approved chip that is no longer active (``FtmChipDetail.is_deactivated``)."""

    PENDING_CERT_UPLOAD = "pending_cert_upload", "pending certificate upload"
    PENDING_APPROVAL = "pending_approval", "pending approval"
    APPROVED = "approved", "approved"
    REJECTED = "rejected", "rejected"


# The chips a provider may not register twice (make and model): all but the rejected and
# the deactivated ones (1.2 catalog §18.2, ``uk_fcdtl_make_model_approval_status``).
FTM_CHIP_COUNTS = ~(models.Q(approval_status="rejected") | models.Q(approval_status="approved", is_active=False))


class FtmChipDetail(MasterRecord):
    """An FTM provider's chip (R93–R102): make and model, then its certificate, which must
    chain to the FTM domain's trusted CAs and which this service signs, then the partner
    admin's approval. The id is a random UUID (MOSIP's random integer below 100000 is
    guessable). Deactivation (an approved chip made inactive) is final."""

    id = models.CharField(primary_key=True, max_length=36, default=new_uuid, editable=False)
    provider = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, related_name="ftm_chips")
    make = models.CharField(max_length=36)
    model = models.CharField(max_length=36)
    partner_org_name = models.CharField(max_length=128)
    approval_status = models.CharField(max_length=24, choices=FtmChipStatus.choices,
                                       default=FtmChipStatus.PENDING_CERT_UPLOAD)
    is_active = models.BooleanField(default=False)
    # The chip's certificate as uploaded (signed by the provider's CA) and the copy this
    # service signed; the fingerprint (SHA-256 of the uploaded certificate) is MOSIP's alias.
    certificate_pem = models.TextField(blank=True)
    signed_certificate_pem = models.TextField(blank=True)
    certificate_fingerprint = models.CharField(max_length=64, blank=True)
    certificate_not_before = models.DateTimeField(null=True, blank=True)
    certificate_not_after = models.DateTimeField(null=True, blank=True)
    certificate_uploaded_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = "FTM chip"
        constraints = [
            models.CheckConstraint(condition=models.Q(approval_status__in=[s.value for s in FtmChipStatus]),
                                   name="ftm_chip_status_known"),
            models.UniqueConstraint(fields=["provider", "make", "model"], condition=FTM_CHIP_COUNTS,
                                    name="uniq_ftm_chip_make_model"),
        ]
        indexes = [models.Index(fields=["approval_status", "is_active"], name="ftm_chip_status")]

    def __str__(self) -> str:
        return f"{self.make} {self.model} ({self.id})"

    @property
    def has_certificate(self) -> bool:
        return bool(self.certificate_fingerprint)

    @property
    def is_deactivated(self) -> bool:
        return self.approval_status == FtmChipStatus.APPROVED and not self.is_active

    @property
    def status(self) -> str:
        """The derived status MOSIP's lists show: ``deactivated`` for an approved inactive chip."""
        return "deactivated" if self.is_deactivated else self.approval_status
