"""The OpenAPI schema describes what the partner manager's lists really answer (fuzzing
finding: it documented a bare list where the answer is ``{partners: [...]}`` and
``{apikeyRequests: [...]}``)."""

import pytest

from tests.support.api import assert_ok, documented_success, openapi_schema, schema_component

from .conftest import MANAGER
from .factories import make_partner

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("suffix,key", [("", "partners"), ("/PartnerAPIKeyRequests", "apikeyRequests")])
def test_manager_lists_answer_the_documented_object(suffix, key, bank_manager_api, banking):
    make_partner(group=banking)
    answer = assert_ok(bank_manager_api.get(MANAGER + suffix))
    assert set(answer) == {key}
    schema = openapi_schema()
    envelope = documented_success(schema, f"/partnermanagement/v1/pmpartners{suffix}", "get")
    documented = schema_component(schema, envelope["properties"]["response"])
    assert documented["type"] == "object" and set(documented["properties"]) == {key}
    assert documented["properties"][key]["type"] == "array"
