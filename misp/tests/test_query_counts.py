"""MISP reads run a fixed number of queries whatever the number of MISPs and keys: 1 to
authenticate, the reads, and the audit write."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kernel.actors import Actor
from kernel.roles import Role
from misp import services
from tests.support.api import PmsApi, assert_ok
from tests.support.audit import AUDIT_WRITE_QUERIES
from tests.support.users import AUTHENTICATION_QUERIES, WARM_AUTHENTICATION_QUERIES, make_user, token_for

pytestmark = pytest.mark.django_db

M = "/partnermanagement/v1/misps/misps"
AUTHENTICATION = AUTHENTICATION_QUERIES  # a token's first request; its next ones: WARM (token cache)
WARM = WARM_AUTHENTICATION_QUERIES


def _world(size):
    admin = make_user("misp-admin", ["MISP_ADMIN"])
    actor = Actor(username=admin.username, roles=frozenset({Role.MISP_ADMIN}), user=admin)
    values = []
    for n in range(size):
        misp = services.create_misp(actor=actor, name=f"Telecom {n:03d}", contact_no="1", email="a@b.example",
                                    address="x")
        values.append((misp.id, services.decide_misp(actor=actor, misp_id=misp.id, approve=True)[2]))
    return PmsApi(token=token_for(admin)), PmsApi(token=token_for(make_user("ida", ["ID_AUTHENTICATION"]))), values


def _count(call) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert_ok(call())
    return len(ctx.captured_queries)


@pytest.mark.parametrize("size", [1, 12])
def test_misp_reads_are_constant(size):
    admin, ida, values = _world(size)
    misp_id, licence = values[0]
    # list: the count and the page (no keys: M7 shows none)
    assert _count(lambda: admin.get(M)) == AUTHENTICATION + 2 + AUDIT_WRITE_QUERIES
    assert _count(lambda: admin.get(f"{M}/mispId/{misp_id}")) == WARM + 2 + AUDIT_WRITE_QUERIES
    assert _count(lambda: admin.get(f"{M}/name/Telecom")) == WARM + 3 + AUDIT_WRITE_QUERIES  # exists, rows, keys
    # validation: the key with its MISP by digest (one join)
    assert _count(lambda: ida.patch(f"{M}/{misp_id}/licenseKey", {"mispLicenseKey": licence})) == (
        AUTHENTICATION + 1 + AUDIT_WRITE_QUERIES)
