"""A partner API key keeps its last four characters (``key_hint``) from the moment the
approval creates it; everything that shows the key masked, or finds it by value, works
from the hint and the digest without decrypting it. Only the owner's handover opens it."""

import csv
import io

import pytest

from audit.models import AuditEvent
from partners.models import ApiKeyRequest, PartnerApiKey
from tests.support.api import PmsApi, assert_ok
from tests.support.keys import nothing_decrypted
from tests.support.users import make_user, staff_browser, token_for

from .conftest import MANAGER, PARTNERS
from .factories import make_partner

pytestmark = pytest.mark.django_db

KEYS = "/admin/partners/partnerapikey/"


@pytest.fixture
def approved(partner_user, partner_api, banking, kyc_policy, bank_manager_api):
    """airtel-01's approved request (approved over the API) and its key's value as the
    owner downloads it (PS3)."""
    make_partner(partner_user, group=banking, partner_id="airtel-01")
    request = ApiKeyRequest.objects.create(partner_id="airtel-01", policy=kyc_policy, use_case="x")
    assert_ok(bank_manager_api.patch(f"{MANAGER}/PartnerAPIKeyRequests/{request.id}", {"status": "Approved"}))
    value = assert_ok(partner_api.post(f"{PARTNERS}/airtel-01/partnerAPIKeyRequests/{request.id}"))["partnerAPIKey"]
    return PartnerApiKey.objects.get(request_id=request.id), value


def test_an_approved_key_keeps_its_last_four_characters_in_clear_and_in_its_history(approved):
    key, value = approved
    assert len(value) > 4 and key.key_hint == value[-4:] and key.masked() == "••••" + value[-4:]
    assert value not in key.sealed_key and value[-4:] not in key.key_digest
    assert [row.key_hint for row in key.history.all()] == [value[-4:]]


def test_the_admin_lists_exports_and_revokes_keys_without_decrypting_them(approved, bank_manager):
    key, value = approved
    masked = "••••" + value[-4:]
    browser = staff_browser(make_user("root", ["PARTNER_ADMIN"]))
    manager = staff_browser(bank_manager)
    with nothing_decrypted():
        for client, page in ((browser, KEYS), (manager, KEYS), (browser, f"{KEYS}{key.pk}/change/"),
                             (browser, f"{KEYS}{key.pk}/history/"),
                             (browser, f"{KEYS}{key.pk}/history/{key.history.earliest().history_id}/")):
            answer = client.get(page)
            assert answer.status_code == 200, page
            body = answer.content.decode()
            assert value not in body and (masked in body or page.endswith("/history/")), page
        export = browser.post(KEYS, {"action": "export_as_csv", "_selected_action": [key.pk]})
        rows = list(csv.reader(io.StringIO(export.content.decode())))
        assert rows[1][3] == masked and value not in export.content.decode()
        manager.post(KEYS, {"action": "deactivate_selected", "_selected_action": [key.pk]})
    key.refresh_from_db()
    assert not key.is_active
    assert AuditEvent.objects.filter(event_key="partner.apikey.status.success", session_user_id=bank_manager.username).exists()


def test_answers_without_the_value_find_keys_by_digest_and_decrypt_nothing(approved, bank_manager_api):
    key, value = approved
    admin_api = PmsApi(token=token_for(make_user("pmsadmin", ["PARTNER_ADMIN"])))
    ida = PmsApi(token=token_for(make_user("ida", ["ID_AUTHENTICATION"])))
    with nothing_decrypted():
        assert assert_ok(bank_manager_api.get(f"{MANAGER}/PartnerAPIKeyRequests"))
        assert assert_ok(bank_manager_api.get(f"{MANAGER}/PartnerAPIKeyRequests/{key.request_id}"))
        assert assert_ok(bank_manager_api.get(f"{MANAGER}/airtel-01/{value}"))["partnerID"] == "airtel-01"
        assert assert_ok(ida.get(f"/partnermanagement/v1/policies/policies/partnerApiKey/{value}"))["policyId"] == key.policy_id
        listed = assert_ok(admin_api.get(f"{PARTNERS}/airtel-01/partnerAPIKeyRequests"))  # not the owner: withheld
        assert [item["partnerApiKey"] for item in listed] == [None]
        assert_ok(bank_manager_api.patch(f"{MANAGER}/airtel-01/{value}", {"status": "De-Active"}))
    key.refresh_from_db()
    assert not key.is_active


def test_only_the_owners_handover_opens_the_key(approved, partner_api):
    """The check above is live: the one answer that carries the value fails without it."""
    key, _value = approved
    with nothing_decrypted():
        assert partner_api.post(f"{PARTNERS}/airtel-01/partnerAPIKeyRequests/{key.request_id}").status == 500
