"""``python manage.py create_pms_user NAME --password P --roles R1,R2 [--policy-groups G1,G2]
[--client-secret S]`` (SPEC §7).

It lives in the policies app because mapping managers to policy groups needs policy
groups, and the kernel must not import a domain app. Running it again updates the user:
password, roles (replaced), mappings (added) and client secret.
"""

import os

from django.core.management.base import BaseCommand, CommandError

from accounts.services import create_pms_user
from kernel.actors import Actor
from kernel.errors import PmsError
from kernel.roles import normalise_role
from policies.services import map_manager_to_groups


class Command(BaseCommand):
    help = "Create or update a PMS user with roles, policy-group mappings and a machine-client secret."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--password", help="login password (or env PMS_NEW_USER_PASSWORD)")
        parser.add_argument("--roles", default="", help="comma-separated roles, e.g. POLICYMANAGER,PARTNERMANAGER")
        parser.add_argument("--policy-groups", default="", help="comma-separated policy group names (created if missing)")
        parser.add_argument("--client-secret", help="secret for clientidsecretkey login (client id = NAME)")
        parser.add_argument("--email", default="")

    def handle(self, *args, **opts):
        role_names = [r for r in opts["roles"].split(",") if r.strip()]
        roles = []
        for name in role_names:
            role = normalise_role(name)
            if role is None:
                raise CommandError(f"unknown role {name!r}")
            roles.append(role)
        password = opts["password"] or os.environ.get("PMS_NEW_USER_PASSWORD")
        actor = Actor.system("create_pms_user")
        try:
            user, created = create_pms_user(
                opts["name"], actor=actor, password=password, roles=frozenset(roles),
                client_secret=opts["client_secret"], email=opts["email"],
            )
            groups = [g for g in opts["policy_groups"].split(",") if g.strip()]
            if groups:
                map_manager_to_groups(username=user.username, group_names=groups, actor=actor)
        except PmsError as exc:
            raise CommandError(exc.message) from None
        verb = "created" if created else "updated"
        self.stdout.write(
            f"{verb} user {user.username} roles={','.join(sorted(roles)) or '-'}"
            f" policy-groups={','.join(groups) if groups else '-'}"
            f"{' client-secret=set' if opts['client_secret'] else ''}"
        )
