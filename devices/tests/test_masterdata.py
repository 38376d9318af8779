"""Providers, FTPs and MDS over both prefixes: every spelling in, the documented codes for
what is wrong, nothing changed by a refusal, ownership for provider logins."""

import pytest

from devices.models import DeviceProvider, FoundationalTrustProvider, MosipDeviceService, RegisteredDevice
from tests.support.api import PmsApi, assert_ok
from tests.support.audit import assert_refused, snapshot
from tests.support.users import make_user, token_for

from .factories import SHORT, V1, device_data, digital_id, ftp_request, mds_request, provider_request, self_signed

pytestmark = pytest.mark.django_db


def test_providers_client_ids_spellings_and_refusals(zonal):
    made = assert_ok(zonal.post(f"{SHORT}/deviceprovider", {**provider_request(), "id": "acme-01"}))
    assert made["id"] == "acme-01" and made["isDeleted"] is False and made["createdBy"] == "zonal"
    generated = assert_ok(zonal.post(f"{V1}/deviceprovider", {
        "vendor_name": "Beta Scan", "address": "x", "email": "b@beta.example", "contact_number": "1",
        "certificate_alias": "b", "active": False}))
    assert len(generated["id"]) == 36 and generated["isActive"] is False
    before = snapshot(DeviceProvider)
    assert_refused(zonal.post(f"{V1}/deviceprovider", {**provider_request(), "id": "ACME-01".lower()}), "ADM-DPM-011",
                   unchanged=before, event="device.provider.create.failure")
    assert_refused(zonal.post(f"{V1}/deviceprovider", {**provider_request(), "vendorName": ""}), "ADM-DPM-010",
                   unchanged=before, event="device.provider.create.failure")
    assert_refused(zonal.post(f"{V1}/deviceprovider", {**provider_request(), "email": "nope"}), "KER-MSD-999",
                   unchanged=before, event="device.provider.create.failure")
    assert_refused(zonal.post(f"{V1}/deviceprovider", {**provider_request(), "isActive": "yes"}), "KER-MSD-999",
                   unchanged=before, event="device.provider.create.failure")
    assert_refused(zonal.post(f"{V1}/deviceprovider", {**provider_request(), "id": "bad id!"}), "KER-MSD-999",
                   unchanged=before, event="device.provider.create.failure")
    assert_refused(zonal.put(f"{V1}/deviceprovider", provider_request()), "ADM-DPM-013", unchanged=before,
                   event="device.provider.update.failure")
    assert_refused(zonal.put(f"{V1}/deviceprovider", {**provider_request(), "id": "nobody"}), "ADM-DPM-003",
                   unchanged=before, event="device.provider.update.failure")
    updated = assert_ok(zonal.put(f"{V1}/deviceprovider", {**provider_request(address="New St"), "id": "acme-01"}))
    assert updated["address"] == "New St" and DeviceProvider.objects.get(pk="acme-01").history.count() == 2


def test_foundational_trust_providers(zonal):
    made = assert_ok(zonal.post(f"{V1}/foundationaltrustprovider", {
        "vendor_name": "Trust Chips", "address": "x", "email": "t@tc.example", "contact_number": "1",
        "certificateAlias": "tc", "active": True}))
    assert made["name"] == "Trust Chips" and made["contactNo"] == "1"
    before = snapshot(FoundationalTrustProvider)
    assert_refused(zonal.post(f"{V1}/foundationaltrustprovider", {**ftp_request(), "id": made["id"]}), "ADM-DPM-016",
                   unchanged=before, event="device.ftp.create.failure")
    assert_refused(zonal.post(f"{V1}/foundationaltrustprovider", {**ftp_request(), "certAlias": None}),
                   "ADM-DPM-015", unchanged=before, event="device.ftp.create.failure")
    assert_refused(zonal.post(f"{V1}/foundationaltrustprovider", {**ftp_request(), "certificateData": "garbage"}),
                   "KER-MSD-999", unchanged=before, event="device.ftp.create.failure")
    assert_refused(zonal.put(f"{V1}/foundationaltrustprovider", {**ftp_request(), "id": "nope"}), "ADM-DPM-016",
                   unchanged=before, event="device.ftp.update.failure")
    assert_refused(zonal.put(f"{V1}/foundationaltrustprovider", {k: v for k, v in ftp_request().items() if k != "name"}
                             | {"id": made["id"]}), "ADM-DPM-018", unchanged=before, event="device.ftp.update.failure")
    assert_ok(zonal.put(f"{SHORT}/foundationaltrustprovider", {**ftp_request(name="Trust Chips 2"), "id": made["id"]}))
    assert FoundationalTrustProvider.objects.get().name == "Trust Chips 2"


