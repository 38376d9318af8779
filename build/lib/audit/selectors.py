"""Reads of the audit trail for the auditor API and the admin export."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from .models import AuditEvent


def audit_events(
    *, event_id: str | None = None, ref_id: str | None = None,
    since: dt.datetime | None = None, until: dt.datetime | None = None,
) -> QuerySet[AuditEvent]:
    rows = AuditEvent.objects.all()
    if event_id:
        rows = rows.filter(event_id=event_id)
    if ref_id:
        rows = rows.filter(ref_id=ref_id)
    if since:
        rows = rows.filter(action_time__gte=since)
    if until:
        rows = rows.filter(action_time__lte=until)
    return rows.order_by("-action_time", "-id")
