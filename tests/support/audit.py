"""Test helpers for refusals: the answer carries its code, nothing changed, and the
failure event of that very request was written once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from audit.models import AuditEvent
from tests.support.api import Answer, assert_error

# One audit write: one INSERT into the writer's own chain (audit.chain; the chain is
# registered before each test, conftest.py). Query-count tests add it per audited request.
AUDIT_WRITE_QUERIES = 1


@dataclass
class Snapshot:
    """Every row of the given models, taken before the request."""

    models: tuple
    rows: list[Any] = field(default_factory=list)

    def take(self) -> list[Any]:
        return [list(model._default_manager.order_by("pk").values()) for model in self.models]


def snapshot(*models) -> Snapshot:
    taken = Snapshot(models)
    taken.rows = taken.take()
    return taken


def assert_refused(answer: Answer, code: str, *, status: int = 200, unchanged: Snapshot | None = None,
                   event: str | None = None) -> None:
    """``assert_refused(api.post(...), "PMS_POL_004", unchanged=before, event="policy.create.failure")``."""
    assert_error(answer, code, status)
    if unchanged is not None:
        assert unchanged.take() == unchanged.rows, "the refused request changed the database"
    if event is not None:
        rows = AuditEvent.objects.filter(request_id=answer.headers["X-Request-ID"], outcome="failure")
        assert list(rows.values_list("event_key", flat=True)) == [event], list(rows.values_list("event_key", "description"))
        assert code in rows.get().description


def fresh_audit_writer() -> None:
    """Before a test: this thread's audit writer registers a chain in the test's database,
    so that every audit write in the test is its one INSERT (query counts)."""
    from audit.chain import forget_writer, writer

    forget_writer()
    writer().register()
