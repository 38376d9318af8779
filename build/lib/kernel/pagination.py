"""``page``/``pageSize`` pagination with totals in the envelope's ``metadata`` (SPEC §3)."""

from __future__ import annotations

import math
import re
from typing import Any, Sequence

from django.conf import settings

from .errors import KernelErrors

# ASCII digits only ("²".isdigit() is True but int("²") fails), at most 9 of them so that
# (page - 1) * pageSize always fits a database integer.
_WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")


def _positive_int(raw: str | None, name: str, default: int) -> int:
    if raw is None or raw == "":
        return default
    if not _WHOLE_NUMBER.fullmatch(raw) or int(raw) < 1:
        raise KernelErrors.INVALID_INPUT.error(field=name, detail="expected a whole number from 1 to 999999999")
    return int(raw)


def page_params(request) -> tuple[int, int]:
    params = request.query_params
    page = _positive_int(params.get("page"), "page", 1)
    size = _positive_int(params.get("pageSize"), "pageSize", settings.PMS_PAGE_SIZE_DEFAULT)
    return page, min(size, settings.PMS_PAGE_SIZE_MAX)


def paginate(request, queryset: Sequence[Any]) -> tuple[list[Any], dict[str, int]]:
    """The page's items and the metadata block. ``queryset`` must be ordered stably."""
    page, size = page_params(request)
    total = queryset.count() if hasattr(queryset, "count") and not isinstance(queryset, list) else len(queryset)
    start = (page - 1) * size
    items = list(queryset[start : start + size]) if start < total else []
    metadata = {
        "page": page,
        "pageSize": size,
        "totalItems": total,
        "totalPages": math.ceil(total / size) if total else 0,
    }
    return items, metadata
