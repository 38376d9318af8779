"""Reads of user accounts other apps may make (the portal checks a name or an address is
free before it lets someone register with it)."""

from __future__ import annotations

from django.contrib.auth import get_user_model


def login_name_taken(name: str) -> bool:
    """Whether a user has this login name, in any case."""
    return get_user_model().objects.filter(username__iexact=(name or "").strip()).exists()


def email_in_use(email: str) -> bool:
    """Whether a user account carries this e-mail address, in any case."""
    return get_user_model().objects.filter(email__iexact=(email or "").strip()).exists()
