"""An FTM provider's chips on its partner page (MOSIP 1.2's R93, R96, R98, R99 through
``devices.services.ftm12``) and the partner admin's approval queue in the back office:
scoped like the API, every change audited by the chip service."""

import pytest
from django.test import Client

from audit.models import AuditEvent
from devices.models import FtmChipDetail
from kernel.actors import Actor
from partners.services import upload_ca_certificate
from partners.tests import pki
from partners.tests.factories import make_partner
from tests.support.audit import snapshot
from tests.support.users import PASSWORD, make_user, staff_browser

pytestmark = pytest.mark.django_db
ORG = "ChipWorks"


def chip_pem(org=ORG, cn="chip-se1"):
    return pki.pem(pki.certificate(cn, org=org, issuer_cn="FTM Sub CA", issuer_key=pki.key("FTM Sub CA")))


@pytest.fixture
def ftm_chain(db):
    actor = Actor.system()
    root = pki.certificate("FTM Root CA", ca=True, days=3650)
    sub = pki.certificate("FTM Sub CA", issuer_cn="FTM Root CA", issuer_key=pki.key("FTM Root CA"), ca=True, days=1825)
    for cert in (root, sub):
        upload_ca_certificate(actor=actor, certificate_data=pki.pem(cert), domain="FTM")


@pytest.fixture
def owner(db):
    return make_user("ops@chipworks.example", ["FTM_PROVIDER"])


@pytest.fixture
def chipworks(owner, ftm_chain):
    return make_partner(owner, name=ORG, partner_type="FTM_Provider", partner_id="chipworks")


@pytest.fixture
def browser(owner):
    client = Client()
    assert client.login(username=owner.username, password=PASSWORD)
    return client


def add(browser, make="Secure", model="SE-1"):
    return browser.post("/portal/partners/chipworks/ftm-chips/", {"chip-make": make, "chip-model": model}, follow=True)


def test_a_provider_adds_a_chip_uploads_its_certificate_downloads_the_signed_copy_and_deactivates_it(
        browser, chipworks):
    page = add(browser).content.decode()
    chip = FtmChipDetail.objects.get()
    assert f'id="chip-{chip.pk}"' in page and "Waiting for its certificate" in page
    page = browser.post(f"/portal/partners/chipworks/ftm-chips/{chip.pk}/certificate/",
                        {"certificate_text": chip_pem()}, follow=True).content.decode()
    assert "Waiting for approval" in page
    chip.refresh_from_db()
    assert chip.approval_status == "pending_approval" and chip.certificate_not_after
    download = browser.get(f"/portal/partners/chipworks/ftm-chips/{chip.pk}/signed.pem")
    assert download.status_code == 200 and download.content.decode() == chip.signed_certificate_pem
    admin = staff_browser(make_user("pa", ["PARTNER_ADMIN"]))
    admin.post("/admin/devices/ftmchipdetail/", {"action": "approve_selected", "_selected_action": [chip.pk]})
    chip.refresh_from_db()
    assert (chip.approval_status, chip.is_active) == ("approved", True)
    page = browser.get("/portal/partners/chipworks/").content.decode()
    assert "Approved" in page and "Deactivate for good" in page
    browser.post(f"/portal/partners/chipworks/ftm-chips/{chip.pk}/deactivate/", follow=True)
    chip.refresh_from_db()
    assert chip.is_deactivated
    assert AuditEvent.objects.filter(event_id__in=["PMS_DEV_230", "PMS_DEV_233", "PMS_DEV_232", "PMS_DEV_234"]
                                     ).count() == 4


def test_a_refused_certificate_is_explained_and_changes_nothing(browser, chipworks):
    add(browser)
    chip = FtmChipDetail.objects.get()
    before = snapshot(FtmChipDetail)
    page = browser.post(f"/portal/partners/chipworks/ftm-chips/{chip.pk}/certificate/",
                        {"certificate_text": chip_pem(org="Someone Else")}, follow=True).content.decode()
    assert "KER-PCM-008" in page or "organisation" in page.lower()
    assert before.take() == before.rows


def test_the_chip_pages_are_in_french_and_arabic(browser, chipworks):
    add(browser)
    for language, text in (("fr", "Puces FTM"), ("ar", "شرائح FTM")):
        browser.post("/i18n/setlang/", {"language": language, "next": "/portal/"})
        page = browser.get("/portal/partners/chipworks/").content.decode()
        assert text in page, language


def test_another_providers_chip_answers_404_and_changes_nothing(browser, chipworks):
    other = make_user("ops@rival.example", ["FTM_PROVIDER"])
    rival = make_partner(other, name="Rival Chips", partner_type="FTM_Provider", partner_id="rival")
    chip = FtmChipDetail.objects.create(provider=rival, make="R", model="1", partner_org_name="Rival Chips",
                                        approval_status="approved", is_active=True)
    before = snapshot(FtmChipDetail)
    assert browser.get(f"/portal/partners/chipworks/ftm-chips/{chip.pk}/signed.pem").status_code == 404
    assert browser.post(f"/portal/partners/chipworks/ftm-chips/{chip.pk}/deactivate/").status_code == 404
    assert browser.post(f"/portal/partners/rival/ftm-chips/{chip.pk}/deactivate/").status_code == 404
    assert browser.post("/portal/partners/rival/ftm-chips/", {"chip-make": "x", "chip-model": "y"}).status_code == 404
    assert before.take() == before.rows
    assert "Rival" not in browser.get("/portal/partners/chipworks/").content.decode()


def test_the_partner_admin_lands_on_the_chips_waiting_for_approval(browser, chipworks):
    add(browser)
    chip = FtmChipDetail.objects.get()
    browser.post(f"/portal/partners/chipworks/ftm-chips/{chip.pk}/certificate/", {"certificate_text": chip_pem()})
    admin = staff_browser(make_user("pa", ["PARTNER_ADMIN"]))
    page = admin.get("/admin/").content.decode()
    assert ('href="/admin/devices/ftmchipdetail/?approval_status__exact=pending_approval">FTM chips waiting for '
            'approval</a></th>\n        <td><strong>1</strong>') in page
    listing = admin.get("/admin/devices/ftmchipdetail/?approval_status__exact=pending_approval").content.decode()
    assert chip.pk in listing
    admin.post("/admin/devices/ftmchipdetail/", {"action": "reject_selected", "_selected_action": [chip.pk]})
    chip.refresh_from_db()
    assert chip.approval_status == "rejected"
    # a rejected chip is not approved afterwards: the service refuses, the admin says why
    answer = admin.post("/admin/devices/ftmchipdetail/", {"action": "approve_selected", "_selected_action": [chip.pk]},
                        follow=True)
    assert "PMS_FTM_ERROR_008" in answer.content.decode()
    chip.refresh_from_db()
    assert chip.approval_status == "rejected"
    history = admin.get(f"/admin/devices/ftmchipdetail/{chip.pk}/history/")
    assert history.status_code == 200


def test_other_back_office_roles_see_no_chip_queue(chipworks):
    manager = staff_browser(make_user("pm", ["PARTNERMANAGER"]))
    assert "FTM chips waiting" not in manager.get("/admin/").content.decode()
    assert manager.get("/admin/devices/ftmchipdetail/").status_code in (302, 403)
