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

    event_id = models.CharField(max_length=64)
    event_key = models.CharField(max_length=96)
    event_name = models.CharField(max_length=128)
    event_type = models.CharField(max_length=16)
    outcome = models.CharField(max_length=16, choices=OUTCOMES)
    action_time = models.DateTimeField(db_index=True)
    host_name = models.CharField(max_length=128, blank=True)
    host_ip = models.CharField(max_length=64, blank=True)
    application_id = models.CharField(max_length=64, default="PMS")
    application_name = models.CharField(max_length=128, default="Partner Management Service")
    session_user_id = models.CharField(max_length=150, blank=True)
    session_user_name = models.CharField(max_length=256, blank=True)
    roles = models.CharField(max_length=512, blank=True)
    ref_id = models.CharField(max_length=256, blank=True)
    ref_id_type = models.CharField(max_length=64, blank=True)
    created_by = models.CharField(max_length=150, blank=True)
    module_name = models.CharField(max_length=128, blank=True)
    module_id = models.CharField(max_length=64, blank=True)
    description = models.TextField(blank=True)
    client_ip = models.CharField(max_length=64, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    # The chain (audit.chain): the writer's chain, the row's gapless position in it, and an
    # HMAC over the previous row's hash and this row's fields.
    chain = models.ForeignKey("AuditChain", on_delete=models.PROTECT, null=True, related_name="+", db_index=False)
    chain_seq = models.BigIntegerField(null=True)
    row_hash = models.CharField(max_length=64, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-action_time", "-id"]
        # Every INSERT updates every index, so the table keeps only those a query of the
        # service needs (docs/architecture.md, "The audit table's indexes"): the primary key,
        # action_time (the list's order and its from/to range), (event_id, action_time) and
        # (ref_id, action_time) (the list filtered by eventId or id, newest first), and the
        # chain position's unique constraint below (the chain's head and its walk).
        indexes = [models.Index(fields=["event_id", "action_time"]),
                   models.Index(fields=["ref_id", "action_time"], name="audit_ref_id_time")]
        # The backstop of audit.chain's in-memory heads: a position is given once per chain.
        constraints = [models.UniqueConstraint(fields=["chain", "chain_seq"], name="audit_chain_position_unique")]

    def __str__(self) -> str:
        return f"{self.event_id} {self.event_name} @ {self.action_time:%Y-%m-%d %H:%M:%S}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise TypeError("audit rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("audit rows are append-only")


class AuditChain(models.Model):
    """One writer's chain (audit.chain): a process, or a thread of one, registers it with its
    first audit row and alone appends to it. ``legacy`` holds the rows of the single chain
    that came before (migration audit.0005)."""

    label = models.CharField(max_length=200)
    host = models.CharField(max_length=128, blank=True)
    pid = models.IntegerField(null=True)
    thread = models.BigIntegerField(null=True)
    started_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"audit chain {self.pk} ({self.label})"


class AuditCheckpoint(models.Model):
    """A chain's position and hash at a moment, signed with the server's key (audit.chain):
    kept here, appended to PMS_AUDIT_CHECKPOINT_FILE and served to witnesses."""

    chain = models.ForeignKey(AuditChain, on_delete=models.PROTECT, related_name="+")
    position = models.BigIntegerField()
    row_hash = models.CharField(max_length=64)
    signed_at = models.DateTimeField()
    kid = models.CharField(max_length=64)
    signature = models.TextField()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["chain", "position"], name="audit_audit_chain_i_pos")]

    def __str__(self) -> str:
        return f"checkpoint of chain {self.chain_id} at {self.position}"
