"""``manage.py verify_audit [--checkpoints FILE] [--checkpoints-url URL]``: walk every audit
chain and report, per chain, the first row that was altered, deleted or re-ordered behind the
application's back, rows cut off a chain's end that a signed checkpoint saw, and rows older
than PMS_AUDIT_UNWITNESSED_SECONDS that no checkpoint covers (exit status 1); or confirm the
chains (exit status 0). docs/architecture.md, "The audit chain"."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

from django.core.management.base import BaseCommand, CommandError

from audit.chain import findings
from audit.models import AuditChain, AuditEvent


def read_file(path: str) -> list[dict]:
    """The checkpoint file's JSON lines; a torn last line (a crash mid-write) is skipped."""
    entries = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            try:
                entries.append(json.loads(line))
            except ValueError:
                continue
    return entries


def read_url(url: str) -> list[dict]:
    """Every checkpoint the service at ``url`` (…/v1/auditmanager/checkpoints) serves, page by page."""
    entries, after = [], 0
    while True:
        parts = urllib.parse.urlsplit(url)
        query = urllib.parse.parse_qsl(parts.query) + [("after", str(after))]
        page_url = urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))
        answer = urllib.request.urlopen(page_url, timeout=30)  # noqa: S310 (an operator's URL)
        try:
            page = json.load(answer)["response"]["checkpoints"]
        finally:
            answer.close()
        if not page:
            return entries
        entries.extend(page)
        after = page[-1]["id"]


class Command(BaseCommand):
    help = "Verify the audit trail's hash chains (against signed checkpoints); report what was altered or cut."

    def add_arguments(self, parser):
        parser.add_argument("--checkpoints", metavar="FILE", help="the checkpoint file (PMS_AUDIT_CHECKPOINT_FILE)")
        parser.add_argument("--checkpoints-url", metavar="URL",
                            help="a witness's copy, or the service's GET /v1/auditmanager/checkpoints")

    def handle(self, *args, **options):
        given = None
        if options["checkpoints"] or options["checkpoints_url"]:
            given = []
            if options["checkpoints"]:
                given += read_file(options["checkpoints"])
            if options["checkpoints_url"]:
                given += read_url(options["checkpoints_url"])
        problems = findings(given)
        if problems:
            raise CommandError("audit chain broken at " + "; ".join(str(problem) for problem in problems))
        count, chains = AuditEvent.objects.count(), AuditChain.objects.count()
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {count} rows in {chains} chains"))
