"""``manage.py verify_audit``: walk the audit chain and report the first row that was
altered, deleted or re-ordered behind the application's back (exit status 1), or confirm
the chain (exit status 0)."""

from django.core.management.base import BaseCommand, CommandError

from audit.chain import verify
from audit.models import AuditEvent


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain; report the first altered, deleted or re-ordered row."

    def handle(self, *args, **options):
        finding = verify()
        if finding is not None:
            raise CommandError(f"audit chain broken at {finding}")
        count = AuditEvent.objects.count()
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {count} rows"))
