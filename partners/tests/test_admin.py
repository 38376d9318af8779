"""The partner manager's admin: scoped lists and history, decisions through the service."""

import pytest
from django.test import Client

from partners.models import ApiKeyRequest, PartnerApiKey, RequestStatus

from .factories import make_partner, make_partner_manager

pytestmark = pytest.mark.django_db


def browser_for(user):
    user.is_staff = True
    user.save()
    client = Client()
    client.force_login(user)
    return client


def test_a_manager_sees_and_decides_only_in_their_groups(banking, telecom, kyc_policy):
    mine = make_partner(name="Airtel", group=banking, partner_id="airtel-01")
    theirs = make_partner(name="Jio", group=telecom, partner_id="jio-01")
    request = ApiKeyRequest.objects.create(partner=mine, policy=kyc_policy, use_case="x")
    browser = browser_for(make_partner_manager("pm-bank", [banking]))
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
    browser = browser_for(make_partner_manager("pm-tel", [telecom]))
    assert "Airtel" not in browser.get("/admin/partners/apikeyrequest/").content.decode()
    browser.post("/admin/partners/apikeyrequest/", {"action": "approve_selected", "_selected_action": [request.pk]})
    browser.post("/admin/partners/partner/", {"action": "deactivate_selected", "_selected_action": [mine.pk]})
    assert ApiKeyRequest.objects.get(pk=request.pk).status == RequestStatus.IN_PROGRESS
    mine.refresh_from_db()
    assert mine.is_active and not PartnerApiKey.objects.exists()
