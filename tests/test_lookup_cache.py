"""The machine clients' lookup cache (accounts.lookup_cache) and its triggers (accounts 0005
and 0006).

Each machine-client read (policy by API key, PM12, license validation, device validation),
and device registration's checks of the registry (type, sub-type, provider, MDS release),
is asked once to fill the cache, then the row it rests on is deactivated:
- by raw SQL, as another process (or a DBA) would: with ``PMS_AUTH_CACHE_SECONDS=1`` the
  cached answer still stands until the cache's clock passes the delay, then the refusal
  comes; with ``0`` the refusal comes at once;
- through the ORM in this process: the refusal comes at once.
Every answer, cached or not, writes its audit row. The triggers are tested table by table
with raw SQL. This file runs on SQLite and, with DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

import base64
import json
import uuid

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts import lookup_cache, token_cache
from accounts.models import AuthEpoch
from audit.models import AuditEvent
from devices.models import DeviceProvider, DeviceSubType, DeviceType, MosipDeviceService, RegisteredDevice
from devices.tests.factories import V1, device_data, digital_id, mds_request, provider_request, validate_request
from kernel.actors import Actor
from kernel.roles import Role
from misp import services as misp_services
from misp.models import LicenseKey, Misp
from partners import services as partner_services
from partners.models import ApiKeyRequest, Partner, PartnerApiKey
from partners.tests.factories import make_partner
from policies.models import Policy, PolicyGroup, PolicyStatus
from policies.tests.factories import PolicyFactory, PolicyGroupFactory
from tests.support.api import PmsApi, assert_ok
from tests.support.audit import AUDIT_WRITE_QUERIES
from tests.support.users import make_user, token_for

pytestmark = pytest.mark.django_db

PM = "/partnermanagement/v1"
PM12 = PM + "/pmpartners/validatePartnerMisp/partnerId/{p}/partnerApiKey/{k}/mispLicenseKey/{m}"
VALIDATE = f"{V1}/deviceprovidermanagement/validate"
qn = connection.ops.quote_name


class Clock:
    def __init__(self, now: float = 5000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(token_cache, "monotonic", clock)
    return clock


@pytest.fixture
def world(db):
    admin = Actor(username="root", roles=frozenset({Role.PARTNER_ADMIN}), user=make_user("root", ["PARTNER_ADMIN"]))
    group = PolicyGroupFactory(name="Banking")
    policy = PolicyFactory(policy_group=group, status=PolicyStatus.PUBLISHED)
    owner = make_user("airtel", ["AUTH_PARTNER"])
    partner = make_partner(owner, group=group, partner_id="airtel-01")
    request = ApiKeyRequest.objects.create(partner=partner, policy=policy, use_case="x")
    partner_services.decide_api_key_request(actor=admin, request_id=request.id, approve=True)
    owner_actor = Actor(username="airtel", roles=frozenset({Role.AUTH_PARTNER}), user=owner)
    api_key = partner_services.download_api_key(actor=owner_actor, partner_id=partner.id, request_id=request.id)
    misp = misp_services.create_misp(actor=admin, name="Telecom MISP", contact_no="1", email="a@b.example", address="x")
    _misp, _key, license_key = misp_services.decide_misp(actor=admin, misp_id=misp.id, approve=True)
    ida = PmsApi(token=token_for(make_user("ida", ["ID_AUTHENTICATION"])))
    zonal = PmsApi(token=token_for(make_user("zonal", ["ZONAL_ADMIN"])))
    provider = assert_ok(zonal.post(f"{V1}/deviceprovider", provider_request()))
    assert_ok(zonal.post(f"{V1}/mosipdeviceservice", mds_request(provider["id"])))
    digital = digital_id(provider["id"])
    signed = assert_ok(zonal.post(f"{V1}/registereddevices", {"deviceData": device_data(digital)}))
    device_code = json.loads(base64.b64decode(signed.split(".")[1]))["deviceCode"]
    lookup_cache.clear()  # what the registration above kept: each test starts with an empty cache
    return {"partner": partner, "api_key": api_key, "license": license_key, "ida": ida, "policy": policy,
            "group": group, "misp": misp, "provider": provider["id"], "device": device_code, "digital": digital,
            "zonal": zonal}


# --- the four machine-client reads --------------------------------------------------------

def policy_by_key(w):
    return w["ida"].get(f"{PM}/policies/partnerApiKey/{w['api_key']}")


def pm12(w):
    return w["ida"].get(PM12.format(p=w["partner"].id, k=w["api_key"], m=w["license"]))


def license_validate(w):
    return w["ida"].patch(f"{PM}/misps/{w['misp'].id}/licenseKey", {"mispLicenseKey": w["license"]})


def device_validate(w):
    return w["ida"].post(VALIDATE, validate_request(w["device"], w["digital"]))


READS = {"policy by API key": policy_by_key, "PM12": pm12, "license validate": license_validate,
         "device validate": device_validate}


def device_registration(w):
    """A new serial each time (a registration is made once)."""
    digital = digital_id(w["provider"], serial=f"AX-100-{uuid.uuid4().hex[:12]}")
    return w["zonal"].post(f"{V1}/registereddevices", {"deviceData": device_data(digital)})


# Everything the cache answers: the reads, and registration's checks of the registry.
ASKS = {**READS, "device registration": device_registration}


def _raw_update(model, column_values: dict, **where):
    sets = ", ".join(f"{qn(model._meta.get_field(c).column)} = %s" for c in column_values)
    conditions = " AND ".join(f"{qn(model._meta.get_field(c).column)} = %s" for c in where)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {qn(model._meta.db_table)} SET {sets} WHERE {conditions}",
                       [*column_values.values(), *where.values()])
        assert cursor.rowcount == 1


# (read, what is deactivated: the model, the change, which row, the refusal's code)
def _cases():
    return [
        ("policy by API key", PartnerApiKey, {"is_active": False}, lambda w: {}, "PMS_POL_013"),
        ("policy by API key", Partner, {"is_active": False}, lambda w: {"id": w["partner"].id}, "PMS_POL_013"),
        ("policy by API key", Policy, {"status": PolicyStatus.DEACTIVATED}, lambda w: {"id": w["policy"].id},
         "PMS_POL_013"),
        ("policy by API key", PolicyGroup, {"is_active": False}, lambda w: {"id": w["group"].id}, "PMS_POL_013"),
        ("PM12", LicenseKey, {"is_active": False}, lambda w: {}, "PMS_PMP_025"),
        ("PM12", Misp, {"is_active": False}, lambda w: {"id": w["misp"].id}, "PMS_PMP_025"),
        ("PM12", Partner, {"is_active": False}, lambda w: {"id": w["partner"].id}, "PMS_PMP_016"),
        ("PM12", PartnerApiKey, {"is_active": False}, lambda w: {}, "PMS_PMP_019"),
        ("PM12", Policy, {"status": PolicyStatus.DEACTIVATED}, lambda w: {"id": w["policy"].id}, "PMS_PMP_019"),
        ("PM12", PolicyGroup, {"is_active": False}, lambda w: {"id": w["group"].id}, "PMS_PMP_023"),
        ("license validate", LicenseKey, {"is_active": False}, lambda w: {}, "PMS_MSP_008"),
        ("license validate", Misp, {"is_active": False}, lambda w: {"id": w["misp"].id}, "PMS_MSP_008"),
        ("device validate", RegisteredDevice, {"status": "REVOKED"}, lambda w: {"code": w["device"]}, "ADM-DPM-002"),
        ("device validate", DeviceProvider, {"is_active": False}, lambda w: {"id": w["provider"]}, "ADM-DPM-004"),
        ("device validate", MosipDeviceService, {"is_active": False}, lambda w: {}, "ADM-DPM-006"),
        ("device registration", DeviceProvider, {"is_active": False}, lambda w: {"id": w["provider"]}, "ADM-DPM-032"),
        ("device registration", MosipDeviceService, {"is_active": False}, lambda w: {}, "ADM-DPM-030"),
        ("device registration", DeviceType, {"is_active": False}, lambda w: {"code": "Finger"}, "ADM-DPM-026"),
        ("device registration", DeviceSubType, {"is_active": False},
         lambda w: {"id": DeviceSubType.objects.get(device_type_id="Finger", code="Single").id}, "ADM-DPM-027"),
    ]


CASES = _cases()
IDS = [f"{read}: {model.__name__}" for read, model, *_ in CASES]


def _where(model, w, where):
    found = where(w)
    if not found:  # the only row of its table in this world
        found = {model._meta.pk.name: model.objects.get().pk}
    return found


def _orm_change(model, values: dict, where: dict):
    row = model.objects.get(**where)
    for name, value in values.items():
        setattr(row, name, value)
    row.save()


@pytest.mark.parametrize("read,model,values,where,code", CASES, ids=IDS)
def test_a_change_by_another_process_is_seen_within_the_delay(world, clock, settings, read, model, values, where,
                                                              code):
    settings.PMS_AUTH_CACHE_SECONDS = 1
    ask = ASKS[read]
    before = AuditEvent.objects.count()
    assert_ok(ask(world))  # fills the cache
    audits = AuditEvent.objects.count()
    per_request = audits - before  # license validation writes four rows in one INSERT
    assert per_request >= 1
    _raw_update(model, values, **_where(model, world, where))
    clock.now += 0.5
    assert_ok(ask(world))  # the cached answer, for up to the delay
    clock.now += 0.6
    assert ask(world).error_codes[:1] == [code]
    assert AuditEvent.objects.count() == audits + 2 * per_request  # the cached answers were audited too


@pytest.mark.parametrize("read,model,values,where,code", CASES, ids=IDS)
def test_with_no_delay_a_change_by_another_process_is_seen_at_once(world, clock, settings, read, model, values,
                                                                   where, code):
    settings.PMS_AUTH_CACHE_SECONDS = 0
    ask = ASKS[read]
    assert_ok(ask(world))
    assert_ok(ask(world))
    _raw_update(model, values, **_where(model, world, where))
    assert ask(world).error_codes[:1] == [code]
    assert len(lookup_cache.cache) == 0


@pytest.mark.parametrize("read,model,values,where,code", CASES, ids=IDS)
def test_a_change_made_in_this_process_is_seen_at_once(world, clock, settings, read, model, values, where, code):
    settings.PMS_AUTH_CACHE_SECONDS = 1
    ask = ASKS[read]
    assert_ok(ask(world))
    assert len(lookup_cache.cache) > 0
    _orm_change(model, values, _where(model, world, where))
    assert ask(world).error_codes[:1] == [code]


def test_a_cached_read_runs_no_lookup_but_writes_its_audit_row(world, settings):
    settings.PMS_AUTH_CACHE_SECONDS = 1
    for ask in READS.values():
        before = AuditEvent.objects.count()
        assert_ok(ask(world))
        audits = AuditEvent.objects.count()
        with CaptureQueriesContext(connection) as ctx:
            assert_ok(ask(world))
        # token and lookups from the caches: only the audit rows are written (one INSERT)
        assert len(ctx.captured_queries) == AUDIT_WRITE_QUERIES, [q["sql"][:80] for q in ctx.captured_queries]
        assert AuditEvent.objects.count() - audits == audits - before >= 1


def test_the_keys_are_kept_by_digest_never_in_clear(world, settings):
    settings.PMS_AUTH_CACHE_SECONDS = 1
    for ask in READS.values():
        assert_ok(ask(world))
    kept = repr(list(lookup_cache.cache._entries.items()))
    assert len(lookup_cache.cache) == 5  # two keys of P6/PM12, the license, the device, the MDS list
    assert world["api_key"] not in kept and world["license"] not in kept
    assert all(isinstance(key, bytes) and len(key) == 32 for key in lookup_cache.cache._entries)


def test_the_cache_is_bounded(world, settings, monkeypatch):
    settings.PMS_AUTH_CACHE_SECONDS = 1
    monkeypatch.setattr(lookup_cache, "cache", lookup_cache.LookupCache(max_entries=2))
    for ask in READS.values():
        assert_ok(ask(world))
    assert len(lookup_cache.cache) == 2


def test_an_unknown_key_is_never_kept(world, settings):
    settings.PMS_AUTH_CACHE_SECONDS = 1
    world_unknown = {**world, "api_key": "not-a-key"}
    assert policy_by_key(world_unknown).error_codes == ["PMS_POL_013"]
    assert len(lookup_cache.cache) == 0


def test_what_a_rolled_back_change_let_a_transaction_read_is_not_kept(world, clock, settings):
    settings.PMS_AUTH_CACHE_SECONDS = 1
    _raw_update(PartnerApiKey, {"is_active": False}, id=PartnerApiKey.objects.get().id)
    assert policy_by_key(world).error_codes == ["PMS_POL_013"]
    with pytest.raises(RuntimeError), transaction.atomic():
        key = PartnerApiKey.objects.get()
        key.is_active = True
        key.save()
        assert_ok(policy_by_key(world))  # this transaction sees its own activation...
        raise RuntimeError("rolled back")
    assert policy_by_key(world).error_codes == ["PMS_POL_013"]  # ... which was never kept


def test_a_new_mds_release_is_found_at_once_in_this_process(world, settings):
    settings.PMS_AUTH_CACHE_SECONDS = 1
    w = {**world}
    answer = w["ida"].post(VALIDATE, validate_request(w["device"], w["digital"], version="MDS-2"))
    assert answer.error_codes == ["ADM-DPM-005"]  # the empty list is kept...
    zonal = PmsApi(token=token_for(make_user("zonal2", ["ZONAL_ADMIN"])))
    assert_ok(zonal.post(f"{V1}/mosipdeviceservice", mds_request(w["provider"], swVersion="MDS-2")))
    assert_ok(w["ida"].post(VALIDATE, validate_request(w["device"], w["digital"], version="MDS-2")))


# --- the triggers --------------------------------------------------------------------------

def _epoch():
    return AuthEpoch.objects.get(pk=1).value


@pytest.mark.parametrize("read,model,values,where,code", CASES, ids=IDS)
def test_each_watched_table_raises_the_epoch_on_a_real_change(world, read, model, values, where, code):
    found = _where(model, world, where)
    row = model.objects.values(*values).get(**found)
    before = _epoch()
    _raw_update(model, row, **found)  # the same values: nothing changed
    assert _epoch() == before
    _raw_update(model, values, **found)
    assert _epoch() > before


def test_deleting_a_watched_row_and_inserting_an_mds_release_raise_the_epoch(world):
    before = _epoch()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {qn(MosipDeviceService._meta.db_table)}")
    assert _epoch() > before
    before = _epoch()
    zonal = PmsApi(token=token_for(make_user("zonal2", ["ZONAL_ADMIN"])))
    assert_ok(zonal.post(f"{V1}/mosipdeviceservice", mds_request(world["provider"], swVersion="MDS-3")))
    assert _epoch() > before


def test_registering_a_device_keeps_the_kept_answers(world, settings):
    settings.PMS_AUTH_CACHE_SECONDS = 1
    for ask in READS.values():
        assert_ok(ask(world))
    zonal = PmsApi(token=token_for(make_user("zonal2", ["ZONAL_ADMIN"])))  # a membership moves the epoch
    kept = set(lookup_cache.cache._entries)
    epoch = _epoch()
    digital = digital_id(world["provider"], serial="AX-100-0002")
    assert_ok(zonal.post(f"{V1}/registereddevices", {"deviceData": device_data(digital)}))
    # nothing dropped; registration's own three lookups (type and sub-type, provider, release) added
    assert kept < set(lookup_cache.cache._entries) and len(lookup_cache.cache) == len(kept) + 3
    assert _epoch() == epoch


def test_a_cached_registration_reads_no_registry_row(world, settings):
    """Its lookups from the cache: what is left is the check that the code and serial are
    free, the device and its history, and the audit rows."""
    settings.PMS_AUTH_CACHE_SECONDS = 1
    assert_ok(device_registration(world))
    with CaptureQueriesContext(connection) as ctx:
        assert_ok(device_registration(world))
    tables = [q["sql"] for q in ctx.captured_queries]
    for table in (DeviceType, DeviceSubType, DeviceProvider, MosipDeviceService):
        assert not any(f'FROM "{table._meta.db_table}"' in sql or f"JOIN \"{table._meta.db_table}\"" in sql
                       for sql in tables), table
    assert sum(sql.startswith("SELECT EXISTS") for sql in tables) == 1
