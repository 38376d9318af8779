"""Who may call what on the device service; a route missing from the table fails."""

import pytest

from accounts.testing import make_user, token_for
from devices.urls import routes
from kernel.testing import ALL_ROLES, ALLOWED, PmsApi, assert_role_outcome, missing_from_matrix

from .factories import SHORT, V1

pytestmark = pytest.mark.django_db

ADMINS = {"ZONAL_ADMIN": ALLOWED, "PARTNER_ADMIN": ALLOWED}
DEVICE_MAKERS = {**ADMINS, "DEVICE_PROVIDER": ALLOWED}
FTM_MAKERS = {**ADMINS, "FTM_PROVIDER": ALLOWED}
VALIDATORS = {**ADMINS, "ID_AUTHENTICATION": ALLOWED, "REGISTRATION_PROCESSOR": ALLOWED}

MATRIX = [
    ("post", "/deviceprovider", DEVICE_MAKERS), ("put", "/deviceprovider", DEVICE_MAKERS),
    ("post", "/foundationaltrustprovider", FTM_MAKERS), ("put", "/foundationaltrustprovider", FTM_MAKERS),
    ("post", "/mosipdeviceservice", DEVICE_MAKERS), ("put", "/mosipdeviceservice", DEVICE_MAKERS),
    ("post", "/registereddevices", DEVICE_MAKERS),
    ("post", "/registereddevices/deregister", DEVICE_MAKERS),
    ("delete", "/registereddevices/deregister/{code}", DEVICE_MAKERS),
    ("put", "/registereddevices/status", DEVICE_MAKERS),
    ("post", "/deviceprovidermanagement/validate", VALIDATORS),
    ("post", "/deviceprovidermanagement/validate/history", VALIDATORS),
]


def test_every_route_is_in_the_matrix():
    assert missing_from_matrix(routes, MATRIX) == set()


@pytest.mark.parametrize("prefix", [V1, SHORT])
@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("method,suffix,allowed", MATRIX, ids=[f"{m} {s}" for m, s, _ in MATRIX])
def test_role_matrix(prefix, role, method, suffix, allowed):
    user = make_user(f"u-{role.lower()}", [role])
    body = None if method == "delete" else {}
    answer = PmsApi(token=token_for(user)).call(method, prefix + suffix.format(code="dev-1"), body)
    assert_role_outcome(answer, allowed.get(role, "forbidden"))


@pytest.mark.parametrize("method,suffix,_", MATRIX, ids=[f"{m} {s}" for m, s, _ in MATRIX])
def test_no_token_is_refused(method, suffix, _):
    answer = PmsApi().call(method, V1 + suffix.format(code="dev-1"), None if method == "delete" else {})
    assert answer.status == 401 and answer.error_codes == ["KER-ATH-401"]
