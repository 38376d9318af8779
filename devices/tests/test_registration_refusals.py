"""Bad registrations (issue "Must show"): each its documented code, nothing stored, the
failure audited, never an HTTP 500."""

import base64
import datetime as dt
import json

import pytest
from django.utils import timezone

from devices.models import RegisteredDevice
from tests.support.api import PmsApi, assert_ok
from tests.support.audit import assert_refused, snapshot
from tests.support.users import make_user, token_for

from .factories import V1, b64, device_data, digital_id, ftp_request, provider_request, self_signed

pytestmark = pytest.mark.django_db

REGISTER = f"{V1}/registereddevices"


def register(api, data):
    return api.post(REGISTER, {"deviceData": data})


def refused(answer, code, before, message=None):
    assert_refused(answer, code, unchanged=before, event="device.register.failure")
    if message:
        assert message in answer.body["errors"][0]["message"], answer.body


@pytest.fixture
def unchanged(provider):
    return snapshot(RegisteredDevice, RegisteredDevice.history.model)


def test_undecodable_device_data(zonal, unchanged):
    refused(register(zonal, "!!not base64!!"), "KER-MSD-999", unchanged, "deviceData: not base64")
    refused(register(zonal, "QUJD="), "KER-MSD-999", unchanged, "bad length or padding")
    refused(register(zonal, b64(b"hello, not json")), "KER-MSD-999", unchanged, "deviceData: not JSON")
    refused(register(zonal, b64(b"\xff\xfe\x00")), "KER-MSD-999", unchanged, "not JSON")
    refused(register(zonal, b64([1, 2, 3])), "KER-MSD-999", unchanged, "expected a JSON object")
    refused(register(zonal, b64(b'{"purpose": "AUTH", "purpose": "AUTH"}')), "KER-MSD-999", unchanged, "not JSON")
    refused(register(zonal, b64(b'{"deviceId": NaN}')), "KER-MSD-999", unchanged, "not JSON")
    refused(register(zonal, "a.b"), "KER-MSD-999", unchanged, "three non-empty parts")


def test_missing_fields_and_wrong_types(zonal, provider, unchanged):
    refused(zonal.post(REGISTER, {}), "ADM-DPM-025", unchanged, "deviceData")
    refused(zonal.post(REGISTER, {"deviceData": ""}), "ADM-DPM-025", unchanged, "deviceData")
    refused(zonal.post(REGISTER, {"deviceData": 12345}), "KER-MSD-999", unchanged, "deviceData")
    good = json.loads(base64.b64decode(device_data(digital_id(provider["id"]))))
    without_firmware = {**good, "deviceInfo": {k: v for k, v in good["deviceInfo"].items() if k != "firmware"}}
    refused(register(zonal, b64(without_firmware)), "ADM-DPM-025", unchanged, "deviceInfo.firmware")
    refused(register(zonal, b64({**good, "deviceInfo": "L0"})), "KER-MSD-999", unchanged, "deviceInfo")
    refused(register(zonal, b64({**good, "purpose": 7})), "KER-MSD-999", unchanged, "purpose: expected a string")
    refused(register(zonal, b64({**good, "deviceInfo": {**good["deviceInfo"], "timeStamp": "yesterday"}})),
            "KER-MSD-999", unchanged, "deviceInfo.timeStamp")
    no_serial = {k: v for k, v in digital_id(provider["id"]).items() if k != "serialNo"}
    refused(register(zonal, device_data(no_serial)), "ADM-DPM-025", unchanged, "digitalId.serialNo")
    refused(register(zonal, device_data("%%%")), "KER-MSD-999", unchanged, "deviceInfo.digitalId")


def test_sizes(zonal, provider, unchanged):
    huge = zonal.post(REGISTER, {"deviceData": "A" * (5 * 1024 * 1024)})
    assert_refused(huge, "PMS_COR_002", status=413, unchanged=unchanged)
    over = "A" * 70000
    refused(register(zonal, over), "KER-MSD-999", unchanged, "at most 65536 characters")


