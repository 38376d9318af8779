"""Seed the benchmark's database (run by ``bench/run.py`` as ``python -m bench.seed``, with
the same environment as the server): a small world made through the services (users,
groups, a published policy, a partner with an approved API key, an approved MISP with its
license key, a device provider with its MDS and a registered device), then bulk rows up to
the asked counts:

- partners: one ``INSERT ... SELECT`` over ``generate_series`` (PostgreSQL) or a
  recursive CTE (SQLite), spread over the bench's policy groups and five partner types;
- API-key requests to approve (In-Progress), with ``bulk_create``;
- audit rows: built in Python and written with ``audit.chain.insert_chained`` in batches,
  i.e. chained by the service's own code (position, HMAC over the previous hash), so
  ``manage.py verify_audit`` stays green on the seeded database.

Counts are targets ("up to"), so a second call grows the same database. Prints one JSON
object: what the load generator needs (tokens, keys, ids), never anything else on stdout.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


GROUPS = ["Bench Banking", "Bench Telecom", "Bench Insurance", "Bench Government"]
PARTNER_TYPES = ["Auth_Partner", "Credential_Partner", "Online_Verification_Partner", "MISP_Partner", "Print_Partner"]
POLICIES = 4  # published policies per group: API-key requests are unique per (partner, policy)
PASSWORD = "Bench-Login-Pass-9"
PROVIDER_NAME = "Bench Biometrics"


def _actor(user):
    from kernel.actors import Actor
    from kernel.roles import roles_of_user

    return Actor(username=user.username, roles=roles_of_user(user), user=user)


def _user(name: str, roles: list[str], password: str | None = None):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user, created = get_user_model().objects.get_or_create(username=name)
    if created:
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        for role in roles:
            user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


def _world() -> dict:
    """The records every endpoint reads, made once through the services."""
    from django.utils import timezone

    from devices.device_data import parse_registration
    from devices.models import RegisteredDevice
    from devices.services import masterdata
    from devices.services.registration import register_device
    from misp import services as misp_services
    from misp.models import Misp
    from partners import services as partner_services
    from partners.models import ApiKeyRequest, Partner, PartnerType
    from policies.models import ManagerGroupMapping, Policy, PolicyGroup, PolicyStatus, PolicyType

    admin = _user("bench-admin", ["PARTNER_ADMIN"])
    manager = _user("bench-manager", ["PARTNERMANAGER"])
    owner = _user("bench-owner", ["AUTH_PARTNER"])
    ida = _user("bench-ida", ["ID_AUTHENTICATION"])
    zonal = _user("bench-zonal", ["ZONAL_ADMIN"])
    auditor = _user("bench-auditor", ["AUDITOR"])
    _user("bench-login", ["AUTH_PARTNER"], password=PASSWORD)
    admin_actor = _actor(admin)
    document = {"authPolicies": [{"authType": "otp", "mandatory": True}],
                "allowedKycAttributes": [{"attributeName": "fullName", "required": True}]}
    for name in GROUPS:
        group, _ = PolicyGroup.objects.get_or_create(name=name, defaults={"description": "bench"})
        ManagerGroupMapping.objects.get_or_create(user=manager, policy_group=group)
        for n in range(POLICIES):
            Policy.objects.get_or_create(
                policy_group=group, name=f"{name} KYC {n}",
                defaults={"policy_type": PolicyType.AUTH, "document": document, "status": PolicyStatus.PUBLISHED,
                          "published_at": timezone.now()})
    banking = PolicyGroup.objects.get(name=GROUPS[0])
    policy = Policy.objects.get(policy_group=banking, name=f"{GROUPS[0]} KYC 0")

    partner = Partner.objects.filter(pk="bench-world").first()
    if partner is None:
        partner = Partner.objects.create(id="bench-world", name="Bench World Partner", partner_type_id="Auth_Partner",
                                         policy_group=banking, contact_no="+91 98450 00000", email="w@bench.example",
                                         address="Bengaluru", owner=owner)
        request = ApiKeyRequest.objects.create(partner=partner, policy=policy, use_case="bench")
        partner_services.decide_api_key_request(actor=admin_actor, request_id=request.id, approve=True)
    request = ApiKeyRequest.objects.get(partner=partner, policy=policy)
    api_key = partner_services.download_api_key(actor=_actor(owner), partner_id=partner.id, request_id=request.id)

    misp = Misp.objects.filter(name="Bench MISP").first()
    if misp is None:
        misp = misp_services.create_misp(actor=admin_actor, name="Bench MISP", contact_no="1", email="m@bench.example",
                                         address="x")
        misp_services.decide_misp(actor=admin_actor, misp_id=misp.id, approve=True)
    _key, license_key = misp_services.download_license_key(actor=admin_actor, misp_id=misp.id)

    zonal_actor = _actor(zonal)
    from devices.models import DeviceProvider

    provider = DeviceProvider.objects.filter(vendor_name=PROVIDER_NAME).first()
    if provider is None:
        provider = masterdata.create_device_provider(actor=zonal_actor, provider_id="bench-dp", details=masterdata.ProviderDetails(
            vendor_name=PROVIDER_NAME, address="1 Sensor St", email="dp@bench.example", contact_number="9876543210",
            certificate_alias="bench"))
        now = timezone.now()
        masterdata.create_device_service(actor=zonal_actor, service_id=None, details=masterdata.ServiceDetails(
            device_provider_id=provider.id, device_type="Finger", device_sub_type="Single", sw_version="MDS-1.0.3",
            sw_binary_hash="sha256:9f86d081884c7d65", make="AX", model="AX-100",
            sw_create_time=now - dt.timedelta(days=30), sw_expiry_time=now + dt.timedelta(days=365)))
    digital = digital_id(provider.id, "BENCH-SEED-0001")
    device = RegisteredDevice.objects.filter(serial_no=digital["serialNo"], status="REGISTERED").first()
    if device is None:
        device, _signed = register_device(actor=zonal_actor, device_data=parse_registration(device_data(digital)))
    stored = digital  # D8 compares serial, make, model, provider, type and sub-type, not the time
    validate = {"deviceCode": device.code, "deviceServiceVersion": "MDS-1.0.3",
                "digitalId": {"serialNo": stored["serialNo"], "make": stored["make"], "model": stored["model"],
                              "type": stored["type"], "subType": stored["subType"], "dp": stored["deviceProvider"],
                              "dpId": stored["deviceProviderId"], "dateTime": stored["dateTime"]}}
    return {
        "tokens": {name: _token(user) for name, user in
                   {"ida": ida, "zonal": zonal, "manager": manager, "auditor": auditor}.items()},
        "login": {"userName": "bench-login", "password": PASSWORD},
        "floorUserId": ida.pk,  # the row the framework floor reads for the ida token
        "partnerId": partner.id, "apiKey": api_key, "mispId": misp.id, "licenseKey": license_key,
        "providerId": provider.id, "providerName": PROVIDER_NAME, "validate": validate,
        "filterType": PARTNER_TYPES[1], "partnerTypes": list(PartnerType.objects.values_list("code", flat=True)),
    }


def _token(user) -> str:
    from accounts.tokens import issue_token
    from kernel.roles import roles_of_user

    return issue_token(user, roles_of_user(user)).token


def format_time(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def digital_id(provider_id: str, serial: str) -> dict:
    """A digital ID of the bench provider's AX-100 single-finger scanner (catalog §10)."""
    return {"serialNo": serial, "deviceProvider": PROVIDER_NAME, "deviceProviderId": provider_id, "make": "AX",
            "model": "AX-100", "dateTime": format_time(dt.datetime.now(dt.timezone.utc)), "type": "Fingerprint",
            "subType": "Single"}


