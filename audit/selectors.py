"""Reads of the audit trail for the auditor API and the admin export."""

from __future__ import annotations

from typing import Mapping

from kernel.filtering import apply_filters
from kernel.pagination import Page, PageRequest, paginate

from .chain import chain_length
from .filters import AuditEventFilter
from .models import AuditEvent


def audit_page(*, filters: Mapping[str, str], page: PageRequest) -> Page:
    """Newest first. Reading the trail is not itself audited: it changes nothing, MOSIP
    lists no event for it, and an auditor paging through rows would write rows into what
    they read (docs/architecture.md, "Which reads are audited")."""
    rows = apply_filters(AuditEventFilter, filters, AuditEvent.objects.order_by("-action_time", "-id"))
    # Unfiltered, the total is the chain's length (its head), not a COUNT(*) that reads the
    # whole trail: the same number at 1,000 rows and 1,000,000 (docs/benchmark.md).
    unfiltered = not any(filters.get(name) for name in AuditEventFilter.base_filters)
    return paginate(rows, page, total=chain_length() if unfiltered else None)
