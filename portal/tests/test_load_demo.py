"""``manage.py load_demo`` (``dev.py serve --demo``): a first run gets a small world made
through the services, whose users log in through the API; a second run changes nothing."""

import io
import stat

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import CommandError, call_command

from audit.models import AuditEvent
from devices.models import DeviceProvider, MosipDeviceService, RegisteredDevice
from kernel.roles import Role, roles_of_user
from misp.models import LicenseKey, Misp
from partners.models import ApiKeyRequest, Partner, PartnerApiKey
from policies.models import ManagerGroupMapping, Policy, PolicyGroup
from tests.support.api import PmsApi, assert_ok

pytestmark = pytest.mark.django_db

LOGIN = "/v1/authmanager/authenticate/useridPwd"
CLIENT_LOGIN = "/v1/authmanager/authenticate/clientidsecretkey"
ADMIN_PASSWORD = "Demo-Admin-Pass-77"
MODELS = [get_user_model(), PolicyGroup, Policy, ManagerGroupMapping, Partner, ApiKeyRequest, PartnerApiKey, Misp,
          LicenseKey, DeviceProvider, MosipDeviceService, RegisteredDevice, AuditEvent]


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()  # lock-out counters live in the cache
    yield


@pytest.fixture
def users_file(tmp_path):
    return tmp_path / "var" / "demo-users.txt"


def load(users_file) -> str:
    out = io.StringIO()
    call_command("load_demo", "--users-file", str(users_file), stdout=out)
    return out.getvalue()


def secrets_in(users_file) -> dict[str, tuple[str, str]]:
    rows = [line.split("\t") for line in users_file.read_text().splitlines() if not line.startswith("#")]
    return {name: (kind, secret) for name, kind, secret, _roles in rows}


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_the_demo_world_is_made_through_the_services_and_its_users_log_in(users_file):
    call_command("create_demo_admin", "pmsadmin", "--password", ADMIN_PASSWORD, stdout=io.StringIO())
    printed = load(users_file)

    assert set(PolicyGroup.objects.values_list("name", flat=True)) == {"Demo Banking", "Demo Telecom"}
    assert Policy.objects.filter(status="published", policy_type="Auth").count() == 2
    for partner in Partner.objects.all():
        assert partner.owner.username == "demo-partner" and partner.is_active
        request = ApiKeyRequest.objects.get(partner=partner)
        assert request.status == "approved" and PartnerApiKey.objects.get(request=request).is_active
    assert Partner.objects.count() == 2
    misp = Misp.objects.get()
    assert misp.approval_status == "approved" and misp.license_keys.filter(is_active=True).count() == 1
    device = RegisteredDevice.objects.get()
    assert device.status == "REGISTERED" and device.device_provider_id == "demo-biometrics"
    assert MosipDeviceService.objects.filter(device_provider=device.device_provider).count() == 1
    # Made as the API makes them: each through its service, audited under the acting user.
    assert AuditEvent.objects.filter(event_id="PMS_PRT_222", session_user_name="pmsadmin").count() == 2  # keys approved
    assert AuditEvent.objects.filter(event_id="PMS_PRT_200", session_user_name="demo-partner").count() == 2
    assert AuditEvent.objects.filter(event_id="PMS_DEV_207").exists()  # the device registered

    assert stat.S_IMODE(users_file.stat().st_mode) == 0o600
    kept = secrets_in(users_file)
    expected = {"demo-policymanager": {Role.POLICYMANAGER}, "demo-partnermanager": {Role.PARTNERMANAGER},
                "demo-mispadmin": {Role.MISP_ADMIN}, "demo-zonaladmin": {Role.ZONAL_ADMIN},
                "demo-auditor": {Role.AUDITOR}, "demo-partner": {Role.PARTNER, Role.AUTH_PARTNER},
                "demo-ida": {Role.ID_AUTHENTICATION}}
    assert set(kept) == set(expected)
    for name, roles in expected.items():
        kind, secret = kept[name]
        assert secret in printed
        user = get_user_model().objects.get(username=name)
        assert roles_of_user(user) == roles
        if kind == "client-secret":
            answer = PmsApi().post(CLIENT_LOGIN, {"appId": "partnermanagement", "clientId": name, "secretKey": secret})
        else:
            answer = PmsApi().post(LOGIN, {"appId": "partnermanagement", "userName": name, "password": secret})
        assert assert_ok(answer)["status"] == "success", name
    for manager in ("demo-policymanager", "demo-partnermanager"):
        assert ManagerGroupMapping.objects.filter(user__username=manager).count() == 2


def test_a_second_run_changes_nothing(users_file):
    call_command("create_demo_admin", "pmsadmin", "--password", ADMIN_PASSWORD, stdout=io.StringIO())
    load(users_file)
    before, file_before = counts(), users_file.read_text()
    passwords = dict(get_user_model().objects.values_list("username", "password"))
    printed = load(users_file)
    assert counts() == before  # no row, and not one audit row, more
    assert users_file.read_text() == file_before
    assert dict(get_user_model().objects.values_list("username", "password")) == passwords  # tokens stay valid
    assert "nothing changed" in printed and secrets_in(users_file)["demo-auditor"][1] in printed


def test_without_the_demo_admin_it_says_what_to_run(users_file):
    with pytest.raises(CommandError, match="create_demo_admin"):
        load(users_file)
    assert not users_file.exists() and PolicyGroup.objects.count() == 0


def test_a_random_password_too_like_the_user_name_is_drawn_again(users_file, monkeypatch):
    from portal.management.commands import load_demo

    drawn = iter(["demo-policymanager", "x7Qp-2mZk_Rt9aLw"])
    monkeypatch.setattr(load_demo.secrets, "token_urlsafe", lambda n: next(drawn))
    assert load_demo._new_secret("demo-policymanager", "demo-policymanager@pms.example") == "x7Qp-2mZk_Rt9aLw"
