from django.db import models


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("audit rows are append-only")

    def delete(self):
        raise TypeError("audit rows are append-only")


class AuditEvent(models.Model):
    """One audited event, with MOSIP's audit field names (SPEC §7) as the API renders them.

    Rows are append-only: saving an existing row or deleting one raises.
    """

    OUTCOMES = [("request", "request"), ("success", "success"), ("failure", "failure")]

    event_id = models.CharField(max_length=64, db_index=True)
    event_key = models.CharField(max_length=96, db_index=True)
    event_name = models.CharField(max_length=128)
    event_type = models.CharField(max_length=16)
    outcome = models.CharField(max_length=16, choices=OUTCOMES, db_index=True)
    action_time = models.DateTimeField(db_index=True)
    host_name = models.CharField(max_length=128, blank=True)
    host_ip = models.CharField(max_length=64, blank=True)
    application_id = models.CharField(max_length=64, default="PMS")
    application_name = models.CharField(max_length=128, default="Partner Management Service")
    session_user_id = models.CharField(max_length=150, blank=True, db_index=True)
    session_user_name = models.CharField(max_length=256, blank=True)
    roles = models.CharField(max_length=512, blank=True)
    ref_id = models.CharField(max_length=256, blank=True, db_index=True)
    ref_id_type = models.CharField(max_length=64, blank=True)
    created_by = models.CharField(max_length=150, blank=True)
    module_name = models.CharField(max_length=128, blank=True)
    module_id = models.CharField(max_length=64, blank=True)
    description = models.TextField(blank=True)
    client_ip = models.CharField(max_length=64, blank=True)
    request_id = models.CharField(max_length=64, blank=True, db_index=True)
    # The chain (audit.chain): a gapless position given under the chain head's lock, and
    # an HMAC over the previous row's hash and this row's fields.
    chain_seq = models.BigIntegerField(unique=True, null=True)
    row_hash = models.CharField(max_length=64, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-action_time", "-id"]
        indexes = [models.Index(fields=["event_id", "action_time"])]

    def __str__(self) -> str:
        return f"{self.event_id} {self.event_name} @ {self.action_time:%Y-%m-%d %H:%M:%S}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise TypeError("audit rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("audit rows are append-only")


class AuditChainHead(models.Model):
    """The one row that orders the chain: the last position given and its hash. Writers
    take its row lock first, so concurrent writers on PostgreSQL chain one after another."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="")

    def __str__(self) -> str:
        return f"audit chain at {self.last_seq}"
