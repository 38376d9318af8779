"""A partner's API key value goes to the partner's owner only (SPEC §9.1, §9.11): PARTNER_ADMIN
acting for someone else's partner sees, through PS8 and PS9, that a key exists (status,
validity) with ``partnerApiKey`` null, and PS3 refuses it the value (PMS_PRT_055). Each
handover's audit row names the user who received the key, and no row holds a key value."""

import pytest

from audit.models import AuditEvent
from partners import services
from partners.models import ApiKeyRequest
from policies.models import PolicyStatus
from policies.tests.factories import PolicyFactory
from tests.support.api import PmsApi, assert_ok
from tests.support.audit import assert_refused
from tests.support.users import make_user, token_for

from .conftest import MANAGER, PARTNERS
from .factories import make_partner

pytestmark = pytest.mark.django_db


@pytest.fixture
def keys(partner_user, partner_api, banking, kyc_policy, bank_manager_api):
    """airtel-01 (owned by ``partner_user``) with an approved request and one in progress."""
    make_partner(partner_user, group=banking, partner_id="airtel-01")
    other = PolicyFactory(policy_group=banking, name="Other Policy", status=PolicyStatus.PUBLISHED)
    approved = ApiKeyRequest.objects.create(partner_id="airtel-01", policy=kyc_policy, use_case="x")
    decided = assert_ok(bank_manager_api.patch(f"{MANAGER}/PartnerAPIKeyRequests/{approved.id}", {"status": "Approved"}))
    pending = ApiKeyRequest.objects.create(partner_id="airtel-01", policy=other, use_case="y")
    value = services.api_key_value(ApiKeyRequest.objects.get(pk=approved.id))
    assert value and value not in str(decided)  # the approval answer carries no key
    return approved.id, pending.id, value


@pytest.fixture
def admin_api(db):
    return PmsApi(token=token_for(make_user("pmsadmin", ["PARTNER_ADMIN"])))


def _rows_of(answer):
    return AuditEvent.objects.filter(request_id=answer.headers["X-Request-ID"])


def _no_audit_row_holds(value):
    for field in ("description", "ref_id", "session_user_name", "session_user_id"):
        assert not AuditEvent.objects.filter(**{f"{field}__contains": value}).exists(), field


def test_the_partner_admin_sees_the_keys_exist_in_ps8_never_their_values(keys, admin_api):
    approved, pending, value = keys
    answer = admin_api.get(f"{PARTNERS}/airtel-01/partnerAPIKeyRequests")
    items = {item["apiKeyReqID"]: item for item in assert_ok(answer)}
    assert items[approved]["apiKeyRequestStatus"] == "Approved" and items[approved]["validityTill"]
    assert "partnerApiKey" in items[approved] and items[approved]["partnerApiKey"] is None
    assert items[pending]["partnerApiKey"] is None and items[pending]["validityTill"] is None
    assert value not in str(answer.body)
    row = _rows_of(answer).get(event_key="partner.apikey.get.success")
    assert row.session_user_id == "pmsadmin" and "withheld" in row.description
    _no_audit_row_holds(value)


def test_the_partner_admin_sees_the_key_exists_in_ps9_never_its_value(keys, admin_api):
    approved, _pending, value = keys
    answer = admin_api.get(f"{PARTNERS}/airtel-01/partnerAPIKeyRequests/{approved}")
    item = assert_ok(answer)
    assert item["apiKeyRequestStatus"] == "Approved" and item["validityTill"] and item["partnerApiKey"] is None
    assert value not in str(answer.body)
    assert "withheld" in _rows_of(answer).get(event_key="partner.apikey.get.success").description
    _no_audit_row_holds(value)


def test_the_partner_admin_cannot_download_someone_elses_key_ps3(keys, admin_api):
    approved, _pending, value = keys
    answer = admin_api.post(f"{PARTNERS}/airtel-01/partnerAPIKeyRequests/{approved}")
    assert_refused(answer, "PMS_PRT_055", event="partner.apikey.get.failure")
    assert answer.body["response"] is None and value not in str(answer.body)
    assert _rows_of(answer).get().session_user_id == "pmsadmin"
    _no_audit_row_holds(value)


def test_the_owner_gets_its_keys_and_each_handover_names_the_owner(keys, partner_api, partner_user):
    approved, pending, value = keys
    key_id = ApiKeyRequest.objects.get(pk=approved).api_key.id
    listed = partner_api.get(f"{PARTNERS}/airtel-01/partnerAPIKeyRequests")
    items = {item["apiKeyReqID"]: item for item in assert_ok(listed)}
    assert items[approved]["partnerApiKey"] == value and items[pending]["partnerApiKey"] is None
    one = partner_api.get(f"{PARTNERS}/airtel-01/partnerAPIKeyRequests/{approved}")
    assert assert_ok(one)["partnerApiKey"] == value
    downloaded = partner_api.post(f"{PARTNERS}/airtel-01/partnerAPIKeyRequests/{approved}")
    assert assert_ok(downloaded) == {"partnerAPIKey": value}
    for answer in (listed, one, downloaded):
        row = _rows_of(answer).get(event_key="partner.apikey.get.success")
        assert row.session_user_id == "airtel"
        assert key_id in row.description and f"user airtel (id {partner_user.pk})" in row.description
    _no_audit_row_holds(value)


def test_a_partner_admin_who_owns_the_partner_gets_its_key(banking, kyc_policy, bank_manager_api):
    admin = make_user("admin-owner", ["PARTNER_ADMIN"])
    make_partner(admin, group=banking, partner_id="own-01")
    request = ApiKeyRequest.objects.create(partner_id="own-01", policy=kyc_policy, use_case="x")
    assert_ok(bank_manager_api.patch(f"{MANAGER}/PartnerAPIKeyRequests/{request.id}", {"status": "Approved"}))
    value = services.api_key_value(ApiKeyRequest.objects.get(pk=request.id))
    api = PmsApi(token=token_for(admin))
    assert assert_ok(api.get(f"{PARTNERS}/own-01/partnerAPIKeyRequests/{request.id}"))["partnerApiKey"] == value
    assert assert_ok(api.post(f"{PARTNERS}/own-01/partnerAPIKeyRequests/{request.id}")) == {"partnerAPIKey": value}
