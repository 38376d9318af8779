"""Another partner, and a partner manager of another group, get the documented refusal on
every route that names a partner, a request or a key; nothing of the other partner shows."""

import pytest

from partners.models import ApiKeyRequest, BiometricExtractor, Partner, PartnerApiKey, PartnerCertificate, PartnerContact
from tests.support.api import PmsApi
from tests.support.audit import snapshot
from tests.support.users import make_user, token_for

from .conftest import MANAGER, PARTNERS
from .factories import make_partner

pytestmark = pytest.mark.django_db

MODELS = (Partner, ApiKeyRequest, PartnerApiKey, PartnerContact, PartnerCertificate, BiometricExtractor)

OWNER_ROUTES = [
    ("get", "/{partner}", None, "PMS_PRT_005"),
    ("put", "/{partner}", {"organizationName": "x", "contactNumber": "1", "emailId": "a@b.example", "address": "x"},
     "PMS_PRT_005"),
    ("patch", "/{partner}/partnerAPIKeyRequests", {"policyName": "KYC Policy", "useCaseDescription": "x"}, "PMS_PRT_005"),
    ("get", "/{partner}/partnerAPIKeyRequests", None, "PMS_PRT_005"),
    ("get", "/{partner}/partnerAPIKeyRequests/{request}", None, "PMS_PRT_005"),
    ("post", "/{partner}/partnerAPIKeyRequests/{request}", None, "PMS_PRT_005"),
    ("post", "/{partner}/addcontact", {"emailId": "a@b.example", "contactNo": "1", "address": "x"}, "PMS_PRT_005"),
    ("post", "/partnerId/{partner}/policyId/{policy}", {"extractors": []}, "PMS_PRT_005"),
    ("get", "/partnerId/{partner}/policyId/{policy}", None, "PMS_PRT_005"),
    ("get", "/getPartnerCertificate/{partner}", None, "PMS_PRT_005"),
]
MANAGER_ROUTES = [
    ("get", "/{partner}", None, "PMS_PMP_013"),
    ("patch", "/{partner}", {"status": "De-Active"}, "PMS_PMP_006"),
    ("get", "/PartnerAPIKeyRequests/{request}", None, "PMS_PMP_015"),
    ("patch", "/PartnerAPIKeyRequests/{request}", {"status": "Approved"}, "PMS_PMP_012"),
    ("get", "/{partner}/{key}", None, "PMS_PMP_009"),
    ("patch", "/{partner}/{key}", {"status": "De-Active"}, "PMS_PMP_009"),
    ("put", "/{partner}/{key}", {"oldPolicyID": "a", "newPolicyID": "b"}, "PMS_PMP_009"),
]


@pytest.fixture
def victim(banking, kyc_policy):
    partner = make_partner(name="Victim Bank", group=banking, partner_id="victim-01")
    request = ApiKeyRequest.objects.create(partner=partner, policy=kyc_policy, use_case="secret use case")
    return partner, request


@pytest.mark.parametrize("method,suffix,body,code", OWNER_ROUTES, ids=[f"{m} {s}" for m, s, _, _ in OWNER_ROUTES])
def test_another_partner_is_refused_everywhere(victim, kyc_policy, method, suffix, body, code):
    partner, request = victim
    intruder = PmsApi(token=token_for(make_user("intruder", ["AUTH_PARTNER"])))
    before = snapshot(*MODELS)
    answer = intruder.call(method, PARTNERS + suffix.format(partner=partner.id, request=request.id, policy=kyc_policy.id),
                           body)
    assert answer.error_codes == [code] and answer.body["response"] is None
    assert "Victim" not in str(answer.body) and "secret use case" not in str(answer.body)
    assert snapshot(*MODELS).rows == before.rows


@pytest.mark.parametrize("method,suffix,body,code", MANAGER_ROUTES, ids=[f"{m} {s}" for m, s, _, _ in MANAGER_ROUTES])
def test_another_groups_manager_is_refused_everywhere(victim, telecom_manager_api, method, suffix, body, code):
    partner, request = victim
    before = snapshot(*MODELS)
    url = MANAGER + suffix.format(partner=partner.id, request=request.id, key="some-key")
    answer = telecom_manager_api.call(method, url, body)
    assert answer.error_codes == [code] and answer.body["response"] is None
    assert "secret use case" not in str(answer.body)
    assert snapshot(*MODELS).rows == before.rows