def test_expired_ftp_certificate_is_refused(zonal):
    _, expired = self_signed("Old Root", days=-1, starts=-10)
    answer = zonal.post(f"{V1}/foundationaltrustprovider", {**ftp_request(), "certificateData": expired})
    assert_refused(answer, "KER-MSD-999", unchanged=snapshot(FoundationalTrustProvider))
    assert "not valid now" in answer.body["errors"][0]["message"]


def test_device_services(zonal, provider):
    before = snapshot(MosipDeviceService)
    mds = MosipDeviceService.objects.get()
    again = mds_request(provider["id"])
    assert_refused(zonal.post(f"{V1}/mosipdeviceservice", again), "ADM-DPM-021", unchanged=before,
                   event="device.mds.create.failure")
    assert_refused(zonal.post(f"{V1}/mosipdeviceservice", {**again, "id": mds.id, "swVersion": "2"}), "ADM-DPM-021",
                   unchanged=before, event="device.mds.create.failure")
    assert_refused(zonal.post(f"{V1}/mosipdeviceservice", mds_request("nobody", swVersion="2")), "ADM-DPM-039",
                   unchanged=before, event="device.mds.create.failure")
    assert_refused(zonal.post(f"{V1}/mosipdeviceservice", {**again, "swVersion": "2", "regDeviceTypeCode": "Palm"}),
                   "ADM-DPM-040", unchanged=before, event="device.mds.create.failure")
    assert_refused(zonal.post(f"{V1}/mosipdeviceservice", {**again, "swVersion": "2", "regDeviceSubCode": "Double"}),
                   "ADM-DPM-041", unchanged=before, event="device.mds.create.failure")
    assert_refused(zonal.post(f"{V1}/mosipdeviceservice", {**again, "swVersion": None}), "ADM-DPM-020",
                   unchanged=before, event="device.mds.create.failure")
    assert_refused(zonal.post(f"{V1}/mosipdeviceservice", {**again, "swVersion": "2",
                                                            "swExpiryDateTime": "2000-01-01T00:00:00.000Z"}),
                   "KER-MSD-999", unchanged=before, event="device.mds.create.failure")
    assert_refused(zonal.put(f"{V1}/mosipdeviceservice", {**again, "id": "nope"}), "ADM-DPM-023", unchanged=before,
                   event="device.mds.update.failure")
    updated = assert_ok(zonal.put(f"{SHORT}/mosipdeviceservice", {**again, "id": mds.id, "swversion": "MDS-1.0.4"}))
    assert updated["swVersion"] == "MDS-1.0.4" and mds.history.count() == 2


def test_provider_logins_manage_only_their_own_records(zonal, provider):
    acme = PmsApi(token=token_for(make_user("acme", ["DEVICE_PROVIDER"])))
    beta = PmsApi(token=token_for(make_user("beta", ["DEVICE_PROVIDER"])))
    own = assert_ok(acme.post(f"{V1}/deviceprovider", provider_request(vendorName="Acme Own")))
    assert DeviceProvider.objects.get(pk=own["id"]).owner.username == "acme"
    assert_ok(acme.post(f"{V1}/mosipdeviceservice", mds_request(own["id"])))
    digital = digital_id(own["id"], provider_name="Acme Own")
    signed = assert_ok(acme.post(f"{V1}/registereddevices", {"deviceData": device_data(digital)}))
    import base64
    import json

    code = json.loads(base64.b64decode(signed.split(".")[1]))["deviceCode"]
    before = snapshot(DeviceProvider, MosipDeviceService, RegisteredDevice)
    # another login's provider, service and device answer as unknown ones
    assert_refused(beta.put(f"{V1}/deviceprovider", {**provider_request(), "id": own["id"]}), "ADM-DPM-003",
                   unchanged=before)
    assert_refused(beta.post(f"{V1}/mosipdeviceservice", mds_request(own["id"], swVersion="9")), "ADM-DPM-039",
                   unchanged=before)
    assert_refused(beta.delete(f"{V1}/registereddevices/deregister/{code}"), "ADM-DPM-001", unchanged=before)
    assert_refused(beta.put(f"{V1}/registereddevices/status?deviceCode={code}&status=REVOKED"), "ADM-DPM-038",
                   unchanged=before)
    # and the zonal admin's provider is not the login's either
    assert_refused(acme.put(f"{V1}/deviceprovider", {**provider_request(), "id": provider["id"]}), "ADM-DPM-003",
                   unchanged=before)
    assert_ok(acme.put(f"{V1}/registereddevices/status?deviceCode={code}&status=RETIRED"))


