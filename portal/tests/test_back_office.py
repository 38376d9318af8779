"""Managers land on an admin that shows what waits for them, counted inside their role and
groups; lists export as CSV holding only what the list shows (keys masked), audited."""

import csv
import io

import pytest
from django.test import Client

from audit.models import AuditEvent
from kernel.actors import Actor
from kernel.roles import Role
from misp import services as misp_services
from misp.models import LicenseKey
from partners.models import ApiKeyRequest
from partners.tests.factories import make_partner, make_partner_manager
from policies.models import PolicyStatus
from policies.tests.factories import PolicyFactory, PolicyGroupFactory, make_manager
from portal.models import PendingRegistration
from tests.support.users import make_user, staff_browser

pytestmark = pytest.mark.django_db




def rows_of(answer):
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(answer.content.decode())))


@pytest.fixture
def telecom(db):
    return PolicyGroupFactory(name="Telecom")


def test_a_policy_manager_lands_on_the_drafts_of_its_groups(banking, telecom):
    PolicyFactory.create_batch(2, policy_group=banking, status=PolicyStatus.DRAFT)
    PolicyFactory(policy_group=telecom, status=PolicyStatus.DRAFT)
    page = staff_browser(make_manager("pm-bank", groups=[banking])).get("/admin/").content.decode()
    assert "Waiting for you" in page
    assert 'href="/admin/policies/policy/?status__exact=draft">Draft policies to publish</a></th>\n        ' \
           '<td><strong>2</strong>' in page
    assert "API key requests waiting" not in page and "MISPs waiting" not in page


def test_a_partner_manager_lands_on_the_open_requests_of_its_groups(banking, telecom, kyc_policy):
    other_policy = PolicyFactory(policy_group=telecom, status=PolicyStatus.PUBLISHED)
    ApiKeyRequest.objects.create(partner=make_partner(name="Airtel", group=banking), policy=kyc_policy, use_case="x")
    ApiKeyRequest.objects.create(partner=make_partner(name="Jio", group=telecom), policy=other_policy, use_case="x")
    page = staff_browser(make_partner_manager("pm-bank", [banking])).get("/admin/").content.decode()
    assert "/admin/partners/apikeyrequest/?status__exact=in-progress\">API key requests waiting for a decision</a>" in page
    assert "<strong>1</strong>" in page
    assert "Draft policies" not in page and "MISPs waiting" not in page


def test_a_misp_admin_lands_on_the_misps_to_approve(db):
    admin_user = make_user("misp-admin", ["MISP_ADMIN"])
    misp_services.create_misp(actor=Actor(username="misp-admin", roles=frozenset({Role.MISP_ADMIN}), user=admin_user),
                              name="Airtel MISP", contact_no="1", email="a@b.example", address="x")
    page = staff_browser(admin_user).get("/admin/").content.decode()
    assert "MISPs waiting for approval" in page and "<strong>1</strong>" in page
    assert "API key requests" not in page and "Draft policies" not in page


def test_a_partner_managers_csv_export_holds_its_groups_rows_only_and_is_audited(banking, telecom, kyc_policy):
    other_policy = PolicyFactory(policy_group=telecom, status=PolicyStatus.PUBLISHED)
    mine = ApiKeyRequest.objects.create(partner=make_partner(name="=cmd|Airtel", group=banking), policy=kyc_policy,
                                        use_case="x")
    theirs = ApiKeyRequest.objects.create(partner=make_partner(name="Jio", group=telecom), policy=other_policy,
                                          use_case="x")
    browser = staff_browser(make_partner_manager("pm-bank", [banking]))
    answer = browser.post("/admin/partners/apikeyrequest/", {"action": "export_as_csv",
                                                             "_selected_action": [mine.pk, theirs.pk]})
    rows = rows_of(answer)
    assert rows[0][:3] == ["Id", "Partner", "Policy"]
    assert [r[0] for r in rows[1:]] == [mine.pk]  # the other group's row is not exported
    assert rows[1][1].startswith("'=cmd")  # no formula runs in a spreadsheet
    row = AuditEvent.objects.get(event_id="PMS_AUT_210")
    assert row.session_user_id == "pm-bank" and "1 row(s) of partners.ApiKeyRequest" in row.description


def test_a_policy_managers_export_of_policies_stays_in_its_groups(banking, telecom):
    mine = PolicyFactory(policy_group=banking, name="Bank KYC")
    theirs = PolicyFactory(policy_group=telecom, name="Telco KYC")
    browser = staff_browser(make_manager("pm-bank", groups=[banking]))
    rows = rows_of(browser.post("/admin/policies/policy/", {"action": "export_as_csv",
                                                            "_selected_action": [mine.pk, theirs.pk]}))
    names = [r[0] for r in rows[1:]]
    assert names == ["Bank KYC"]


def test_license_keys_export_masked(db):
    admin_user = make_user("misp-admin", ["MISP_ADMIN"])
    actor = Actor(username="misp-admin", roles=frozenset({Role.MISP_ADMIN}), user=admin_user)
    misp = misp_services.create_misp(actor=actor, name="Airtel MISP", contact_no="1", email="a@b.example", address="x")
    _, _, value = misp_services.decide_misp(actor=actor, misp_id=misp.pk, approve=True)
    key = LicenseKey.objects.get()
    answer = staff_browser(admin_user).post("/admin/misp/licensekey/", {"action": "export_as_csv",
                                                                      "_selected_action": [key.pk]})
    text = answer.content.decode()
    assert value not in text and value[-4:] in text and "Reveal" not in text


def test_a_user_without_the_role_exports_nothing(banking, kyc_policy):
    request = ApiKeyRequest.objects.create(partner=make_partner(name="Airtel", group=banking), policy=kyc_policy,
                                           use_case="x")
    browser = staff_browser(make_manager("pm-bank", groups=[banking]))  # a policy manager, not a partner manager
    answer = browser.post("/admin/partners/apikeyrequest/", {"action": "export_as_csv", "_selected_action": [request.pk]})
    assert answer.status_code == 403
    assert not AuditEvent.objects.filter(event_id="PMS_AUT_210").exists()


def test_partner_admins_see_pending_registrations_without_secrets(banking, mailoutbox):
    from portal.tests.conftest import register

    register(Client())
    registration = PendingRegistration.objects.get()
    browser = staff_browser(make_user("root", ["PARTNER_ADMIN"]))
    listing = browser.get("/admin/portal/pendingregistration/").content.decode()
    assert "ops@airtel.example" in listing
    for url in (f"/admin/portal/pendingregistration/{registration.pk}/change/",
                f"/admin/portal/pendingregistration/{registration.pk}/history/"):
        page = browser.get(url).content.decode()
        assert registration.otp_digest not in page and registration.password_hash not in page
    manager = staff_browser(make_partner_manager("pm-bank", [banking]))
    assert manager.get("/admin/portal/pendingregistration/").status_code == 403


def test_the_landing_speaks_the_managers_language(banking):
    browser = staff_browser(make_manager("pm-bank", groups=[banking]))
    browser.post("/i18n/setlang/", {"language": "fr", "next": "/admin/"})
    page = browser.get("/admin/").content.decode()
    assert "En attente de votre action" in page and "Politiques en brouillon à publier" in page
