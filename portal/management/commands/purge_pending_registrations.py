"""Deletes self-registrations that will never be verified (safe to run from cron)."""

from django.core.management.base import BaseCommand

from kernel.actors import Actor
from portal.services import purge_stale_registrations


class Command(BaseCommand):
    help = ("Delete pending registrations whose code expired more than PMS_PORTAL_RETENTION_SECONDS ago, and "
            "superseded or locked ones past that time (their password hashes go with them; audited).")

    def handle(self, *args, **opts):
        deleted = purge_stale_registrations(actor=Actor.system("purge_pending_registrations"))
        self.stdout.write(f"purged {deleted} stale registration(s)")
