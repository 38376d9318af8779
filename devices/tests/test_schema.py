"""Every device operation's real answers are what the OpenAPI schema documents for it."""

import base64
import json

import pytest
from django.utils import timezone

from kernel.envelope import format_time
from tests.support.api import assert_ok, openapi_schema, undocumented

from .factories import V1, device_data, digital_id, ftp_request, mds_request, provider_request, validate_request

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        return openapi_schema()


def test_every_device_answer_is_the_documented_one(schema, zonal, ida):
    checked = set()

    def check(api, method, suffix, body=None, documented=None):
        answer = api.call(method, f"{V1}{suffix}", body)
        response = assert_ok(answer)
        path = f"{V1}{documented or suffix.split('?')[0]}"
        assert undocumented(schema, path, method, answer.body) == [], (method, suffix, response)
        checked.add((method, path))
        return response

    provider = check(zonal, "post", "/deviceprovider", provider_request())
    check(zonal, "put", "/deviceprovider", provider_request(id=provider["id"], address="13 Sensor Street"))
    ftp = check(zonal, "post", "/foundationaltrustprovider", ftp_request())
    check(zonal, "put", "/foundationaltrustprovider", ftp_request(id=ftp["id"], address="2 Silicon Way"))
    mds = check(zonal, "post", "/mosipdeviceservice", mds_request(provider["id"]))
    check(zonal, "put", "/mosipdeviceservice", {**mds_request(provider["id"]), "id": mds["id"]})
    digital = digital_id(provider["id"])
    signed = check(zonal, "post", "/registereddevices", {"deviceData": device_data(digital)})
    code = json.loads(base64.b64decode(signed.split(".")[1]))["deviceCode"]
    check(ida, "post", "/deviceprovidermanagement/validate", validate_request(code, digital))
    check(ida, "post", "/deviceprovidermanagement/validate/history",
          {**validate_request(code, digital), "timeStamp": format_time(timezone.now())})
    check(zonal, "put", f"/registereddevices/status?deviceCode={code}&status=RETIRED")
    check(zonal, "put", f"/registereddevices/status?deviceCode={code}&status=REGISTERED")
    check(zonal, "post", "/registereddevices/deregister", {"deviceCode": code})
    second = check(zonal, "post", "/registereddevices", {"deviceData": device_data(digital_id(provider["id"], serial="S-2"))})
    second_code = json.loads(base64.b64decode(second.split(".")[1]))["deviceCode"]
    check(zonal, "delete", f"/registereddevices/deregister/{second_code}",
          documented="/registereddevices/deregister/{device_code}")

    operations = {(method, path) for path, methods in schema["paths"].items() for method in methods
                  if path.startswith(V1)}
    assert operations == checked  # every device operation's answer was checked


def test_the_check_catches_an_answer_the_schema_does_not_describe(schema):
    answer = {"id": "x", "version": "1.0", "responsetime": "t", "metadata": None, "errors": [],
              "response": {"status": "Valid", "message": "Device details validated successfully"}}  # not a list
    assert undocumented(schema, f"{V1}/deviceprovidermanagement/validate", "post", answer)
