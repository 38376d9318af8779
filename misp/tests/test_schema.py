"""Every MISP operation's real answers are what the OpenAPI schema documents for it (each
shape an answer can take: with and without a license key, one MISP or MISPs by name)."""

import pytest

from tests.support.api import PmsApi, assert_ok, openapi_schema, undocumented
from tests.support.users import make_user, token_for

from .test_partner_misp import PM12, world  # noqa: F401  (the PM12 fixture)

pytestmark = pytest.mark.django_db

M = "/partnermanagement/v1/misps/misps"
DOC = "/partnermanagement/v1/misps"


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        return openapi_schema()


def test_every_misp_answer_is_the_documented_one(schema, world):  # noqa: F811
    admin = PmsApi(token=token_for(make_user("misp-admin", ["MISP_ADMIN"])))
    checked = set()

    def check(method, url, documented, body=None):
        answer = admin.call(method.lower(), url, body)
        response = assert_ok(answer)
        assert undocumented(schema, documented, method.lower(), answer.body) == [], (method, url, response)
        checked.add((method.lower(), documented))
        return response

    created = check("POST", M, DOC, {"organizationName": "Metro Net MISP", "contactNumber": "9876998888",
                                     "emailId": "ops@misp.example", "address": "India"})
    misp_id = created["mispID"]
    pending = check("GET", f"{M}/mispId/{misp_id}", f"{DOC}/mispId/{{misp_id}}")
    assert pending["licenseKey"] is None  # no key before approval: the key fields are null
    other = check("POST", M, DOC, {"organizationName": "Other MISP", "contactNumber": "1", "emailId": "o@misp.example",
                                   "address": "x"})
    rejected = check("PATCH", f"{M}/{other['mispID']}/status", f"{DOC}/{{misp_id}}/status", {"mispStatus": "Rejected"})
    assert "mispLicenseKey" not in rejected
    approved = check("PATCH", f"{M}/{misp_id}/status", f"{DOC}/{{misp_id}}/status", {"mispStatus": "Approved"})
    key = approved["mispLicenseKey"]
    check("GET", M, DOC)
    check("PUT", f"{M}/{misp_id}", f"{DOC}/{{misp_id}}", {"address": "Mumbai"})
    by_id = check("GET", f"{M}/{misp_id}", f"{DOC}/{{misp_id}}")
    assert by_id["licenseKey"] == key
    by_name = check("GET", f"{M}/Metro", f"{DOC}/{{misp_id}}")
    assert set(by_name) == {"Metro Net MISP"}
    assert set(check("GET", f"{M}/name/Metr", f"{DOC}/name/{{org_name}}")) == {"Metro Net MISP"}
    check("PATCH", f"{M}/{misp_id}/licenseKey", f"{DOC}/{{misp_id}}/licenseKey", {"mispLicenseKey": key})
    check("GET", f"{M}/{misp_id}/licenseKey", f"{DOC}/{{misp_id}}/licenseKey")
    check("PUT", f"{M}/{misp_id}/licenseKey", f"{DOC}/{{misp_id}}/licenseKey",
          {"mispLicenseKey": key, "mispLicenseKeyStatus": "De-Active"})
    check("PATCH", f"{M}/{misp_id}", f"{DOC}/{{misp_id}}", {"mispStatus": "De-Active"})

    pm12 = PM12.format(p=world["partner"].id, k=world["api_key"], m=world["license"])
    answer = world["ida"].get(pm12)
    assert_ok(answer)
    documented = ("/partnermanagement/v1/pmpartners/validatePartnerMisp/partnerId/{partner_id}/partnerApiKey/{api_key}"
                  "/mispLicenseKey/{license_key}")
    assert undocumented(schema, documented, "get", answer.body) == []
    checked.add(("get", documented))

    operations = {(method, path) for path, methods in schema["paths"].items() for method in methods
                  if path.startswith(DOC) or "validatePartnerMisp" in path}
    assert operations == checked  # every MISP operation's answer was checked


def test_the_check_catches_an_answer_the_schema_does_not_describe(schema):
    answer = {"id": "x", "version": "1.0", "responsetime": "t", "metadata": None, "errors": [],
              "response": {"mispStatus": "Active"}}  # M1 without its ids
    assert undocumented(schema, DOC, "post", answer)
