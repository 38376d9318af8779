"""A MISP partner's licenses on its partner page in Chromium, in English, French and Arabic:
log in → no license yet → generate the license (MOSIP 1.2's R64), shown once → see it
listed, masked, with its status and validity. A screenshot of every step is saved
(tests/browser/screenshots/, or $PMS_SCREENSHOTS)."""

import pytest

from misp.models import LicenseKey
from partners.models import PartnerType
from partners.tests.factories import make_partner
from policies.tests.factories import PolicyGroupFactory
from tests.support.users import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "en": {"dir": "ltr", "licenses": "MISP licenses", "none": "No license yet.", "new": "Your MISP license key",
           "active": "Active"},
    "fr": {"dir": "ltr", "licenses": "Licences MISP", "none": "Aucune licence pour l'instant.",
           "new": "Votre clé de licence MISP", "active": "Actif"},
    "ar": {"dir": "rtl", "licenses": "تراخيص MISP", "none": "لا يوجد ترخيص بعد.", "new": "مفتاح ترخيص MISP الخاص بك",
           "active": "نشط"},
}


@pytest.fixture
def misp_partner(db):
    # A transactional test flushes the rows the seed migration wrote: put the type back.
    PartnerType.objects.update_or_create(pk="MISP_Partner", defaults={
        "description": "Infrastructure service provider", "requires_policy_group": True, "role": "MISP_PARTNER"})
    group = PolicyGroupFactory(name="Telecom")
    owner = make_user("ops@telecom.example", ["MISP_PARTNER"])
    return make_partner(owner, name="Telecom MISP", group=group, partner_type="MISP_Partner", partner_id="mispp-1")


def check(page, words, text):
    assert page.locator("html").get_attribute("dir") == words["dir"]
    assert text in page.locator("main").inner_text()
    assert page.foreign_requests == [] and page.csp_violations == []


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_generate_and_list_the_license(page, screenshots, misp_partner, language):
    words = WORDS[language]

    def shot(name):
        page.screenshot(path=str(screenshots / f"portal-misp-{language}-{name}.png"), full_page=True)

    page.goto("/portal/login/")
    if language != "en":
        page.select_option("#language", language)
        page.click("#set-language")
    page.fill("#id_username", "ops@telecom.example")
    page.fill("#id_password", PASSWORD)
    page.click("#login")
    page.wait_for_selector("#licenses")
    check(page, words, words["licenses"])
    assert words["none"] in page.locator("#licenses").inner_text()
    shot("01-no-license")

    page.click("#issue-license")
    page.wait_for_selector("#license-key-value")
    check(page, words, words["new"])
    key = LicenseKey.objects.get(misp__partner=misp_partner)
    value = page.locator("#license-key-value").inner_text()
    assert value == key.reveal()
    shot("02-license-shown-once")

    page.click("#back-to-partner")
    row = page.locator(f"#license-{key.pk}")
    row.wait_for()
    assert key.masked() in row.inner_text() and words["active"] in row.locator(".status").inner_text()
    assert value not in page.content()  # masked, never the value
    assert page.locator("#issue-license").count() == 0  # one license per MISP partner
    check(page, words, words["licenses"])
    shot("03-license-listed")
