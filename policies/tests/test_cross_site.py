"""Cross-site requests carrying the cookie are refused on every write of the policy
service (hardening issue, finding 4). Who may call what is the whole-API role matrix
(tests/test_role_matrix_all.py)."""

import json

import pytest

from policies.urls import routes
from tests.support.api import PmsApi, writes_missing
from tests.support.users import token_for

from .conftest import DOUBLED
from .factories import PolicyFactory

pytestmark = pytest.mark.django_db

UNSAFE = [
    ("post", ""),
    ("post", "/policyGroup"),
    ("put", "/policyGroup/{group}"),
    ("patch", "/policyGroupId/{group}/policyId/{policy}"),
    ("post", "/publishPolicy/policyGroupId/{group}/policyId/{policy}"),
    ("put", "/{policy}"),
    ("patch", "/{policy}"),
]


def test_every_write_route_is_checked():
    assert writes_missing(routes, UNSAFE) == set()


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

    from audit.models import AuditEvent
    from policies.models import PolicyStatus
    from tests.support.api import envelope
    from tests.support.users import make_user

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

    from policies.models import Policy, PolicyStatus
    from tests.support.users import make_user

    policy = PolicyFactory(policy_group=banking, status=PolicyStatus.DRAFT)
    browser = Client()
    browser.cookies["Authorization"] = token_for(make_user("root", ["PARTNER_ADMIN"]))
    answer = browser.post(f"{DOUBLED}/publishPolicy/policyGroupId/{banking.id}/policyId/{policy.id}", "",
                          content_type="text/plain", headers={"Origin": "http://testserver"})
    assert answer.status_code == 200 and json.loads(answer.content)["errors"] == []
    assert Policy.objects.get(pk=policy.pk).status == PolicyStatus.PUBLISHED


def test_header_token_is_not_subject_to_the_cookie_rule(banking):
    from policies.models import PolicyStatus
    from tests.support.users import make_user

    policy = PolicyFactory(policy_group=banking, status=PolicyStatus.DRAFT)
    api = PmsApi(token=token_for(make_user("root", ["PARTNER_ADMIN"])))
    answer = api.post(f"{DOUBLED}/publishPolicy/policyGroupId/{banking.id}/policyId/{policy.id}", raw="", content_type="text/plain",
                      headers={"Origin": "https://evil.example"})
    assert answer.status == 200 and answer.error_codes == []
