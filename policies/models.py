from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from kernel.ids import numeric_id


def new_policy_group_id() -> str:
    return numeric_id(14)


class PolicyGroup(models.Model):
    """A policy group: the unit policy managers and partner managers are mapped to."""

    id = models.CharField(primary_key=True, max_length=36, default=new_policy_group_id, editable=False)
    name = models.CharField(max_length=128)
    description = models.CharField(max_length=256, blank=True)
    is_active = models.BooleanField(default=True)
    created_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.CharField(max_length=150, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

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
