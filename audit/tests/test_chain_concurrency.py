"""Many writers at once on PostgreSQL: the chain stays gapless and verifies."""

import pytest

from audit.chain import verify
from audit.models import AuditEvent
from audit.services import AuditedOperation, record
from kernel.actors import Actor
from kernel.operations import ANY_TOKEN
from kernel.roles import Role
from kernel.testing import run_together

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


def test_concurrent_writers_keep_one_gapless_verifiable_chain():
    outcomes = run_together(*(writer(i) for i in range(6)))
    assert sorted(outcomes) == list(range(6))
    seqs = list(AuditEvent.objects.order_by("chain_seq").values_list("chain_seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1)) and len(seqs) == 6 * (10 + 5 * 3)
    assert verify() is None
