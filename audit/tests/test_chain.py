"""The audit hash chains (a chain per writer): intact after normal work, over several writers
and rollbacks; `verify_audit` names the first row edited, deleted, re-ordered or slipped in
behind the application's back, and, given the signed checkpoints kept outside the database,
rows cut off a chain's end; the checkpoints are signed, filed and served."""

import base64
import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from audit import chain
from audit.models import AuditChain, AuditCheckpoint, AuditEvent
from audit.services import AuditedOperation, _row, prune_checkpoints, record
from kernel.actors import Actor
from kernel.errors import KernelErrors, PmsError
from kernel.operations import ANY_TOKEN
from kernel.roles import Role
from tests.support.api import PmsApi, assert_error, assert_ok

pytestmark = pytest.mark.django_db

ACTOR = Actor(username="tester", roles=frozenset({Role.POLICYMANAGER}), client_ip="10.0.0.9", request_id="req-1")
OPERATION = AuditedOperation("test chain op", roles=ANY_TOKEN, request="policy.group.create.request",
                             success="policy.group.create.success", failure="policy.group.create.failure")
CHECKPOINTS = "/v1/auditmanager/checkpoints"


def verify_audit(*args) -> str:
    out = io.StringIO()
    call_command("verify_audit", *args, stdout=out)
    return out.getvalue()


def broken(*args) -> str:
    with pytest.raises(CommandError) as caught:
        verify_audit(*args)
    return str(caught.value)


def write_rows(count=6):
    for index in range(count):
        record("policy.group.get.success", ACTOR, ref_id=f"g{index}")
    with OPERATION.run(actor=ACTOR) as op:
        op.note("policy.group.get.success")
    with pytest.raises(PmsError), OPERATION.run(actor=ACTOR):
        raise KernelErrors.INVALID_INPUT.error(field="x")
    return list(AuditEvent.objects.order_by("chain_id", "chain_seq"))


def raw(sql, *params):
    with connection.cursor() as cursor:
        cursor.execute(sql.replace("{table}", AuditEvent._meta.db_table)
                       .replace("{checkpoints}", AuditCheckpoint._meta.db_table), params)


def as_another_writer():
    """The next rows go to a new writer's chain, as another process's would."""
    chain.forget_writer()


def positions():
    return {chain_id: list(AuditEvent.objects.filter(chain_id=chain_id).order_by("chain_seq")
                           .values_list("chain_seq", flat=True))
            for chain_id in AuditChain.objects.values_list("pk", flat=True)}


def test_rows_chain_in_order_and_verify():
    rows = write_rows()
    assert {row.chain_id for row in rows} == {chain.writer().chain.pk}
    assert [row.chain_seq for row in rows] == list(range(1, len(rows) + 1))
    assert len({row.row_hash for row in rows}) == len(rows)
    assert rows[0].row_hash == chain.row_hash(chain.genesis(rows[0].chain), rows[0])
    assert f"intact: {len(rows)} rows in 1 chains" in verify_audit()


def test_rows_of_two_writers_form_two_chains_that_verify():
    first = write_rows(3)
    as_another_writer()
    write_rows(2)
    as_another_writer()
    record("policy.group.get.success", ACTOR)
    chains = positions()
    assert sorted(len(seqs) for seqs in chains.values()) == [1, 7, 8]
    assert all(seqs == list(range(1, len(seqs) + 1)) for seqs in chains.values())
    labels = set(AuditChain.objects.values_list("label", flat=True))
    assert len(labels) == 1 and f"pid {chain.writer().pid} thread" in labels.pop()  # one process, three writers
    assert "intact: 16 rows in 3 chains" in verify_audit()
    # a row moved to another chain at a free position does not verify there: chains start apart
    other = AuditChain.objects.exclude(pk=first[0].chain_id).order_by("pk").first()
    raw("UPDATE {table} SET chain_id = %s, chain_seq = %s WHERE id = %s", other.pk, chains[other.pk][-1] + 1,
        first[-1].id)
    assert "altered or re-ordered" in broken()


