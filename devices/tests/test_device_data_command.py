"""``manage.py device_data`` prints a deviceData (or the whole D5 request) that registers a
device as it is, and needs no database to do it."""

import base64
import io
import json

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEvent
from devices.device_data import parse_device_data
from devices.models import DeviceStatus, RegisteredDevice
from tests.support.api import PmsApi, assert_ok
from tests.support.users import make_user, token_for

from .factories import V1, mds_request, provider_request
from .test_device_flow import verify_mosip_jws

PROVIDER = ["--provider-id", "acme-own", "--provider-name", "Acme Own", "--make", "AX", "--model", "AX-300",
            "--serial", "AX-300-0042", "--type", "Finger", "--sub-type", "Slap"]


def device_data(*options: str) -> str:
    out = io.StringIO()
    call_command("device_data", *options, stdout=out)
    return out.getvalue().strip()


@pytest.fixture
def maker(db):
    """A device-provider login owning provider acme-own with an active Finger/Slap MDS."""
    api = PmsApi(token=token_for(make_user("acme", ["DEVICE_PROVIDER"])))
    assert_ok(api.post(f"{V1}/deviceprovider", provider_request(id="acme-own", vendorName="Acme Own")))
    assert_ok(api.post(f"{V1}/mosipdeviceservice", mds_request("acme-own", model="AX-300", regDeviceSubCode="Slap")))
    return api


def test_the_printed_request_registers_the_device(maker):
    body = device_data(*PROVIDER, "--purpose", "AUTH", "--certification", "L0", "--body")
    answer = maker.post(f"{V1}/registereddevices", raw=body)  # as curl -d @- sends it
    signed = assert_ok(answer)
    assert answer.body["id"] == "io.mosip.masterdata.device.create"
    certificate = assert_ok(PmsApi().get("/v1/keymanager/getCertificate?applicationId=PMS"))["certificate"]
    _, payload = verify_mosip_jws(signed, certificate)
    device = RegisteredDevice.objects.get(pk=payload["deviceCode"])
    assert payload["status"] == "REGISTERED" and device.status == DeviceStatus.REGISTERED
    assert (device.device_provider_id, device.serial_no, device.model, device.device_sub_type.code) == (
        "acme-own", "AX-300-0042", "AX-300", "Slap")
    assert AuditEvent.objects.filter(event_id="PMS_DEV_207", ref_id=device.code, session_user_id="acme").exists()


def test_the_printed_device_data_registers_a_registration_device_under_its_id(maker):
    data = device_data(*PROVIDER, "--purpose", "registration", "--device-id", "KIOSK-7")
    signed = assert_ok(maker.post(f"{V1}/registereddevices", {"deviceData": data}))
    assert json.loads(base64.b64decode(signed.split(".")[1]))["deviceCode"] == "KIOSK-7"
    assert RegisteredDevice.objects.get(pk="KIOSK-7").purpose == "REGISTRATION"


def test_the_command_reads_no_database():
    # No db fixture: pytest-django fails any query this test would make.
    decoded = parse_device_data(device_data(*PROVIDER, "--certification", "l1", "--ftp-id", "tc-1"), 100_000)
    digital = decoded.digital_id
    assert (digital.provider_id, digital.provider_name, digital.make, digital.model, digital.serial_no,
            digital.type, digital.sub_type) == ("acme-own", "Acme Own", "AX", "AX-300", "AX-300-0042", "Finger", "Slap")
    assert (decoded.purpose, decoded.certification, decoded.foundational_trust_provider_id) == ("AUTH", "L1", "tc-1")
    assert decoded.time_stamp == digital.date_time


@pytest.mark.parametrize("options,complaint", [
    (["--purpose", "REGISTRATION", "--device-id", "not an id!"], "its code"),
    (["--certification", "L1"], "--ftp-id"),
    (["--purpose", "SOMETIMES"], "invalid choice"),
    (["--serial", "  "], "empty --serial"),
])
def test_options_that_cannot_register_are_refused_before_printing(options, complaint):
    with pytest.raises(CommandError, match=complaint):
        device_data(*PROVIDER, *options)
