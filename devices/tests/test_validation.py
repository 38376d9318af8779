"""Device validation (D8) in MOSIP's order, errors after the first collected."""

import base64
import json

import pytest

from audit.models import AuditEvent
from tests.support.api import PmsApi, assert_ok
from tests.support.users import AUTHENTICATION_QUERIES, WARM_AUTHENTICATION_QUERIES, make_user, token_for

from .factories import V1, device_data, digital_id, mds_request, provider_request, validate_request

pytestmark = pytest.mark.django_db
VALIDATE = f"{V1}/deviceprovidermanagement/validate"


@pytest.fixture
def registered(zonal, provider):
    digital = digital_id(provider["id"])
    signed = assert_ok(zonal.post(f"{V1}/registereddevices", {"deviceData": device_data(digital)}))
    return json.loads(base64.b64decode(signed.split(".")[1]))["deviceCode"], digital


def messages(answer):
    return [(e["errorCode"], e["message"]) for e in answer.body["errors"]]


def test_each_check_has_its_code(zonal, ida, provider, registered):
    code, digital = registered
    assert ida.post(VALIDATE, validate_request("no-such-device", digital)).error_codes == ["ADM-DPM-001"]
    assert ida.post(VALIDATE, validate_request(code, digital, version="MDS-9")).error_codes == ["ADM-DPM-005"]
    other = assert_ok(zonal.post(f"{V1}/deviceprovider", provider_request(vendorName="Other")))
    assert_ok(zonal.post(f"{V1}/mosipdeviceservice", mds_request(other["id"], swVersion="OTHER-1")))
    assert ida.post(VALIDATE, validate_request(code, digital, version="OTHER-1")).error_codes == ["ADM-DPM-007"]
    assert_ok(zonal.post(f"{V1}/mosipdeviceservice", mds_request(provider["id"], swVersion="OFF-1", isActive=False)))
    assert ida.post(VALIDATE, validate_request(code, digital, version="OFF-1")).error_codes == ["ADM-DPM-006"]
    assert AuditEvent.objects.filter(event_id="PMS_DEV_410", ref_id=code).count() == 3


def test_every_digital_id_difference_is_reported(ida, registered):
    code, digital = registered
    wrong = validate_request(code, digital)
    wrong["digitalId"].update(serialNo="OTHER", make="ZZ", dp="Someone", type="Iris")
    answer = ida.post(VALIDATE, wrong)
    assert answer.error_codes == ["ADM-DPM-008"] * 4
    assert [m.split(": ")[-1] for _, m in messages(answer)] == [
        "serialNo differs from the registered device", "make differs from the registered device",
        "dp differs from the registered device", "type differs from the registered device"]


def test_problems_after_the_device_are_collected(zonal, ida, provider, registered):
    code, digital = registered
    assert_ok(zonal.put(f"{V1}/deviceprovider", {**provider_request(isActive=False), "id": provider["id"]}))
    assert_ok(zonal.put(f"{V1}/registereddevices/status?deviceCode={code}&status=REVOKED"))
    wrong = validate_request(code, digital)
    wrong["digitalId"]["model"] = "AX-999"
    assert ida.post(VALIDATE, wrong).error_codes == ["ADM-DPM-002", "ADM-DPM-004", "ADM-DPM-008"]


def test_fingerprint_means_finger_and_spellings_are_accepted(ida, registered):
    code, digital = registered
    request = validate_request(code, digital)
    request["digitalId"] = {k.upper() if k == "dp" else k: v for k, v in request["digitalId"].items()}
    request["digitalId"]["subtype"] = request["digitalId"].pop("subType")
    assert_ok(ida.post(VALIDATE, {**{k: v for k, v in request.items() if k != "digitalId"},
                                  "digitalID": request["digitalId"]}))


def test_bad_validation_requests(ida, registered):
    code, digital = registered
    assert ida.post(VALIDATE, {"deviceCode": code}).error_codes[0] == "KER-MSD-999"
    assert ida.post(VALIDATE, {**validate_request(code, digital), "digitalId": "base64?"}).error_codes == ["KER-MSD-999"]
    missing = validate_request(code, digital)
    del missing["digitalId"]["serialNo"]
    answer = ida.post(VALIDATE, missing)
    assert answer.error_codes == ["KER-MSD-999"] and "digitalId.serialNo" in answer.body["errors"][0]["message"]
    history = ida.post(f"{VALIDATE}/history", {**validate_request(code, digital), "timeStamp": "last week"})
    assert history.error_codes == ["KER-MSD-999"]
    future = ida.post(f"{VALIDATE}/history", {**validate_request(code, digital), "timeStamp": "2099-01-01T00:00:00Z"})
    assert future.error_codes == ["KER-MSD-999"] and "not the future" in future.body["errors"][0]["message"]


