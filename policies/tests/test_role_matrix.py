"""Who may call what, as data (pretix's permission table). A route of the policy service
missing from the table fails the test."""

import json

import pytest

from accounts.testing import token_for
from kernel.testing import ALL_ROLES, ALLOWED, PmsApi, assert_role_outcome, missing_from_matrix
from policies.urls import routes

from .conftest import DOUBLED
from .factories import PolicyFactory, make_manager

pytestmark = pytest.mark.django_db

MANAGERS = {"POLICYMANAGER": ALLOWED, "PARTNER_ADMIN": ALLOWED}
# GET /policies/{x} also reads by partner API key (served by the partners app, which owns keys).
BY_ID_OR_KEY = {**MANAGERS, "PARTNERMANAGER": ALLOWED, "ID_AUTHENTICATION": ALLOWED, "REGISTRATION_PROCESSOR": ALLOWED}

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
    ("get", "/{policy}", BY_ID_OR_KEY),
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
    url = DOUBLED + suffix.format(group=banking.id, policy=policy.id, key="some-key")
    body = {} if method != "get" else None
    assert_role_outcome(PmsApi(token=token_for(user)).call(method, url, body), allowed.get(role, "forbidden"))
    assert PmsApi().call(method, url, body).status == 401


# --- cross-site requests carrying the cookie (hardening issue, finding 4) ------------------

UNSAFE = [(method, suffix) for method, suffix, _ in MATRIX if method != "get"]


def _snapshot():
    from policies.models import ManagerGroupMapping, Policy, PolicyGroup

    return (list(Policy.objects.order_by("pk").values()), list(PolicyGroup.objects.order_by("pk").values()),
            ManagerGroupMapping.objects.count())


@pytest.mark.parametrize("method,suffix", UNSAFE, ids=[f"{m} {s}" for m, s in UNSAFE])
@pytest.mark.parametrize("content_type,origin", [
    ("text/plain", "https://evil.example"),
    ("application/x-www-form-urlencoded", "https://evil.example"),
    ("text/plain", None),
    ("application/json", "https://evil.example"),
    ("application/json", "null"),
])
def test_cookie_requests_from_another_site_are_refused(method, suffix, content_type, origin, banking):
    from django.test import Client

    from accounts.testing import make_user
    from audit.models import AuditEvent
    from kernel.testing import envelope
    from policies.models import PolicyStatus

    policy = PolicyFactory(policy_group=banking, status=PolicyStatus.DRAFT)
    browser = Client()
    browser.cookies["Authorization"] = token_for(make_user("root", ["PARTNER_ADMIN"]))
    before = _snapshot()
    url = DOUBLED + suffix.format(group=banking.id, policy=policy.id, key="k")
    body = json.dumps(envelope({"name": "x", "desc": "y", "status": "De-Active", "policies": {}}))
    headers = {"Origin": origin} if origin else {}
    answer = browser.generic(method.upper(), url, body, content_type=content_type, headers=headers)
    assert answer.status_code == 403, answer.content
    assert json.loads(answer.content)["errors"][0]["errorCode"] == "KER-ATH-403"
    assert _snapshot() == before
    assert AuditEvent.objects.filter(event_key="auth.access.denied", session_user_id="root").exists()


def test_same_site_cookie_request_without_json_passes_the_check(banking):
    from django.test import Client

    from accounts.testing import make_user
    from policies.models import Policy, PolicyStatus

    policy = PolicyFactory(policy_group=banking, status=PolicyStatus.DRAFT)
    browser = Client()
    browser.cookies["Authorization"] = token_for(make_user("root", ["PARTNER_ADMIN"]))
    answer = browser.post(f"{DOUBLED}/publishPolicy/policyGroupId/{banking.id}/policyId/{policy.id}", "",
                          content_type="text/plain", headers={"Origin": "http://testserver"})
    assert answer.status_code == 200 and json.loads(answer.content)["errors"] == []
    assert Policy.objects.get(pk=policy.pk).status == PolicyStatus.PUBLISHED


def test_header_token_is_not_subject_to_the_cookie_rule(banking):
    from accounts.testing import make_user
    from policies.models import PolicyStatus

    policy = PolicyFactory(policy_group=banking, status=PolicyStatus.DRAFT)
    api = PmsApi(token=token_for(make_user("root", ["PARTNER_ADMIN"])))
    answer = api.post(f"{DOUBLED}/publishPolicy/policyGroupId/{banking.id}/policyId/{policy.id}", raw="", content_type="text/plain",
                      headers={"Origin": "https://evil.example"})
    assert answer.status == 200 and answer.error_codes == []