def test_a_writer_given_back_after_a_request_serves_the_next_one():
    """A server with a thread per request (runserver, a live test server) reuses chains."""
    record("policy.group.get.success", ACTOR)
    mine = chain.writer()
    chain.release_writer()
    assert chain.writer() is mine  # the next request's thread takes it
    with transaction.atomic():
        record("policy.group.get.success", ACTOR)
        chain.release_writer()  # a write pending in an open transaction: the thread keeps it
        assert chain._local.writer is mine
    assert AuditChain.objects.count() == 1 and verify_audit().startswith("audit chain intact")


def test_a_stopping_worker_checkpoints_its_writers(settings, checkpoint_file, django_capture_on_commit_callbacks):
    settings.PMS_AUDIT_CHECKPOINT_SECONDS = 0  # not one on its own after the commit
    with django_capture_on_commit_callbacks(execute=True):
        record("policy.group.get.success", ACTOR)
    chain.release_writer()
    [made] = chain.checkpoint_writer()
    assert (made.chain_id, made.position) == (chain.writer().chain.pk, 1) and len(filed(checkpoint_file)) == 1


def test_one_audit_write_is_one_insert():
    record("policy.group.get.success", ACTOR)
    with CaptureQueriesContext(connection) as ctx:
        record("policy.group.get.success", ACTOR)
    assert [q["sql"].split()[0] for q in ctx.captured_queries] == ["INSERT"]


def test_a_rollback_inside_a_change_leaves_no_hole():
    record("policy.group.get.success", ACTOR, ref_id="before")
    with pytest.raises(RuntimeError), transaction.atomic():
        record("policy.group.get.success", ACTOR, ref_id="rolled back")
        record("policy.group.get.success", ACTOR, ref_id="rolled back too")
        raise RuntimeError("the change fails")
    with transaction.atomic():
        record("policy.group.get.success", ACTOR, ref_id="kept")
        with pytest.raises(RuntimeError), transaction.atomic():  # a savepoint rolled back
            record("policy.group.get.success", ACTOR, ref_id="savepoint")
            raise RuntimeError
        record("policy.group.get.success", ACTOR, ref_id="after the savepoint")
    record("policy.group.get.success", ACTOR, ref_id="after")
    rows = AuditEvent.objects.order_by("chain_seq")
    assert [(row.chain_seq, row.ref_id) for row in rows] == [
        (1, "before"), (2, "kept"), (3, "after the savepoint"), (4, "after")]
    assert verify_audit().startswith("audit chain intact")


def test_an_edited_row_is_found():
    rows = write_rows()
    raw("UPDATE {table} SET description = %s WHERE id = %s", "nothing to see here", rows[3].id)
    assert f"chain {rows[3].chain_id} position 4 (row id {rows[3].id}): altered or re-ordered" in broken()


def test_an_edited_time_is_found():
    rows = write_rows()
    raw("UPDATE {table} SET action_time = %s WHERE id = %s", "2020-01-01 00:00:00", rows[1].id)
    assert f"chain {rows[1].chain_id} position 2" in broken()


def test_a_deleted_row_is_found():
    rows = write_rows()
    raw("DELETE FROM {table} WHERE id = %s", rows[2].id)
    assert "position 3: missing: rows 3..3 were deleted" in broken()


def test_re_ordered_rows_are_found():
    rows = write_rows()
    first, second = rows[1], rows[4]
    raw("UPDATE {table} SET chain_seq = -1 WHERE id = %s", first.id)
    raw("UPDATE {table} SET chain_seq = %s WHERE id = %s", first.chain_seq, second.id)
    raw("UPDATE {table} SET chain_seq = %s WHERE id = %s", second.chain_seq, first.id)
    assert f"position 2 (row id {second.id}): altered or re-ordered" in broken()


def test_a_row_slipped_in_without_the_chain_is_found():
    write_rows()
    AuditEvent.objects.bulk_create([AuditEvent(event_id="PMS_PRT_215", event_key="x", action_time=AuditEvent.objects.first().action_time)])
    assert "outside the chains" in broken()


def test_a_forged_row_with_a_plain_hash_is_found():
    """Without the server's key nobody can compute a matching hash for a row they add."""
    import hashlib

    rows = write_rows()
    forged = AuditEvent(event_id="PMS_PRT_215", event_key="x", action_time=rows[-1].action_time, chain=rows[-1].chain,
                        chain_seq=rows[-1].chain_seq + 1, row_hash=hashlib.sha256(b"guess").hexdigest())
    AuditEvent.objects.bulk_create([forged])
    assert f"position {forged.chain_seq}" in broken()


