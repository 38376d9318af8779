"""The MOSIP 1.2 part of the partner's page in Chromium, in English, French and Arabic:
log in → request a policy → a partner manager approves it (1.2's R21, through the service
in the test) → generate a key with a label, shown once → see it listed by label →
deactivate it. A screenshot of every step is saved (tests/browser/screenshots/, or
$PMS_SCREENSHOTS)."""

import pytest

from kernel.actors import Actor
from kernel.roles import Role
from partners.models import ApiKeyRequest, PartnerApiKey, PartnerType, RequestStatus
from partners.services import mapping
from partners.tests.factories import make_partner, make_partner_manager
from policies.models import PolicyStatus
from policies.tests.factories import PolicyFactory, PolicyGroupFactory
from tests.support.users import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WORDS = {
    "en": {"dir": "ltr", "requests": "Policy requests", "waiting": "Waiting for approval", "approved": "Approved",
           "new_key": "Your new API key", "active": "Active", "inactive": "Inactive",
           "deactivated": "Key “branch tablets” deactivated."},
    "fr": {"dir": "ltr", "requests": "Demandes de politique", "waiting": "En attente d'approbation",
           "approved": "Approuvée", "new_key": "Votre nouvelle clé d'API", "active": "Actif", "inactive": "Inactif",
           "deactivated": "Clé « branch tablets » désactivée."},
    "ar": {"dir": "rtl", "requests": "طلبات السياسات", "waiting": "بانتظار الاعتماد", "approved": "معتمد",
           "new_key": "مفتاح واجهة البرمجة الجديد الخاص بك", "active": "نشط", "inactive": "غير نشط",
           "deactivated": "تم تعطيل المفتاح «branch tablets»."},
}


@pytest.fixture
def world(db):
    # A transactional test flushes the rows the seed migration wrote: put the type back.
    PartnerType.objects.update_or_create(pk="Auth_Partner", defaults={
        "description": "Authentication partner (bank, telco)", "requires_policy_group": True, "role": "AUTH_PARTNER"})
    group = PolicyGroupFactory(name="Banking")
    PolicyFactory(policy_group=group, name="KYC Policy", status=PolicyStatus.PUBLISHED)
    owner = make_user("ops@airtel.example", ["PARTNER", "AUTH_PARTNER"])
    partner = make_partner(owner, name="Airtel India", group=group, partner_id="airtel-01")
    manager = make_partner_manager("pm-bank", [group])
    return partner, Actor(username=manager.username, roles=frozenset({Role.PARTNERMANAGER}), user=manager)


def check(page, words, text):
    assert page.locator("html").get_attribute("dir") == words["dir"]
    assert text in page.locator("main").inner_text()
    assert page.foreign_requests == [] and page.csp_violations == []


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_request_approve_generate_list_deactivate(page, screenshots, world, language):
    partner, manager = world
    words = WORDS[language]

    def shot(name):
        page.screenshot(path=str(screenshots / f"portal12-{language}-{name}.png"), full_page=True)

    page.goto("/portal/login/")
    if language != "en":
        page.select_option("#language", language)
        page.click("#set-language")
    page.fill("#id_username", "ops@airtel.example")
    page.fill("#id_password", PASSWORD)
    page.click("#login")
    page.wait_for_selector("#policy-requests")
    check(page, words, words["requests"])
    shot("01-partner-page")

    page.select_option("#id_policy", "KYC Policy")
    page.fill("#id_use_case", "e-KYC at branches")
    page.click("#request-key")
    page.wait_for_selector(f"#policy-requests >> text={words['waiting']}")
    request = ApiKeyRequest.objects.get()
    assert request.status == RequestStatus.IN_PROGRESS
    assert page.locator("#generate-key").count() == 0  # nothing approved yet
    shot("02-policy-requested")

    mapping.decide_policy_mapping(actor=manager, mapping_id=request.pk, status="Approved")  # R21: no key made
    assert not PartnerApiKey.objects.exists()
    page.reload()
    check(page, words, words["approved"])
    shot("03-policy-approved")

    page.select_option("#id_generate-policy", "KYC Policy")
    page.fill("#id_generate-label", "branch tablets")
    page.click("#generate-key")
    page.wait_for_selector("#api-key-value")
    check(page, words, words["new_key"])
    key = PartnerApiKey.objects.get()
    value = page.locator("#api-key-value").inner_text()
    assert value == key.reveal() and key.label == "branch tablets"
    shot("04-key-shown-once")

    page.click("#back-to-partner")
    row = page.locator(f"#key-{key.pk}")
    row.wait_for()
    assert "branch tablets" in row.inner_text() and words["active"] in row.locator(".status").inner_text()
    assert value not in page.content()  # listed by label, never by value
    shot("05-key-listed")

    row.locator("button.deactivate").click()
    page.wait_for_selector(f"text={words['deactivated']}")
    row = page.locator(f"#key-{key.pk}")
    assert row.locator(".status").inner_text().strip() == words["inactive"]
    assert row.locator("button.activate").count() == 1
    key.refresh_from_db()
    assert not key.is_active
    check(page, words, words["deactivated"])
    shot("06-key-deactivated")
