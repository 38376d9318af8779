"""The portal's "Show the key" gives the value to the partner's owner only (SPEC §9.11): a
PARTNER_ADMIN opening someone else's partner learns that the key exists, never its value,
and the audit row of a reveal names the user who received the key."""

import pytest
from django.test import Client

from audit.models import AuditEvent
from kernel.actors import Actor
from kernel.roles import Role
from partners import services as partner_services
from partners.models import ApiKeyRequest
from partners.tests.factories import make_partner, make_partner_manager
from tests.support.users import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(db):
    return make_user("ops@airtel.example", ["PARTNER", "AUTH_PARTNER"])


@pytest.fixture
def approved(owner, banking, kyc_policy):
    make_partner(owner, name="Airtel India", group=banking, partner_id="airtel-01")
    request = ApiKeyRequest.objects.create(partner_id="airtel-01", policy=kyc_policy, use_case="x")
    manager = make_partner_manager("pm-bank", [banking])
    partner_services.decide_api_key_request(
        actor=Actor(username=manager.username, roles=frozenset({Role.PARTNERMANAGER}), user=manager),
        request_id=request.pk, approve=True)
    return request.pk, partner_services.api_key_value(ApiKeyRequest.objects.get(pk=request.pk))


def _logged_in(user) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_a_partner_admin_sees_that_the_key_exists_but_not_its_value(approved):
    request_id, value = approved
    admin = _logged_in(make_user("pmsadmin", ["PARTNER_ADMIN"]))
    page = admin.get("/portal/partners/airtel-01/").content.decode()
    assert "Approved" in page and value not in page
    answer = admin.post(f"/portal/partners/airtel-01/keys/{request_id}/reveal/", follow=True)
    text = answer.content.decode()
    assert answer.status_code == 200 and answer.redirect_chain[-1][0] == "/portal/partners/airtel-01/"
    assert "This key exists, but only the partner&#x27;s owner can see it." in text
    assert value not in text
    row = AuditEvent.objects.filter(event_key="partner.apikey.get.failure", ref_id=request_id).get()
    assert row.session_user_id == "pmsadmin" and "PMS_PRT_055" in row.description
    assert not AuditEvent.objects.filter(description__contains=value).exists()


def test_the_owner_reveals_the_key_and_the_audit_row_names_the_owner(approved, owner):
    request_id, value = approved
    answer = _logged_in(owner).post(f"/portal/partners/airtel-01/keys/{request_id}/reveal/")
    assert answer.status_code == 200 and value in answer.content.decode()
    row = AuditEvent.objects.filter(event_key="partner.apikey.get.success", ref_id=request_id).latest("id")
    assert row.session_user_id == "ops@airtel.example"
    assert f"user ops@airtel.example (id {owner.pk})" in row.description
    assert not AuditEvent.objects.filter(description__contains=value).exists()
