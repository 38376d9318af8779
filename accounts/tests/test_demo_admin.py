"""``create_demo_admin`` runs at every ``dev.py serve``: a restart with the stored password
must not end the admin's tokens; another password does (as any password change)."""

import pytest
from django.core.cache import cache
from django.core.management import call_command

from tests.support.api import PmsApi, assert_error, assert_ok

pytestmark = pytest.mark.django_db

LOGIN = "/v1/authmanager/authenticate/useridPwd"
VALIDATE = "/v1/authmanager/authorize/admin/validateToken"
PASSWORD = "Demo-Admin-Pass-77"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()  # lock-out counters live in the cache
    yield


def _login(password: str = PASSWORD) -> str:
    answer = PmsApi().post(LOGIN, {"appId": "partnermanagement", "userName": "pmsadmin", "password": password})
    assert_ok(answer)
    return answer.cookies["Authorization"].value


def test_a_restart_with_the_same_password_keeps_the_admins_tokens():
    call_command("create_demo_admin", "pmsadmin", "--password", PASSWORD)
    token = _login()
    call_command("create_demo_admin", "pmsadmin", "--password", PASSWORD)
    answer = assert_ok(PmsApi(token=token).get(VALIDATE))
    assert answer["userId"] == "pmsadmin" and "PARTNER_ADMIN" in answer["roles"]
    _login()  # and the password still opens the account


def test_another_password_resets_it_and_ends_the_tokens():
    call_command("create_demo_admin", "pmsadmin", "--password", PASSWORD)
    token = _login()
    call_command("create_demo_admin", "pmsadmin", "--password", "Another-Demo-Pass-88")
    assert_error(PmsApi(token=token).get(VALIDATE), "KER-ATH-401", status=401)
    _login("Another-Demo-Pass-88")
