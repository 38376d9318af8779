"""The partner's journey in Chromium, in English, French and Arabic: register → the code
arrives over SMTP → verify → log in → request an API key → a partner manager approves it
in the admin → the partner reveals the key on the dashboard. A screenshot of every page
is saved (tests/browser/screenshots/, or $PMS_SCREENSHOTS)."""

import re

import pytest

from partners.models import ApiKeyRequest, Partner, PartnerType, RequestStatus
from partners.services import api_key_value
from partners.tests.factories import make_partner, make_partner_manager
from policies.models import PolicyStatus
from policies.tests.factories import PolicyFactory, PolicyGroupFactory
from portal.models import PendingRegistration
from tests.support.users import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STRONG = "Blue-Harbour-Lantern-42"

# What each language's pages say (and the direction they are written in).
WORDS = {
    "en": {"dir": "ltr", "register": "Register your organisation", "verify": "Verify your e-mail address",
           "verified": "Your e-mail address is verified", "login": "Log in", "keys": "API keys",
           "waiting": "Waiting for approval", "approved": "Approved", "show": "Show the key", "key": "Your API key",
           "language": "English"},
    "fr": {"dir": "ltr", "register": "Inscrivez votre organisation", "verify": "Vérifiez votre adresse e-mail",
           "verified": "Votre adresse e-mail est vérifiée", "login": "Se connecter", "keys": "Clés d'API",
           "waiting": "En attente d'approbation", "approved": "Approuvée", "show": "Afficher la clé",
           "key": "Votre clé d'API", "language": "Français"},
    "ar": {"dir": "rtl", "register": "سجّل مؤسستك", "verify": "تحقق من عنوان بريدك الإلكتروني",
           "verified": "تم التحقق من عنوان بريدك الإلكتروني", "login": "تسجيل الدخول", "keys": "مفاتيح واجهة البرمجة",
           "waiting": "بانتظار الاعتماد", "approved": "معتمد", "show": "إظهار المفتاح", "key": "مفتاح واجهة البرمجة الخاص بك",
           "language": "العربية"},
}


@pytest.fixture
def banking(db):
    # A transactional test flushes the rows the seed migration wrote: put the type back.
    PartnerType.objects.update_or_create(pk="Auth_Partner", defaults={
        "description": "Authentication partner (bank, telco)", "requires_policy_group": True, "role": "AUTH_PARTNER"})
    group = PolicyGroupFactory(name="Banking")
    PolicyFactory(policy_group=group, name="KYC Policy", status=PolicyStatus.PUBLISHED)
    manager = make_partner_manager("pm-bank", [group])
    manager.is_staff = True
    manager.save()
    return group


