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


def test_on_postgresql_the_insert_names_its_parameters_as_the_server_does(monkeypatch):
    """With server-side binding (the default on PostgreSQL) the INSERT is written with
    ``$n`` parameters once and sent through psycopg's RawCursor (psycopg rewrites ``%s``
    again on every call above 50 parameters); without it, or on SQLite, ``%s`` as before.
    Either way the rows and their chain are the same (the test above compares the columns)."""
    seen = []

    def spy(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(spy):
        chain.insert_chained(rows("raw"))
    raw = connection.vendor == "postgresql" and connection.settings_dict["OPTIONS"].get("server_side_binding") is True
    assert ("$96" in seen[-1] and "%s" not in seen[-1]) if raw else ("%s" in seen[-1] and "$1" not in seen[-1])
    if connection.vendor == "postgresql":
        monkeypatch.setitem(connection.settings_dict, "OPTIONS", {**connection.settings_dict["OPTIONS"],
                                                                  "server_side_binding": False})
        assert not chain._raw_placeholders() and "%s" in chain._statement(4).sql
    assert verify_audit().startswith("audit chain intact")


def test_a_row_is_built_as_before():
    """``_row`` builds its instance from positional values and reuses what an operation's
    rows share (``who``); the columns are those the keyword-built row had."""
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from audit.catalogue import event
    from audit.services import _host_cached, _scrub, who
    from kernel.logging import redact_reference

    user = get_user_model()(username="tester", first_name="Ada", last_name="Lovelace")
    actor = Actor(username="tester", roles=frozenset({Role.MISP_ADMIN, Role.PARTNERMANAGER}), user=user,
                  client_ip="10.0.0.9", request_id="req-r")
    for key, ref_id, description in [(KEYS[0], "", ""), (KEYS[1], "misp-1", "license key k-1 fetched"),
                                     (KEYS[3], "/partnermanagement/v1/misps/x", "")]:
        built = _row(key, actor, ref_id=ref_id, description=description)
        shared = _row(key, actor, ref_id=ref_id, description=description, actor_columns=who(actor))
        kind = event(key)
        host_name, host_ip = _host_cached()
        expected = AuditEvent(
            event_id=kind.event_id, event_key=kind.key, event_name=kind.event_name, event_type=kind.event_type,
            outcome=kind.outcome, action_time=built.action_time, host_name=host_name, host_ip=host_ip,
            application_id=settings.PMS_APPLICATION_ID, session_user_id="tester", session_user_name="Ada Lovelace",
            roles=",".join(sorted(str(r) for r in actor.roles)), ref_id=redact_reference(ref_id)[:256],
            ref_id_type=kind.ref_id_type, created_by="tester", module_name=kind.module_name,
            module_id=kind.module_id, description=_scrub(description or kind.description), client_ip="10.0.0.9",
            request_id="req-r")
        for row in (built, shared):
            shared.action_time = built.action_time
            assert {c: getattr(row, c) for c in ["id", *COLUMNS]} == {c: getattr(expected, c) for c in ["id", *COLUMNS]}
            assert row._state.adding
