"""Query counts pinned exactly, at two data sizes (NetBox's query_counts idea): a list or
detail endpoint runs the same number of queries whatever the number of rows. Each count
is: 1 to authenticate (the user, the token's revocation and the user's roles), the
reads, and the audit write (3: the chain head, the row, the head's new hash)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.support.api import PmsApi, assert_ok
from tests.support.audit import AUDIT_WRITE_QUERIES
from tests.support.users import AUTHENTICATION_QUERIES, WARM_AUTHENTICATION_QUERIES, make_user, token_for

from .conftest import DOUBLED
from .factories import PolicyFactory, PolicyGroupFactory, make_manager

pytestmark = pytest.mark.django_db

AUTHENTICATION = AUTHENTICATION_QUERIES
AUDIT_ROW = AUDIT_WRITE_QUERIES

# path → queries besides authentication and the audit row
EXPECTED = {
    "/{policy}": 1,  # the policy with its group and whether the manager is mapped to it
    "/policyId/{policy}": 1,
    "": 2,  # count, page (groups scoped in a subquery)
    "/policyGroups": 3,  # count, page, the page's policies (one prefetch)
    "/policyGroupId/{group}": 2,  # the group with the manager's mapping, its policies (prefetch)
}


def _world(size: int):
    groups = [PolicyGroupFactory(name=f"Group {n}") for n in range(size)]
    manager = make_manager("pm", groups=groups)
    policies = [PolicyFactory(policy_group=group, name=f"policy {n}") for group in groups for n in range(size)]
    return groups[0], policies[0], PmsApi(token=token_for(manager))


@pytest.mark.parametrize("size", [1, 12])
@pytest.mark.parametrize("suffix", sorted(EXPECTED))
def test_policy_reads_run_a_fixed_number_of_queries(size, suffix):
    group, policy, api = _world(size)
    url = DOUBLED + suffix.format(policy=policy.id, group=group.id)
    with CaptureQueriesContext(connection) as ctx:
        assert_ok(api.get(url))
    assert len(ctx.captured_queries) == AUTHENTICATION + EXPECTED[suffix] + AUDIT_ROW, [q["sql"][:90] for q in ctx.captured_queries]


@pytest.mark.parametrize("size", [1, 60])
def test_audit_list_runs_a_fixed_number_of_queries(size):
    admin = make_user("root", ["PARTNER_ADMIN"])
    api = PmsApi(token=token_for(admin))
    for n in range(size):
        api.get(DOUBLED + f"/missing-{n}")  # each writes one audit row
    with CaptureQueriesContext(connection) as ctx:
        assert_ok(api.get("/v1/auditmanager/audits", params={"pageSize": "20"}))
    # the token's earlier requests left it in the token cache; count and page; reading the trail is not audited
    assert len(ctx.captured_queries) == WARM_AUTHENTICATION_QUERIES + 2
