"""The partner manager's admin: scoped lists and history, decisions through the service."""

import pytest

from partners.models import ApiKeyRequest, PartnerApiKey, RequestStatus
from tests.support.users import staff_browser

from .factories import make_partner, make_partner_manager

pytestmark = pytest.mark.django_db




def test_a_manager_sees_and_decides_only_in_their_groups(banking, telecom, kyc_policy):
    mine = make_partner(name="Airtel", group=banking, partner_id="airtel-01")
    theirs = make_partner(name="Jio", group=telecom, partner_id="jio-01")
    request = ApiKeyRequest.objects.create(partner=mine, policy=kyc_policy, use_case="x")
    browser = staff_browser(make_partner_manager("pm-bank", [banking]))
    page = browser.get("/admin/partners/partner/").content.decode()
    assert "Airtel" in page and "Jio" not in page
    assert browser.get(f"/admin/partners/partner/{theirs.pk}/history/").status_code == 404
    assert browser.get(f"/admin/partners/partner/{mine.pk}/history/").status_code == 200
    answer = browser.post("/admin/partners/apikeyrequest/", {"action": "approve_selected", "_selected_action": [request.pk]})
    assert answer.status_code == 302
    assert ApiKeyRequest.objects.get(pk=request.pk).status == RequestStatus.APPROVED
    assert PartnerApiKey.objects.count() == 1


def test_another_groups_manager_cannot_act_through_the_admin(banking, telecom, kyc_policy):
    mine = make_partner(name="Airtel", group=banking, partner_id="airtel-01")
    request = ApiKeyRequest.objects.create(partner=mine, policy=kyc_policy, use_case="x")
    browser = staff_browser(make_partner_manager("pm-tel", [telecom]))
    assert "Airtel" not in browser.get("/admin/partners/apikeyrequest/").content.decode()
    browser.post("/admin/partners/apikeyrequest/", {"action": "approve_selected", "_selected_action": [request.pk]})
    browser.post("/admin/partners/partner/", {"action": "deactivate_selected", "_selected_action": [mine.pk]})
    assert ApiKeyRequest.objects.get(pk=request.pk).status == RequestStatus.IN_PROGRESS
    mine.refresh_from_db()
    assert mine.is_active and not PartnerApiKey.objects.exists()


def test_a_partner_admin_adds_a_partner_type_through_the_service():
    from audit.models import AuditEvent
    from partners.models import PartnerType
    from tests.support.users import make_user

    browser = staff_browser(make_user("root", ["PARTNER_ADMIN"]))
    bad = browser.post("/admin/partners/partnertype/add/", {"code": "Kiosk_Partner", "description": "kiosks",
                                                            "role": "WIZARD", "is_active": "on"})
    assert bad.status_code == 200 and any("WIZARD" in m for m in bad.context["adminform"].form.errors["role"])
    good = browser.post("/admin/partners/partnertype/add/", {"code": "Kiosk_Partner", "description": "kiosks",
                                                             "role": "auth_partner", "is_active": "on",
                                                             "requires_policy_group": "on"})
    assert good.status_code == 302
    kind = PartnerType.objects.get(pk="Kiosk_Partner")
    assert kind.role == "AUTH_PARTNER" and kind.requires_policy_group
    assert AuditEvent.objects.filter(event_key="partner.type.save.success", ref_id="Kiosk_Partner").exists()


def test_a_partner_manager_cannot_add_partner_types(banking):
    browser = staff_browser(make_partner_manager("pm-bank", [banking]))
    assert browser.get("/admin/partners/partnertype/add/").status_code == 403
    assert browser.get("/admin/partners/partnertype/").status_code == 200  # but may read them


def test_a_manager_revokes_a_key_of_its_groups_in_the_admin_and_never_sees_it(banking, telecom, kyc_policy):
    from audit.models import AuditEvent
    from kernel.actors import Actor
    from kernel.roles import Role
    from partners import services
    from policies.models import PolicyStatus
    from policies.tests.factories import PolicyFactory

    manager = make_partner_manager("pm-bank", [banking])
    actor = Actor(username="pm-bank", roles=frozenset({Role.PARTNERMANAGER}), user=manager)
    mine = ApiKeyRequest.objects.create(partner=make_partner(name="Airtel", group=banking), policy=kyc_policy, use_case="x")
    services.decide_api_key_request(actor=actor, request_id=mine.pk, approve=True)
    other_policy = PolicyFactory(policy_group=telecom, status=PolicyStatus.PUBLISHED)
    theirs = ApiKeyRequest.objects.create(partner=make_partner(name="Jio", group=telecom), policy=other_policy, use_case="x")
    services.decide_api_key_request(actor=Actor.system(), request_id=theirs.pk, approve=True)
    my_key, their_key = PartnerApiKey.objects.get(request=mine), PartnerApiKey.objects.get(request=theirs)
    value = services.api_key_value(ApiKeyRequest.objects.get(pk=mine.pk))

    browser = staff_browser(manager)
    page = browser.get("/admin/partners/partnerapikey/").content.decode()
    assert my_key.pk in page and their_key.pk not in page
    assert value not in page and "••••" + value[-4:] in page
    assert value not in browser.get(f"/admin/partners/partnerapikey/{my_key.pk}/change/").content.decode()
    browser.post("/admin/partners/partnerapikey/", {"action": "deactivate_selected",
                                                    "_selected_action": [my_key.pk, their_key.pk]})
    my_key.refresh_from_db()
    their_key.refresh_from_db()
    assert not my_key.is_active and their_key.is_active
    row = AuditEvent.objects.get(event_key="partner.apikey.status.success")
    assert row.session_user_id == "pm-bank" and value not in row.description


def test_a_partner_admin_reads_a_keys_history_masked(banking, kyc_policy):
    """The version page of a key once answered 500 (its computed ``masked_value`` was taken
    for a form field); it is the read-only version, with the key masked."""
    from kernel.actors import Actor
    from partners import services
    from tests.support.users import make_user

    request = ApiKeyRequest.objects.create(partner=make_partner(name="Airtel", group=banking), policy=kyc_policy,
                                           use_case="x")
    services.decide_api_key_request(actor=Actor.system(), request_id=request.pk, approve=True)
    key = PartnerApiKey.objects.get(request=request)
    value = services.api_key_value(ApiKeyRequest.objects.get(pk=request.pk))
    browser = staff_browser(make_user("root", ["PARTNER_ADMIN"]))
    listing = browser.get(f"/admin/partners/partnerapikey/{key.pk}/history/")
    assert listing.status_code == 200 and value not in listing.content.decode()
    version = key.history.earliest().history_id
    page = browser.get(f"/admin/partners/partnerapikey/{key.pk}/history/{version}/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "••••" + value[-4:] in body and value not in body and value[:12] not in body
    assert 'name="is_active"' not in body  # read-only: no form inputs to revert with
