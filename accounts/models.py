"""Identity records: machine-client secrets and ended tokens (SPEC §4).

The tables were created by ``kernel`` migrations before identity became its own app; the
models keep those table names (accounts 0001 and kernel 0003 move them in state only).
"""

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import User
from django.db import models

from kernel.history import HistoricalRecords
from kernel.models import MasterRecord


class MachineClient(models.Model):
    """Client id and secret of a machine client (``clientidsecretkey`` login, catalog §4.1).

    The secret is stored as a Django password hash; the client acts as its linked user.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="machine_client")
    client_id = models.CharField(max_length=150, unique=True)
    secret_hash = models.CharField(max_length=256)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "kernel_machineclient"  # created by kernel 0001 before identity had its own app

    def __str__(self) -> str:
        return self.client_id

    def set_secret(self, raw: str) -> None:
        self.secret_hash = make_password(raw)

    def check_secret(self, raw: str) -> bool:
        return check_password(raw, self.secret_hash)


class RevokedToken(models.Model):
    """Tokens ended by ``invalidateToken``; every authenticated request checks this list.

    Rows past ``expires_at`` are useless (the token is expired anyway) and may be purged.
    """

    jti = models.CharField(max_length=128, unique=True)
    expires_at = models.DateTimeField(db_index=True)
    revoked_at = models.DateTimeField(auto_now_add=True)
    revoked_by = models.CharField(max_length=150, blank=True)

    class Meta:
        db_table = "kernel_revokedtoken"

    def __str__(self) -> str:
        return self.jti


class BackOfficeUser(User):
    """The users as the admin's "back-office users" page shows them: partner admins add
    users with roles there (through ``accounts.services.create_back_office_user``); Django's
    own user pages stay a superuser's break-glass."""

    class Meta:
        proxy = True
        verbose_name = "back-office user"
        verbose_name_plural = "back-office users"


class AuthEpoch(models.Model):
    """One row whose ``value`` database triggers raise whenever something a token check
    depends on changes: a user's password, activity, names or flags (not ``last_login``),
    group membership, a group's name, revocations (accounts 0003). Each process's cache
    of checked tokens (``accounts.token_cache``) is emptied when it reads a value other
    than the one it was filled under, so a change made anywhere (another worker, the
    admin, raw SQL, a migration) reaches every process within ``PMS_AUTH_CACHE_SECONDS``.
    Since accounts 0005 it also moves when a row the machine clients' lookups read changes
    (keys, licenses, partners, policies, groups, MISPs, devices: ``accounts.lookup_cache``)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "authentication epoch"

    def __str__(self) -> str:
        return str(self.value)


class UserConsent(MasterRecord):
    """Whether a user accepted the 1.2 partner portal's terms, and when (UTC): MOSIP 1.2's
    ``pms.user_details`` (1.2 catalog §15, R111/R112), one row per user. Written by
    ``partners.services.consent.give_consent`` (only a partner's owner consents)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consent")
    consent_given = models.BooleanField(default=False)
    consent_given_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "user consent"

    def __str__(self) -> str:
        return f"consent of {self.user_id}: {'yes' if self.consent_given else 'no'}"
