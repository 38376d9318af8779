"""Who may call what on the partner and partner-manager services, as data; a route of
either missing from the table fails. Scope (own partner, own groups) is tested in
test_refusals; here: the role gate of every route and method, for every role."""

import pytest

from accounts.testing import make_user, token_for
from kernel.testing import ALL_ROLES, ALLOWED, PmsApi, assert_role_outcome, missing_from_matrix
from partners.urls import manager_routes, partner_routes

from .conftest import MANAGER, PARTNERS

pytestmark = pytest.mark.django_db

PARTNER_ROLES = ["PARTNER", "AUTH_PARTNER", "DEVICE_PROVIDER", "FTM_PROVIDER", "CREDENTIAL_PARTNER",
                 "ONLINE_VERIFICATION_PARTNER", "MISP_PARTNER", "PRINT_PARTNER", "ABIS_PARTNER", "SDK_PARTNER",
                 "MANUAL_ADJUDICATION", "PARTNER_ADMIN"]
MANAGERS_ONLY = {"PARTNERMANAGER": ALLOWED, "PARTNER_ADMIN": ALLOWED}
PARTNERS_ONLY = {role: ALLOWED for role in PARTNER_ROLES}

PARTNER_MATRIX = [
    ("post", "", PARTNERS_ONLY),
    ("get", "/digitalcertificate", PARTNERS_ONLY),
    ("post", "/digitalcertificate", PARTNERS_ONLY),
    ("put", "/digitalcertificate", PARTNERS_ONLY),
    ("post", "/uploadCACertificate", MANAGERS_ONLY),
    ("post", "/uploadPartnerCertificate", PARTNERS_ONLY),
    ("get", "/getPartnerCertificate/{partner}", PARTNERS_ONLY),
    ("get", "/{partner}", PARTNERS_ONLY),
    ("put", "/{partner}", PARTNERS_ONLY),
    ("patch", "/{partner}/partnerAPIKeyRequests", PARTNERS_ONLY),
    ("post", "/{partner}/partnerAPIKeyRequests", PARTNERS_ONLY),
    ("get", "/{partner}/partnerAPIKeyRequests", PARTNERS_ONLY),
    ("get", "/{partner}/partnerAPIKeyRequests/{request}", PARTNERS_ONLY),
    ("post", "/{partner}/partnerAPIKeyRequests/{request}", PARTNERS_ONLY),
    ("post", "/{partner}/addcontact", PARTNERS_ONLY),
    ("post", "/partnerId/{partner}/policyId/{policy}", PARTNERS_ONLY),
    ("get", "/partnerId/{partner}/policyId/{policy}", PARTNERS_ONLY),
]
MANAGER_MATRIX = [
    ("get", "", MANAGERS_ONLY),
    ("get", "/getManager", MANAGERS_ONLY),
    ("get", "/policyname/{name}", MANAGERS_ONLY),
    ("get", "/{partner}", MANAGERS_ONLY),
    ("patch", "/{partner}", MANAGERS_ONLY),
    ("put", "/{partner}", MANAGERS_ONLY),
    ("get", "/PartnerAPIKeyRequests", MANAGERS_ONLY),
    ("get", "/PartnerAPIKeyRequests/{request}", MANAGERS_ONLY),
    ("patch", "/PartnerAPIKeyRequests/{request}", MANAGERS_ONLY),
    ("put", "/PartnerAPIKeyRequests/{request}", MANAGERS_ONLY),
    ("get", "/{partner}/{key}", MANAGERS_ONLY),
    ("patch", "/{partner}/{key}", MANAGERS_ONLY),
    ("put", "/{partner}/{key}", MANAGERS_ONLY),
    ("post", "/{partner}/{key}", MANAGERS_ONLY),
]
CASES = [(PARTNERS, *row) for row in PARTNER_MATRIX] + [(MANAGER, *row) for row in MANAGER_MATRIX]


def test_every_route_is_in_the_matrix():
    assert missing_from_matrix(partner_routes, PARTNER_MATRIX) == set()
    assert missing_from_matrix(manager_routes, MANAGER_MATRIX) == set()


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("base,method,suffix,allowed", CASES, ids=[f"{m} {b[-10:]}{s}" for b, m, s, _ in CASES])
def test_role_matrix(role, base, method, suffix, allowed):
    user = make_user(f"u-{role.lower()}", [role])
    url = base + suffix.format(partner="p-1", request="r-1", key="k-1", policy="q-1", name="KYC Policy")
    body = {} if method != "get" else None
    assert_role_outcome(PmsApi(token=token_for(user)).call(method, url, body), allowed.get(role, "forbidden"))


@pytest.mark.parametrize("base,method,suffix", [(b, m, s) for b, m, s, _ in CASES if m != "get"])
def test_cookie_writes_from_another_site_are_refused(base, method, suffix):
    from django.test import Client

    browser = Client()
    browser.cookies["Authorization"] = token_for(make_user("root", ["PARTNER_ADMIN"]))
    answer = browser.generic(method.upper(), base + suffix.format(partner="p-1", request="r-1", key="k-1", policy="q-1", name="KYC Policy"), "a=b",
                             content_type="application/x-www-form-urlencoded", headers={"Origin": "https://evil.example"})
    assert answer.status_code == 403
