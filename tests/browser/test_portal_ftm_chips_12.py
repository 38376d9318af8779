"""An FTM provider's chips on its partner page in Chromium, in English, French and Arabic:
log in → add a chip → upload its certificate → a partner admin approves it (1.2's R95,
through the service in the test) → the chip shows approved with its certificate's expiry →
download the signed certificate → deactivate the chip for good. A screenshot of every step
is saved (tests/browser/screenshots/, or $PMS_SCREENSHOTS)."""

import pytest

from devices.models import FtmChipDetail
from devices.services import ftm12
from kernel.actors import Actor
from partners.models import PartnerType
from partners.services import upload_ca_certificate
from partners.tests import pki
from partners.tests.factories import make_partner
from tests.support.users import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "en": {"dir": "ltr", "chips": "FTM chips", "no_certificate": "Waiting for its certificate",
           "waiting": "Waiting for approval", "approved": "Approved", "deactivated": "Deactivated",
           "done": "Chip deactivated for good."},
    "fr": {"dir": "ltr", "chips": "Puces FTM", "no_certificate": "En attente de son certificat",
           "waiting": "En attente d'approbation", "approved": "Approuvée", "deactivated": "Désactivée",
           "done": "Puce désactivée définitivement."},
    "ar": {"dir": "rtl", "chips": "شرائح FTM", "no_certificate": "في انتظار شهادتها", "waiting": "بانتظار الاعتماد",
           "approved": "معتمد", "deactivated": "ملغاة التفعيل", "done": "أُلغي تفعيل الشريحة نهائيًا."},
}


@pytest.fixture
def world(db):
    # A transactional test flushes the rows the seed migration wrote: put the type back.
    PartnerType.objects.update_or_create(pk="FTM_Provider", defaults={
        "description": "Foundational trust module (chip) provider", "requires_policy_group": False,
        "role": "FTM_PROVIDER"})
    actor = Actor.system()
    root = pki.certificate("FTM Root CA", ca=True, days=3650)
    sub = pki.certificate("FTM Sub CA", issuer_cn="FTM Root CA", issuer_key=pki.key("FTM Root CA"), ca=True, days=1825)
    for cert in (root, sub):
        upload_ca_certificate(actor=actor, certificate_data=pki.pem(cert), domain="FTM")
    owner = make_user("ops@chipworks.example", ["FTM_PROVIDER"])
    make_partner(owner, name="ChipWorks", partner_type="FTM_Provider", partner_id="chipworks")
    chip_certificate = pki.certificate("chip-se1", org="ChipWorks", issuer_cn="FTM Sub CA",
                                       issuer_key=pki.key("FTM Sub CA"))
    return pki.pem(chip_certificate)


def check(page, words, text):
    assert page.locator("html").get_attribute("dir") == words["dir"]
    assert text in page.locator("main").inner_text()
    assert page.foreign_requests == [] and page.csp_violations == []


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_add_upload_approve_download_deactivate(page, screenshots, world, language):
    chip_pem = world
    words = WORDS[language]

    def shot(name):
        page.screenshot(path=str(screenshots / f"ftm12-{language}-{name}.png"), full_page=True)

    page.goto("/portal/login/")
    if language != "en":
        page.select_option("#language", language)
        page.click("#set-language")
    page.fill("#id_username", "ops@chipworks.example")
    page.fill("#id_password", PASSWORD)
    page.click("#login")
    page.wait_for_selector("#ftm-chips")
    check(page, words, words["chips"])
    shot("01-partner-page")

    page.fill("#id_chip-make", "Secure")
    page.fill("#id_chip-model", "SE-1")
    page.click("#add-chip")
    chip = FtmChipDetail.objects.get()
    row = page.locator(f"#chip-{chip.pk}")
    row.wait_for()
    assert words["no_certificate"] in row.locator(".chip-status").inner_text()
    shot("02-chip-added")

    row.locator("summary").click()
    row.locator("textarea[name=certificate_text]").fill(chip_pem)
    row.locator("button.upload-chip-certificate").click()
    page.wait_for_selector(f"#chip-{chip.pk} .chip-status >> text={words['waiting']}")
    chip.refresh_from_db()
    assert chip.approval_status == "pending_approval"
    shot("03-certificate-uploaded")

    ftm12.decide_chip_12(actor=Actor.system(), chip_id=chip.pk, approve=True)  # R95, the partner admin
    page.reload()
    row = page.locator(f"#chip-{chip.pk}")
    assert words["approved"] in row.locator(".chip-status").inner_text()
    assert row.locator(".chip-expiry").inner_text().strip() not in ("", "—")
    check(page, words, words["approved"])
    shot("04-chip-approved")

    with page.expect_download() as download:
        row.locator("a.download-chip").click()
    assert download.value.suggested_filename == f"ftm-chip-{chip.pk}-signed.pem"
    with open(download.value.path(), encoding="ascii") as handle:
        assert handle.read() == FtmChipDetail.objects.get(pk=chip.pk).signed_certificate_pem

    row.locator("button.deactivate-chip").click()
    page.wait_for_selector(f"text={words['done']}")
    row = page.locator(f"#chip-{chip.pk}")
    assert words["deactivated"] in row.locator(".chip-status").inner_text()
    assert row.locator("button.deactivate-chip").count() == 0
    chip.refresh_from_db()
    assert chip.is_deactivated
    check(page, words, words["done"])
    shot("05-chip-deactivated")
