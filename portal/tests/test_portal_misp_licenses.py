"""A MISP partner's licenses on its partner page (MOSIP 1.2's R64-R67): listed with status,
validity and the key masked; the first one generated through R64 and shown once (no-store);
refusals shown as messages; scoped to the partner's owner, and absent from other partner
types' pages."""

import pytest
from django.test import Client

from audit.models import AuditEvent
from misp.models import LicenseKey
from partners.tests.factories import make_partner, make_partner_manager
from tests.support.audit import snapshot
from tests.support.users import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def misp_owner(db):
    return make_user("ops@telecom.example", ["MISP_PARTNER"])


@pytest.fixture
def misp_partner(misp_owner, banking):
    return make_partner(misp_owner, name="Telecom MISP", group=banking, partner_type="MISP_Partner",
                        partner_id="mispp-1")


@pytest.fixture
def browser(misp_owner):
    client = Client()
    assert client.login(username=misp_owner.username, password=PASSWORD)
    return client


def _page(client, partner_id="mispp-1"):
    answer = client.get(f"/portal/partners/{partner_id}/")
    assert answer.status_code == 200
    return answer.content.decode()


def test_a_misp_partner_generates_its_license_once_and_sees_it_masked(browser, misp_partner):
    page = _page(browser)
    assert 'id="licenses"' in page and 'id="issue-license"' in page and "No license yet." in page
    answer = browser.post("/portal/partners/mispp-1/licenses/")
    assert answer.status_code == 200 and "no-store" in answer.headers["Cache-Control"]
    key = LicenseKey.objects.get(misp__partner=misp_partner)
    value = key.reveal()
    assert value in answer.content.decode()
    assert AuditEvent.objects.filter(ref_id="mispp-1", event_id="PMS_MSP_201").exists()
    page = _page(browser)
    assert key.masked() in page and value not in page and 'id="issue-license"' not in page
    assert f'id="license-{key.pk}"' in page and "Active" in page
    # a second license is refused (R64's PMS_MSP_416), as a message, and nothing changes
    before = snapshot(LicenseKey)
    again = browser.post("/portal/partners/mispp-1/licenses/", follow=True)
    assert "This partner already has a license." in again.content.decode()
    assert snapshot(LicenseKey) == before


def test_an_inactive_misp_partner_sees_why_and_cannot_generate(browser, misp_partner, banking):
    browser.post("/portal/partners/mispp-1/licenses/")
    misp_partner.is_active = False
    misp_partner.save()
    page = _page(browser)
    assert "While this partner is inactive, its licenses are not accepted." in page
    LicenseKey.objects.all().delete()
    page = _page(browser)
    assert 'id="issue-license"' not in page
    refused = browser.post("/portal/partners/mispp-1/licenses/", follow=True)
    assert "This partner is not active." in refused.content.decode() and not LicenseKey.objects.exists()


def test_licenses_are_the_owners_only(browser, misp_partner, banking):
    other_owner = make_user("ops@other.example", ["MISP_PARTNER"])
    make_partner(other_owner, name="Other MISP", group=banking, partner_type="MISP_Partner", partner_id="other-1")
    assert browser.get("/portal/partners/other-1/").status_code == 404
    assert browser.post("/portal/partners/other-1/licenses/").status_code == 404
    assert not LicenseKey.objects.exists()


def test_other_partner_types_have_no_license_section(banking):
    owner = make_user("ops@airtel.example", ["AUTH_PARTNER"])
    make_partner(owner, name="Airtel", group=banking, partner_id="airtel-01")
    client = Client()
    assert client.login(username=owner.username, password=PASSWORD)
    assert 'id="licenses"' not in _page(client, "airtel-01")
    assert client.post("/portal/partners/airtel-01/licenses/").status_code == 404
    assert client.get("/portal/partners/airtel-01/licenses/").status_code == 302  # a GET goes to the dashboard


def test_a_partner_manager_cannot_use_the_portal_button(misp_partner, banking):
    manager = make_partner_manager("pm-bank", [banking])
    client = Client()
    client.force_login(manager)
    answer = client.post("/portal/partners/mispp-1/licenses/")
    assert answer.status_code == 404 and not LicenseKey.objects.exists()  # the portal serves owners only
