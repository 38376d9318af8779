"""``manage.py audit_checkpoint [--force] [--prune]``: a signed checkpoint of every audit chain
whose newest rows no checkpoint covers yet (every chain with ``--force``): from cron, and when
the service stops, so that the tails of idle and finished writers are witnessed too.
``--prune`` then deletes the database's checkpoints older than
PMS_AUDIT_CHECKPOINT_RETENTION_DAYS, each chain's newest kept (audited:
audit.services.prune_checkpoints)."""

from django.core.management.base import BaseCommand

from audit.chain import checkpoint_all
from audit.services import prune_checkpoints
from kernel.actors import Actor


class Command(BaseCommand):
    help = "Sign a checkpoint of every audit chain (database, PMS_AUDIT_CHECKPOINT_FILE, the checkpoints API)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="also chains whose last row is checkpointed")
        parser.add_argument("--prune", action="store_true",
                            help="then delete checkpoints older than PMS_AUDIT_CHECKPOINT_RETENTION_DAYS (each chain's newest kept)")

    def handle(self, *args, **options):
        made = checkpoint_all(force=options["force"])
        self.stdout.write(f"{len(made)} audit checkpoints: " + ", ".join(
            f"chain {made_one.chain_id} at {made_one.position}" for made_one in made))
        if options["prune"]:
            self.stdout.write(f"{prune_checkpoints(actor=Actor.system('audit_checkpoint'))} audit checkpoints older than the retention period deleted")