# --- checkpoints ----------------------------------------------------------------------


@pytest.fixture
def checkpoint_file(settings, tmp_path):
    settings.PMS_AUDIT_CHECKPOINT_FILE = str(tmp_path / "checkpoints.jsonl")
    return settings.PMS_AUDIT_CHECKPOINT_FILE


def filed(path) -> list[dict]:
    with open(path) as lines:
        return [json.loads(line) for line in lines]


def test_rows_cut_off_the_end_with_the_database_rewound_are_found_by_the_checkpoint_file(checkpoint_file):
    rows = write_rows()
    call_command("audit_checkpoint", stdout=io.StringIO())
    [entry] = filed(checkpoint_file)
    assert (entry["chain"], entry["position"], entry["hash"]) == (rows[-1].chain_id, len(rows), rows[-1].row_hash)
    # The intruder deletes the newest rows and every trace in the database that saw them.
    raw("DELETE FROM {table} WHERE chain_seq >= %s", rows[-2].chain_seq)
    raw("DELETE FROM {checkpoints}")
    assert verify_audit().startswith("audit chain intact")  # the database alone cannot tell
    cut = broken("--checkpoints", checkpoint_file)
    assert (f"chain {rows[-1].chain_id} position {rows[-2].chain_seq}: missing: rows {rows[-2].chain_seq}.."
            f"{rows[-1].chain_seq} were cut off the end (checkpoint {entry['id']} of {entry['time']} saw them)") in cut


def test_rows_cut_off_the_end_are_found_by_the_checkpoint_in_the_database():
    rows = write_rows()
    call_command("audit_checkpoint", stdout=io.StringIO())
    raw("DELETE FROM {table} WHERE chain_seq = %s", rows[-1].chain_seq)
    assert f"missing: rows {rows[-1].chain_seq}..{rows[-1].chain_seq} were cut off the end" in broken()


def test_a_chain_deleted_whole_is_found_by_the_checkpoint_file(checkpoint_file):
    rows = write_rows(2)
    call_command("audit_checkpoint", stdout=io.StringIO())
    raw("DELETE FROM {table}")
    raw("DELETE FROM {checkpoints}")
    AuditChain.objects.all().delete()
    assert f"chain {rows[0].chain_id}: deleted: checkpoint" in broken("--checkpoints", checkpoint_file)


def test_a_rewritten_tail_does_not_match_the_checkpoint(checkpoint_file):
    rows = write_rows()
    call_command("audit_checkpoint", stdout=io.StringIO())
    # re-written with a plain hash: the row's own check fails first, whatever the checkpoint
    raw("UPDATE {table} SET row_hash = %s WHERE id = %s", "0" * 64, rows[-1].id)
    assert "altered or re-ordered" in broken("--checkpoints", checkpoint_file)


def test_a_forged_checkpoint_is_found(checkpoint_file):
    write_rows(2)
    call_command("audit_checkpoint", stdout=io.StringIO())
    [entry] = filed(checkpoint_file)
    forged = {**entry, "position": entry["position"] + 5}
    with open(checkpoint_file, "a") as out:
        out.write(json.dumps(forged) + "\n")
    assert f"checkpoint {entry['id']} of chain {entry['chain']}: its signature does not verify" in broken(
        "--checkpoints", checkpoint_file)
    raw("UPDATE {checkpoints} SET position = position + 1")
    assert "its signature does not verify" in broken()


def test_the_writer_checkpoints_every_n_rows_after_commit(settings, checkpoint_file, django_capture_on_commit_callbacks):
    settings.PMS_AUDIT_CHECKPOINT_ROWS, settings.PMS_AUDIT_CHECKPOINT_SECONDS = 3, 0
    for index in range(7):
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            record("policy.group.get.success", ACTOR, ref_id=str(index))
    made = list(AuditCheckpoint.objects.values_list("position", flat=True))
    assert made == [3, 6] and [entry["position"] for entry in filed(checkpoint_file)] == made
    assert verify_audit().startswith("audit chain intact")