def test_registration_processors_validate_and_partners_do_not(registered):
    code, digital = registered
    processor = PmsApi(token=token_for(make_user("regproc", ["REGISTRATION_PROCESSOR"])))
    assert_ok(processor.post(VALIDATE, validate_request(code, digital)))
    partner = PmsApi(token=token_for(make_user("dp", ["DEVICE_PROVIDER"])))
    assert partner.post(VALIDATE, validate_request(code, digital)).status == 403


@pytest.mark.parametrize("size", [1, 8])
def test_validation_runs_a_fixed_number_of_queries(zonal, ida, provider, size):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.support.audit import AUDIT_WRITE_QUERIES

    devices = []
    for n in range(size):
        digital = digital_id(provider["id"], serial=f"SN-{n}")
        signed = assert_ok(zonal.post(f"{V1}/registereddevices", {"deviceData": device_data(digital)}))
        devices.append((json.loads(base64.b64decode(signed.split(".")[1]))["deviceCode"], digital))
        assert_ok(zonal.post(f"{V1}/mosipdeviceservice", mds_request(provider["id"], swVersion=f"OTHER-{n}")))
    code, digital = devices[-1]
    from django.utils import timezone

    from kernel.envelope import format_time

    for path, extra in ((VALIDATE, {}), (f"{VALIDATE}/history", {"timeStamp": format_time(timezone.now())})):
        with CaptureQueriesContext(connection) as ctx:
            assert_ok(ida.post(path, {**validate_request(code, digital), **extra}))
        # 1 to authenticate; now: the device with its provider and sub-type, the services of the
        # version; as of a moment: the device, its provider, the services, the sub-type's code
        # (the second request's token is in the token cache: no statement to authenticate)
        reads = 2 if path == VALIDATE else 4
        authentication = AUTHENTICATION_QUERIES if path == VALIDATE else WARM_AUTHENTICATION_QUERIES
        assert len(ctx.captured_queries) == authentication + reads + AUDIT_WRITE_QUERIES, [q["sql"][:80] for q in ctx.captured_queries]


def test_an_unknown_provider_id_is_003_not_a_mismatch(ida, registered):
    """Catalog D8 order: the digital ID's provider (dpId) exists (003) before any match (008)."""
    code, digital = registered
    unknown = validate_request(code, {**digital, "deviceProviderId": "no-such-provider"})
    answer = ida.post(VALIDATE, unknown)
    assert answer.error_codes == ["ADM-DPM-003"]
    assert messages(answer) == [("ADM-DPM-003", "Device Provider does not exist")]
    history = ida.post(f"{VALIDATE}/history", {**unknown, "timeStamp": _now()})
    assert history.error_codes == ["ADM-DPM-003"]
    assert AuditEvent.objects.filter(event_id="PMS_DEV_410", ref_id=code).count() == 1
    assert AuditEvent.objects.filter(event_id="PMS_DEV_411", ref_id=code).count() == 1


def test_the_provider_check_comes_before_the_matches_and_after_the_status(zonal, ida, registered):
    code, digital = registered
    assert_ok(zonal.put(f"{V1}/registereddevices/status?deviceCode={code}&status=RETIRED"))
    wrong = validate_request(code, {**digital, "deviceProviderId": "no-such-provider", "serialNo": "OTHER"})
    assert ida.post(VALIDATE, wrong).error_codes == ["ADM-DPM-002", "ADM-DPM-003", "ADM-DPM-008"]


def test_another_existing_provider_is_checked_then_reported_as_a_mismatch(zonal, ida, registered):
    code, digital = registered
    other = assert_ok(zonal.post(f"{V1}/deviceprovider", provider_request(vendorName="Other", isActive=False)))
    request = validate_request(code, {**digital, "deviceProviderId": other["id"]})
    answer = ida.post(VALIDATE, request)
    assert answer.error_codes == ["ADM-DPM-004", "ADM-DPM-008"]
    assert messages(answer)[1][1].endswith("dpId differs from the registered device")


def test_validation_as_of_a_moment_checks_the_provider_as_it_stood_then(zonal, ida, registered):
    import time

    code, digital = registered
    before_other = _now()
    time.sleep(0.01)
    other = assert_ok(zonal.post(f"{V1}/deviceprovider", provider_request(vendorName="Other")))
    request = validate_request(code, {**digital, "deviceProviderId": other["id"]})
    history = f"{VALIDATE}/history"
    assert ida.post(history, {**request, "timeStamp": before_other}).error_codes == ["ADM-DPM-003"]
    assert ida.post(history, {**request, "timeStamp": _now()}).error_codes == ["ADM-DPM-008"]


def _now():
    from django.utils import timezone

    from kernel.envelope import format_time

    return format_time(timezone.now())
