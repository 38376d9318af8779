"""Deletes revocation rows of tokens that have expired anyway (safe to run from cron)."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.models import RevokedToken
from accounts.tokens import LEEWAY_SECONDS


class Command(BaseCommand):
    help = "Delete revoked-token rows whose tokens are past their expiry."

    def handle(self, *args, **opts):
        cutoff = timezone.now() - dt.timedelta(seconds=LEEWAY_SECONDS)
        deleted, _ = RevokedToken.objects.filter(expires_at__lt=cutoff).delete()
        self.stdout.write(f"purged {deleted} revoked token(s)")
