"""MISPs (infrastructure service providers) and their license keys (catalog §6, SPEC §5)."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from kernel.history import HistoricalRecords
from kernel.ids import numeric_id
from kernel.models import MasterRecord, SealedKey
from kernel.transitions import Lifecycle, Transition


def new_misp_id() -> str:
    return numeric_id(14)


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


MISP_APPROVAL = Lifecycle(
    Transition("approve", [ApprovalStatus.PENDING, ApprovalStatus.REJECTED], ApprovalStatus.APPROVED),
    Transition("reject", [ApprovalStatus.PENDING, ApprovalStatus.APPROVED], ApprovalStatus.REJECTED),
)


class Misp(MasterRecord):
    """A MISP: created pending approval and active (catalog §6.2 M1)."""

    id = models.CharField(primary_key=True, max_length=36, default=new_misp_id, editable=False)
    name = models.CharField(max_length=128)
    contact_no = models.CharField(max_length=16)
    email = models.CharField(max_length=256)
    address = models.CharField(max_length=2000)
    approval_status = models.CharField(max_length=16, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING)
    is_active = models.BooleanField(default=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="misps")
    # MOSIP 1.2's MISP is a partner of type MISP_Partner: its licenses (R64-R69) live on the
    # one MISP record linked to it, made by its first license (misp.services.licenses12), so
    # that both generations issue, validate and deactivate the same keys (SPEC §10.1). Null
    # for a MISP made through the 1.0 routes. At most one record per partner.
    partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="misp_records")

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "MISP"
        constraints = [
            models.UniqueConstraint(Lower("name"), name="uniq_misp_name_ci"),
            models.CheckConstraint(condition=models.Q(approval_status__in=["pending", "approved", "rejected"]),
                                   name="misp_approval_status_known"),
            # Conditional, so that SQLite adds it as an index without copying the table
            # (a copy would drop the table's auth-epoch triggers, accounts 0005).
            models.UniqueConstraint(fields=["partner"], condition=models.Q(partner__isnull=False),
                                    name="uniq_misp_partner"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.id})"

    @property
    def is_usable(self) -> bool:
        """Whether its keys may be used (validated, downloaded, activated): the record is
        active and, for a MISP partner's record, so is the partner. A partner deactivated
        through the 1.0 status route (reversible) leaves its keys as they are, so they
        validate again once it is reactivated; MOSIP 1.2's R40 (terminal) deactivates them."""
        return self.is_active and (self.partner_id is None or self.partner.is_active)


class LicenseKey(MasterRecord, SealedKey):
    """A MISP's license key: sealed, found by its digest, shown by its hint
    (``kernel.models.SealedKey``), never stored in clear (SPEC §6, §9.14)."""

    id = models.CharField(primary_key=True, max_length=36, default=new_misp_id, editable=False)
    misp = models.ForeignKey(Misp, on_delete=models.PROTECT, related_name="license_keys")
    # MOSIP 1.2's ``misp_license.policy_id`` (R64: the MISP partner's first approved policy
    # request's policy); null for 1.0 keys and MISPs without policy requests.
    policy = models.ForeignKey("policies.Policy", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="misp_license_keys")

    history = HistoricalRecords(excluded_fields=["sealed_key"])

    class Meta:
        ordering = ["misp", "-valid_from", "id"]
        indexes = [models.Index(fields=["misp", "is_active"])]

    def __str__(self) -> str:
        return f"license {self.id} of {self.misp_id}"
