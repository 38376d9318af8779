"""The rows of the single chain written before chains per writer (migration audit.0005) stay
verifiable: they become chain "legacy", positions and hashes unchanged."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from audit import chain

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("audit", "0003_chain_existing_rows")]


def latest(executor):
    return [key for key in executor.loader.graph.leaf_nodes() if key[0] == "audit"]


def test_the_single_chain_becomes_the_legacy_chain_and_verifies():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    OldEvent, Head = apps.get_model("audit", "AuditEvent"), apps.get_model("audit", "AuditChainHead")
    previous = ""
    for seq in range(1, 4):  # as the single chain wrote them
        row = OldEvent(event_id="PMS_POL_201", event_key="policy.group.get.success", event_name="get",
                       event_type="USER", outcome="success", action_time=timezone.now(), chain_seq=seq,
                       ref_id=f"old-{seq}")
        row.row_hash = previous = chain.row_hash(previous, row)
        row.save()
    Head.objects.create(pk=1, last_seq=3, last_hash=previous)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(latest(executor))
    from audit.models import AuditChain, AuditEvent

    legacy = AuditChain.objects.get()
    assert legacy.label == "legacy" and legacy.pid is None and chain.genesis(legacy) == ""
    assert list(AuditEvent.objects.order_by("chain_seq").values_list("chain_id", "chain_seq")) == [
        (legacy.pk, 1), (legacy.pk, 2), (legacy.pk, 3)]
    assert chain.verify() is None
    out = io.StringIO()
    call_command("audit_checkpoint", stdout=out)
    assert f"chain {legacy.pk} at 3" in out.getvalue()
    chain.forget_writer()  # this test's chain went with the migrations
    from audit.services import record
    from kernel.actors import Actor

    record("policy.group.get.success", Actor(username="after"))
    assert AuditChain.objects.count() == 2 and chain.verify() is None
