"""Creates (or resets) the development demo admin. Refused in production mode.

``dev.py serve`` runs it at every start with the password kept in ``var/demo-admin.txt``.
Setting a password, even the same one, makes a new salted hash, and a token carries a
digest of the hash (accounts.tokens.credential_stamp): so when the stored password
already opens the account it is left alone, and a restart keeps the admin's tokens and
admin sessions. Another password is set (which ends them all, as any password change does)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
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
        existing = get_user_model().objects.filter(username=opts["name"]).first()
        # hashers.check_password, not user.check_password: the latter re-hashes the password
        # when the hasher's parameters changed, which would end the tokens all the same.
        unchanged = existing is not None and check_password(opts["password"], existing.password)
        # PARTNER_ADMIN (staff) is everything the product needs; no Django superuser flag,
        # which would open Django's own user pages, where writes bypass our services.
        user, _ = create_pms_user(
            opts["name"], actor=Actor.system("create_demo_admin"), password=None if unchanged else opts["password"],
            roles=frozenset({Role.PARTNER_ADMIN}),
        )
        state = "ready (password kept)" if unchanged else "ready"
        self.stdout.write(f"demo admin {user.username} {state}")
