"""Two registrations of one serial, and two revocations of one device, at the same moment
(PostgreSQL): exactly one winner, one history row, one success audit row."""

import datetime as dt

import pytest

from audit.models import AuditEvent
from devices import services
from devices.device_data import parse_registration
from devices.models import DeviceStatus, RegisteredDevice
from kernel.actors import Actor
from kernel.errors import PmsError
from kernel.roles import Role
from tests.support.api import run_together
from tests.support.users import make_user

from .factories import device_data, digital_id

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _actor(name):
    return Actor(username=name, roles=frozenset({Role.ZONAL_ADMIN}), user=make_user(name, ["ZONAL_ADMIN"]))


@pytest.fixture
def provider():
    # A transactional test starts from an emptied database: the seeded types come back.
    import importlib

    from django.apps import apps

    importlib.import_module("devices.migrations.0002_seed_device_types").seed(apps, None)
    actor = _actor("setup")
    provider = services.create_device_provider(actor=actor, provider_id="acme", details=services.ProviderDetails(
        vendor_name="Acme Biometrics", address="x", email="a@acme.example", contact_number="1",
        certificate_alias="a"))
    services.create_device_service(actor=actor, service_id=None, details=services.ServiceDetails(
        device_provider_id="acme", device_type="Finger", device_sub_type="Single", sw_version="1", sw_binary_hash="h",
        make="AX", model="AX-100", sw_create_time=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc),
        sw_expiry_time=dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc)))
    return provider


def test_one_serial_registered_twice_at_once_makes_one_device(provider):
    first, second = _actor("z1"), _actor("z2")
    digital = digital_id("acme")
    outcomes = run_together(
        lambda: services.register_device(actor=first, device_data=parse_registration(device_data(digital))),
        lambda: services.register_device(actor=second, device_data=parse_registration(device_data(digital))),
    )
    assert [o.code for o in outcomes if isinstance(o, PmsError)] == ["ADM-DPM-043"]
    assert RegisteredDevice.objects.count() == 1 and RegisteredDevice.history.count() == 1
    assert AuditEvent.objects.filter(event_id="PMS_DEV_207").count() == 1
    assert AuditEvent.objects.filter(event_id="PMS_DEV_407").count() == 1


@pytest.mark.parametrize("purpose, clash", [("AUTH", "serial"), ("REGISTRATION", "code")])
def test_a_registration_that_loses_the_race_at_its_insert_is_refused_audited_and_harmless(
        provider, monkeypatch, purpose, clash):
    """The checks before the insert passed (another registration committed in between):
    the database's constraint refuses the insert, which ends the operation without a
    savepoint: 043, one failure row, nothing stored, and the connection still works."""
    from devices.services import registration

    actor = _actor("z1")
    first = device_data(digital_id("acme"), purpose=purpose, device_id="dev-1")
    services.register_device(actor=actor, device_data=parse_registration(first))
    other_serial = digital_id("acme", serial="AX-100-0002")
    again = device_data(digital_id("acme") if clash == "serial" else other_serial, purpose=purpose, device_id="dev-1")
    monkeypatch.setattr(registration._CODE_OR_SERIAL_TAKEN, "ask", lambda *params: (False, False))
    with pytest.raises(PmsError) as refused:
        services.register_device(actor=actor, device_data=parse_registration(again))
    expected = registration.DeviceErrors.CODE_TAKEN if clash == "code" else registration.DeviceErrors.ALREADY_REGISTERED
    assert refused.value.error is expected
    assert RegisteredDevice.objects.count() == 1 and RegisteredDevice.history.count() == 1
    assert AuditEvent.objects.filter(event_id="PMS_DEV_407").count() == 1
    monkeypatch.undo()
    services.register_device(actor=actor, device_data=parse_registration(
        device_data(digital_id("acme", serial="AX-100-0003"), purpose=purpose, device_id="dev-3")))
    assert RegisteredDevice.objects.count() == 2
    assert AuditEvent.objects.filter(event_id="PMS_DEV_207").count() == 2


def test_two_revocations_at_once_change_the_device_once(provider):
    device, _ = services.register_device(actor=_actor("z0"), device_data=parse_registration(device_data(digital_id("acme"))))
    outcomes = run_together(
        lambda: services.change_device_status(actor=_actor("z1"), code=device.code, status="REVOKED"),
        lambda: services.change_device_status(actor=_actor("z2"), code=device.code, status="REVOKED"),
    )
    assert [o.code for o in outcomes if isinstance(o, PmsError)] == ["ADM-DPM-037"]
    assert RegisteredDevice.objects.get().status == DeviceStatus.REVOKED
    assert RegisteredDevice.history.filter(status=DeviceStatus.REVOKED).count() == 1
