"""Reads of the audit trail for the auditor API and the admin export."""

from __future__ import annotations

from typing import Mapping

from kernel.filtering import apply_filters
from kernel.pagination import Page, PageRequest, paginate

from .chain import chain_length, checkpoint_json
from .filters import AuditEventFilter
from .models import AuditCheckpoint, AuditEvent

CHECKPOINT_PAGE = 500


def audit_page(*, filters: Mapping[str, str], page: PageRequest) -> Page:
    """Newest first. Reading the trail is not itself audited: it changes nothing, MOSIP
    lists no event for it, and an auditor paging through rows would write rows into what
    they read (docs/architecture.md, "Which reads are audited")."""
    rows = apply_filters(AuditEventFilter, filters, AuditEvent.objects.order_by("-action_time", "-id"))
    # Unfiltered, the total is the chains' length (their last positions), not a COUNT(*) that
    # reads the whole trail: the same cost at 1,000 rows and 1,000,000 (docs/benchmark.md).
    unfiltered = not any(filters.get(name) for name in AuditEventFilter.base_filters)
    return paginate(rows, page, total=chain_length() if unfiltered else None)


def checkpoints_after(after: int, *, chain: int | None = None) -> list[dict]:
    """The next page of signed checkpoints (GET /v1/auditmanager/checkpoints), oldest first."""
    rows = AuditCheckpoint.objects.filter(pk__gt=after).select_related("chain").order_by("pk")
    if chain is not None:
        rows = rows.filter(chain_id=chain)
    return [checkpoint_json(row, row.chain.label) for row in rows[:CHECKPOINT_PAGE]]
