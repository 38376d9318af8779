"""A device provider's SBIs and device models in the portal (MOSIP 1.2's R70, R73-R76,
R86 through ``devices.services.sbi12`` and ``device_details12``): scoped like the API
(another owner's SBI or device answers 404 and changes nothing), refusals translated,
deactivation final and cascading as the service does."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from audit.models import AuditEvent
from devices.models import DeviceDetail, DeviceDetailSbi, SecureBiometricInterface
from devices.services import device_details12, sbi12
from kernel.actors import Actor
from kernel.errors import PmsError
from partners.tests.factories import make_partner
from tests.support.audit import snapshot
from tests.support.users import PASSWORD, make_user

pytestmark = pytest.mark.django_db
BASE = "/portal/partners/acme/sbis/"


def day(offset: int) -> str:
    return (timezone.now().astimezone(dt.timezone.utc).date() + dt.timedelta(days=offset)).isoformat()


@pytest.fixture
def owner(db):
    return make_user("ops@acme.example", ["DEVICE_PROVIDER"])


@pytest.fixture
def acme(owner):
    return make_partner(owner, name="Acme Sensors", partner_type="Device_Provider", partner_id="acme")


@pytest.fixture
def browser(owner):
    client = Client()
    assert client.login(username=owner.username, password=PASSWORD)
    return client


def add_sbi(browser, version="1.0", created=-30, expires=365, binary_hash="acme-sbi-1.0"):
    return browser.post(BASE, {"sbi-version": version, "sbi-binary_hash": binary_hash, "sbi-created": day(created),
                               "sbi-expires": day(expires)}, follow=True)


def approve(sbi):
    return sbi12.approve_sbi(actor=Actor.system(), sbi_id=sbi.pk)


def add_device(browser, sbi, model="FS-10", kind="Finger/Slap"):
    return browser.post(f"{BASE}{sbi.pk}/", {"device-kind": kind, "device-make": "Acme", "device-model": model},
                        follow=True)


def test_the_partner_page_links_to_the_sbis_with_their_figures(browser, acme):
    page = browser.get("/portal/partners/acme/").content.decode()
    assert 'id="sbi-summary"' in page and f'href="{BASE}"' in page and "0 SBIs" in page


def test_a_provider_adds_an_sbi_sees_it_waiting_then_approved_and_adds_a_device(browser, acme):
    page = add_sbi(browser).content.decode()
    sbi = SecureBiometricInterface.objects.get()
    assert (sbi.provider_id, sbi.sw_version, sbi.approval_status) == ("acme", "1.0", "pending_approval")
    assert f'id="sbi-{sbi.pk}"' in page and "Waiting for approval" in page and "SBI 1.0 added" in page
    detail = browser.get(f"{BASE}{sbi.pk}/").content.decode()
    assert 'id="add-device"' not in detail and "once a partner admin approves this SBI" in detail
    approve(sbi)
    detail = browser.get(f"{BASE}{sbi.pk}/").content.decode()
    assert 'id="add-device"' in detail and '<option value="Finger/Slap">' in detail
    page = add_device(browser, sbi).content.decode()
    device = DeviceDetail.objects.get()
    assert (device.make, device.model, device.device_type_id, device.device_sub_type.code) == ("Acme", "FS-10",
                                                                                               "Finger", "Slap")
    assert device.approval_status == "pending_approval"
    assert DeviceDetailSbi.objects.filter(device=device, sbi=sbi, is_active=False).exists()
    assert f'id="device-{device.pk}"' in page and "Waiting for approval" in page
    listing = browser.get(BASE).content.decode()
    assert "1 device" in listing and "0 approved, 1 waiting" in listing
    device_details12.approve_device(actor=Actor.system(), device_id=device.pk)
    detail = browser.get(f"{BASE}{sbi.pk}/").content.decode()
    assert "Deactivate for good" in detail
    assert AuditEvent.objects.filter(event_id__in=["PMS_DEV_213", "PMS_DEV_215"]).count() == 2


@pytest.mark.parametrize(("created", "expires", "field", "text"), [
    (1, 365, "created", "The creation date cannot be after today."),
    (-30, 0, "expires", "The expiry date must be after today."),
    (-30, 365 * 11 + 3, "expires", "The expiry date cannot be more than 10 years from today."),
    (-365 * 11, 365, "created", "The creation date cannot be more than 10 years ago."),
])
def test_the_date_rules_are_field_errors_and_nothing_is_added(browser, acme, created, expires, field, text):
    page = add_sbi(browser, created=created, expires=expires).content.decode()
    assert f'<p class="error" id="sbi-{field}-error">{text}</p>' in page
    assert not SecureBiometricInterface.objects.exists()


def test_a_version_twice_is_refused_on_the_version_field(browser, acme):
    add_sbi(browser)
    page = add_sbi(browser, binary_hash="other").content.decode()
    assert "An SBI with this version already exists for this partner." in page
    assert SecureBiometricInterface.objects.count() == 1


def test_refusals_are_translated(browser, acme):
    browser.post("/i18n/setlang/", {"language": "fr", "next": "/portal/"})
    page = add_sbi(browser, created=1).content.decode()
    assert "La date de création ne peut pas être postérieure à aujourd’hui." in page
    browser.post("/i18n/setlang/", {"language": "ar", "next": "/portal/"})
    page = add_sbi(browser, expires=0).content.decode()
    assert "يجب أن يكون تاريخ انتهاء الصلاحية بعد اليوم." in page


def test_a_device_model_already_open_is_refused_and_a_rejected_one_may_come_again(browser, acme):
    add_sbi(browser)
    sbi = approve(SecureBiometricInterface.objects.get())
    add_device(browser, sbi)
    page = add_device(browser, sbi).content.decode()
    assert "This device model is already registered" in page and DeviceDetail.objects.count() == 1
    device_details12.reject_device(actor=Actor.system(), device_id=DeviceDetail.objects.get().pk)
    page = add_device(browser, sbi).content.decode()
    assert DeviceDetail.objects.count() == 2
    assert page.count("Rejected") >= 1 and "Waiting for approval" in page


def test_deactivating_an_sbi_asks_first_then_is_final_and_cascades(browser, acme):
    add_sbi(browser)
    sbi = approve(SecureBiometricInterface.objects.get())
    add_device(browser, sbi, model="FS-10")
    add_device(browser, sbi, model="FS-20")
    approved, waiting = DeviceDetail.objects.order_by("model")
    device_details12.approve_device(actor=Actor.system(), device_id=approved.pk)
    confirm = browser.get(f"{BASE}{sbi.pk}/deactivate/").content.decode()
    assert "cannot be undone" in confirm and 'id="confirm-deactivate-sbi"' in confirm
    sbi.refresh_from_db()
    assert sbi.is_active  # the GET changed nothing
    page = browser.post(f"{BASE}{sbi.pk}/deactivate/", follow=True).content.decode()
    assert "deactivated for good, with its devices" in page
    sbi.refresh_from_db()
    approved.refresh_from_db()
    waiting.refresh_from_db()
    assert (sbi.status, approved.status, waiting.status) == ("deactivated", "deactivated", "rejected")
    assert 'id="deactivate-sbi"' not in page and "Deactivate for good" not in page
    assert 'id="add-device"' not in page
    # final: again is refused, and the legacy approval cannot undo it
    page = browser.post(f"{BASE}{sbi.pk}/deactivate/", follow=True).content.decode()
    assert "This SBI is not approved." in page or "already deactivated" in page
    with pytest.raises(PmsError) as refused:
        approve(sbi)
    assert refused.value.code == "PMS_DEVICE_ERROR_020"


def test_deactivating_a_device_is_final(browser, acme):
    add_sbi(browser)
    sbi = approve(SecureBiometricInterface.objects.get())
    add_device(browser, sbi)
    device = DeviceDetail.objects.get()
    device_details12.approve_device(actor=Actor.system(), device_id=device.pk)
    page = browser.post(f"{BASE}{sbi.pk}/devices/{device.pk}/deactivate/", follow=True).content.decode()
    assert "Device Acme FS-10 deactivated for good." in page
    device.refresh_from_db()
    assert device.status == "deactivated"
    page = browser.post(f"{BASE}{sbi.pk}/devices/{device.pk}/deactivate/", follow=True).content.decode()
    assert "This device is not approved." in page or "already deactivated" in page
    device.refresh_from_db()
    assert device.status == "deactivated"
    assert AuditEvent.objects.filter(event_id="PMS_DEV_218").count() >= 2


def test_another_owners_sbi_and_device_answer_404_and_change_nothing(browser, acme):
    rival_owner = make_user("ops@rival.example", ["DEVICE_PROVIDER"])
    make_partner(rival_owner, name="Rival", partner_type="Device_Provider", partner_id="rival")
    rival = Actor(username=rival_owner.username, roles=frozenset({"DEVICE_PROVIDER"}), user=rival_owner)
    today = timezone.now()
    sbi = sbi12.create_sbi(actor=rival, provider_id="rival", sw_binary_hash="h", sw_version="9",
                           sw_created_at=today - dt.timedelta(days=3), sw_expires_at=today + dt.timedelta(days=30))
    approve(sbi)
    device = sbi12.add_device_to_sbi(actor=rival, sbi_id=sbi.pk, device_id=None, provider_id="rival",
                                     device_type="Finger", device_sub_type="Slap", make="R", model="1")
    device_details12.approve_device(actor=Actor.system(), device_id=device.pk)
    before = snapshot(SecureBiometricInterface), snapshot(DeviceDetail)
    for path in (f"{BASE}{sbi.pk}/", f"{BASE}{sbi.pk}/deactivate/", "/portal/partners/rival/sbis/",
                 f"/portal/partners/rival/sbis/{sbi.pk}/"):
        assert browser.get(path).status_code == 404, path
        assert browser.post(path, {"device-kind": "Finger/Slap", "device-make": "x", "device-model": "y",
                                   "sbi-version": "2"}).status_code == 404, path
    assert browser.post(f"{BASE}{sbi.pk}/devices/{device.pk}/deactivate/").status_code == 404
    assert browser.post(f"/portal/partners/rival/sbis/{sbi.pk}/devices/{device.pk}/deactivate/").status_code == 404
    assert [b.take() == b.rows for b in before] == [True, True]
    # one's own SBI with another's device id
    add_sbi(browser)
    own = approve(SecureBiometricInterface.objects.get(provider_id="acme"))
    devices = snapshot(DeviceDetail)
    assert browser.post(f"{BASE}{own.pk}/devices/{device.pk}/deactivate/").status_code == 404
    assert devices.take() == devices.rows
    assert "Rival" not in browser.get(BASE).content.decode()


def test_another_partner_type_has_no_sbi_pages(db):
    owner = make_user("ops@bank.example", ["AUTH_PARTNER"])
    make_partner(owner, name="Bank", partner_id="bank")
    client = Client()
    client.login(username=owner.username, password=PASSWORD)
    assert client.get("/portal/partners/bank/sbis/").status_code == 404
    assert 'id="sbi-summary"' not in client.get("/portal/partners/bank/").content.decode()


def test_the_sbi_pages_are_in_french_and_arabic(browser, acme):
    add_sbi(browser)
    sbi = approve(SecureBiometricInterface.objects.get())
    for language, words in (("fr", ("SBI et appareils", "Approuvé<")), ("ar", ("واجهات SBI والأجهزة", "معتمدة"))):
        browser.post("/i18n/setlang/", {"language": language, "next": "/portal/"})
        page = browser.get(BASE).content.decode()
        assert all(word in page for word in words), language
        assert browser.get(f"{BASE}{sbi.pk}/").status_code == 200


def test_the_sbi_pages_change_nothing_without_the_csrf_token_or_on_get(owner, acme):
    """A forged form from another site (no CSRF token) or a plain GET never adds or
    deactivates anything."""
    browser = Client(enforce_csrf_checks=True)
    assert browser.login(username=owner.username, password=PASSWORD)
    actor = Actor(username=owner.username, roles=frozenset({"DEVICE_PROVIDER"}), user=owner)
    sbi = sbi12.create_sbi(actor=actor, provider_id="acme", sw_binary_hash="h", sw_version="1.0",
                           sw_created_at=timezone.now() - dt.timedelta(days=1),
                           sw_expires_at=timezone.now() + dt.timedelta(days=30))
    approve(sbi)
    device = sbi12.add_device_to_sbi(actor=actor, sbi_id=sbi.pk, device_id=None, provider_id="acme",
                                     device_type="Finger", device_sub_type="Slap", make="Acme", model="FS-10")
    device_details12.approve_device(actor=Actor.system(), device_id=device.pk)
    before = snapshot(SecureBiometricInterface, DeviceDetail, DeviceDetailSbi)
    forged = [(BASE, {"sbi-version": "2.0", "sbi-binary_hash": "x", "sbi-created": day(-1), "sbi-expires": day(9)}),
              (f"{BASE}{sbi.pk}/", {"device-kind": "Finger/Slap", "device-make": "Acme", "device-model": "FS-11"}),
              (f"{BASE}{sbi.pk}/deactivate/", {}), (f"{BASE}{sbi.pk}/devices/{device.pk}/deactivate/", {})]
    for url, data in forged:
        assert browser.post(url, data).status_code == 403, url
        assert browser.get(url).status_code in (200, 302), url
    assert snapshot(SecureBiometricInterface, DeviceDetail, DeviceDetailSbi).rows == before.rows
