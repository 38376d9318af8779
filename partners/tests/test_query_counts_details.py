"""Detail endpoints run the same number of queries with 1 or many related rows (contacts,
requests, other partners): each is measured on a small world, the world grows, and the
count must not move."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import lookup_cache
from kernel.actors import Actor
from kernel.roles import Role
from partners import services
from partners.models import ApiKeyRequest, PartnerContact
from policies.models import PolicyStatus
from policies.tests.factories import PolicyFactory
from tests.support.api import PmsApi, assert_ok
from tests.support.users import make_user, token_for

from .conftest import MANAGER, PARTNERS, POLICIES
from .factories import make_partner

pytestmark = pytest.mark.django_db


def _count(api, url) -> int:
    # Every count includes the machine clients' lookup (policy by API key), not its kept row
    # (accounts.lookup_cache: adding rows keeps it, so the second count would skip it).
    lookup_cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert_ok(api.get(url))
    return len(ctx.captured_queries)


def _grow(partner, banking, start, count):
    for n in range(start, start + count):
        PartnerContact.objects.create(partner=partner, email=f"c{n}@x.example", contact_no="1", address="a")
        policy = PolicyFactory(policy_group=banking, name=f"extra {n}", status=PolicyStatus.PUBLISHED)
        ApiKeyRequest.objects.create(partner=partner, policy=policy, use_case="x")
        make_partner(name=f"Other {n}", group=banking, partner_id=f"other-{n}")


def test_detail_reads_do_not_grow_with_the_data(banking, kyc_policy, partner_user, partner_api, bank_manager,
                                                bank_manager_api):
    partner = make_partner(partner_user, group=banking, partner_id="airtel-01")
    request = ApiKeyRequest.objects.create(partner=partner, policy=kyc_policy, use_case="x")
    manager = Actor(username=bank_manager.username, roles=frozenset({Role.PARTNERMANAGER}), user=bank_manager)
    services.decide_api_key_request(actor=manager, request_id=request.id, approve=True)
    owner = Actor(username=partner_user.username, roles=frozenset({Role.AUTH_PARTNER}), user=partner_user)
    key = services.download_api_key(actor=owner, partner_id=partner.id, request_id=request.id)
    ida = PmsApi(token=token_for(make_user("ida", ["ID_AUTHENTICATION"])))
    reads = [
        (partner_api, f"{PARTNERS}/airtel-01"),
        (partner_api, f"{PARTNERS}/airtel-01/partnerAPIKeyRequests/{request.id}"),
        (bank_manager_api, f"{MANAGER}/airtel-01"),
        (bank_manager_api, f"{MANAGER}/PartnerAPIKeyRequests/{request.id}"),
        (ida, f"{POLICIES}/partnerApiKey/{key}"),
    ]
    small = {url: _count(api, url) for api, url in reads}
    _grow(partner, banking, 0, 12)
    large = {url: _count(api, url) for api, url in reads}
    assert large == small