def test_rows_no_checkpoint_covers_are_reported_once_old(settings, monkeypatch):
    settings.PMS_AUDIT_UNWITNESSED_SECONDS = 60
    rows = write_rows(3)
    call_command("audit_checkpoint", stdout=io.StringIO())
    record("policy.group.get.success", ACTOR)
    record("policy.group.get.success", ACTOR)
    assert verify_audit().startswith("audit chain intact")  # young rows
    later = chain.timezone.now() + dt.timedelta(minutes=2)
    monkeypatch.setattr(chain.timezone, "now", lambda: later)
    first = len(rows) + 1
    assert f"position {first}: unwitnessed: rows {first}..{first + 1} are older" in broken()
    call_command("audit_checkpoint", stdout=io.StringIO())
    assert verify_audit().startswith("audit chain intact")


def test_checkpoints_are_public_signed_and_paged(checkpoint_file, monkeypatch):
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    from kernel.keys import server_key

    write_rows(2)
    as_another_writer()
    write_rows(1)
    call_command("audit_checkpoint", stdout=io.StringIO())
    served = assert_ok(PmsApi(token="not even a token").get(CHECKPOINTS))["checkpoints"]
    assert served == filed(checkpoint_file) and len(served) == 2
    for entry in served:  # what a witness does with the certificate getCertificate serves
        payload = json.dumps({key: entry[key] for key in ("chain", "hash", "label", "position", "time")},
                             sort_keys=True, separators=(",", ":")).encode()
        server_key().public_key.verify(base64.b64decode(entry["signature"]), payload, padding.PKCS1v15(),
                                       hashes.SHA256())
    assert assert_ok(PmsApi().get(CHECKPOINTS, params={"after": str(served[0]["id"])}))["checkpoints"] == served[1:]
    assert assert_ok(PmsApi().get(CHECKPOINTS, params={"chain": str(served[0]["chain"])}))["checkpoints"] == served[:1]
    assert_error(PmsApi().get(CHECKPOINTS, params={"after": "-1"}), KernelErrors.INVALID_INPUT.code)

    # verify_audit --checkpoints-url reads the same list from a witness (here: its copy of
    # the service's answers, taken before the intruder came)
    from urllib.parse import parse_qs, urlsplit

    from django.test import Client

    copies = {after: Client().get(CHECKPOINTS, {"after": after}).content for after in ("0", str(served[-1]["id"]))}

    def urlopen(url, timeout):
        parts = urlsplit(url)
        assert parts.path == CHECKPOINTS
        return io.BytesIO(copies[parse_qs(parts.query)["after"][0]])

    monkeypatch.setattr("urllib.request.urlopen", urlopen)
    first = served[0]
    raw("DELETE FROM {table} WHERE chain_id = %s AND chain_seq = %s", first["chain"], first["position"])
    raw("DELETE FROM {checkpoints}")
    assert verify_audit().startswith("audit chain intact")
    assert (f"chain {first['chain']} position {first['position']}: missing: rows {first['position']}.."
            f"{first['position']} were cut off the end") in broken("--checkpoints-url", f"http://pms.example{CHECKPOINTS}")


READ = AuditedOperation("test chain read", roles=ANY_TOKEN, success="policy.group.get.success", failure="policy.group.get.failure",
                        read=True)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_rows_that_record_no_change_commit_without_waiting_for_the_wal_flush(settings):
    settings.PMS_AUDIT_ASYNC_COMMIT = True  # off by default: every audit row waits for the flush
    settings.PMS_AUDIT_CHECKPOINT_SECONDS = 0  # no checkpoint among the statements counted

    def statements(run) -> list[str]:
        with CaptureQueriesContext(connection) as ctx:
            run()
        return [q["sql"].split()[0] for q in ctx.captured_queries]

    def read():
        with READ.run(actor=ACTOR):
            pass

    def change():
        with OPERATION.run(actor=ACTOR):
            pass

    def synchronous_commit() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            return cursor.fetchone()[0]

    def last_statement(run) -> str:
        with CaptureQueriesContext(connection) as ctx:
            run()
        return ctx.captured_queries[-1]["sql"]

    # The read: one INSERT, which turns the synchronous commit off for its own transaction...
    assert statements(read) == ["INSERT"]
    assert last_statement(read).endswith("set_config('synchronous_commit', 'off', true)")
    # ...and for that transaction only: the connection's next one commits durably again
    assert synchronous_commit() == "on"
    # the change: its request and success rows in one INSERT, committed with the change, durably
    assert statements(change) == ["BEGIN", "INSERT", "COMMIT"]
    assert "set_config" not in last_statement(change)
    settings.PMS_AUDIT_ASYNC_COMMIT = False
    assert statements(read) == ["INSERT"] and statements(change) == ["BEGIN", "INSERT", "COMMIT"]
    assert "set_config" not in last_statement(read)
    # What that statement does to the transaction it runs in (here an explicit one, rolled
    # back, since an implicit one ends with the statement):
    with transaction.atomic():
        chain.writer().append([_row("policy.group.get.success", ACTOR)], asynchronous=True)
        assert synchronous_commit() == "off"
        transaction.set_rollback(True)
    assert synchronous_commit() == "on"
    assert verify_audit().startswith("audit chain intact")


