"""Who may call what, as data (pretix's permission-table idea). A route of the policy
service missing from the table fails the test."""

import pytest

from kernel.testing import PmsApi, make_user, token_for
from policies.urls import routes

from .conftest import P

pytestmark = pytest.mark.django_db

ALLOWED, FORBIDDEN = "allowed", "forbidden"

# (method, suffix, {role: outcome}); roles not listed are forbidden.
MATRIX = [
    ("get", "", {"POLICYMANAGER": ALLOWED, "PARTNER_ADMIN": ALLOWED}),
    ("post", "", {"POLICYMANAGER": ALLOWED, "PARTNER_ADMIN": ALLOWED}),
    ("post", "/policyGroup", {"POLICYMANAGER": ALLOWED, "PARTNER_ADMIN": ALLOWED}),
    ("put", "/policyGroup/{group}", {"POLICYMANAGER": ALLOWED, "PARTNER_ADMIN": ALLOWED}),
    ("get", "/policyGroups", {"POLICYMANAGER": ALLOWED, "PARTNER_ADMIN": ALLOWED}),
    ("get", "/policyGroupId/{group}", {"POLICYMANAGER": ALLOWED, "PARTNER_ADMIN": ALLOWED}),
    ("patch", "/policyGroupId/{group}/policyId/{policy}", {"POLICYMANAGER": ALLOWED, "PARTNER_ADMIN": ALLOWED}),
    ("post", "/publishPolicy/policyGroupId/{group}/policyId/{policy}", {"POLICYMANAGER": ALLOWED, "PARTNER_ADMIN": ALLOWED}),
    ("get", "/policyId/{policy}", {"POLICYMANAGER": ALLOWED, "PARTNER_ADMIN": ALLOWED}),
    ("get", "/partnerApiKey/some-key", {"POLICYMANAGER": ALLOWED, "PARTNER_ADMIN": ALLOWED,
                                        "ID_AUTHENTICATION": ALLOWED, "REGISTRATION_PROCESSOR": ALLOWED}),
    ("get", "/{policy}", {"POLICYMANAGER": ALLOWED, "PARTNER_ADMIN": ALLOWED,
                          "ID_AUTHENTICATION": ALLOWED, "REGISTRATION_PROCESSOR": ALLOWED}),
    ("put", "/{policy}", {"POLICYMANAGER": ALLOWED, "PARTNER_ADMIN": ALLOWED}),
    ("patch", "/{policy}", {"POLICYMANAGER": ALLOWED, "PARTNER_ADMIN": ALLOWED}),
]
ROLES = ["POLICYMANAGER", "PARTNER_ADMIN", "PARTNERMANAGER", "PARTNER", "MISP_ADMIN", "ID_AUTHENTICATION",
         "REGISTRATION_PROCESSOR", "AUDITOR", "DEVICE_PROVIDER"]


def _shape(suffix: str) -> str:
    import re

    return re.sub(r"<[^>]+>|\{[^}]+\}|some-key", "X", suffix)


def test_every_route_is_in_the_matrix():
    covered = {_shape(suffix) for _, suffix, _ in MATRIX}
    assert {_shape(r.suffix) for r in routes} <= covered


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method,suffix,allowed", MATRIX, ids=[f"{m} {s}" for m, s, _ in MATRIX])
def test_role_matrix(role, method, suffix, allowed, banking):
    from .factories import PolicyFactory

    policy = PolicyFactory(policy_group=banking)
    user = make_user(f"u-{role.lower()}", [role], policy_groups=[banking])
    url = P + suffix.format(group=banking.id, policy=policy.id)
    answer = PmsApi(token=token_for(user)).call(method, url, {} if method != "get" else None)
    expected = allowed.get(role, FORBIDDEN)
    if expected == FORBIDDEN:
        assert answer.status == 403 and answer.error_codes == ["KER-ATH-403"], answer.body
    else:
        assert answer.status != 403 and "KER-ATH-403" not in answer.error_codes, answer.body
    assert PmsApi().call(method, url, {} if method != "get" else None).status == 401
