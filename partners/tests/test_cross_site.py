"""Cross-site requests carrying the cookie are refused on every write of the partner and
partner-manager services. Who may call what is the whole-API role matrix
(tests/test_role_matrix_all.py); scope (own partner, own groups) is tested in
test_refusals."""

import pytest

from partners.urls import manager_routes, partner_routes
from tests.support.api import writes_missing
from tests.support.users import make_user, token_for

from .conftest import MANAGER, PARTNERS

pytestmark = pytest.mark.django_db

PARTNER_WRITES = [
    ("post", ""),
    ("post", "/digitalcertificate"),
    ("put", "/digitalcertificate"),
    ("post", "/uploadCACertificate"),
    ("post", "/uploadPartnerCertificate"),
    ("put", "/{partner}"),
    ("patch", "/{partner}/partnerAPIKeyRequests"),
    ("post", "/{partner}/partnerAPIKeyRequests"),
    ("post", "/{partner}/partnerAPIKeyRequests/{request}"),
    ("post", "/{partner}/addcontact"),
    ("post", "/partnerId/{partner}/policyId/{policy}"),
]
MANAGER_WRITES = [
    ("patch", "/{partner}"),
    ("put", "/{partner}"),
    ("patch", "/PartnerAPIKeyRequests/{request}"),
    ("put", "/PartnerAPIKeyRequests/{request}"),
    ("patch", "/{partner}/{key}"),
    ("put", "/{partner}/{key}"),
    ("post", "/{partner}/{key}"),
]
CASES = [(PARTNERS, *row) for row in PARTNER_WRITES] + [(MANAGER, *row) for row in MANAGER_WRITES]


def test_every_write_route_is_checked():
    assert writes_missing(partner_routes, PARTNER_WRITES) == set()
    assert writes_missing(manager_routes, MANAGER_WRITES) == set()


@pytest.mark.parametrize("base,method,suffix", CASES)
def test_cookie_writes_from_another_site_are_refused(base, method, suffix):
    from django.test import Client

    browser = Client()
    browser.cookies["Authorization"] = token_for(make_user("root", ["PARTNER_ADMIN"]))
    answer = browser.generic(method.upper(), base + suffix.format(partner="p-1", request="r-1", key="k-1", policy="q-1", name="KYC Policy"), "a=b",
                             content_type="application/x-www-form-urlencoded", headers={"Origin": "https://evil.example"})
    assert answer.status_code == 403
