"""Who may call what on the MISP service; a route missing from the table fails."""

import pytest

from accounts.testing import make_user, token_for
from kernel.testing import ALL_ROLES, ALLOWED, PmsApi, assert_role_outcome, missing_from_matrix
from misp.urls import routes

pytestmark = pytest.mark.django_db

M = "/partnermanagement/v1/misps/misps"
ADMINS = {"MISP_ADMIN": ALLOWED, "PARTNER_ADMIN": ALLOWED}
VALIDATORS = {**ADMINS, "ID_AUTHENTICATION": ALLOWED}

MATRIX = [
    ("post", "", ADMINS), ("get", "", ADMINS),
    ("get", "/mispId/{misp}", ADMINS), ("get", "/name/{name}", ADMINS),
    ("patch", "/{misp}/status", ADMINS), ("put", "/{misp}/status", ADMINS),
    ("patch", "/{misp}/licenseKey", VALIDATORS), ("post", "/{misp}/licenseKey", VALIDATORS),
    ("put", "/{misp}/licenseKey", ADMINS), ("get", "/{misp}/licenseKey", ADMINS),
    ("get", "/{misp}", ADMINS), ("put", "/{misp}", ADMINS), ("post", "/{misp}", ADMINS), ("patch", "/{misp}", ADMINS),
]


def test_every_route_is_in_the_matrix():
    assert missing_from_matrix(routes, MATRIX) == set()


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("method,suffix,allowed", MATRIX, ids=[f"{m} {s}" for m, s, _ in MATRIX])
def test_role_matrix(role, method, suffix, allowed):
    user = make_user(f"u-{role.lower()}", [role])
    url = M + suffix.format(misp="m-1", name="tele")
    body = {} if method != "get" else None
    assert_role_outcome(PmsApi(token=token_for(user)).call(method, url, body), allowed.get(role, "forbidden"))
