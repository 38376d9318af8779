"""A zonal admin's back office is the devices app: made by create_pms_user (command or
service) they sign in to /admin/, work on the device records, and are refused every other
app's pages, by URL too."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from accounts.services import create_pms_user
from devices.models import DeviceProvider
from kernel.actors import Actor
from kernel.roles import Role
from tests.support.users import PASSWORD

pytestmark = pytest.mark.django_db

DEVICE_PAGES = ["/admin/devices/", "/admin/devices/deviceprovider/", "/admin/devices/foundationaltrustprovider/",
                "/admin/devices/mosipdeviceservice/", "/admin/devices/registereddevice/", "/admin/devices/devicetype/",
                "/admin/devices/devicesubtype/", "/admin/devices/devicetype/add/"]
NOT_THEIRS = ["/admin/partners/", "/admin/partners/partner/", "/admin/partners/apikeyrequest/",
              "/admin/partners/partnerapikey/", "/admin/partners/partnertype/", "/admin/partners/trustedcertificate/",
              "/admin/policies/", "/admin/policies/policy/", "/admin/policies/policygroup/",
              "/admin/policies/managergroupmapping/", "/admin/misp/", "/admin/misp/misp/", "/admin/misp/licensekey/",
              "/admin/audit/", "/admin/audit/auditevent/", "/admin/accounts/", "/admin/accounts/machineclient/",
              "/admin/accounts/revokedtoken/", "/admin/auth/user/", "/admin/auth/group/",
              "/admin/portal/pendingregistration/", "/admin/accounts/backofficeuser/"]


def _signed_in(username: str) -> Client:
    """Through the admin's own login page, as a person would."""
    browser = Client()
    answer = browser.post("/admin/login/?next=/admin/", {"username": username, "password": PASSWORD})
    assert answer.status_code == 302 and answer.headers["Location"] == "/admin/", answer.content.decode()[:2000]
    return browser


def test_a_zonal_admin_made_by_the_service_signs_in_and_works_on_devices_only():
    create_pms_user("zonal", actor=Actor.system(), password=PASSWORD, roles=frozenset({Role.ZONAL_ADMIN}))
    provider = DeviceProvider.objects.create(vendor_name="Acme Biometrics", address="x", email="d@acme.example",
                                             contact_number="1", certificate_alias="acme")
    browser = _signed_in("zonal")
    index = browser.get("/admin/")
    assert index.status_code == 200
    apps = {app["app_label"] for app in index.context["app_list"]}
    assert apps == {"devices"}
    for page in DEVICE_PAGES:
        assert browser.get(page).status_code == 200, page
    assert "Acme Biometrics" in browser.get("/admin/devices/deviceprovider/").content.decode()
    assert browser.get(f"/admin/devices/deviceprovider/{provider.pk}/change/").status_code == 200
    for page in NOT_THEIRS:
        assert browser.get(page).status_code in (403, 404), page


def test_create_pms_user_command_makes_a_zonal_admin_who_can_sign_in():
    call_command("create_pms_user", "zonal", "--password", PASSWORD, "--roles", "ZONAL_ADMIN")
    assert get_user_model().objects.get(username="zonal").is_staff
    assert _signed_in("zonal").get("/admin/devices/registereddevice/").status_code == 200


def test_zonal_admins_made_before_are_made_staff_by_the_migration():
    import importlib

    from django.apps import apps

    from tests.support.users import make_user

    earlier = make_user("zonal-2025", ["ZONAL_ADMIN"])  # as create_pms_user left them: not staff
    provider = make_user("acme", ["DEVICE_PROVIDER"])
    assert not earlier.is_staff
    importlib.import_module("kernel.migrations.0004_zonal_admins_are_staff").zonal_admins_are_staff(apps, None)
    earlier.refresh_from_db()
    provider.refresh_from_db()
    assert earlier.is_staff and not provider.is_staff
    assert _signed_in("zonal-2025").get("/admin/devices/deviceprovider/").status_code == 200
