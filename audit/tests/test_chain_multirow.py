"""Several audit rows appended at once (a read's request, notes and closing row) go in one
INSERT compiled once per process and row count (audit.chain._insert_rows): chained exactly
as before (positions, hashes, the head moved on commit, re-read after a rollback, the unique
(chain, position) backstop), and the stored rows equal what ``bulk_create`` wrote."""

import copy

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from audit import chain
from audit.models import AuditEvent
from audit.services import _row, record
from kernel.actors import Actor
from kernel.roles import Role

from .test_chain import verify_audit

pytestmark = pytest.mark.django_db

ACTOR = Actor(username="tester", roles=frozenset({Role.MISP_ADMIN}), client_ip="10.0.0.9", request_id="req-m")
KEYS = ("misp.license.validate.request", "misp.license.validate.fetched", "misp.license.validate.state",
        "misp.license.validate.success")
COLUMNS = [f.attname for f in AuditEvent._meta.concrete_fields if not f.primary_key]


def rows(tag="m"):
    return [_row(key, ACTOR, ref_id=f"{tag}-{index}", description=f"row {index} of {tag}")
            for index, key in enumerate(KEYS)]


def stored(written):
    return list(AuditEvent.objects.filter(pk__in=[row.pk for row in written]).order_by("chain_seq").values(*COLUMNS))


def test_several_rows_are_one_compiled_insert_and_chain():
    record("policy.group.get.success", ACTOR)
    written = rows()
    with CaptureQueriesContext(connection) as ctx:
        chain.insert_chained(written)
    assert [q["sql"].split()[0] for q in ctx.captured_queries] == ["INSERT"]
    assert ctx.captured_queries[0]["sql"].count("),") == len(written) - 1  # one VALUES group per row
    assert [row.chain_seq for row in written] == [2, 3, 4, 5]
    assert len({row.pk for row in written}) == 4 and all(not row._state.adding for row in written)
    assert [(row["chain_seq"], row["ref_id"]) for row in stored(written)] == [(2, "m-0"), (3, "m-1"), (4, "m-2"), (5, "m-3")]
    for row in written:  # ids in VALUES order: each row's id is its own
        assert AuditEvent.objects.get(pk=row.pk).chain_seq == row.chain_seq
    assert chain._statement(4) is chain._statement(4)  # compiled once per row count
    assert "intact: 5 rows in 1 chains" in verify_audit()


def test_the_rows_equal_what_bulk_create_wrote(monkeypatch):
    """The same rows written the old way (``bulk_create``) and then, after rolling that back,
    the new way, land at the same positions with the same hashes and every column equal."""
    record("policy.group.get.success", ACTOR)
    built = rows("same")
    old, new = copy.deepcopy(built), copy.deepcopy(built)
    with pytest.raises(RuntimeError), transaction.atomic():
        with monkeypatch.context() as patched:
            patched.setattr(chain, "_compiled", lambda count: count == 1)
            with CaptureQueriesContext(connection) as ctx:
                chain.insert_chained(old)
        assert len(ctx.captured_queries) == 1 and "RETURNING" in ctx.captured_queries[0]["sql"] or \
            not connection.features.can_return_rows_from_bulk_insert
        old_values = stored(old)
        raise RuntimeError("rolled back: the new way writes the same rows again")
    chain.insert_chained(new)
    new_values = stored(new)
    assert len(old_values) == 4 and new_values == old_values
    assert [row.row_hash for row in new] == [row.row_hash for row in old]
    assert verify_audit().startswith("audit chain intact")


def test_a_rolled_back_multi_row_append_leaves_the_chain_consistent():
    record("policy.group.get.success", ACTOR, ref_id="before")
    with pytest.raises(RuntimeError), transaction.atomic():
        chain.insert_chained(rows("rolled back"))
        raise RuntimeError("the change fails")
    with transaction.atomic():
        chain.insert_chained(rows("kept"))
        with pytest.raises(RuntimeError), transaction.atomic():  # a savepoint rolled back
            chain.insert_chained(rows("savepoint"))
            raise RuntimeError
        chain.insert_chained(rows("after the savepoint"))
    record("policy.group.get.success", ACTOR, ref_id="after")
    found = list(AuditEvent.objects.order_by("chain_seq").values_list("chain_seq", "ref_id"))
    assert found == [(1, "before"), *[(2 + i, f"kept-{i}") for i in range(4)],
                     *[(6 + i, f"after the savepoint-{i}") for i in range(4)], (10, "after")]
    assert "intact: 10 rows in 1 chains" in verify_audit()


def test_more_rows_than_one_compiled_insert_takes_still_chain():
    many = [_row("policy.group.get.success", ACTOR, ref_id=f"b{n}") for n in range(chain.COMPILED_ROWS + 3)]
    chain.insert_chained(many)
    assert [row.chain_seq for row in many] == list(range(1, len(many) + 1))
    assert f"intact: {len(many)} rows in 1 chains" in verify_audit()


def test_a_license_validation_writes_its_four_rows_in_one_insert(monkeypatch):
    """The read the bench calls: request, fetched, state and success, one statement."""
    from audit.services import AuditedOperation
    from kernel.operations import ANY_TOKEN

    operation = AuditedOperation("test multi-row read", roles=ANY_TOKEN, request=KEYS[0], success=KEYS[3],
                                 failure="misp.license.validate.failure", read=True)
    record("policy.group.get.success", ACTOR)
    with CaptureQueriesContext(connection) as ctx, operation.run(actor=ACTOR, ref_id="misp-1") as op:
        op.note(KEYS[1], description="fetched")
        op.note(KEYS[2], description="valid")
    assert [q["sql"].split()[0] for q in ctx.captured_queries] == ["INSERT"]
    assert list(AuditEvent.objects.filter(chain_seq__gt=1).order_by("chain_seq").values_list("event_key", flat=True)) \
        == list(KEYS)
    assert verify_audit().startswith("audit chain intact")


@pytest.mark.django_db(transaction=True)
def test_the_unique_position_backstops_a_wrong_head_of_a_multi_row_append():
    """Outside a transaction (autocommit), a head in memory gone wrong makes the multi-row
    INSERT collide with the chain's unique (chain, position): nothing is written, the head is
    read again and the rows appended once, after the last."""
    chain.forget_writer()
    record("policy.group.get.success", ACTOR, ref_id="first")
    record("policy.group.get.success", ACTOR, ref_id="second")
    current = chain.writer()
    assert current.pending is None and current.position == 2
    current.position, current.last_hash = 1, AuditEvent.objects.get(chain_seq=1).row_hash
    with pytest.raises(IntegrityError):
        current.append(rows("collides"))
    assert AuditEvent.objects.count() == 2
    current.position, current.last_hash = 1, AuditEvent.objects.get(chain_seq=1).row_hash
    chain.insert_chained(rows("retried"))
    found = list(AuditEvent.objects.order_by("chain_seq").values_list("chain_seq", "ref_id"))
    assert found == [(1, "first"), (2, "second"), *[(3 + i, f"retried-{i}") for i in range(4)]]
    assert "intact: 6 rows in" in verify_audit()
    chain.forget_writer()