def device_data(digital: dict) -> str:
    """``deviceData`` of an L0 AUTH registration (base64 JSON), stamped now."""
    import base64
    import uuid

    now = dt.datetime.now(dt.timezone.utc)
    info = {"deviceSubId": "1", "certification": "L0",
            "digitalId": base64.b64encode(json.dumps(digital).encode()).decode(), "firmware": "fw-2.1.0",
            "deviceExpiry": format_time(now + dt.timedelta(days=365)), "timeStamp": format_time(now)}
    body = {"deviceId": str(uuid.uuid4()), "purpose": "AUTH", "deviceInfo": info, "foundationalTrustProviderId": ""}
    return base64.b64encode(json.dumps(body).encode()).decode()


def _grow_partners(target: int) -> int:
    """Bulk partners ``bp-00000001``..., up to ``target`` of them (the world's partner aside)."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from partners.models import Partner
    from policies.models import PolicyGroup

    have = Partner.objects.filter(id__startswith="bp-").count()
    if have >= target:
        return have
    owner_id = get_user_model().objects.get(username="bench-owner").pk
    group_ids = [PolicyGroup.objects.get(name=name).pk for name in GROUPS]
    table = connection.ops.quote_name(Partner._meta.db_table)
    columns = ("id, name, partner_type_id, policy_group_id, contact_no, email, address, is_active, owner_id, "
               "created_by, created_at, updated_by, updated_at, approval_status, lang_code, logo_url, additional_info, "
               "deactivated_through")
    types = ", ".join(f"'{code}'" for code in PARTNER_TYPES)
    groups = ", ".join(f"'{pk}'" for pk in group_ids)
    start, end = have + 1, target
    if connection.vendor == "postgresql":
        sql = (f"INSERT INTO {table} ({columns}) SELECT 'bp-' || lpad(i::text, 8, '0'), "
               f"'Bench Partner ' || lpad(i::text, 8, '0'), (ARRAY[{types}])[1 + i %% 5], (ARRAY[{groups}])[1 + i %% 4], "
               f"'+91 98450 00000', 'p' || i || '@bench.example', 'Bengaluru', i %% 10 <> 0, %s, 'bench', now(), "
               f"'bench', now(), 'approved', '', '', '[]'::jsonb, '' FROM generate_series(%s::bigint, %s::bigint) AS i")
    else:
        sql = (f"INSERT INTO {table} ({columns}) WITH RECURSIVE s(i) AS (SELECT %s UNION ALL SELECT i + 1 FROM s "
               f"WHERE i < %s) SELECT 'bp-' || printf('%%08d', i), 'Bench Partner ' || printf('%%08d', i), "
               f"json_extract('[{types.replace(chr(39), chr(34))}]', '$[' || (i %% 5) || ']'), "
               f"json_extract('[{groups.replace(chr(39), chr(34))}]', '$[' || (i %% 4) || ']'), "
               f"'+91 98450 00000', 'p' || i || '@bench.example', 'Bengaluru', i %% 10 <> 0, %s, 'bench', "
               f"datetime('now'), 'bench', datetime('now'), 'approved', '', '', '[]', '' FROM s")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(sql, [owner_id, start, end])
        else:
            cursor.execute(sql, [start, end, owner_id])
    _analyze(table)
    return target


def _analyze(table: str) -> None:
    """What autovacuum does on a live database: statistics and the visibility map."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {table}" if connection.vendor == "postgresql" else f"ANALYZE {table}")