def test_the_time_window(zonal, provider, unchanged):
    digital = digital_id(provider["id"])
    old = device_data(digital, stamp=timezone.now() - dt.timedelta(minutes=10))
    refused(register(zonal, old), "MSD-RDS-001", unchanged, "Time Stamp input is 5 min before the current timestamp")
    ahead = device_data(digital, stamp=timezone.now() + dt.timedelta(minutes=10))
    refused(register(zonal, ahead), "MSD-RDS-001", unchanged, "Time Stamp input is 5 min after the current timestamp")
    assert_ok(register(zonal, device_data(digital, stamp=timezone.now() - dt.timedelta(minutes=4))))


def test_values_the_registry_does_not_know(zonal, provider, unchanged):
    mine = provider["id"]
    refused(register(zonal, device_data(digital_id(mine), purpose="SALE")), "ADM-DPM-034", unchanged)
    refused(register(zonal, device_data(digital_id(mine), certification="L9")), "ADM-DPM-033", unchanged)
    refused(register(zonal, device_data(digital_id(mine, type_="Palm"))), "ADM-DPM-026", unchanged, "Palm")
    refused(register(zonal, device_data(digital_id(mine, sub_type="Double"))), "ADM-DPM-027", unchanged, "Double")
    refused(register(zonal, device_data(digital_id("no-such-provider"))), "ADM-DPM-032", unchanged)
    refused(register(zonal, device_data(digital_id(mine, provider_name="Someone Else"))), "ADM-DPM-031", unchanged)
    refused(register(zonal, device_data(digital_id(mine, model="AX-999"))), "ADM-DPM-030", unchanged, "Make/Model")
    signed_digital_id = f"{b64({'alg': 'RS256'})}.{b64(digital_id(mine))}.c2ln"
    refused(register(zonal, device_data(signed_digital_id)), "ADM-DPM-029", unchanged)
    refused(register(zonal, device_data(digital_id(mine), certification="L1")), "ADM-DPM-030", unchanged,
            "foundationalTrustProviderId")
    refused(register(zonal, device_data(digital_id(mine), ftp_id="no-such-ftp")), "ADM-DPM-030", unchanged)


def test_a_serial_is_registered_once_per_provider(zonal, provider):
    digital = digital_id(provider["id"])
    assert_ok(register(zonal, device_data(digital)))
    before = snapshot(RegisteredDevice)
    refused(register(zonal, device_data(digital)), "ADM-DPM-043", before, "Serial no and DpId already exist")


def test_a_device_provider_registers_only_for_its_own_providers(zonal, provider):
    owner = PmsApi(token=token_for(make_user("acme", ["DEVICE_PROVIDER"])))
    own = assert_ok(owner.post(f"{V1}/deviceprovider", provider_request(vendorName="Acme Own")))
    from .factories import mds_request

    assert_ok(owner.post(f"{V1}/mosipdeviceservice", mds_request(own["id"])))
    assert_ok(register(owner, device_data(digital_id(own["id"], provider_name="Acme Own"))))
    before = snapshot(RegisteredDevice)
    # the zonal admin's provider exists, but not for this login: it reads as unregistered
    refused(register(owner, device_data(digital_id(provider["id"], serial="X-1"))), "ADM-DPM-032", before)


def test_an_l1_digital_id_signed_by_its_foundational_trust_provider(zonal, provider):
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    ftp_key, ftp_certificate = self_signed("Trust Chips Root")
    forged_key, _ = self_signed("Somebody Else")
    ftp = assert_ok(zonal.post(f"{V1}/foundationaltrustprovider", {**ftp_request(), "certificateData": ftp_certificate}))
    digital = digital_id(provider["id"])

    def signed_with(key):
        head = b64({"alg": "RS256", "typ": "JWT"}, urlsafe=True, pad=False)
        body = b64(digital, urlsafe=True, pad=False)
        signature = key.sign(f"{head}.{body}".encode(), padding.PKCS1v15(), hashes.SHA256())
        return f"{head}.{body}.{base64.urlsafe_b64encode(signature).rstrip(b'=').decode()}"

    before = snapshot(RegisteredDevice)
    refused(register(zonal, device_data(signed_with(forged_key), certification="L1", ftp_id=ftp["id"])),
            "ADM-DPM-030", before, "does not verify")
    assert_ok(register(zonal, device_data(signed_with(ftp_key), certification="L1", ftp_id=ftp["id"])))