def test_pruning_deletes_old_checkpoints_but_each_chains_newest(checkpoint_file, monkeypatch):
    write_rows(2)
    call_command("audit_checkpoint", stdout=io.StringIO())
    write_rows(1)
    call_command("audit_checkpoint", stdout=io.StringIO())
    as_another_writer()
    write_rows(1)
    call_command("audit_checkpoint", stdout=io.StringIO())
    first_a, second_a, only_b = AuditCheckpoint.objects.order_by("id")
    later = chain.timezone.now() + dt.timedelta(days=91)
    monkeypatch.setattr(chain.timezone, "now", lambda: later)  # 91 days on, a third writer
    as_another_writer()
    record("policy.group.get.success", ACTOR)
    chain.checkpoint_all()
    [young] = AuditCheckpoint.objects.filter(id__gt=only_b.id)

    out = io.StringIO()
    call_command("audit_checkpoint", "--prune", stdout=out)
    assert "1 audit checkpoints older than the retention period deleted" in out.getvalue()
    audited = AuditEvent.objects.filter(event_id__in=["PMS_AUT_111", "PMS_AUT_211"]).order_by("id")
    assert [(row.event_id, row.description) for row in audited] == [
        ("PMS_AUT_111", audited[0].description),
        ("PMS_AUT_211", "deleted 1 audit checkpoint(s) older than the retention period")]
    # chain A keeps its newest although old, chain B its only one, the young one stays
    assert set(AuditCheckpoint.objects.values_list("id", flat=True)) == {second_a.id, only_b.id, young.id}
    assert len(filed(checkpoint_file)) == 4  # the file is the operator's to rotate, never pruned
    assert verify_audit().startswith("audit chain intact")
    assert verify_audit("--checkpoints", checkpoint_file).startswith("audit chain intact")
    assert first_a.position < second_a.position


def test_pruning_in_batches_and_never_with_retention_zero(settings, monkeypatch):
    write_rows(1)
    for _ in range(5):
        record("policy.group.get.success", ACTOR)
        chain.checkpoint_all()
    later = chain.timezone.now() + dt.timedelta(days=91)
    settings.PMS_AUDIT_CHECKPOINT_RETENTION_DAYS = 0
    assert prune_checkpoints(actor=Actor.system("test"), now=later) == 0 and AuditCheckpoint.objects.count() == 5
    settings.PMS_AUDIT_CHECKPOINT_RETENTION_DAYS = 90
    monkeypatch.setattr(chain, "PRUNE_BATCH", 2)
    newest = AuditCheckpoint.objects.order_by("-position").first()
    assert prune_checkpoints(actor=Actor.system("test"), now=later) == 4
    assert list(AuditCheckpoint.objects.all()) == [newest]
    assert verify_audit().startswith("audit chain intact")


def test_the_compiled_insert_writes_what_the_orm_would():
    """audit.chain writes a row with its own INSERT (compiled once): every column comes back
    as written, the id is set, and nothing listens for audit rows' save signals, which that
    INSERT does not send."""
    from django.db.models.signals import post_save, pre_save

    assert not pre_save.has_listeners(AuditEvent) and not post_save.has_listeners(AuditEvent)
    written = record("policy.group.get.success", ACTOR, ref_id="g-ü-1", description="a 'quoted' description")
    assert written.pk is not None and not written._state.adding
    stored = AuditEvent.objects.get(pk=written.pk)
    for field in AuditEvent._meta.concrete_fields:
        assert getattr(stored, field.attname) == getattr(written, field.attname), field.name
    assert verify_audit().startswith("audit chain intact")
