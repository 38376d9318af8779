"""The zonal admin's device admin: actions through the services, scoped lists and history."""

import base64
import json

import pytest
from django.contrib.auth.models import Permission

from audit.models import AuditEvent
from devices.models import DeviceProvider, DeviceStatus, DeviceSubType, DeviceType, RegisteredDevice
from tests.support.api import assert_ok
from tests.support.users import make_user, staff_browser

from .factories import V1, device_data, digital_id

pytestmark = pytest.mark.django_db




@pytest.fixture
def device(zonal, provider):
    signed = assert_ok(zonal.post(f"{V1}/registereddevices", {"deviceData": device_data(digital_id(provider["id"]))}))
    return RegisteredDevice.objects.get(pk=json.loads(base64.b64decode(signed.split(".")[1]))["deviceCode"])


def test_a_zonal_admin_revokes_and_deactivates_through_the_services(device):
    browser = staff_browser(make_user("zonal-staff", ["ZONAL_ADMIN"]))
    assert device.serial_no in browser.get("/admin/devices/registereddevice/").content.decode()
    browser.post("/admin/devices/registereddevice/", {"action": "revoke_selected", "_selected_action": [device.pk]})
    device.refresh_from_db()
    assert device.status == DeviceStatus.REVOKED and device.history.count() == 2
    assert AuditEvent.objects.filter(event_id="PMS_DEV_209", ref_id=device.pk, session_user_id="zonal-staff").exists()
    again = browser.post("/admin/devices/registereddevice/",
                         {"action": "retire_selected", "_selected_action": [device.pk]}, follow=True)
    assert "ADM-DPM-002" in again.content.decode()
    assert RegisteredDevice.objects.get(pk=device.pk).status == DeviceStatus.REVOKED

    browser.post("/admin/devices/deviceprovider/",
                 {"action": "deactivate_selected", "_selected_action": [device.device_provider_id]})
    assert not DeviceProvider.objects.get(pk=device.device_provider_id).is_active
    assert browser.get(f"/admin/devices/registereddevice/{device.pk}/history/").status_code == 200
    version = device.history.earliest().history_id
    assert browser.post(f"/admin/devices/registereddevice/{device.pk}/history/{version}/", {}).status_code == 403


def test_types_are_added_through_the_service(db):
    browser = staff_browser(make_user("zonal-staff", ["ZONAL_ADMIN"]))
    assert browser.post("/admin/devices/devicetype/add/", {"code": "Palm", "name": "Palm", "is_active": "on"}
                        ).status_code == 302
    assert DeviceType.objects.get(pk="Palm").history.count() == 1
    taken = browser.post("/admin/devices/devicetype/add/", {"code": "finger", "name": "Finger again"})
    assert "already exists" in str(taken.context["adminform"].form.errors)
    assert browser.post("/admin/devices/devicesubtype/add/", {"device_type": "Palm", "code": "Full palm",
                                                              "name": "Full palm", "is_active": "on"}).status_code == 302
    assert DeviceSubType.objects.filter(device_type="Palm", code="Full palm").exists()
    assert AuditEvent.objects.filter(event_id="PMS_DEV_212").count() == 2


def test_without_the_role_the_device_admin_is_empty_or_closed(device):
    manager = staff_browser(make_user("pm", ["PARTNERMANAGER"]))
    assert manager.get("/admin/devices/registereddevice/").status_code == 403
    granted = make_user("granted", [])
    granted.user_permissions.add(*Permission.objects.filter(content_type__app_label="devices"))
    stranger = staff_browser(granted)
    listing = stranger.get("/admin/devices/registereddevice/")
    # Django model permissions granted by hand do not stand in for the role.
    assert listing.status_code == 403 and device.serial_no not in listing.content.decode()
    assert stranger.get(f"/admin/devices/registereddevice/{device.pk}/history/").status_code == 404
    stranger.post("/admin/devices/registereddevice/", {"action": "revoke_selected", "_selected_action": [device.pk]})
    assert RegisteredDevice.objects.get(pk=device.pk).status == DeviceStatus.REGISTERED
