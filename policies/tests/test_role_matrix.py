"""Who may call what, as data (pretix's permission table). A route of the policy service
missing from the table fails the test."""

import pytest

from accounts.testing import token_for
from kernel.testing import ALL_ROLES, ALLOWED, PmsApi, assert_role_outcome, missing_from_matrix
from policies.urls import routes

from .conftest import P
from .factories import PolicyFactory, make_manager

pytestmark = pytest.mark.django_db

MANAGERS = {"POLICYMANAGER": ALLOWED, "PARTNER_ADMIN": ALLOWED}
MACHINES_TOO = {**MANAGERS, "ID_AUTHENTICATION": ALLOWED, "REGISTRATION_PROCESSOR": ALLOWED}

# (method, path under the service, {role: outcome}); roles not listed are forbidden.
MATRIX = [
    ("get", "", MANAGERS),
    ("post", "", MANAGERS),
    ("post", "/policyGroup", MANAGERS),
    ("put", "/policyGroup/{group}", MANAGERS),
    ("get", "/policyGroups", MANAGERS),
    ("get", "/policyGroupId/{group}", MANAGERS),
    ("patch", "/policyGroupId/{group}/policyId/{policy}", MANAGERS),
    ("post", "/publishPolicy/policyGroupId/{group}/policyId/{policy}", MANAGERS),
    ("get", "/policyId/{policy}", MANAGERS),
    ("get", "/partnerApiKey/{key}", MACHINES_TOO),
    ("get", "/{policy}", MACHINES_TOO),
    ("put", "/{policy}", MANAGERS),
    ("patch", "/{policy}", MANAGERS),
]


def test_every_route_is_in_the_matrix():
    assert missing_from_matrix(routes, MATRIX) == set()


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("method,suffix,allowed", MATRIX, ids=[f"{m} {s}" for m, s, _ in MATRIX])
def test_role_matrix(role, method, suffix, allowed, banking):
    policy = PolicyFactory(policy_group=banking)
    user = make_manager(f"u-{role.lower()}", [role], groups=[banking])
    url = P + suffix.format(group=banking.id, policy=policy.id, key="some-key")
    body = {} if method != "get" else None
    assert_role_outcome(PmsApi(token=token_for(user)).call(method, url, body), allowed.get(role, "forbidden"))
    assert PmsApi().call(method, url, body).status == 401
