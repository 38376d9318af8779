"""Creates (or resets) the development demo admin. Refused in production mode."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.services import create_pms_user
from kernel.actors import Actor
from kernel.roles import Role


class Command(BaseCommand):
    help = "Create the development demo admin (PARTNER_ADMIN). Development mode only."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--password", required=True)

    def handle(self, *args, **opts):
        if settings.PRODUCTION:
            raise CommandError("the demo admin is for development only; use create_pms_user")
        # PARTNER_ADMIN (staff) is everything the product needs; no Django superuser flag,
        # which would open Django's own user pages, where writes bypass our services.
        user, _ = create_pms_user(
            opts["name"], actor=Actor.system("create_demo_admin"), password=opts["password"],
            roles=frozenset({Role.PARTNER_ADMIN}),
        )
        self.stdout.write(f"demo admin {user.username} ready")
