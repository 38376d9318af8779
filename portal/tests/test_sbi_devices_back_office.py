"""The partner admin's SBI and device queues in the back office: the "Waiting for you"
lines (portal.selectors.back_office_work) lead to the pending rows; Approve and Reject call
the services R72 and R85 call (history and audit written by them); a device is decided
with the SBI it waits with; other back-office roles see none of it. Also the read-only
pages of the SBI mappings and of the OAuth/OIDC clients."""

import datetime as dt

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from devices.models import DeviceDetail, DeviceDetailSbi, SecureBiometricInterface
from devices.services import device_details12, sbi12
from kernel.actors import Actor
from kernel.records import stamp
from partners.models import OidcClient
from partners.tests.factories import make_partner
from policies.tests.factories import PolicyFactory, PolicyGroupFactory
from tests.support.audit import snapshot
from tests.support.users import make_user, staff_browser

pytestmark = pytest.mark.django_db
SBIS = "/admin/devices/securebiometricinterface/"
DEVICES = "/admin/devices/devicedetail/"


@pytest.fixture
def provider(db):
    owner = make_user("ops@acme.example", ["DEVICE_PROVIDER"])
    make_partner(owner, name="Acme Sensors", partner_type="Device_Provider", partner_id="acme")
    return Actor(username=owner.username, roles=frozenset({"DEVICE_PROVIDER"}), user=owner)


@pytest.fixture
def admin_browser(db):
    return staff_browser(make_user("pa", ["PARTNER_ADMIN"]))


def new_sbi(provider, version="1.0"):
    now = timezone.now()
    return sbi12.create_sbi(actor=provider, provider_id="acme", sw_binary_hash="h", sw_version=version,
                            sw_created_at=now - dt.timedelta(days=3), sw_expires_at=now + dt.timedelta(days=300))


def new_device(provider, sbi, model="FS-10"):
    return sbi12.add_device_to_sbi(actor=provider, sbi_id=sbi.pk, device_id=None, provider_id="acme",
                                   device_type="Finger", device_sub_type="Slap", make="Acme", model=model)


def act(browser, url, action, *rows):
    return browser.post(url, {"action": action, "_selected_action": [r.pk for r in rows]}, follow=True)


def test_the_landing_counts_the_sbis_and_devices_waiting_and_links_to_them(provider, admin_browser):
    first = new_sbi(provider)
    new_sbi(provider, "2.0")
    sbi12.approve_sbi(actor=Actor.system(), sbi_id=first.pk)
    new_device(provider, first)
    page = admin_browser.get("/admin/").content.decode()
    assert (f'href="{SBIS}?approval_status__exact=pending_approval">SBIs waiting for approval</a></th>\n'
            '        <td><strong>1</strong>') in page
    assert (f'href="{DEVICES}?approval_status__exact=pending_approval">Devices waiting for approval</a></th>\n'
            '        <td><strong>1</strong>') in page
    listing = admin_browser.get(f"{SBIS}?approval_status__exact=pending_approval").content.decode()
    assert "2.0" in listing and first.pk not in listing


def test_approving_and_rejecting_sbis_goes_through_the_service_with_history_and_audit(provider, admin_browser):
    sbi, other = new_sbi(provider), new_sbi(provider, "2.0")
    act(admin_browser, SBIS, "approve_selected", sbi)
    act(admin_browser, SBIS, "reject_selected", other)
    sbi.refresh_from_db()
    other.refresh_from_db()
    assert (sbi.approval_status, sbi.is_active, other.approval_status) == ("approved", True, "rejected")
    assert sbi.history.filter(history_user__username="pa").exists()
    assert AuditEvent.objects.filter(event_id="PMS_DEV_214", session_user_id="pa").count() == 2
    # final: a rejected SBI is not approved afterwards, the page says why
    answer = act(admin_browser, SBIS, "approve_selected", other).content.decode()
    assert "PMS_AUT_518" in answer
    other.refresh_from_db()
    assert other.approval_status == "rejected"
    assert admin_browser.get(f"{SBIS}{sbi.pk}/history/").status_code == 200
    assert admin_browser.get(f"{SBIS}{sbi.pk}/change/").status_code == 200


