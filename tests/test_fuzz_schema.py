"""Schemathesis against our own OpenAPI schema ("proof under load and attack": fuzzing).

The schema is the one ``/api/schema/?format=json`` serves, fetched in-process from the
WSGI application; each documented operation gets a bounded, deterministic run (fixed seed,
``FUZZ_EXAMPLES`` generated cases, valid and invalid ones) against the same application,
authenticated as ``PARTNER_ADMIN`` (who passes every role gate), so the fuzzer reaches the
views instead of stopping at 401/403. Every answer must not be a server error and must be
documented by the schema: status code, content type and body (success or error envelope).
Schemathesis's ``negative_data_rejection`` is not among the checks: a business error answers
HTTP 200 in the envelope, as MOSIP does (the error envelope is checked instead).

Run it on its own with ``pytest -m fuzz``; ``.ci/run`` does so in a step of its own.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.support.users import make_user, token_for

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

FUZZ_SEED = int(os.environ.get("PMS_FUZZ_SEED", "20261202"))
# Examples per operation: small in CI (bounded run); raise it for a deeper run by hand.
FUZZ_EXAMPLES = int(os.environ.get("PMS_FUZZ_EXAMPLES", "12"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

CONFIG_DATA = {
    "seed": FUZZ_SEED,
    "generation": {
        "mode": "all",  # valid and invalid inputs
        "max-examples": FUZZ_EXAMPLES,
        "deterministic": True,
        "database": "none",  # no example database: every run is the same run
        # The token travels in our header; generated cookies would replace it (cookie first).
        "with-security-parameters": False,
    },
    "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
}
CONFIG = schemathesis.Config.from_dict(CONFIG_DATA)

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application(), config=CONFIG)


@pytest.fixture
def wsgi_in_test_transaction():
    """The WSGI handler closes the database connection at the end of each request (Django's
    ``close_old_connections``), which on PostgreSQL ends the test's transaction; Django's own
    test client disconnects it the same way (and connects it again after each of its calls,
    so this fixture comes after any fixture that uses the test client)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def admin(db):
    return make_user("fuzz-admin", ["PARTNER_ADMIN"])


@schema.parametrize()
# One user per operation, shared by its examples on purpose; a fresh token for each example,
# since invalidateToken ends the token it is given.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow], deadline=None)
def test_every_operation_answers_as_documented(case, admin, wsgi_in_test_transaction):
    case.call_and_validate(headers={"Authorization": f"Bearer {token_for(admin)}"}, checks=CHECKS)


# --- the same, half of the time on records that exist ------------------------------------
#
# Ids drawn at random name nothing, so the run above mostly meets "does not exist". Here each
# id in a path (or the device code in a query) is, with probability 1/2, one of the records
# the fixture below creates, so updates, status changes, publishing, approvals and
# deregistration run on real rows with fuzzed bodies.

KNOWN = {
    "path.group_id": ["fuzz-group"], "path.policy_id": ["fuzz-policy", "fuzz-draft"],
    "path.partner_id": ["fuzz-partner"], "path.request_id": ["fuzz-request"], "path.misp_id": ["fuzz-misp"],
    "path.device_code": ["fuzz-device"], "query.deviceCode": ["fuzz-device"], "path.org_name": ["Fuzz"],
    "path.policy_name": ["Fuzz Policy"],
}
SEEDED_CONFIG = schemathesis.Config.from_dict({
    **CONFIG_DATA,
    "dictionaries": {key.replace(".", "-"): {"values": values} for key, values in KNOWN.items()},
    "parameters": {key: {"dictionary": key.replace(".", "-"), "probability": 0.5} for key in KNOWN},
})
seeded_schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application(), config=SEEDED_CONFIG)


@pytest.fixture
def records(admin):
    """One of each record, with the ids of ``KNOWN``, made through the API where it can be."""
    from devices.tests.factories import device_data, digital_id, ftp_request, mds_request, provider_request
    from misp.models import Misp
    from partners.models import ApiKeyRequest
    from partners.tests.factories import make_partner
    from policies.models import PolicyStatus
    from policies.tests.factories import PolicyFactory, PolicyGroupFactory
    from tests.support.api import PmsApi, assert_ok

    group = PolicyGroupFactory(id="fuzz-group", name="Fuzz Group")
    policy = PolicyFactory(id="fuzz-policy", policy_group=group, name="Fuzz Policy", status=PolicyStatus.PUBLISHED)
    PolicyFactory(id="fuzz-draft", policy_group=group, name="Fuzz Draft", status=PolicyStatus.DRAFT)
    partner = make_partner(admin, name="Fuzz Bank", group=group, partner_id="fuzz-partner")
    ApiKeyRequest.objects.create(id="fuzz-request", partner=partner, policy=policy, use_case="fuzzing")
    api = PmsApi(token=token_for(admin))
    made = assert_ok(api.post("/partnermanagement/v1/misps", {"organizationName": "Fuzz MISP", "contactNumber": "9876543210",
                                                               "emailId": "misp@fuzz.example", "address": "Fuzz"}))
    Misp.objects.filter(pk=made["mispID"]).update(id="fuzz-misp")
    assert_ok(api.patch("/partnermanagement/v1/misps/fuzz-misp/status", {"mispStatus": "Approved"}))
    provider = assert_ok(api.post("/v1/masterdata/deviceprovider", provider_request(id="fuzz-provider")))
    assert_ok(api.post("/v1/masterdata/mosipdeviceservice", mds_request(provider["id"], id="fuzz-mds")))
    assert_ok(api.post("/v1/masterdata/foundationaltrustprovider", ftp_request(id="fuzz-ftp")))
    assert_ok(api.post("/v1/masterdata/registereddevices", {"deviceData": device_data(
        digital_id(provider["id"]), purpose="REGISTRATION", device_id="fuzz-device")}))


@seeded_schema.parametrize()
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow], deadline=None)
def test_every_operation_answers_as_documented_on_existing_records(case, admin, records, wsgi_in_test_transaction):
    case.call_and_validate(headers={"Authorization": f"Bearer {token_for(admin)}"}, checks=CHECKS)
