"""D5's registry reads (devices.services.registration: SQL written once per process) ask
what the ORM queries they replaced asked: names compared case aside, inactive rows not
found, each refusal with its code and in its order, the serial taken only by a REGISTERED
device, the code taken by any device."""

import pytest

from devices.models import DeviceProvider, DeviceSubType, DeviceType, MosipDeviceService, RegisteredDevice
from tests.support.api import assert_ok
from tests.support.audit import snapshot

from .factories import device_data, digital_id
from .test_registration_refusals import REGISTER, refused

pytestmark = pytest.mark.django_db


def register(api, digital, **options):
    return api.post(REGISTER, {"deviceData": device_data(digital, **options)})


def test_names_are_compared_case_aside(zonal, provider):
    digital = digital_id(provider["id"], make="ax", model="ax-100", type_="FINGERPRINT", sub_type="single")
    assert_ok(register(zonal, digital))
    device = RegisteredDevice.objects.get()
    assert (device.device_type_id, device.device_sub_type.code) == ("Finger", "Single")
    assert_ok(register(zonal, digital_id(provider["id"], type_="finger", serial="AX-2")))


@pytest.mark.parametrize("inactive,code", [
    (lambda p: DeviceType.objects.filter(code="Finger").update(is_active=False), "ADM-DPM-026"),
    (lambda p: DeviceSubType.objects.filter(device_type="Finger", code="Single").update(is_active=False), "ADM-DPM-027"),
    (lambda p: DeviceProvider.objects.filter(pk=p).update(is_active=False), "ADM-DPM-032"),
    (lambda p: MosipDeviceService.objects.update(is_active=False), "ADM-DPM-030"),
])
def test_an_inactive_row_is_not_found(zonal, provider, inactive, code):
    inactive(provider["id"])
    before = snapshot(RegisteredDevice)
    refused(register(zonal, digital_id(provider["id"])), code, before)


def test_the_type_is_refused_before_the_sub_type(zonal, provider):
    before = snapshot(RegisteredDevice)
    refused(register(zonal, digital_id(provider["id"], type_="Palm", sub_type="Double")), "ADM-DPM-026", before, "Palm")
    refused(register(zonal, digital_id(provider["id"], type_="Iris", sub_type="Triple")), "ADM-DPM-027", before, "Triple")


def test_a_code_is_taken_by_any_device_and_a_serial_only_by_a_registered_one(zonal, provider):
    assert_ok(register(zonal, digital_id(provider["id"]), purpose="REGISTRATION", device_id="REG-1"))
    before = snapshot(RegisteredDevice)
    refused(register(zonal, digital_id(provider["id"], serial="AX-9"), purpose="REGISTRATION", device_id="REG-1"),
            "ADM-DPM-043", before, "Device code REG-1")
    refused(register(zonal, digital_id(provider["id"])), "ADM-DPM-043", before)
    RegisteredDevice.objects.filter(pk="REG-1").update(status="RETIRED")
    assert_ok(register(zonal, digital_id(provider["id"])))  # the serial is free again
    RegisteredDevice.objects.filter(pk="REG-1").update(status="REGISTERED", serial_no="OTHER")
    refused(register(zonal, digital_id(provider["id"], serial="AX-7"), purpose="REGISTRATION", device_id="REG-1"),
            "ADM-DPM-043", snapshot(RegisteredDevice), "Device code REG-1")


@pytest.mark.postgres
def test_the_serial_check_uses_the_partial_unique_index_in_a_generic_plan(zonal, provider):
    """After five runs on a connection the check is a prepared statement
    (PMS_DB_PREPARED_STATEMENTS), which PostgreSQL may run with a generic plan: one made
    without the parameters' values. Were the status a parameter, that plan could not use the
    partial index ``uniq_registered_serial_per_provider`` (its rows are the REGISTERED ones),
    and each registration would read all of its provider's devices."""
    import itertools
    import json
    import re

    from django.db import connection

    from devices.services import registration

    assert_ok(register(zonal, digital_id(provider["id"])))
    table = RegisteredDevice._meta.db_table
    columns = [f.column for f in RegisteredDevice._meta.concrete_fields if f.column not in ("code", "serial_no")]
    with connection.cursor() as cursor:  # a provider with 2,000 registered devices, as statistics know it
        cursor.execute(f"INSERT INTO {table} (code, serial_no, {', '.join(columns)}) "
                       f"SELECT 'copy-' || n, 'SERIAL-' || n, {', '.join(columns)} FROM {table}, "
                       "generate_series(1, 2000) AS n")
        cursor.execute(f"ANALYZE {table}")
    numbers = itertools.count(1)
    sql = re.sub("%s", lambda _match: f"${next(numbers)}", registration._CODE_OR_SERIAL_TAKEN._sql())
    values = ", ".join(f"'{value}'" for value in ["REG-1", provider["id"], "SERIAL-7", "REGISTERED"][:next(numbers) - 1])
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
        cursor.execute(f"PREPARE serial_check AS {sql}")
        try:
            cursor.execute(f"EXPLAIN (FORMAT JSON) EXECUTE serial_check({values})")
            plan = json.dumps(cursor.fetchone()[0])
        finally:
            cursor.execute("DEALLOCATE serial_check")
    assert "uniq_registered_serial_per_provider" in plan, plan
