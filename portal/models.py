"""A self-registration waiting for its e-mail check (SPEC §5 "Self-registration web pages").

Only when the e-mailed code is verified do the partner and its login exist (partners and
accounts services). Until then this row keeps what was typed, the password only as
Django's hash, and the code only as a keyed digest (``portal.services.otp_digest``).
"""

import uuid

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from kernel.history import HistoricalRecords
from kernel.models import MasterRecord
from kernel.transitions import Lifecycle, Transition


def new_registration_id() -> str:
    # Unguessable: the verify page finds the registration by the id kept in the session.
    return uuid.uuid4().hex


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    VERIFIED = "verified", "Verified"
    LOCKED = "locked", "Locked"
    SUPERSEDED = "superseded", "Superseded"


REGISTRATION_LIFECYCLE = Lifecycle(
    Transition("verify", [RegistrationStatus.PENDING], RegistrationStatus.VERIFIED),
    Transition("lock", [RegistrationStatus.PENDING], RegistrationStatus.LOCKED),
    Transition("supersede", [RegistrationStatus.PENDING], RegistrationStatus.SUPERSEDED),
)


class PendingRegistration(MasterRecord):
    id = models.CharField(primary_key=True, max_length=32, default=new_registration_id, editable=False)
    organization_name = models.CharField(max_length=128)
    email = models.CharField(max_length=150)
    partner_type = models.CharField(max_length=36)
    policy_group = models.CharField(max_length=128, blank=True)
    contact_no = models.CharField(max_length=16)
    address = models.CharField(max_length=2000)
    password_hash = models.CharField(max_length=256)
    language = models.CharField(max_length=8, default="en")
    status = models.CharField(max_length=16, choices=RegistrationStatus.choices, default=RegistrationStatus.PENDING)
    otp_digest = models.CharField(max_length=64)
    otp_sent_at = models.DateTimeField()
    otp_expires_at = models.DateTimeField()
    sends = models.PositiveSmallIntegerField(default=1)
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    locked_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    partner_id = models.CharField(max_length=36, blank=True)
    # The address already had a login when this was submitted: the e-mail said so instead
    # of carrying a code, and ``otp_digest`` is empty, so this registration never verifies.
    # The visitor is answered exactly as for a fresh address (portal.services).
    address_taken = models.BooleanField(default=False)

    history = HistoricalRecords(excluded_fields=["password_hash", "otp_digest"])

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            # Several registrations of an address may wait (portal.services.submit_registration).
            models.CheckConstraint(condition=Q(status__in=["pending", "verified", "locked", "superseded"]),
                                   name="pending_registration_status_known"),
        ]
        indexes = [models.Index(Lower("email"), "status", name="portal_registration_email_idx")]

    def __str__(self) -> str:
        return f"{self.organization_name} <{self.email}> ({self.status})"


class WrongCodeTally(models.Model):
    """The wrong codes entered for one e-mail address, over every registration of it, so
    that registering the same address again never starts the count afresh. The address is
    kept only as a keyed digest (``portal.services.address_digest``); ``recent`` holds the
    times (ISO 8601, oldest first) of the wrong codes still inside the lock window, at most
    PMS_PORTAL_OTP_MAX_ATTEMPTS of them. A counter, like the login lock-out: no history
    (each wrong code has its audit row, portal.registration.verify.failure/locked)."""

    address_digest = models.CharField(primary_key=True, max_length=64)
    recent = models.JSONField(default=list)
    locked_until = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = "wrong-code tally"
        verbose_name_plural = "wrong-code tallies"

    def __str__(self) -> str:
        return f"{len(self.recent)} recent wrong code(s)"
