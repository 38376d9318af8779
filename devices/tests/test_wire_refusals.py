"""What a device client sends is read by the views (devices.device_data, the serializers,
kernel.text) before the service runs; a request that does not read is refused there with
its documented code and one audit row, the failure event of the operation the view
names, and reaches no service (no request event, nothing stored)."""

import base64
import json

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from audit.models import AuditEvent
from devices.models import MosipDeviceService, RegisteredDevice
from tests.support.api import assert_ok
from tests.support.audit import assert_refused, snapshot

from .factories import V1, b64, device_data, digital_id, ftp_request, mds_request, self_signed, validate_request

pytestmark = pytest.mark.django_db


def rows_of(answer) -> list[str]:
    return list(AuditEvent.objects.filter(request_id=answer.headers["X-Request-ID"]).order_by("id")
                .values_list("event_key", flat=True))


@pytest.fixture
def registered(zonal, provider):
    digital = digital_id(provider["id"])
    signed = assert_ok(zonal.post(f"{V1}/registereddevices", {"deviceData": device_data(digital)}))
    return json.loads(base64.b64decode(signed.split(".")[1]))["deviceCode"], digital


def test_device_data_that_does_not_decode_is_one_failure_row(zonal, provider):
    before = snapshot(RegisteredDevice)
    answer = zonal.post(f"{V1}/registereddevices", {"deviceData": "!!not base64!!"})
    assert_refused(answer, "KER-MSD-999", unchanged=before, event="device.register.failure")
    assert rows_of(answer) == ["device.register.failure"]
    unknown_purpose = zonal.post(f"{V1}/registereddevices",
                                 {"deviceData": device_data(digital_id(provider["id"]), purpose="SALE")})
    assert_refused(unknown_purpose, "ADM-DPM-034", unchanged=before, event="device.register.failure")
    assert rows_of(unknown_purpose) == ["device.register.failure"]


def test_a_device_the_registry_refuses_is_the_services_failure(zonal, provider):
    # The wire reads; the registry has no such provider: the service ran (request row first).
    answer = zonal.post(f"{V1}/registereddevices", {"deviceData": device_data(digital_id("no-such-provider"))})
    assert_refused(answer, "ADM-DPM-032", event="device.register.failure")
    assert rows_of(answer) == ["device.register.request", "device.register.failure"]


def test_a_status_that_does_not_read_is_one_failure_row(zonal, registered):
    code, _ = registered
    before = snapshot(RegisteredDevice)
    for query, error in [(f"devicecode={code}&status='LOST'", "ADM-DPM-037"), (f"devicecode={code}", "ADM-DPM-036"),
                         ("status=REVOKED", "ADM-DPM-036"), ("devicecode=''&status=REVOKED", "ADM-DPM-036")]:
        answer = zonal.put(f"{V1}/registereddevices/status?{query}")
        assert_refused(answer, error, unchanged=before, event="device.status.failure")
        assert rows_of(answer) == ["device.status.failure"], query


def test_quoted_values_name_the_device_and_the_status(zonal, registered):
    code, _ = registered
    assert_ok(zonal.put(f"{V1}/registereddevices/status?deviceCode='{code}'&status=%27revoked%27"))
    assert RegisteredDevice.objects.get(pk=code).status == "REVOKED"
    assert AuditEvent.objects.filter(event_key="device.status.success", ref_id=code).exists()


def test_mds_times_that_do_not_read_are_one_failure_row(zonal, provider):
    before = snapshot(MosipDeviceService)
    answer = zonal.post(f"{V1}/mosipdeviceservice", mds_request(provider["id"], swVersion="2", swCreateDateTime="soon"))
    assert_refused(answer, "KER-MSD-999", unchanged=before, event="device.mds.create.failure")
    assert "swCreateDateTime" in answer.body["errors"][0]["message"]
    assert rows_of(answer) == ["device.mds.create.failure"]


def test_a_validation_time_that_does_not_read_is_one_failure_row(ida, registered):
    code, digital = registered
    answer = ida.post(f"{V1}/deviceprovidermanagement/validate/history",
                      {**validate_request(code, digital), "timeStamp": "last week"})
    assert_refused(answer, "KER-MSD-999", event="device.validate_history.failure")
    assert "timeStamp" in answer.body["errors"][0]["message"]
    assert rows_of(answer) == ["device.validate_history.failure"]


def test_a_signed_digital_id_whose_header_is_not_json_is_refused_when_it_is_verified(zonal, provider):
    key, certificate = self_signed("Trust Chips Root")
    ftp = assert_ok(zonal.post(f"{V1}/foundationaltrustprovider", {**ftp_request(), "certificateData": certificate}))
    head = base64.urlsafe_b64encode(b"not json").rstrip(b"=").decode()
    body = b64(digital_id(provider["id"]), urlsafe=True, pad=False)
    signature = key.sign(f"{head}.{body}".encode(), padding.PKCS1v15(), hashes.SHA256())
    jws = f"{head}.{body}.{base64.urlsafe_b64encode(signature).rstrip(b'=').decode()}"
    before = snapshot(RegisteredDevice)
    answer = zonal.post(f"{V1}/registereddevices",
                        {"deviceData": device_data(jws, certification="L1", ftp_id=ftp["id"])})
    assert_refused(answer, "KER-MSD-999", unchanged=before, event="device.register.failure")
    assert "JWS header" in answer.body["errors"][0]["message"]
