"""The device life cycle over HTTP (issue "Must show"): provider → FTP → MDS → register an
AUTH device → verify the signed answer with the downloaded certificate → validate →
revoke → validate fails → validate/history before the revocation is Valid → deregister."""

import base64
import json

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from django.utils import timezone

from audit.models import AuditEvent
from devices.models import DeviceStatus, RegisteredDevice
from kernel.envelope import format_time
from tests.support.api import PmsApi, assert_error, assert_ok

from .factories import SHORT, V1, b64, device_data, digital_id, ftp_request, mds_request, provider_request, validate_request

pytestmark = pytest.mark.django_db


def verify_mosip_jws(signed: str, certificate_pem: str) -> tuple[dict, dict]:
    """The documented form: standard base64 segments; the third is base64 of the base64
    signature over the first two segments as sent."""
    header_b64, payload_b64, signature_b64 = signed.split(".")
    signature = base64.b64decode(base64.b64decode(signature_b64, validate=True), validate=True)
    public_key = x509.load_pem_x509_certificate(certificate_pem.encode()).public_key()
    public_key.verify(signature, f"{header_b64}.{payload_b64}".encode(), padding.PKCS1v15(), hashes.SHA256())
    return (json.loads(base64.b64decode(header_b64, validate=True)),
            json.loads(base64.b64decode(payload_b64, validate=True)))


def test_register_verify_validate_revoke_history_and_deregister(zonal, ida):
    provider = assert_ok(zonal.post(f"{V1}/deviceprovider", provider_request()))
    assert provider["vendorName"] == "Acme Biometrics" and provider["isActive"] is True
    ftp = assert_ok(zonal.post(f"{SHORT}/foundationaltrustprovider", ftp_request()))
    mds = assert_ok(zonal.post(f"{V1}/mosipdeviceservice", mds_request(provider["id"])))
    assert mds["regDeviceTypeCode"] == "Finger" and mds["regDeviceSubCode"] == "Single"

    digital = digital_id(provider["id"])
    signed = assert_ok(zonal.post(f"{V1}/registereddevices", {"deviceData": device_data(digital, ftp_id=ftp["id"])}))
    certificate = assert_ok(PmsApi().get("/v1/keymanager/getCertificate?applicationId=PMS"))["certificate"]
    header, payload = verify_mosip_jws(signed, certificate)
    assert header == {"alg": "RS256", "type": "JWS"}
    assert payload["status"] == "REGISTERED" and payload["env"]
    assert json.loads(base64.b64decode(payload["digitalId"])) == digital
    code = payload["deviceCode"]
    stored = RegisteredDevice.objects.get(pk=code)
    assert stored.purpose == "AUTH" and stored.serial_no == "AX-100-0001" and stored.device_type_id == "Finger"
    assert AuditEvent.objects.filter(event_id="PMS_DEV_207", ref_id=code).exists()

    check = validate_request(code, digital)
    valid = assert_ok(ida.post(f"{V1}/deviceprovidermanagement/validate", check))
    assert valid == [{"status": "Valid", "message": "Device details validated successfully"}]

    before_revocation = format_time(timezone.now())
    revoked = zonal.put(f"{V1}/registereddevices/status?devicecode={code}&status='REVOKED'")
    assert assert_ok(revoked)["status"] == "success"
    assert RegisteredDevice.objects.get(pk=code).status == DeviceStatus.REVOKED
    assert_error(ida.post(f"{V1}/deviceprovidermanagement/validate", check), "ADM-DPM-002")

    then = assert_ok(ida.post(f"{SHORT}/deviceprovidermanagement/validate/history",
                              {**check, "timestamp": before_revocation}))
    assert then == [{"status": "Valid", "message": "Device details history validated successfully"}]
    now = ida.post(f"{V1}/deviceprovidermanagement/validate/history", {**check, "timeStamp": format_time(timezone.now())})
    assert now.error_codes == ["ADM-DPM-002"]

    # A revoked device stays revoked: it is not deregistered (retired) over it.
    assert_error(zonal.delete(f"{V1}/registereddevices/deregister/{code}"), "ADM-DPM-002")
    # A second device, for registration (its id is its code), is deregistered once.
    second = digital_id(provider["id"], serial="AX-100-0002")
    answer = assert_ok(zonal.post(f"{V1}/registereddevices", {"deviceData": device_data(
        second, purpose="registration", device_id="REG-KIOSK-7", certification="L1", ftp_id=ftp["id"])}))
    assert verify_mosip_jws(answer, certificate)[1]["deviceCode"] == "REG-KIOSK-7"
    gone = assert_ok(zonal.delete(f"{V1}/registereddevices/deregister/REG-KIOSK-7"))
    assert gone == {"status": "success", "message": "Device de-register successfully"}
    assert RegisteredDevice.objects.get(pk="REG-KIOSK-7").status == DeviceStatus.RETIRED
    again = zonal.delete(f"{V1}/registereddevices/deregister/REG-KIOSK-7")
    assert again.error_codes == ["ADM-DPM-002"] and "already de-registered" in again.body["errors"][0]["message"]
    assert RegisteredDevice.objects.get(pk="REG-KIOSK-7").history.count() == 2


