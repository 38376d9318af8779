"""Partner lists run a fixed number of queries whatever the number of rows: 1 to
authenticate, the reads, and 1 audit row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.models import ApiKeyRequest, PartnerContact
from tests.support.api import assert_ok
from tests.support.audit import AUDIT_WRITE_QUERIES
from tests.support.users import AUTHENTICATION_QUERIES, WARM_AUTHENTICATION_QUERIES

from .conftest import MANAGER, PARTNERS
from .factories import make_partner

pytestmark = pytest.mark.django_db


def _count(api, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert_ok(api.get(url))
    return len(ctx.captured_queries)


@pytest.mark.parametrize("size", [1, 15])
def test_the_managers_partner_list(size, banking, bank_manager_api, kyc_policy):
    for n in range(size):
        partner = make_partner(name=f"Partner {n}", group=banking, partner_id=f"p-{n}")
        PartnerContact.objects.create(partner=partner, email=f"c{n}@x.example", contact_no="1", address="a")
        ApiKeyRequest.objects.create(partner=partner, policy=kyc_policy, use_case="x")
    # the total (from the partner tally), page, the page's contacts (prefetch)
    assert _count(bank_manager_api, MANAGER) == AUTHENTICATION_QUERIES + 3 + AUDIT_WRITE_QUERIES
    # the same token again (from the token cache); count, page (requests with partner, policy, group in one join),
    # the page's keys (prefetched: a request may have several since MOSIP 1.2)
    assert _count(bank_manager_api, f"{MANAGER}/PartnerAPIKeyRequests") == WARM_AUTHENTICATION_QUERIES + 3 + AUDIT_WRITE_QUERIES


@pytest.mark.parametrize("size", [1, 15])
def test_the_partners_own_request_list(size, banking, partner_user, partner_api):
    from policies.models import PolicyStatus
    from policies.tests.factories import PolicyFactory

    partner = make_partner(partner_user, group=banking, partner_id="airtel-01")
    for n in range(size):
        ApiKeyRequest.objects.create(partner=partner, policy=PolicyFactory(policy_group=banking, name=f"p{n}",
                                                                           status=PolicyStatus.PUBLISHED), use_case="x")
    # the partner (scoped to its owner) and its contacts (prefetched), its requests with policy, their keys (prefetched)
    assert _count(partner_api, f"{PARTNERS}/airtel-01/partnerAPIKeyRequests") == AUTHENTICATION_QUERIES + 4 + AUDIT_WRITE_QUERIES