def test_status_changes(zonal, provider):
    import base64
    import json

    signed = assert_ok(zonal.post(f"{V1}/registereddevices", {"deviceData": device_data(digital_id(provider["id"]))}))
    code = json.loads(base64.b64decode(signed.split(".")[1]))["deviceCode"]
    status = f"{V1}/registereddevices/status"
    before = snapshot(RegisteredDevice)
    for query, expected in [("", "ADM-DPM-036"), (f"?deviceCode={code}", "ADM-DPM-036"),
                            (f"?deviceCode={code}&status=LOST", "ADM-DPM-037"),
                            (f"?deviceCode={code}&status=registered", "ADM-DPM-037"),
                            ("?deviceCode=nope&status=REVOKED", "ADM-DPM-038")]:
        assert_refused(zonal.put(status + query), expected, unchanged=before, event="device.status.failure")
    assert_ok(zonal.put(f"{status}?deviceCode={code}&status=Retired"))
    assert_ok(zonal.put(f"{status}?deviceCode={code}&status=REGISTERED"))
    # a second device now takes the serial; the first cannot come back while it holds it
    assert_ok(zonal.put(f"{status}?deviceCode={code}&status=RETIRED"))
    assert_ok(zonal.post(f"{V1}/registereddevices", {"deviceData": device_data(digital_id(provider["id"]))}))
    assert_refused(zonal.put(f"{status}?deviceCode={code}&status=REGISTERED"), "ADM-DPM-043",
                   unchanged=snapshot(RegisteredDevice))
    assert_ok(zonal.put(f"{status}?deviceCode={code}&status=REVOKED"))
    assert_refused(zonal.put(f"{status}?deviceCode={code}&status=REGISTERED"), "ADM-DPM-037",
                   unchanged=snapshot(RegisteredDevice))
    assert RegisteredDevice.objects.get(pk=code).history.count() == 5


def test_the_schema_documents_deregistration_as_a_200_envelope(zonal, provider):
    """Fuzzing finding: D6 answers 200 with the envelope (MOSIP), which the schema said was 204."""
    from tests.support.api import documented_success, openapi_schema

    signed = assert_ok(zonal.post(f"{V1}/registereddevices", {"deviceData": device_data(digital_id(provider["id"]))}))
    import base64
    import json

    code = json.loads(base64.b64decode(signed.split(".")[1]))["deviceCode"]
    answer = zonal.delete(f"{V1}/registereddevices/deregister/{code}")
    assert answer.status == 200 and answer.response == {"status": "success", "message": "Device de-register successfully"}
    schema = openapi_schema()
    responses = schema["paths"]["/v1/masterdata/registereddevices/deregister/{device_code}"]["delete"]["responses"]
    assert "204" not in responses
    assert "response" in documented_success(schema, "/v1/masterdata/registereddevices/deregister/{device_code}", "delete")[
        "properties"]


def _with_unknown_key_algorithm(pem: str) -> str:
    """The certificate with its key's algorithm id (rsaEncryption) changed to one nobody knows:
    it loads, and fails only when its key is read."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    der = x509.load_pem_x509_certificate(pem.encode()).public_bytes(serialization.Encoding.DER)
    rsa_encryption = bytes.fromhex("06092A864886F70D010101")
    assert der.count(rsa_encryption) == 1
    bad = der.replace(rsa_encryption, bytes.fromhex("06092A864886F70D010163"))
    import base64
    body = base64.encodebytes(bad).decode()
    return f"-----BEGIN CERTIFICATE-----\n{body}-----END CERTIFICATE-----\n"


def _ec_certificate() -> str:
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    from django.utils import timezone

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "EC Root")])
    now = timezone.now()
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
                   .not_valid_after(now + dt.timedelta(days=30)).sign(key, hashes.SHA256()))
    return certificate.public_bytes(serialization.Encoding.PEM).decode()


@pytest.mark.parametrize("make_certificate", [lambda: _with_unknown_key_algorithm(self_signed("Odd Root")[1]),
                                              _ec_certificate], ids=["unknown-key-algorithm", "ec-key"])
def test_an_ftp_certificate_whose_key_cannot_verify_digital_ids_is_refused(zonal, make_certificate):
    # Before: the unknown algorithm was stored and failed (HTTP 500) at the first L1 registration.
    answer = zonal.post(f"{V1}/foundationaltrustprovider", {**ftp_request(), "certificateData": make_certificate()})
    assert_refused(answer, "KER-MSD-999", unchanged=snapshot(FoundationalTrustProvider))
    assert "certificateData" in answer.body["errors"][0]["message"]