def test_a_provider_deactivated_yesterday_fails_today_but_validates_for_the_day_before(zonal, ida, provider):
    digital = digital_id(provider["id"])
    signed = assert_ok(zonal.post(f"{V1}/registereddevices", {"deviceData": device_data(digital)}))
    code = json.loads(base64.b64decode(signed.split(".")[1]))["deviceCode"]
    registered_at = timezone.now()
    assert_ok(zonal.put(f"{V1}/deviceprovider", {**provider_request(isActive=False), "id": provider["id"]}))
    check = validate_request(code, digital)
    assert ida.post(f"{V1}/deviceprovidermanagement/validate", check).error_codes == ["ADM-DPM-004"]
    history = f"{V1}/deviceprovidermanagement/validate/history"
    assert ida.post(history, {**check, "timeStamp": format_time(timezone.now())}).error_codes == ["ADM-DPM-004"]
    assert_ok(ida.post(history, {**check, "timeStamp": format_time(registered_at)}))
    # before the device existed, it did not exist
    long_ago = format_time(registered_at.replace(year=registered_at.year - 1))
    assert ida.post(history, {**check, "timeStamp": long_ago}).error_codes == ["ADM-DPM-001"]


def test_the_rfc7515_form_verifies_with_a_jose_library(zonal, provider, settings):
    import jwt

    settings.PMS_DEVICE_RESPONSE_FORMAT = "rfc7515"
    digital = digital_id(provider["id"])
    signed = assert_ok(zonal.post(f"{V1}/registereddevices", {"deviceData": device_data(digital)}))
    certificate = assert_ok(PmsApi().get("/v1/keymanager/getCertificate?applicationId=PMS"))["certificate"]
    public_key = x509.load_pem_x509_certificate(certificate.encode()).public_key()
    payload = jwt.decode(signed, public_key, algorithms=["RS256"])
    assert jwt.get_unverified_header(signed)["typ"] == "JWS"
    assert json.loads(base64.urlsafe_b64decode(payload["digitalId"] + "==")) == digital


@pytest.mark.parametrize("encoding", [{"urlsafe": True, "pad": False}, {"urlsafe": True}, {"pad": False}])
def test_device_data_in_every_base64_form_is_accepted(zonal, provider, encoding):
    data = device_data(digital_id(provider["id"]), **encoding)
    assert_ok(zonal.post(f"{V1}/registereddevices", {"deviceData": data}))


def test_device_data_as_the_payload_of_a_jws(zonal, provider):
    inner = device_data(digital_id(provider["id"]), urlsafe=True, pad=False)
    jws = f"{b64({'alg': 'RS256'}, urlsafe=True, pad=False)}.{inner}.c2lnbmF0dXJl"
    assert_ok(zonal.post(f"{V1}/registereddevices", {"deviceData": jws}))
