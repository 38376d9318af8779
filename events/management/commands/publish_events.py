"""``manage.py publish_events [--follow]``: post the due WebSub events to the hub (once, or
on and on; events.services says how)."""

import time

from django.core.management.base import BaseCommand

from events.conf import app_settings
from events.services import publish_due


class Command(BaseCommand):
    help = "Post the due WebSub events to the hub (PMS_WEBSUB_HUB_URL); --follow keeps doing it."

    def add_arguments(self, parser):
        parser.add_argument("--follow", action="store_true", help="keep publishing until stopped")

    def handle(self, *args, **options):
        if not options["follow"]:
            self.stdout.write(str(publish_due()))
            return
        try:
            while True:
                report = publish_due()
                if report.published or report.failed or report.dead:
                    self.stdout.write(str(report))
                else:
                    time.sleep(app_settings.PMS_WEBSUB_POLL_SECONDS)
        except KeyboardInterrupt:
            self.stdout.write("stopped")
