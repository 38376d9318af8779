"""Input checks shared by the device services, raising the device family's codes (the
endpoint's "mandatory input missing" code, else KER-MSD-999 naming the field)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from kernel.errors import ErrorCode
from kernel.records import require_text
from kernel.text import client_supplied_id

from ..errors import DeviceErrors

INVALID = DeviceErrors.INVALID_INPUT


def text(value: object, field: str, max_length: int, missing: ErrorCode) -> str:
    return require_text(value, field, max_length, missing=missing, invalid=INVALID)


def email(value: object, field: str, missing: ErrorCode) -> str:
    address = text(value, field, 256, missing)
    try:
        validate_email(address)
    except ValidationError:
        raise INVALID.error(field=field, detail="not an e-mail address") from None
    return address


def client_id(value: object, field: str = "id") -> str | None:
    """A client-chosen id (1-36 letters, digits, - or _), or None: the server makes a UUID."""
    return client_supplied_id(value, field, INVALID)


def flag(value: object, field: str, default: bool = True, *, missing: ErrorCode | None = None) -> bool:
    """``true``/``false``; absent is ``default``, or the ``missing`` error when the field is
    mandatory."""
    if value is None:
        if missing is not None:
            raise missing.error(field=field)
        return default
    if not isinstance(value, bool):
        raise INVALID.error(field=field, detail="expected true or false")
    return value
