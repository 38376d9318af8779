"""The MOSIP request/response envelope (catalog §2) and its UTC time format."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from .errors import KernelErrors


def format_time(value: dt.datetime | None) -> str | None:
    """``yyyy-MM-ddTHH:mm:ss.SSSZ`` in UTC, as every MOSIP time field."""
    if value is None:
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value, dt.timezone.utc)
    value = value.astimezone(dt.timezone.utc)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def parse_time(value: Any, field: str) -> dt.datetime:
    """Accept ISO-8601 with ``Z`` or an offset; a time without zone is taken as UTC."""
    if not isinstance(value, str) or not value.strip():
        raise KernelErrors.INVALID_INPUT.error(field=field, detail="expected yyyy-MM-ddTHH:mm:ss.SSSZ")
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        raise KernelErrors.INVALID_INPUT.error(field=field, detail="expected yyyy-MM-ddTHH:mm:ss.SSSZ") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    try:
        return parsed.astimezone(dt.timezone.utc)
    except OverflowError:  # 0001-01-01T00:00+01:00 is before year 1 in UTC
        raise KernelErrors.INVALID_INPUT.error(field=field, detail="time out of range") from None


def now_text() -> str:
    return format_time(timezone.now())  # type: ignore[return-value]


def build(
    *,
    response: Any = None,
    errors: list[dict[str, str]] | None = None,
    envelope_id: str | None = None,
    version: str | None = "1.0",
    metadata: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A response envelope. ``errors`` is ``[]`` on success, as MOSIP's code emits."""
    return {
        "id": envelope_id,
        "version": version,
        "responsetime": now_text(),
        "metadata": metadata,
        "response": response,
        "errors": errors or [],
    }


def error_json_response(error, status: int):
    """An error envelope outside DRF (middleware, Django error handlers)."""
    from django.http import JsonResponse

    return JsonResponse(build(errors=error.items()), status=status, json_dumps_params={"separators": (",", ":")})
