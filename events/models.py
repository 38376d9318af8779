"""The outbox of WebSub events (MOSIP 1.2's PARTNER_UPDATED, APIKEY_APPROVED, ...)."""

import uuid

from django.db import models
from django.db.models import Q


class OutboxEvent(models.Model):
    """An event recorded in the transaction of the change it reports, so it exists if and
    only if that change committed, and sent to the hub after (events.services). Its data
    may carry an API key or a license key (MOSIP's ``apiKeyData``, ``mispLicenseData``),
    so it is kept sealed with the data key and shown nowhere. Delivery is at least once:
    subscribers tell repeats apart by ``event.id``, which is this row's id."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    topic = models.CharField(max_length=64)
    publisher = models.CharField(max_length=128)
    sealed_data = models.TextField()
    created_at = models.DateTimeField()
    attempts = models.PositiveIntegerField(default=0)
    # When a publisher may (next) take it: now, after a failure the backoff, while a
    # publisher holds it the end of its lease.
    next_attempt_at = models.DateTimeField()
    published_at = models.DateTimeField(null=True, blank=True)
    # Given up after PMS_WEBSUB_MAX_ATTEMPTS: a dead letter, until someone sends it again.
    dead_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "WebSub event"
        indexes = [
            models.Index(fields=["next_attempt_at", "created_at"], name="events_outbox_due",
                         condition=Q(published_at__isnull=True, dead_at__isnull=True)),
            models.Index(fields=["dead_at"], name="events_outbox_dead", condition=Q(dead_at__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.topic} {self.id}"

    @property
    def state(self) -> str:
        if self.published_at:
            return "published"
        return "dead letter" if self.dead_at else "waiting"
