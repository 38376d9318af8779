"""``python manage.py load_demo [--admin pmsadmin] [--users-file var/demo-users.txt]``:
a small demo world for a first run (``python3 dev.py serve --demo``). Development only.

Everything is made through the apps' services, as the API makes it, so every record has
its history and audit rows: the demo admin (``create_demo_admin``) acts for the
back office, and the demo partner user for what a partner does itself (registering its
partner, asking for API keys). It lives in the portal app, the one layer that may call
every app's services (SPEC §2).

Running it again makes only what is missing and changes nothing that exists: an existing
user keeps its password (a new one would end its tokens), and the passwords printed are
the ones kept in the users file.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.services import create_pms_user
from devices.device_data import build_device_data, build_digital_id, parse_registration
from devices.models import DeviceProvider, DeviceStatus, MosipDeviceService, RegisteredDevice
from devices.services import ProviderDetails, ServiceDetails, create_device_provider, create_device_service, register_device
from kernel.actors import Actor
from kernel.errors import PmsError
from kernel.roles import Role, roles_of_user
from misp.models import ApprovalStatus, Misp
from misp.services import create_misp, decide_misp
from partners.models import ApiKeyRequest, Partner, RequestStatus
from partners.services import decide_api_key_request, partner_type_named, register_partner, request_api_key
from policies.models import ManagerGroupMapping, Policy, PolicyGroup, PolicyStatus, PolicyType
from policies.services import create_policy, create_policy_group, map_manager_to_groups, publish_policy

BANKING, TELECOM = "Demo Banking", "Demo Telecom"
GROUPS = {BANKING: "Banks that authenticate their customers", TELECOM: "Telecom operators (SIM e-KYC)"}


def _auth_document(*kyc: str) -> dict:
    return {"authPolicies": [{"authType": "otp", "mandatory": True},
                             {"authType": "bio", "authSubType": "FINGER", "mandatory": False}],
            "allowedKycAttributes": [{"attributeName": name, "required": name == "fullName"} for name in kyc]}


# (group, policy name, description, document)
POLICIES = [
    (BANKING, "Demo Bank KYC", "OTP or fingerprint, name and date of birth", _auth_document("fullName", "dateOfBirth")),
    (TELECOM, "Demo SIM KYC", "OTP or fingerprint, name, address and photo",
     _auth_document("fullName", "addressLine1", "photo")),
]


@dataclass(frozen=True)
class DemoUser:
    name: str
    roles: tuple[Role, ...]
    policy_groups: tuple[str, ...] = ()
    machine_client: bool = False  # logs in with a client secret (clientidsecretkey), not a password


PARTNER_USER = "demo-partner"
USERS = [
    DemoUser("demo-policymanager", (Role.POLICYMANAGER,), (BANKING, TELECOM)),
    DemoUser("demo-partnermanager", (Role.PARTNERMANAGER,), (BANKING, TELECOM)),
    DemoUser("demo-mispadmin", (Role.MISP_ADMIN,)),
    DemoUser("demo-zonaladmin", (Role.ZONAL_ADMIN,)),
    DemoUser("demo-auditor", (Role.AUDITOR,)),
    DemoUser(PARTNER_USER, (Role.PARTNER, Role.AUTH_PARTNER)),
    DemoUser("demo-ida", (Role.ID_AUTHENTICATION,), machine_client=True),
]

# (partner id, name, group, the policy its approved API key is under)
PARTNERS = [("demo-bank", "Demo Bank", BANKING, "Demo Bank KYC"),
            ("demo-telco", "Demo Telco", TELECOM, "Demo SIM KYC")]
MISP_NAME = "Demo MISP"
PROVIDER_ID, VENDOR = "demo-biometrics", "Demo Biometrics"
MAKE, MODEL, MDS_VERSION, SERIAL = "DB", "DB-10", "MDS-1.0.0", "DB-10-0001"


def actor_of(user) -> Actor:
    return Actor(username=user.username, roles=roles_of_user(user), user=user)


UNKNOWN = "-"  # in the users file: a user made before the file, whose secret it never held


def read_users_file(path: Path) -> dict[str, str]:
    """``name<TAB>kind<TAB>secret<TAB>roles`` lines; the known secrets by user name."""
    if not path.exists():
        return {}
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 3 and not line.startswith("#") and parts[2] != UNKNOWN:
            found[parts[0]] = parts[2]
    return found


def write_users_file(path: Path, rows: list[tuple[str, str, str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "# Demo users of manage.py load_demo (development only): name, login kind, secret, roles\n"
    text += "".join("\t".join(row) + "\n" for row in rows)
    # Private before the secrets go in (an existing file too).
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    path.write_text(text, encoding="utf-8")


def device_data(provider_id: str) -> str:
    """``deviceData`` of an L0 AUTH registration of the demo scanner, stamped now."""
    digital = build_digital_id(provider_id=provider_id, provider_name=VENDOR, serial_no=SERIAL, make=MAKE,
                               model=MODEL, device_type="Fingerprint", device_sub_type="Single")
    return build_device_data(digital, device_id=str(uuid.uuid4()), firmware="fw-1.0.0")


def _new_secret(username: str, email: str) -> str:
    """A random password the password rules accept: a random one can, rarely, share enough
    characters with the user name to count as "too similar" to it."""
    from django.contrib.auth import get_user_model, password_validation
    from django.core.exceptions import ValidationError

    someone = get_user_model()(username=username, email=email)
    while True:
        secret = secrets.token_urlsafe(12)
        try:
            password_validation.validate_password(secret, someone)
        except ValidationError:
            continue
        return secret


class Command(BaseCommand):
    help = "Load a small demo world (policy groups, policies, partners, a MISP, devices, users). Development only."

    def add_arguments(self, parser):
        parser.add_argument("--admin", default="pmsadmin", help="the demo admin acting for the back office")
        parser.add_argument("--users-file", default=str(Path(settings.BASE_DIR) / "var" / "demo-users.txt"),
                            help="where the demo users' passwords are kept (mode 600)")

    def handle(self, *args, **opts):
        if settings.PRODUCTION:
            raise CommandError("the demo world is for development only")
        admin_user = get_user_model().objects.filter(username=opts["admin"], is_active=True).first()
        if admin_user is None or Role.PARTNER_ADMIN not in roles_of_user(admin_user):
            raise CommandError(f"no active partner admin {opts['admin']!r}: run create_demo_admin first "
                               "(python3 dev.py serve does)")
        self.admin = actor_of(admin_user)
        self.made: list[str] = []
        try:
            self._policies()
            rows = self._users(Path(opts["users_file"]))
            self._partners()
            self._misp()
            self._devices()
        except PmsError as exc:
            raise CommandError(f"{exc.code}: {exc.message}") from None
        self._report(rows, opts["users_file"])

    # --- the world, each part made only when missing -------------------------------------

    def _policies(self) -> None:
        for name, description in GROUPS.items():
            if not PolicyGroup.objects.filter(name__iexact=name).exists():
                create_policy_group(name=name, description=description, actor=self.admin)
                self.made.append(f"policy group {name}")
        for group_name, name, description, document in POLICIES:
            group = PolicyGroup.objects.get(name__iexact=group_name)
            policy = Policy.objects.filter(policy_group=group, name__iexact=name).first()
            if policy is None:
                policy = create_policy(actor=self.admin, name=name, description=description, document=document,
                                       policy_group_name=group.name, policy_type=PolicyType.AUTH)
                self.made.append(f"policy {name}")
            if policy.status == PolicyStatus.DRAFT:
                publish_policy(actor=self.admin, policy_group_id=group.pk, policy_id=policy.pk)

    def _users(self, users_file: Path) -> list[tuple[str, str, str, str]]:
        kept = read_users_file(users_file)
        rows = []
        for demo in USERS:
            secret = kept.get(demo.name)
            if not get_user_model().objects.filter(username=demo.name).exists():
                secret = secret or _new_secret(demo.name, f"{demo.name}@pms.example")
                create_pms_user(demo.name, actor=self.admin, roles=frozenset(demo.roles),
                                password=None if demo.machine_client else secret,
                                client_secret=secret if demo.machine_client else None,
                                email=f"{demo.name}@pms.example")
                self.made.append(f"user {demo.name}")
            mapped = set(ManagerGroupMapping.objects.filter(user__username=demo.name)
                         .values_list("policy_group__name", flat=True))
            missing = [group for group in demo.policy_groups if group not in mapped]
            if missing:
                map_manager_to_groups(username=demo.name, group_names=missing, actor=self.admin, create_missing=False)
            kind = "client-secret" if demo.machine_client else "password"
            rows.append((demo.name, kind, secret or UNKNOWN,
                         ",".join(str(role) for role in demo.roles)))
        if not users_file.exists() or {name: secret for name, _, secret, _ in rows if secret != UNKNOWN} != kept:
            write_users_file(users_file, rows)
        return rows

    def _partners(self) -> None:
        owner = actor_of(get_user_model().objects.get(username=PARTNER_USER))
        kind = partner_type_named("Auth_Partner")
        for partner_id, name, group, policy_name in PARTNERS:
            if not Partner.objects.filter(pk=partner_id).exists():
                register_partner(actor=owner, name=name, partner_type=kind, policy_group_name=group,
                                 contact_no="+91 80 4000 0000", email=f"{partner_id}@partners.example",
                                 address="1 Demo Street, Bengaluru", partner_id=partner_id)
                self.made.append(f"partner {partner_id}")
            asked = ApiKeyRequest.objects.filter(partner_id=partner_id, policy__name__iexact=policy_name)
            if not asked.filter(status=RequestStatus.APPROVED).exists():
                request, _ = request_api_key(actor=owner, partner_id=partner_id, policy_name=policy_name,
                                             use_case="Demo: authenticate customers")
                decide_api_key_request(actor=self.admin, request_id=request.id, approve=True)
                self.made.append(f"API key of {partner_id} under {policy_name}")

    def _misp(self) -> None:
        misp = Misp.objects.filter(name__iexact=MISP_NAME).first()
        if misp is None:
            misp = create_misp(actor=self.admin, name=MISP_NAME, contact_no="9876543210",
                               email="ops@misp.example", address="2 Network Road, Bengaluru")
            self.made.append(f"MISP {misp.id}")
        if misp.approval_status == ApprovalStatus.PENDING:
            decide_misp(actor=self.admin, misp_id=misp.id, approve=True)
            self.made.append(f"license key of MISP {misp.id}")

    def _devices(self) -> None:
        now = timezone.now()
        if not DeviceProvider.objects.filter(pk=PROVIDER_ID).exists():
            create_device_provider(actor=self.admin, provider_id=PROVIDER_ID, details=ProviderDetails(
                vendor_name=VENDOR, address="3 Sensor Street, Bengaluru", email="devices@biometrics.example",
                contact_number="9876543210", certificate_alias="demo-biometrics-2026"))
            self.made.append(f"device provider {PROVIDER_ID}")
        if not MosipDeviceService.objects.filter(device_provider_id=PROVIDER_ID, make=MAKE, model=MODEL).exists():
            create_device_service(actor=self.admin, service_id=None, details=ServiceDetails(
                device_provider_id=PROVIDER_ID, device_type="Finger", device_sub_type="Single", sw_version=MDS_VERSION,
                sw_binary_hash="sha256:5e884898da28047151d0e56f8dc62927", make=MAKE, model=MODEL,
                sw_create_time=now - dt.timedelta(days=30), sw_expiry_time=now + dt.timedelta(days=365)))
            self.made.append(f"device service {MAKE} {MODEL}")
        if not RegisteredDevice.objects.filter(device_provider_id=PROVIDER_ID, serial_no=SERIAL,
                                               status=DeviceStatus.REGISTERED).exists():
            register_device(actor=self.admin, device_data=parse_registration(device_data(PROVIDER_ID)))
            self.made.append(f"device {SERIAL}")

    def _report(self, rows, users_file: str) -> None:
        out = self.stdout.write
        out("demo world: " + (f"made {', '.join(self.made)}" if self.made else "already there, nothing changed"))
        out(f"  policy groups    {', '.join(GROUPS)} (published Auth policies: "
            f"{', '.join(name for _, name, _, _ in POLICIES)})")
        out(f"  partners         {', '.join(pid for pid, *_ in PARTNERS)} (owned by {PARTNER_USER}, "
            "each with an approved API key: see them in the portal)")
        out(f"  MISP             {MISP_NAME} (approved, with an active license key)")
        device = RegisteredDevice.objects.filter(device_provider_id=PROVIDER_ID, serial_no=SERIAL,
                                                 status=DeviceStatus.REGISTERED).first()
        out(f"  device provider  {PROVIDER_ID} ({VENDOR}), device {SERIAL} registered as {device.code}")
        out(f"  users (also in {users_file}, mode 600):")
        for name, kind, secret, roles in rows:
            shown = "(set before; not in the users file)" if secret == UNKNOWN else secret
            out(f"    {name:<20} {roles:<26} {kind}: {shown}")
