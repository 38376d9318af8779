"""Small text rules every app applies the same way."""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterable

from .envelope import parse_time
from .errors import ErrorCode, KernelErrors, PmsError

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


def parse_decision(value: object, invalid: ErrorCode) -> bool:
    """An approval decision: ``Approved`` → True, ``Rejected`` → False, any case (also
    ``approve``/``reject``); anything else is ``invalid``."""
    key = value.strip().lower() if isinstance(value, str) else ""
    if key in ("approved", "approve"):
        return True
    if key in ("rejected", "reject"):
        return False
    raise invalid.error()


def checked_email(value: str | None, field: str, invalid: ErrorCode, max_length: int = 254) -> str:
    """A trimmed, present (PMS_COR_001) e-mail address that Django's validator accepts
    (else ``invalid``)."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    text = (value or "").strip()
    if not text:
        raise KernelErrors.MISSING_INPUT.error(field=field)
    if len(text) > max_length:
        raise KernelErrors.INVALID_INPUT.error(field=field, detail=f"at most {max_length} characters")
    try:
        validate_email(text)
    except ValidationError:
        raise invalid.error(field=field) from None
    return text


def client_supplied_id(value: str | None, field: str, invalid: ErrorCode = KernelErrors.INVALID_INPUT) -> str | None:
    """A client-chosen id (trimmed), None when none was given, else ``invalid``
    (PMS_COR_002 unless the family has its own)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str) or not CLIENT_ID_PATTERN.fullmatch(value.strip()):
        raise invalid.error(field=field, detail="1-36 letters, digits, - or _")
    return value.strip()


def parse_moment(value: object, field: str, *, missing: ErrorCode = KernelErrors.MISSING_INPUT,
                 invalid: ErrorCode = KernelErrors.INVALID_INPUT) -> dt.datetime:
    """A MOSIP time text (``yyyy-MM-ddTHH:mm:ss.SSSZ``; any ISO 8601 time with ``Z`` or an
    offset, UTC without) as an aware UTC datetime: blank is ``missing``, anything else
    that does not read as a time is ``invalid``, naming the field."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise missing.error(field=field)
    try:
        return parse_time(value, field)
    except PmsError:
        raise invalid.error(field=field, detail="expected yyyy-MM-ddTHH:mm:ss.SSSZ") from None


def unquoted(value: object) -> str | None:
    """A query parameter's text without the blanks and quotes around it (MOSIP's documented
    URLs quote values: ``status='REVOKED'``), or None when nothing is left."""
    if not isinstance(value, str):
        return None
    return value.strip(" '\"") or None