def _grow_requests(target: int) -> list[str]:
    """In-Progress API-key requests (``bar-...``) for the approval endpoint, on active bulk
    partners; returns the ids still In-Progress, oldest first."""
    from partners.models import ApiKeyRequest, Partner
    from policies.models import Policy

    open_ids = list(ApiKeyRequest.objects.filter(id__startswith="bar-", status="in-progress")
                    .order_by("id").values_list("id", flat=True))
    made = ApiKeyRequest.objects.filter(id__startswith="bar-").count()
    if len(open_ids) < target:
        partners = list(Partner.objects.filter(id__startswith="bp-", is_active=True).order_by("id")
                        .values_list("id", "policy_group_id")[: max(target, 1) * 2])
        policies: dict[str, list[str]] = {}
        for pk, group_id in Policy.objects.filter(policy_group__name__in=GROUPS).values_list("pk", "policy_group_id"):
            policies.setdefault(group_id, []).append(pk)
        rows, n = [], made
        while len(open_ids) + len(rows) < target and partners and n < len(partners) * POLICIES:
            partner_id, group_id = partners[n % len(partners)]
            policy_id = sorted(policies[group_id])[n // len(partners)]
            rows.append(ApiKeyRequest(id=f"bar-{n:08d}", partner_id=partner_id, policy_id=policy_id,
                                      use_case="bench approval", created_by="bench"))
            n += 1
        ApiKeyRequest.objects.bulk_create(rows, batch_size=2000)
        open_ids += [row.id for row in rows]
    return open_ids


def _grow_audit(target: int) -> int:
    """Audit rows up to ``target`` in all, chained by ``audit.chain.insert_chained``, dated
    over the last 90 days (older than anything the run writes)."""
    from django.utils import timezone

    from audit.catalogue import event
    from audit.chain import checkpoint_all, insert_chained
    from audit.models import AuditEvent

    have = AuditEvent.objects.count()
    missing = target - have
    if missing <= 0:
        return have
    kinds = [event(key) for key in _audit_keys()]
    start = timezone.now() - dt.timedelta(days=90)
    step = dt.timedelta(days=89) / max(missing, 1)
    batch = []
    for n in range(missing):
        kind = kinds[n % len(kinds)]
        batch.append(AuditEvent(
            event_id=kind.event_id, event_key=kind.key, event_name=kind.event_name, event_type=kind.event_type,
            outcome=kind.outcome, action_time=start + step * n, host_name="bench", host_ip="127.0.0.1",
            application_id="PMS", session_user_id="bench-ida", session_user_name="bench-ida", roles="ID_AUTHENTICATION",
            ref_id=f"bench-{n % 5000}", ref_id_type=kind.ref_id_type, created_by="bench-ida",
            module_name=kind.module_name, module_id=kind.module_id, description=kind.description,
            client_ip="127.0.0.1", request_id=f"bench-{n}"))
        if len(batch) == 5000:
            insert_chained(batch)
            batch = []
    if batch:
        insert_chained(batch)
    # The rows are dated in the past: a signed checkpoint witnesses them, as cron's
    # audit_checkpoint would, so verify_audit does not report them as unwitnessed.
    checkpoint_all()
    _analyze(AuditEvent._meta.db_table)
    return target


def _audit_keys() -> list[str]:
    """Success events of the machine-client lookups' modules (what a busy trail holds most)."""
    from audit.catalogue import events

    table = events()
    chosen = [key for key, kind in table.items() if kind.outcome == "success"][:6]
    return chosen or list(table)[:6]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--partners", type=int, default=0)
    parser.add_argument("--audit-rows", type=int, default=0)
    parser.add_argument("--approvals", type=int, default=0)
    parser.add_argument("--drop-index", action="append", default=[],
                        help="drop this index (to measure as before the migration that made it)")
    args = parser.parse_args(argv)
    _setup()
    if args.drop_index:
        from django.db import connection

        with connection.cursor() as cursor:
            for name in args.drop_index:
                cursor.execute(f"DROP INDEX IF EXISTS {connection.ops.quote_name(name)}")
    world = _world()
    world["partners"] = _grow_partners(args.partners)
    world["approvals"] = _grow_requests(args.approvals)
    world["auditRows"] = _grow_audit(args.audit_rows)
    json.dump(world, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