def test_a_device_is_approved_with_the_sbi_it_waits_with(provider, admin_browser):
    sbi = new_sbi(provider)
    sbi12.approve_sbi(actor=Actor.system(), sbi_id=sbi.pk)
    device, other = new_device(provider, sbi), new_device(provider, sbi, "FS-20")
    act(admin_browser, DEVICES, "approve_selected", device)
    act(admin_browser, DEVICES, "reject_selected", other)
    device.refresh_from_db()
    other.refresh_from_db()
    assert (device.status, other.status) == ("approved", "rejected")
    assert DeviceDetailSbi.objects.filter(sbi=sbi, is_active=True).count() == 2
    assert device.history.filter(history_user__username="pa").exists()
    assert AuditEvent.objects.filter(event_id="PMS_DEV_218", session_user_id="pa").count() == 2
    answer = act(admin_browser, DEVICES, "approve_selected", other).content.decode()
    assert "PMS_DEVICE_ERROR_010" in answer
    assert admin_browser.get(f"{DEVICES}{device.pk}/history/").status_code == 200
    assert admin_browser.get("/admin/devices/devicedetailsbi/").status_code == 200


def test_a_device_without_an_sbi_or_waiting_with_several_is_refused_clearly(provider, admin_browser):
    alone = device_details12.create_device(actor=provider, device_id=None, provider_id="acme", device_type="Iris",
                                           device_sub_type="Double", make="Acme", model="IR-2")
    answer = act(admin_browser, DEVICES, "approve_selected", alone).content.decode()
    assert "PMS_DEVICE_ERROR_024" in answer
    first, second = new_sbi(provider), new_sbi(provider, "2.0")
    for sbi in (first, second):
        sbi12.approve_sbi(actor=Actor.system(), sbi_id=sbi.pk)
    device = new_device(provider, first)
    extra = DeviceDetailSbi(device=device, sbi=second, provider_id="acme", partner_org_name="Acme Sensors")
    stamp(extra, Actor.system(), created=True)
    extra.save()
    before = snapshot(DeviceDetail, DeviceDetailSbi)
    answer = act(admin_browser, DEVICES, "approve_selected", device).content.decode()
    assert "waits with several SBIs" in answer and "R85" in answer
    assert before.take() == before.rows


@pytest.mark.parametrize("role", ["PARTNERMANAGER", "POLICYMANAGER", "MISP_ADMIN", "ZONAL_ADMIN", "AUDITOR"])
def test_other_back_office_roles_see_no_queue_and_cannot_decide(provider, role):
    sbi = new_sbi(provider)
    browser = staff_browser(make_user("someone", [role]))
    landing = browser.get("/admin/").content.decode()
    assert "SBIs waiting" not in landing and "Devices waiting" not in landing
    for url in (SBIS, DEVICES, "/admin/devices/devicedetailsbi/", "/admin/partners/oidcclient/"):
        assert browser.get(url).status_code == 403, url
    before = snapshot(SecureBiometricInterface)
    assert act(browser, SBIS, "approve_selected", sbi).status_code == 403
    assert before.take() == before.rows


def test_the_oidc_clients_are_read_only_for_the_partner_admin(admin_browser):
    group = PolicyGroupFactory(name="Banking")
    policy = PolicyFactory(policy_group=group)
    partner = make_partner(name="Airtel", group=group, partner_id="airtel")
    client = OidcClient.objects.create(id="client-1", name='{"@none": "Airtel login"}', partner=partner,
                                       policy=policy, logo_uri="https://airtel.example/logo.png", public_key="{}")
    listing = admin_browser.get("/admin/partners/oidcclient/").content.decode()
    assert "client-1" in listing and "Airtel login" in listing
    page = admin_browser.get(f"/admin/partners/oidcclient/{client.pk}/change/").content.decode()
    assert 'name="_save"' not in page
    assert admin_browser.get("/admin/partners/oidcclient/add/").status_code == 403
    assert admin_browser.get(f"/admin/partners/oidcclient/{client.pk}/history/").status_code == 200
