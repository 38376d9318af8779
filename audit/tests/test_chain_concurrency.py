"""Many writers at once on PostgreSQL: each thread appends to a chain of its own, side by
side; every chain is gapless and the trail verifies."""

import pytest

from audit.chain import verify
from audit.models import AuditChain, AuditEvent
from audit.services import AuditedOperation, record
from kernel.actors import Actor
from kernel.operations import ANY_TOKEN
from kernel.roles import Role
from tests.support.api import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ACTOR = Actor(username="tester", roles=frozenset({Role.POLICYMANAGER}))
OPERATION = AuditedOperation("test concurrent chain op", roles=ANY_TOKEN, request="policy.group.create.request",
                             success="policy.group.create.success", failure="policy.group.create.failure")


def writer(index):
    def write():
        for n in range(15):
            if n % 3:
                record("policy.group.get.success", ACTOR, ref_id=f"w{index}-{n}")
            else:
                with OPERATION.run(actor=ACTOR) as op:
                    op.note("policy.group.get.success")
        return index
    return write


def test_concurrent_writers_append_to_chains_of_their_own_that_verify():
    outcomes = run_together(*(writer(i) for i in range(6)))
    assert sorted(outcomes) == list(range(6))
    written = AuditEvent.objects.exclude(session_user_id="")  # not the test thread's (it wrote none)
    chains = set(written.values_list("chain_id", flat=True))
    assert len(chains) == 6 and AuditChain.objects.filter(pk__in=chains).values("thread").distinct().count() == 6
    for chain in chains:
        seqs = list(written.filter(chain_id=chain).order_by("chain_seq").values_list("chain_seq", flat=True))
        assert seqs == list(range(1, 10 + 5 * 3 + 1))
    assert written.count() == 6 * (10 + 5 * 3)
    assert verify() is None
