"""Deletes revocation rows of tokens that have expired anyway (safe to run from cron)."""

from django.core.management.base import BaseCommand

from accounts.services import purge_expired_revocations
from kernel.actors import Actor


class Command(BaseCommand):
    help = "Delete revoked-token rows whose tokens are past their expiry (audited)."

    def handle(self, *args, **opts):
        deleted = purge_expired_revocations(actor=Actor.system("purge_revoked_tokens"))
        self.stdout.write(f"purged {deleted} revoked token(s)")
