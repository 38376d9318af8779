"""MOSIP 1.2's policy routes where partners come in (1.2 catalog §9; SPEC §9.1, §10.2): a
partner user reads only its own partners' groups and their published policies; a
partner's requests block R55. Here because the policies app's tests may not import
partners (tests/test_architecture.py)."""

from __future__ import annotations

import pytest

from partners.models import ApiKeyRequest
from partners.tests.factories import make_partner
from policies.models import PolicyStatus
from policies.tests.factories import PolicyFactory, make_manager
from policies.tests.test_groups_12 import P12, v1, v2
from tests.support.api import PmsApi, assert_error, assert_ok
from tests.support.users import make_user, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_api(banking):
    return PmsApi(token=token_for(make_manager("pm-bank", ["POLICYMANAGER"], groups=[banking])))


def test_r48_a_partner_searches_only_its_own_partners_groups(banking, telecom):
    owner = make_user("auth-bank", ["AUTH_PARTNER"])
    make_partner(owner, name="Bank Partner", group=banking)
    api = PmsApi(token=token_for(owner))
    page = assert_ok(api.post(f"{P12}/group/search", body=v1({"filters": [], "sort": [],
                                                               "pagination": {"pageStart": 0, "pageFetch": 10}})))
    assert [row["name"] for row in page["data"]] == ["Banking"]


def test_r50_a_partner_sees_its_own_partners_active_groups(banking, telecom):
    owner = make_user("cred-1", ["CREDENTIAL_PARTNER"])
    make_partner(owner, name="Printer", group=telecom, partner_type="Credential_Partner")
    assert [g["name"] for g in assert_ok(PmsApi(token=token_for(owner)).get(f"{P12}/policy-groups"))] == ["Telecom"]
    loner = make_user("cred-2", ["CREDENTIAL_PARTNER"])
    assert_error(PmsApi(token=token_for(loner)).get(f"{P12}/policy-groups"), "PMS_POL_059")


def test_r55_refusals(manager_api, banking, telecom):
    api_id = "mosip.pms.deactivate.policy.patch"
    draft = PolicyFactory(policy_group=banking)
    live = PolicyFactory(policy_group=banking, status=PolicyStatus.PUBLISHED)
    foreign = PolicyFactory(policy_group=telecom, status=PolicyStatus.PUBLISHED)
    assert_error(manager_api.patch(f"{P12}/{live.id}", body=v2({"status": "Deactivate"}, api_id=api_id)), "PMS_POL_073")
    assert_error(manager_api.patch(f"{P12}/{foreign.id}", body=v2({"status": "De-Activate"}, api_id=api_id)),
                 "PMS_POL_065")
    assert_error(manager_api.patch(f"{P12}/{draft.id}", body=v2({"status": "De-Activate"}, api_id=api_id)),
                 "PMS_POL_072")
    partner = make_partner(name="Bank Partner", group=banking)
    request = ApiKeyRequest.objects.create(partner=partner, policy=live, use_case="kyc")
    assert_error(manager_api.patch(f"{P12}/{live.id}", body=v2({"status": "De-Activate"}, api_id=api_id)),
                 "PMS_POL_064")
    request.status = "approved"
    request.save()
    assert_error(manager_api.patch(f"{P12}/{live.id}", body=v2({"status": "De-Activate"}, api_id=api_id)),
                 "PMS_POL_063")
    request.status = "rejected"
    request.save()
    assert_ok(manager_api.patch(f"{P12}/{live.id}", body=v2({"status": "De-Activate"}, api_id=api_id)))


def test_r60_a_partner_reads_its_own_group_only(banking, telecom):
    PolicyFactory(policy_group=telecom, status=PolicyStatus.PUBLISHED)
    owner = make_user("auth-2", ["AUTH_PARTNER"])
    make_partner(owner, name="Bank Partner", group=banking)
    api = PmsApi(token=token_for(owner))
    assert assert_ok(api.get(f"{P12}/active/group/Banking")) == []
    assert_error(api.get(f"{P12}/active/group/Telecom"), "PMS_POL_019")


def test_r62_a_partner_sees_the_values_of_its_published_policies_only(banking, telecom):
    live = PolicyFactory(policy_group=banking, name="Live", status=PolicyStatus.PUBLISHED)
    PolicyFactory(policy_group=banking, name="Draft")
    PolicyFactory(policy_group=telecom, name="Foreign", status=PolicyStatus.PUBLISHED)
    owner = make_user("partner-3", ["PARTNER"])
    make_partner(owner, name="Bank Partner", group=banking)
    body = v1({"filters": [{"columnName": "name", "type": "unique", "text": ""}], "policyType": "all"})
    values = assert_ok(PmsApi(token=token_for(owner)).post(f"{P12}/filtervalues", body=body))
    assert values == {"filters": [{"fieldID": "name", "fieldValue": "Live", "fieldCode": live.id}]}


def test_r59_answers_the_policy_of_a_partner_with_an_active_key(manager_api, banking):
    import datetime as dt

    from django.utils import timezone

    from partners.models import PartnerApiKey

    live = PolicyFactory(policy_group=banking, status=PolicyStatus.PUBLISHED)
    partner = make_partner(name="Bank Partner", group=banking, partner_id="bank-01")
    request = ApiKeyRequest.objects.create(partner=partner, policy=live, use_case="kyc", status="approved")
    now = timezone.now()
    key = PartnerApiKey.from_value("k" * 32, request=request, partner=partner, policy=live, valid_from=now,
                                   valid_to=now + dt.timedelta(days=1))
    key.save()
    assert assert_ok(manager_api.get(f"{P12}/{live.id}/partner/bank-01"))["policyId"] == live.id
    key.is_active = False
    key.save()
    assert_error(manager_api.get(f"{P12}/{live.id}/partner/bank-01"), "PMS_POL_017")
