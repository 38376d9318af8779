"""A partner API key made by MOSIP 1.2's R22 (``PATCH /v1/partnermanager/partners/{id}/generate/apikey``)
passes the 1.0 partner/MISP validation (PM12) like a key the 1.0 approval made."""

import pytest

from kernel.actors import Actor
from kernel.roles import Role
from misp import services as misp_services
from partners.tests.factories import make_partner, make_partner_manager
from policies.models import PolicyStatus
from policies.tests.factories import PolicyFactory, PolicyGroupFactory
from tests.support.api import PmsApi, assert_ok
from tests.support.users import make_user, token_for

pytestmark = pytest.mark.django_db

PM12 = "/partnermanagement/v1/pmpartners/pmpartners/validatePartnerMisp/partnerId/airtel-01/partnerApiKey/{k}/mispLicenseKey/{m}"
V12 = "/v1/partnermanager/partners"


def test_a_key_generated_through_12_validates_on_pm12():
    group = PolicyGroupFactory(name="Banking")
    policy = PolicyFactory(policy_group=group, name="KYC Policy", status=PolicyStatus.PUBLISHED)
    owner = make_user("airtel", ["AUTH_PARTNER"])
    make_partner(owner, group=group, partner_id="airtel-01")
    partner_api = PmsApi(token=token_for(owner))
    manager_api = PmsApi(token=token_for(make_partner_manager("pm-bank", [group])))
    key = assert_ok(partner_api.post(f"{V12}/airtel-01/policy/map", {"policyName": "KYC Policy",
                                                                     "useCaseDescription": "x"}))["mappingkey"]
    assert_ok(manager_api.put(f"{V12}/policy/{key}", {"status": "approved"}))
    value = assert_ok(partner_api.patch(f"{V12}/airtel-01/generate/apikey", {"policyName": "KYC Policy",
                                                                             "label": "prod"}))["apiKey"]
    admin = Actor(username="root", roles=frozenset({Role.PARTNER_ADMIN}), user=make_user("root", ["PARTNER_ADMIN"]))
    misp = misp_services.create_misp(actor=admin, name="Telecom MISP", contact_no="1", email="a@b.example", address="x")
    _misp, _key, license_key = misp_services.decide_misp(actor=admin, misp_id=misp.id, approve=True)
    ida = PmsApi(token=token_for(make_user("ida", ["ID_AUTHENTICATION"])))
    answer = assert_ok(ida.get(PM12.format(k=value, m=license_key)))
    assert answer["policyId"] == policy.id and answer["partnerId"] == "airtel-01"
    assert ida.get(PM12.format(k="not-the-key", m=license_key)).error_codes == ["PMS_PMP_017"]