def shoot(page, folder, name):
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def check_page(page, words, heading):
    assert page.locator("html").get_attribute("dir") == words["dir"]
    assert heading in page.locator("main").inner_text()
    assert page.foreign_requests == [] and page.csp_violations == []


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_register_verify_login_request_approve_reveal(page, browser, live_server, smtp_inbox, screenshots, banking,
                                                      language):
    words, shot = WORDS[language], lambda name: shoot(page, screenshots, f"portal-{language}-{name}")
    page.goto("/portal/register/")
    if language != "en":  # the switcher is a plain form: no JavaScript needed
        page.select_option("#language", language)
        page.click("#set-language")
    check_page(page, words, words["register"])
    shot("01-partner-type")
    page.check("input[name=partner_type][value=Auth_Partner]")
    page.click("button[type=submit].primary")

    check_page(page, words, words["register"])
    page.fill("#id_organization_name", f"Airtel {language.upper()}")
    page.fill("#id_email", f"ops-{language}@airtel.example")
    page.select_option("#id_policy_group", "Banking")
    page.fill("#id_contact_no", "+91 98450 00000")
    page.fill("#id_address", "Bengaluru")
    page.fill("#id_password1", STRONG)
    page.fill("#id_password2", STRONG)
    shot("02-register-form")
    page.click("#register")

    page.wait_for_selector("#verify")
    check_page(page, words, words["verify"])
    shot("03-verify")
    message = smtp_inbox.wait_for(1)
    assert message["To"] == f"ops-{language}@airtel.example"
    code = re.search(r"\b(\d{6})\b", smtp_inbox.text(message)).group(1)
    assert not Partner.objects.exists()  # nothing exists before the code is entered
    page.fill("#id_code", code)
    page.click("#verify")

    page.wait_for_selector("#login")
    check_page(page, words, words["verified"])
    shot("04-login")
    page.fill("#id_username", f"ops-{language}@airtel.example")
    page.fill("#id_password", STRONG)
    page.click("#login")

    page.wait_for_selector("#api-keys")
    check_page(page, words, words["keys"])
    partner = Partner.objects.get()
    assert partner.owner.username == f"ops-{language}@airtel.example"
    assert page.locator("#partner-id").inner_text() == partner.pk
    shot("05-dashboard")
    page.select_option("#id_policy", "KYC Policy")
    page.fill("#id_use_case", "e-KYC at branches")
    page.click("#request-key")
    page.wait_for_selector(f"text={words['waiting']}")
    shot("06-key-requested")
    request = ApiKeyRequest.objects.get()
    assert request.status == RequestStatus.IN_PROGRESS

    # The partner manager approves it in the admin (their own browser session).
    manager_context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    admin = manager_context.new_page()
    admin.goto("/admin/login/?next=/admin/")
    admin.fill("#id_username", "pm-bank")
    admin.fill("#id_password", PASSWORD)
    admin.click("input[type=submit]")
    admin.wait_for_selector("#your-work")  # the partner manager's landing: what waits for them
    assert admin.locator("#your-work tr.work-partnermanager").first.inner_text().split()[-1] == "1"
    shoot(admin, screenshots, f"portal-{language}-07a-admin-landing")
    admin.click("text=API key requests waiting for a decision")
    admin.check(f"input[name=_selected_action][value='{request.pk}']")
    admin.select_option("select[name=action]", "approve_selected")
    admin.click("button[name=index]")
    admin.wait_for_selector("text=Approved: 1 done.")
    shoot(admin, screenshots, f"portal-{language}-07b-admin-approved")
    manager_context.close()
    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED

    page.reload()
    check_page(page, words, words["approved"])
    shot("08-key-approved")
    page.click(f"#request-{request.pk} button.reveal")
    page.wait_for_selector("#api-key-value")
    check_page(page, words, words["key"])
    assert page.locator("#api-key-value").inner_text() == api_key_value(request)
    shot("09-key-revealed")


def test_refusals_are_clear_in_the_browser(page, smtp_inbox, screenshots, banking):
    page.goto("/portal/register/?partner_type=Auth_Partner")
    page.fill("#id_organization_name", "Airtel India")
    page.fill("#id_email", "ops@airtel.example")
    page.select_option("#id_policy_group", "Banking")
    page.fill("#id_contact_no", "+91 98450 00000")
    page.fill("#id_address", "Bengaluru")
    page.fill("#id_password1", "password")
    page.fill("#id_password2", "password")
    page.click("#register")
    page.wait_for_selector("#password1-error")
    assert "This password is too common." in page.locator("#password1-error").inner_text()
    shoot(page, screenshots, "portal-refusal-weak-password")
    assert not PendingRegistration.objects.exists() and smtp_inbox.messages == []

    page.fill("#id_password1", STRONG)
    page.fill("#id_password2", STRONG)
    page.click("#register")
    page.wait_for_selector("#verify")
    code = re.search(r"\b(\d{6})\b", smtp_inbox.text(smtp_inbox.wait_for(1))).group(1)
    page.fill("#id_code", "000000" if code != "000000" else "111111")
    page.click("#verify")
    page.wait_for_selector("#code-error")
    assert "Attempts left: 4." in page.locator("#code-error").inner_text()
    shoot(page, screenshots, "portal-refusal-wrong-code")
    assert not Partner.objects.exists()

    page.fill("#id_code", code)
    page.click("#verify")
    page.fill("#id_username", "ops@airtel.example")
    page.fill("#id_password", STRONG)
    page.click("#login")
    page.wait_for_selector("#api-keys")
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: one column, nothing cut off
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, screenshots, "portal-mobile-dashboard")
    other = make_partner(name="Jio", group=banking, partner_id="jio-01")
    response = page.goto(f"/portal/partners/{other.pk}/")
    assert response.status == 404 and "Jio" not in page.content()
    shoot(page, screenshots, "portal-refusal-another-partner")
