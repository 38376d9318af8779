"""The audit write in its own transaction on PostgreSQL goes through psycopg's pipeline
(two round trips): the same rows and chain as the other path, and a failure anywhere
between the head's bump and the commit leaves neither a bumped head nor a row."""

import pytest
from django.db import DataError, connection, transaction
from psycopg import pq

from audit import chain
from audit.models import AuditChainHead, AuditEvent
from audit.services import AuditedOperation, record
from kernel.actors import Actor
from kernel.operations import ANY_TOKEN
from kernel.roles import Role

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ACTOR = Actor(username="tester", roles=frozenset({Role.POLICYMANAGER}), client_ip="10.0.0.9", request_id="req-1")
READ = AuditedOperation("test pipelined read", roles=ANY_TOKEN, request="policy.group.get.request",
                        success="policy.group.get.success", failure="policy.group.get.failure", read=True)


@pytest.fixture
def pipelined_calls(monkeypatch):
    calls = []
    original = chain._pipelined

    def spy(rows, bump):
        calls.append(len(rows))
        return original(rows, bump)

    monkeypatch.setattr(chain, "_pipelined", spy)
    return calls


def head():
    return AuditChainHead.objects.values_list("last_seq", "last_hash").get(pk=1)


def idle():
    return connection.connection.info.transaction_status == pq.TransactionStatus.IDLE


def test_one_row_and_several_rows_go_through_the_pipeline_with_their_ids(pipelined_calls):
    record("policy.group.get.success", ACTOR, ref_id="warm")  # the head exists from here on
    single = record("policy.group.get.success", ACTOR, ref_id="g1")
    with READ.run(actor=ACTOR, ref_id="g2") as op:
        op.note("policy.group.get.success", description="a note")
    assert pipelined_calls[1:] == [1, 3]  # request, note, success
    stored = AuditEvent.objects.get(pk=single.pk)
    assert (stored.chain_seq, stored.row_hash, stored.ref_id) == (single.chain_seq, single.row_hash, "g1")
    rows = list(AuditEvent.objects.order_by("chain_seq"))
    assert [r.ref_id for r in rows] == ["warm", "g1", "g2", "g2", "g2"]
    assert head() == (rows[-1].chain_seq, rows[-1].row_hash)
    assert idle() and chain.verify() is None


def test_inside_a_transaction_the_callers_transaction_is_used(pipelined_calls):
    record("policy.group.get.success", ACTOR)
    with transaction.atomic():
        record("policy.group.get.success", ACTOR, ref_id="inside")
    assert pipelined_calls == [1]
    assert AuditEvent.objects.filter(ref_id="inside").count() == 1 and chain.verify() is None


def test_a_python_failure_after_the_bump_rolls_the_bump_back(monkeypatch):
    record("policy.group.get.success", ACTOR, ref_id="before")
    before = head()

    def broken_hash(previous, row):
        raise RuntimeError("hashing failed")

    monkeypatch.setattr(chain, "row_hash", broken_hash)
    with pytest.raises(RuntimeError):
        chain.insert_chained([chain_row("lost")])
    monkeypatch.undo()
    assert head() == before and not AuditEvent.objects.filter(ref_id="lost").exists() and idle()
    after = record("policy.group.get.success", ACTOR, ref_id="after")
    assert after.chain_seq == before[0] + 1 and chain.verify() is None


def test_a_database_error_in_the_pipeline_rolls_everything_back_and_is_djangos_error():
    record("policy.group.get.success", ACTOR, ref_id="before")
    before = head()
    too_long = chain_row("too long")
    too_long.ref_id = "x" * 300  # past what _row truncates to: varchar(256) refuses it in the INSERT, after the bump
    with pytest.raises(DataError):
        chain.insert_chained([too_long])
    assert head() == before and idle()
    assert record("policy.group.get.success", ACTOR).chain_seq == before[0] + 1 and chain.verify() is None


def chain_row(ref_id):
    from audit.services import _row
    return _row("policy.group.get.success", ACTOR, ref_id=ref_id)


def test_without_pipeline_support_the_write_takes_the_other_path(monkeypatch):
    record("policy.group.get.success", ACTOR)
    monkeypatch.setattr(chain, "_pipeline_supported", lambda: False)
    monkeypatch.setattr(connection.connection.__class__, "pipeline", None)  # would fail if called
    row = record("policy.group.get.success", ACTOR, ref_id="classic")
    monkeypatch.undo()
    assert AuditEvent.objects.get(pk=row.pk).ref_id == "classic" and chain.verify() is None
