"""One lock-out for every way in, which an attacker cannot turn against others (hardening
issue, findings 3 and 5)."""

import pytest
from django.core.cache import cache
from django.test import Client

from accounts.services import create_pms_user
from audit.models import AuditEvent
from kernel.actors import Actor
from kernel.roles import Role
from tests.support.api import assert_error, assert_ok
from tests.support.users import PASSWORD, make_user

pytestmark = pytest.mark.django_db

LOGIN = "/v1/authmanager/authenticate/useridPwd"
CLIENT_LOGIN = "/v1/authmanager/authenticate/clientidsecretkey"
ADMIN_LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff_admin(db):
    user = make_user("boss", ["PARTNER_ADMIN"])
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def machine(db):
    user, _ = create_pms_user("ida", actor=Actor.system("test"), roles=frozenset({Role.ID_AUTHENTICATION}),
                              client_secret="long-machine-secret-123")
    return user


def admin_login(client: Client, username: str, password: str):
    return client.post(ADMIN_LOGIN, {"username": username, "password": password, "next": "/admin/"})


def test_admin_login_shares_the_api_lockout(api, staff_admin, settings):
    settings.PMS_LOGIN_MAX_FAILURES = 5
    for _ in range(5):
        assert_error(api.post(LOGIN, {"userName": "boss", "password": "wrong"}), "KER-ATH-023", status=401)
    page = admin_login(Client(), "boss", PASSWORD)
    assert page.status_code == 200  # the form again, not a redirect into the admin
    assert b"too many failed attempts" in page.content
    assert "_auth_user_id" not in Client().session


def test_admin_login_failures_lock_the_api_too(api, staff_admin, settings):
    settings.PMS_LOGIN_MAX_FAILURES = 5
    browser = Client()
    for _ in range(5):
        assert admin_login(browser, "boss", "wrong").status_code == 200
    assert_error(api.post(LOGIN, {"userName": "boss", "password": PASSWORD}), "KER-ATH-401", status=429)
    assert AuditEvent.objects.filter(event_key="auth.login.failure", ref_id="boss").count() >= 6


def test_admin_login_with_the_right_password_works_and_is_audited(staff_admin):
    answer = admin_login(Client(), "boss", PASSWORD)
    assert answer.status_code == 302 and answer["Location"] == "/admin/"
    assert AuditEvent.objects.filter(event_key="auth.login.success", ref_id="boss").exists()


def test_made_up_names_from_one_address_do_not_lock_out_a_correct_password(api, staff_admin, machine, settings):
    settings.PMS_LOGIN_MAX_FAILURES = 5
    for n in range(40):  # twice the per-address limit, all from 127.0.0.1
        api.post(LOGIN, {"userName": f"nobody-{n}", "password": "guess"})
    assert_ok(api.post(LOGIN, {"userName": "boss", "password": PASSWORD}))
    assert admin_login(Client(), "boss", PASSWORD).status_code == 302
    assert_ok(api.post(CLIENT_LOGIN, {"clientId": "ida", "secretKey": "long-machine-secret-123"}))


def test_a_noisy_address_slows_down_accounts_with_recent_failures(api, settings):
    settings.PMS_LOGIN_MAX_FAILURES = 5
    make_user("victim", ["PARTNER"])
    for n in range(20):
        api.post(LOGIN, {"userName": f"nobody-{n}", "password": "guess"})
    assert_error(api.post(LOGIN, {"userName": "victim", "password": "guess"}), "KER-ATH-023", status=401)
    # a second guess at the same account from the noisy address must wait
    slowed = api.post(LOGIN, {"userName": "victim", "password": PASSWORD})
    assert_error(slowed, "KER-ATH-401", status=429)
    assert "retry after" in slowed.body["errors"][0]["message"]


def test_machine_client_is_not_locked_by_a_user_of_the_same_name(api, machine, settings):
    settings.PMS_LOGIN_MAX_FAILURES = 5
    for _ in range(10):
        api.post(LOGIN, {"userName": "ida", "password": "wrong"})
    assert_ok(api.post(CLIENT_LOGIN, {"clientId": "ida", "secretKey": "long-machine-secret-123"}))


def test_machine_client_is_locked_by_its_own_failures(api, machine, settings):
    settings.PMS_LOGIN_MAX_FAILURES = 5
    for _ in range(5):
        api.post(CLIENT_LOGIN, {"clientId": "ida", "secretKey": "wrong"})
    assert_error(api.post(CLIENT_LOGIN, {"clientId": "ida", "secretKey": "long-machine-secret-123"}), "KER-ATH-401",
                 status=429)
