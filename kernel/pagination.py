"""``page``/``pageSize`` pagination with totals in the envelope's ``metadata`` (SPEC §3)."""

from __future__ import annotations

import math
from typing import Any, Sequence

from django.conf import settings

from .errors import KernelErrors


def _positive_int(raw: str | None, name: str, default: int) -> int:
    if raw is None or raw == "":
        return default
    if not raw.isdigit():
        raise KernelErrors.INVALID_INPUT.error(field=name, detail="expected a positive whole number")
    value = int(raw)
    if value < 1:
        raise KernelErrors.INVALID_INPUT.error(field=name, detail="expected a positive whole number")
    return value


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
    items = list(queryset[start : start + size])
    metadata = {
        "page": page,
        "pageSize": size,
        "totalItems": total,
        "totalPages": math.ceil(total / size) if total else 0,
    }
    return items, metadata
