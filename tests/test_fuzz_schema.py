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

from accounts.testing import make_user, token_for

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

FUZZ_SEED = int(os.environ.get("PMS_FUZZ_SEED", "20261202"))
# Examples per operation: small in CI (bounded run); raise it for a deeper run by hand.
FUZZ_EXAMPLES = int(os.environ.get("PMS_FUZZ_EXAMPLES", "12"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

CONFIG = schemathesis.Config.from_dict({
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
})

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application(), config=CONFIG)


@pytest.fixture
def admin(db):
    return make_user("fuzz-admin", ["PARTNER_ADMIN"])


@schema.parametrize()
# One user per operation, shared by its examples on purpose; a fresh token for each example,
# since invalidateToken ends the token it is given.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow], deadline=None)
def test_every_operation_answers_as_documented(case, admin):
    case.call_and_validate(headers={"Authorization": f"Bearer {token_for(admin)}"}, checks=CHECKS)
