"""Reads the portal's pages make of its own rows."""

from __future__ import annotations

from .models import PendingRegistration


def pending_registration(registration_id: str | None) -> PendingRegistration | None:
    """The registration the verify page is about (its id comes from the visitor's session)."""
    if not registration_id:
        return None
    return PendingRegistration.objects.filter(pk=str(registration_id)[:32]).first()
