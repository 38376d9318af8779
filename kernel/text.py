"""Small text rules every app applies the same way."""

from __future__ import annotations

import re
from typing import Iterable

from .errors import ErrorCode, KernelErrors

# Ids a client may choose for a new record (SPEC §9.2): 1–36 letters, digits, - or _.
CLIENT_ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,36}")


def match_choice(value: object, choices: Iterable[str]) -> str | None:
    """The choice ``value`` names, ignoring case and surrounding blanks (SPEC §3)."""
    if not isinstance(value, str) or not value.strip():
        return None
    wanted = value.strip().lower()
    for choice in choices:
        if str(choice).lower() == wanted:
            return str(choice)
    return None


def parse_active_status(value: object, invalid: ErrorCode) -> bool:
    """MOSIP's ``Active`` → True and ``De-Active`` (also ``Deactive``, ``DeActive``,
    ``deactivated``, ``inactive``) → False (catalog §13.3); anything else is ``invalid``."""
    key = re.sub(r"[^a-z]", "", value.lower()) if isinstance(value, str) else ""
    if key == "active":
        return True
    if key in ("deactive", "deactivated", "deactivate", "inactive"):
        return False
    raise invalid.error()


def client_supplied_id(value: str | None, field: str) -> str | None:
    """A client-chosen id (trimmed), None when none was given, else PMS_COR_002."""
    if value is None or not value.strip():
        return None
    if not CLIENT_ID_PATTERN.fullmatch(value.strip()):
        raise KernelErrors.INVALID_INPUT.error(field=field, detail="1-36 letters, digits, - or _")
    return value.strip()
