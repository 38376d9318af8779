"""The back-office pages of the 1.2 records: user consents (partner admins), credential-type
mappings (partner admins), API-key expiry reminders (whoever sees the keys: partner
managers of the keys' groups, partner admins), and the MISP pages' 1.2 links (the MISP's
partner, a license's policy), read-only, keys masked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import UserConsent
from kernel.actors import Actor
from misp.models import LicenseKey, Misp
from partners import services as partner_services
from partners.models import ApiKeyExpiryNotice, ApiKeyRequest, PartnerApiKey, PartnerCredentialType
from partners.tests.factories import make_partner, make_partner_manager
from policies.models import PolicyStatus
from policies.tests.factories import PolicyFactory, PolicyGroupFactory
from tests.support.api import PmsApi, assert_ok
from tests.support.users import make_user, token_for

pytestmark = pytest.mark.django_db


def _browser(user):
    user.is_staff = True
    user.save()
    browser = Client()
    browser.force_login(user)
    return browser


@pytest.fixture
def world():
    banking, telecom = PolicyGroupFactory(name="Banking"), PolicyGroupFactory(name="Telecom")
    policy = PolicyFactory(policy_group=banking, name="KYC", status=PolicyStatus.PUBLISHED)
    partner = make_partner(make_user("airtel", ["AUTH_PARTNER"]), name="Airtel", group=banking, partner_id="airtel-01")
    request = ApiKeyRequest.objects.create(partner=partner, policy=policy, use_case="x")
    partner_services.decide_api_key_request(actor=Actor.system(), request_id=request.pk, approve=True)
    key = PartnerApiKey.objects.get(partner=partner)
    notice = ApiKeyExpiryNotice.objects.create(key=key, valid_to=timezone.now() + dt.timedelta(days=3))
    mapping = PartnerCredentialType.objects.create(partner=partner, policy=policy, credential_type="euin")
    consent = UserConsent.objects.create(user=partner.owner, consent_given=True, consent_given_at=timezone.now())
    return {"banking": banking, "telecom": telecom, "key": key, "notice": notice, "mapping": mapping,
            "consent": consent, "policy": policy}


PAGES = ["/admin/accounts/userconsent/", "/admin/partners/partnercredentialtype/",
         "/admin/partners/apikeyexpirynotice/"]


def test_partner_admins_see_all_three_pages_read_only(world):
    browser = _browser(make_user("pa", ["PARTNER_ADMIN"]))
    for page in PAGES:
        listing = browser.get(page)
        assert listing.status_code == 200, page
        assert browser.get(f"{page}add/").status_code == 403, page
    key = world["key"]
    notices = browser.get(PAGES[2]).content.decode()
    assert key.masked() in notices and key.label in notices
    assert key.reveal() not in notices
    detail = browser.get(f"{PAGES[1]}{world['mapping'].pk}/change/")
    assert detail.status_code == 200 and 'name="_save"' not in detail.content.decode()
    assert "euin" in detail.content.decode()
    consent = browser.get(f"{PAGES[0]}{world['consent'].pk}/change/")
    assert consent.status_code == 200 and 'name="_save"' not in consent.content.decode()
    assert browser.post(f"{PAGES[1]}{world['mapping'].pk}/change/", {"credential_type": "x"}).status_code == 403
    world["mapping"].refresh_from_db()
    assert world["mapping"].credential_type == "euin"


def test_partner_managers_see_the_reminders_of_their_groups_keys_only(world):
    own = _browser(make_partner_manager("pm-bank", [world["banking"]]))
    assert world["key"].label in own.get(PAGES[2]).content.decode()
    assert own.get(f"{PAGES[2]}{world['notice'].pk}/change/").status_code == 200
    other = _browser(make_partner_manager("pm-tel", [world["telecom"]]))
    listing = other.get(PAGES[2])
    assert listing.status_code == 200 and world["key"].masked() not in listing.content.decode()
    assert other.get(f"{PAGES[2]}{world['notice'].pk}/change/").status_code in (302, 404)
    # neither consents nor credential-type mappings: their API routes are no partner manager's
    for page in PAGES[:2]:
        assert own.get(page).status_code == 403, page


@pytest.mark.parametrize("role", ["POLICYMANAGER", "MISP_ADMIN", "AUDITOR", "AUTH_PARTNER"])
def test_other_roles_see_none_of_them(world, role):
    browser = _browser(make_user(f"u-{role.lower()}", [role]))
    for page in PAGES:
        assert browser.get(page).status_code == 403, (role, page)


def test_the_misp_pages_show_the_partner_and_the_policy_key_masked(world):
    group = world["banking"]
    owner = make_user("mispp", ["MISP_PARTNER"])
    misp_partner = make_partner(owner, name="Telecom MISP", group=group, partner_type="MISP_Partner",
                                partner_id="mispp-1")
    ApiKeyRequest.objects.create(partner=misp_partner, policy=world["policy"], status="approved", use_case="x")
    value = assert_ok(PmsApi(token=token_for(owner)).post("/v1/partnermanager/misps", {"providerId": "mispp-1"}))[
        "licenseKey"]
    misp = Misp.objects.get(partner=misp_partner)
    license_key = LicenseKey.objects.get(misp=misp)
    browser = _browser(make_user("misp-admin", ["MISP_ADMIN"]))
    misp_page = browser.get(f"/admin/misp/misp/{misp.pk}/change/").content.decode()
    assert "mispp-1" in misp_page and "KYC" in misp_page and license_key.masked() in misp_page
    assert value not in misp_page and 'name="partner"' not in misp_page
    listing = browser.get("/admin/misp/licensekey/").content.decode()
    assert "KYC" in listing and license_key.masked() in listing and value not in listing
    key_page = browser.get(f"/admin/misp/licensekey/{license_key.pk}/change/").content.decode()
    assert "KYC" in key_page and value not in key_page and 'name="policy"' not in key_page
    assert "Telecom MISP" in browser.get("/admin/misp/misp/").content.decode()
