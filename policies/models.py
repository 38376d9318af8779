from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from kernel.history import HistoricalRecords
from kernel.ids import numeric_id
from kernel.models import MasterRecord
from kernel.transitions import Lifecycle, Transition


def new_record_id() -> str:
    return numeric_id(14)


class PolicyGroup(MasterRecord):
    """A policy group: the unit policy managers and partner managers are mapped to."""

    id = models.CharField(primary_key=True, max_length=36, default=new_record_id, editable=False)
    name = models.CharField(max_length=128)
    description = models.CharField(max_length=256, blank=True)
    is_active = models.BooleanField(default=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="uniq_policy_group_name_ci")]

    def __str__(self) -> str:
        return self.name


class ManagerGroupMapping(models.Model):
    """A policy manager or partner manager mapped to a policy group (SPEC §4, §9.3)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="policy_group_mappings")
    policy_group = models.ForeignKey(PolicyGroup, on_delete=models.CASCADE, related_name="manager_mappings")
    created_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "policy_group"], name="uniq_manager_group_mapping")]
        ordering = ["policy_group__name", "user__username"]

    def __str__(self) -> str:
        return f"{self.user} → {self.policy_group}"


class PolicyType(models.TextChoices):
    AUTH = "Auth", "Auth"
    DATA_SHARE = "DataShare", "DataShare"
    CREDENTIAL_ISSUANCE = "CredentialIssuance", "CredentialIssuance"


class PolicyStatus(models.TextChoices):
    DRAFT = "draft", "draft"
    PUBLISHED = "published", "published"
    DEACTIVATED = "deactivated", "deactivated"


POLICY_LIFECYCLE = Lifecycle(
    Transition("publish", [PolicyStatus.DRAFT], PolicyStatus.PUBLISHED),
    Transition("deactivate", [PolicyStatus.PUBLISHED], PolicyStatus.DEACTIVATED),
    Transition("activate", [PolicyStatus.DEACTIVATED], PolicyStatus.PUBLISHED),
)


# SPEC §10.4: how a deactivated policy was deactivated. "1.2" (R55) is terminal for both
# generations; "1.0" (P3 / the 1.1 group-policy status route) a 1.0 route may reverse.
DEACTIVATED_THROUGH_1_0 = "1.0"
DEACTIVATED_THROUGH_1_2 = "1.2"
DEACTIVATED_THROUGH = [("", "not deactivated"), (DEACTIVATED_THROUGH_1_0, "a MOSIP 1.0 route"),
                       (DEACTIVATED_THROUGH_1_2, "a MOSIP 1.2 route (terminal)")]


class Policy(MasterRecord):
    """A policy of a group (catalog §7, SPEC §5, §9.6).

    States: draft → published → deactivated ⇄ published (the way back only for a policy a
    1.0 route deactivated, ``deactivated_through``; SPEC §10.4). A policy created with the 1.0
    body (``legacy``) is published at once and stays updatable, as MOSIP 1.0 behaved; a
    1.1-body policy is immutable once published.
    """

    id = models.CharField(primary_key=True, max_length=36, default=new_record_id, editable=False)
    policy_group = models.ForeignKey(PolicyGroup, on_delete=models.PROTECT, related_name="policies")
    name = models.CharField(max_length=128)
    description = models.CharField(max_length=256, blank=True)
    policy_type = models.CharField(max_length=32, choices=PolicyType.choices)
    version = models.CharField(max_length=16, default="1.0")
    document = models.JSONField(default=dict)
    status = models.CharField(max_length=16, choices=PolicyStatus.choices, default=PolicyStatus.DRAFT)
    legacy = models.BooleanField(default=False, help_text="created with the MOSIP 1.0 body: active at once, stays updatable")
    published_at = models.DateTimeField(null=True, blank=True)
    deactivated_through = models.CharField(
        max_length=4, blank=True, default="", choices=DEACTIVATED_THROUGH,
        help_text="which generation's route deactivated the policy: 1.2 (R55) is terminal for both generations, "
                  "1.0 may be reversed by a 1.0 route (SPEC §10.4)")

    history = HistoricalRecords()

    class Meta:
        ordering = ["policy_group__name", "name", "id"]
        constraints = [
            models.UniqueConstraint("policy_group", Lower("name"), name="uniq_policy_name_in_group_ci"),
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "published", "deactivated"]), name="policy_status_known"
            ),
            models.CheckConstraint(
                condition=models.Q(policy_type__in=["Auth", "DataShare", "CredentialIssuance"]), name="policy_type_known"
            ),
        ]
        indexes = [models.Index(fields=["policy_group", "status"]), models.Index(fields=["policy_type", "status"])]
        verbose_name_plural = "policies"

    def __str__(self) -> str:
        return f"{self.name} ({self.id})"

    @property
    def is_active(self) -> bool:
        return self.status == PolicyStatus.PUBLISHED

    @property
    def is_mutable(self) -> bool:
        return self.legacy or self.status == PolicyStatus.DRAFT

    @property
    def status_12(self) -> str:
        """MOSIP 1.2's revamp spelling (1.2 catalog §16.4, R57): ``draft``, ``activated``,
        ``deactivated``. A 1.0 ``legacy`` policy is published, so ``activated``."""
        return {PolicyStatus.DRAFT: "draft", PolicyStatus.PUBLISHED: "activated"}.get(self.status, "deactivated")

    @property
    def status_12_legacy(self) -> str:
        """``PolicyResponseDto.status`` (1.2 catalog §9.1): from ``is_active`` alone, so a
        deactivated policy reads ``DRAFTED`` as in MOSIP."""
        return "PUBLISHED" if self.is_active else "DRAFTED"

    @property
    def is_published_12(self) -> bool:
        """1.2's ``policy_schema IS NOT NULL``: published once, whether active or not."""
        return self.status != PolicyStatus.DRAFT
