"""The audit hash chain: intact after normal work, and `verify_audit` names the first row
edited, deleted, re-ordered or slipped in behind the application's back."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from audit.models import AuditChainHead, AuditEvent
from audit.services import AuditedOperation, record
from kernel.actors import Actor
from kernel.errors import KernelErrors, PmsError
from kernel.operations import ANY_TOKEN
from kernel.roles import Role

pytestmark = pytest.mark.django_db

ACTOR = Actor(username="tester", roles=frozenset({Role.POLICYMANAGER}), client_ip="10.0.0.9", request_id="req-1")
OPERATION = AuditedOperation("test chain op", roles=ANY_TOKEN, request="policy.group.create.request",
                             success="policy.group.create.success", failure="policy.group.create.failure")


def verify_audit() -> str:
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def broken() -> str:
    with pytest.raises(CommandError) as caught:
        verify_audit()
    return str(caught.value)


def write_rows(count=6):
    for index in range(count):
        record("policy.group.get.success", ACTOR, ref_id=f"g{index}")
    with OPERATION.run(actor=ACTOR) as op:
        op.note("policy.group.get.success")
    with pytest.raises(PmsError), OPERATION.run(actor=ACTOR):
        raise KernelErrors.INVALID_INPUT.error(field="x")
    return list(AuditEvent.objects.order_by("chain_seq"))


def raw(sql, *params):
    with connection.cursor() as cursor:
        cursor.execute(sql.replace("{table}", AuditEvent._meta.db_table), params)


def test_rows_chain_in_order_and_verify():
    rows = write_rows()
    assert [row.chain_seq for row in rows] == list(range(1, len(rows) + 1))
    assert len({row.row_hash for row in rows}) == len(rows)
    head = AuditChainHead.objects.get()
    assert (head.last_seq, head.last_hash) == (rows[-1].chain_seq, rows[-1].row_hash)
    assert f"intact: {len(rows)} rows" in verify_audit()


def test_an_edited_row_is_found():
    rows = write_rows()
    raw("UPDATE {table} SET description = %s WHERE id = %s", "nothing to see here", rows[3].id)
    assert f"chain position 4 (row id {rows[3].id}): altered or re-ordered" in broken()


def test_an_edited_time_is_found():
    rows = write_rows()
    raw("UPDATE {table} SET action_time = %s WHERE id = %s", "2020-01-01 00:00:00", rows[1].id)
    assert "chain position 2" in broken()


def test_a_deleted_row_is_found():
    rows = write_rows()
    raw("DELETE FROM {table} WHERE id = %s", rows[2].id)
    assert "chain position 3: missing: rows 3..3 were deleted" in broken()


def test_rows_cut_off_the_end_are_found():
    rows = write_rows()
    raw("DELETE FROM {table} WHERE chain_seq >= %s", rows[-2].chain_seq)
    assert f"missing: rows {rows[-2].chain_seq}..{rows[-1].chain_seq} were cut off the end" in broken()


def test_re_ordered_rows_are_found():
    rows = write_rows()
    first, second = rows[1], rows[4]
    raw("UPDATE {table} SET chain_seq = -1 WHERE id = %s", first.id)
    raw("UPDATE {table} SET chain_seq = %s WHERE id = %s", first.chain_seq, second.id)
    raw("UPDATE {table} SET chain_seq = %s WHERE id = %s", second.chain_seq, first.id)
    assert f"chain position 2 (row id {second.id}): altered or re-ordered" in broken()


def test_a_row_slipped_in_without_the_chain_is_found():
    write_rows()
    AuditEvent.objects.bulk_create([AuditEvent(event_id="PMS_PRT_215", event_key="x", action_time=AuditEvent.objects.first().action_time)])
    assert "outside the chain" in broken()


def test_a_forged_row_with_a_plain_hash_is_found():
    """Without the server's key nobody can compute a matching hash for a row they add."""
    import hashlib

    rows = write_rows()
    forged = AuditEvent(event_id="PMS_PRT_215", event_key="x", action_time=rows[-1].action_time,
                        chain_seq=rows[-1].chain_seq + 1, row_hash=hashlib.sha256(b"guess").hexdigest())
    AuditEvent.objects.bulk_create([forged])
    AuditChainHead.objects.update(last_seq=forged.chain_seq, last_hash=forged.row_hash)
    assert f"chain position {forged.chain_seq}" in broken()


READ = AuditedOperation("test chain read", roles=ANY_TOKEN, success="policy.group.get.success", failure="policy.group.get.failure",
                        read=True)


def _bumps(run) -> list[str]:
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        run()
    return [q["sql"] for q in ctx.captured_queries if "audit_auditchainhead" in q["sql"] and "RETURNING" in q["sql"]]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_rows_that_record_no_change_commit_without_waiting_for_the_wal_flush(settings):
    settings.PMS_AUDIT_ASYNC_COMMIT = True  # off by default: every audit row waits for the flush
    AuditChainHead.objects.get_or_create(pk=1)  # a transactional test may start from an emptied table

    def read():
        with READ.run(actor=ACTOR):
            pass

    def change():
        with OPERATION.run(actor=ACTOR):
            pass

    read_bumps, change_bumps = _bumps(read), _bumps(change)
    assert len(read_bumps) == 1 and "synchronous_commit" in read_bumps[0]
    # the change: its request row commits asynchronously, its success row with the change
    assert ["synchronous_commit" in sql for sql in change_bumps] == [True, False]
    settings.PMS_AUDIT_ASYNC_COMMIT = False
    assert "synchronous_commit" not in _bumps(read)[0] and "synchronous_commit" not in _bumps(change)[0]
    assert verify_audit().startswith("audit chain intact")
