"""A device provider's SBIs and device models in Chromium, in English, French and Arabic:
log in → the SBI pages → add an SBI → a partner admin approves it in the back office (the
landing's "SBIs waiting for approval", the Approve action) → add a device to it → the admin
approves the device → both show approved → deactivate the SBI for good (confirmed) → the
SBI and its device show deactivated. A screenshot of every step is saved
(tests/browser/screenshots/, or $PMS_SCREENSHOTS)."""

import datetime as dt

import pytest
from django.utils import timezone

from devices.models import DeviceDetail, DeviceSubType, DeviceType, SecureBiometricInterface
from partners.models import PartnerType
from partners.tests.factories import make_partner
from tests.support.users import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "en": {"dir": "ltr", "sbis": "SBIs and devices", "waiting": "Waiting for approval", "sbi_approved": "Approved",
           "device_approved": "Approved", "sbi_deactivated": "Deactivated", "device_deactivated": "Deactivated",
           "done": "deactivated for good, with its devices."},
    "fr": {"dir": "ltr", "sbis": "SBI et appareils", "waiting": "En attente d'approbation", "sbi_approved": "Approuvé",
           "device_approved": "Approuvé", "sbi_deactivated": "Désactivé", "device_deactivated": "Désactivé",
           "done": "désactivé définitivement, avec ses appareils."},
    "ar": {"dir": "rtl", "sbis": "واجهات SBI والأجهزة", "waiting": "بانتظار الاعتماد", "sbi_approved": "معتمدة",
           "device_approved": "معتمد", "sbi_deactivated": "ملغاة التفعيل", "device_deactivated": "ملغى التفعيل",
           "done": "نهائيًا، مع أجهزتها."},
}


@pytest.fixture
def world(db):
    # A transactional test flushes the rows the seed migrations wrote: put them back.
    PartnerType.objects.update_or_create(pk="Device_Provider", defaults={
        "description": "Device provider", "requires_policy_group": False, "role": "DEVICE_PROVIDER"})
    finger, _ = DeviceType.objects.update_or_create(code="Finger", defaults={"name": "Fingerprint scanner",
                                                                             "is_active": True})
    DeviceSubType.objects.update_or_create(device_type=finger, code="Slap", defaults={"name": "Slap",
                                                                                       "is_active": True})
    owner = make_user("ops@acme.example", ["DEVICE_PROVIDER"])
    make_partner(owner, name="Acme Sensors", partner_type="Device_Provider", partner_id="acme")
    admin = make_user("pa", ["PARTNER_ADMIN"])
    admin.is_staff = True
    admin.save()


def check(page, words, text):
    assert page.locator("html").get_attribute("dir") == words["dir"]
    assert text in page.locator("main").inner_text()
    assert page.foreign_requests == [] and page.csp_violations == []


def day(offset: int) -> str:
    return (timezone.now().astimezone(dt.timezone.utc).date() + dt.timedelta(days=offset)).isoformat()


def admin_approves(browser, live_server, screenshots, name, queue, pk):
    """The partner admin, in its own session: the landing's line, the row, Approve."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    admin = context.new_page()
    admin.goto("/admin/login/?next=/admin/")
    admin.fill("#id_username", "pa")
    admin.fill("#id_password", PASSWORD)
    admin.click("input[type=submit]")
    admin.wait_for_selector("#your-work")
    admin.click(f"#your-work a[href='/admin/devices/{queue}/?approval_status__exact=pending_approval']")
    admin.check(f"input[name=_selected_action][value='{pk}']")
    admin.select_option("select[name=action]", "approve_selected")
    admin.click("button[name=index]")
    admin.wait_for_selector("text=Approved: 1 done.")
    admin.screenshot(path=str(screenshots / f"{name}.png"), full_page=True)
    context.close()


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_add_sbi_and_device_approved_in_the_back_office_then_deactivate(page, browser, live_server, screenshots,
                                                                         world, language):
    words = WORDS[language]

    def shot(name):
        page.screenshot(path=str(screenshots / f"sbi12-{language}-{name}.png"), full_page=True)

    page.goto("/portal/login/")
    if language != "en":
        page.select_option("#language", language)
        page.click("#set-language")
    page.fill("#id_username", "ops@acme.example")
    page.fill("#id_password", PASSWORD)
    page.click("#login")
    page.wait_for_selector("#sbi-summary")
    check(page, words, words["sbis"])
    shot("01-partner-page")
    page.click("#manage-sbis")
    page.wait_for_selector("#new-sbi")

    page.fill("#id_sbi-version", "1.0")
    page.fill("#id_sbi-binary_hash", "acme-sbi-1.0-sha256")
    page.fill("#id_sbi-created", day(-30))
    page.fill("#id_sbi-expires", day(1))  # tomorrow: accepted
    page.click("#add-sbi")
    sbi = SecureBiometricInterface.objects.get()
    row = page.locator(f"#sbi-{sbi.pk}")
    row.wait_for()
    assert words["waiting"] in row.locator(".sbi-status").inner_text()
    shot("02-sbi-added")

    admin_approves(browser, live_server, screenshots, f"sbi12-{language}-03-admin-approves-sbi",
                   "securebiometricinterface", sbi.pk)
    page.reload()
    row = page.locator(f"#sbi-{sbi.pk}")
    assert words["sbi_approved"] in row.locator(".sbi-status").inner_text()
    shot("04-sbi-approved")

    row.locator("a.open-sbi").click()
    page.wait_for_selector("#add-device")
    page.select_option("#id_device-kind", "Finger/Slap")
    page.fill("#id_device-make", "Acme")
    page.fill("#id_device-model", "FS-10")
    page.click("#add-device")
    device = DeviceDetail.objects.get()
    device_row = page.locator(f"#device-{device.pk}")
    device_row.wait_for()
    assert words["waiting"] in device_row.locator(".device-status").inner_text()
    shot("05-device-added")

    admin_approves(browser, live_server, screenshots, f"sbi12-{language}-06-admin-approves-device",
                   "devicedetail", device.pk)
    page.reload()
    device_row = page.locator(f"#device-{device.pk}")
    assert words["device_approved"] in device_row.locator(".device-status").inner_text()
    assert words["sbi_approved"] in page.locator("#sbi-status").inner_text()
    check(page, words, words["device_approved"])
    shot("07-both-approved")

    page.click("#deactivate-sbi")
    page.wait_for_selector("#confirm-deactivate-sbi")
    shot("08-confirm")
    page.click("#confirm-deactivate-sbi")
    page.wait_for_selector(f"text={words['done']}")
    assert words["sbi_deactivated"] in page.locator("#sbi-status").inner_text()
    device_row = page.locator(f"#device-{device.pk}")
    assert words["device_deactivated"] in device_row.locator(".device-status").inner_text()
    assert page.locator("#deactivate-sbi").count() == 0 and page.locator("button.deactivate-device").count() == 0
    check(page, words, words["done"])
    shot("09-sbi-deactivated")
    sbi.refresh_from_db()
    device.refresh_from_db()
    assert (sbi.status, device.status) == ("deactivated", "deactivated")
