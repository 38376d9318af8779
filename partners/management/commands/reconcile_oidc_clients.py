"""``manage.py reconcile_oidc_clients``: brings the OAuth/OIDC clients not yet known to
agree with eSignet in step (partners.services.oidc_clients, "no orphan"): a client whose
creation eSignet did not confirm is created again (eSignet's "already exists" counts as
done) and confirmed, or removed when eSignet refuses it; a client whose change was not
confirmed has its values sent again. Safe to run from cron or a systemd timer (every few
minutes) and at any time; rows younger than ``--min-age`` seconds are left to the request
still handling them. Does nothing when eSignet is not configured."""

from django.core.management.base import BaseCommand

from kernel.actors import Actor
from partners.services.oidc_clients import reconcile


class Command(BaseCommand):
    help = "Bring OAuth/OIDC clients whose creation or change eSignet did not confirm in step with eSignet."

    def add_arguments(self, parser):
        parser.add_argument("--min-age", type=int, default=60,
                            help="leave rows changed less than this many seconds ago (default 60)")

    def handle(self, *args, **options):
        counts = reconcile(actor=Actor.system("reconcile_oidc_clients"), min_age_seconds=options["min_age"])
        self.stdout.write("confirmed {confirmed}, removed {removed}, sent again {resent}, "
                          "still unanswered {unsure}".format(**counts))
