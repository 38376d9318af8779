"""A registered device's status as data (devices.models.DEVICE_LIFECYCLE): every status
D7 may ask for from every status a device may be in, and D6 from each, with the
documented refusal for each move that is not a transition."""

import base64
import json

import pytest

from devices.models import DeviceStatus, RegisteredDevice
from tests.support.api import assert_ok
from tests.support.audit import assert_refused, snapshot

from .factories import V1, device_data, digital_id

pytestmark = pytest.mark.django_db

REGISTERED, RETIRED, REVOKED = DeviceStatus.REGISTERED, DeviceStatus.RETIRED, DeviceStatus.REVOKED


@pytest.fixture
def device(zonal, provider):
    signed = assert_ok(zonal.post(f"{V1}/registereddevices", {"deviceData": device_data(digital_id(provider["id"]))}))
    return json.loads(base64.b64decode(signed.split(".")[1]))["deviceCode"]


def put_in(code: str, status: str) -> None:
    RegisteredDevice.objects.filter(pk=code).update(status=status)  # test setup, not a service


@pytest.mark.parametrize("current,asked,refusal", [
    (REGISTERED, REGISTERED, ("ADM-DPM-037", "Device already is in REGISTERED status")),
    (REGISTERED, RETIRED, None),
    (REGISTERED, REVOKED, None),
    (RETIRED, REGISTERED, None),
    (RETIRED, RETIRED, ("ADM-DPM-037", "Device already is in RETIRED status")),
    (RETIRED, REVOKED, None),
    (REVOKED, REGISTERED, ("ADM-DPM-037", "Device has been revoked")),
    (REVOKED, RETIRED, ("ADM-DPM-037", "Device has been revoked")),
    (REVOKED, REVOKED, ("ADM-DPM-037", "Device already is in REVOKED status")),
])
def test_status_changes_follow_the_lifecycle(zonal, device, current, asked, refusal):
    put_in(device, current)
    before = snapshot(RegisteredDevice)
    answer = zonal.put(f"{V1}/registereddevices/status?deviceCode={device}&status={asked}")
    if refusal is None:
        assert_ok(answer)
        assert RegisteredDevice.objects.get(pk=device).status == asked
    else:
        assert_refused(answer, refusal[0], unchanged=before, event="device.status.failure")
        assert answer.body["errors"][0]["message"] == refusal[1]


@pytest.mark.parametrize("current,refused", [(REGISTERED, False), (RETIRED, True), (REVOKED, True)])
def test_deregistration_retires_only_a_registered_device(zonal, device, current, refused):
    put_in(device, current)
    before = snapshot(RegisteredDevice)
    answer = zonal.delete(f"{V1}/registereddevices/deregister/{device}")
    if refused:
        assert_refused(answer, "ADM-DPM-002", unchanged=before, event="device.deregister.failure")
        assert answer.body["errors"][0]["message"] == f"Device already de-registered: it is {current}"
    else:
        assert_ok(answer)
        assert RegisteredDevice.objects.get(pk=device).status == RETIRED
