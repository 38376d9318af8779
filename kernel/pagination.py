"""``page``/``pageSize`` pagination with totals in the envelope's ``metadata`` (SPEC §3).

A view parses the page (``page_request``); the service that lists filters and pages its
rows (``paginate``) so that one audited call answers the whole request."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Mapping

from django.conf import settings

from .errors import KernelErrors

# ASCII digits only ("²".isdigit() is True but int("²") fails), at most 9 of them so that
# (page - 1) * pageSize always fits a database integer.
_WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")


@dataclass(frozen=True)
class PageRequest:
    number: int = 1
    size: int = 50


@dataclass(frozen=True)
class Page:
    items: list[Any]
    metadata: dict[str, int]


def _positive_int(raw: str | None, name: str, default: int) -> int:
    if raw is None or raw == "":
        return default
    if not _WHOLE_NUMBER.fullmatch(raw) or int(raw) < 1:
        raise KernelErrors.INVALID_INPUT.error(field=name, detail="expected a whole number from 1 to 999999999")
    return int(raw)


def page_request(params: Mapping[str, str]) -> PageRequest:
    """``page`` (default 1) and ``pageSize`` (default 50, capped at 500) of a query string."""
    number = _positive_int(params.get("page"), "page", 1)
    size = _positive_int(params.get("pageSize"), "pageSize", settings.PMS_PAGE_SIZE_DEFAULT)
    return PageRequest(number, min(size, settings.PMS_PAGE_SIZE_MAX))


def paginate(rows, page: PageRequest, *, total: int | None = None) -> Page:
    """The page's items and the metadata block. ``rows`` (a queryset or a list) must be
    ordered stably. Two queries for a queryset: the count and the page; ``total`` when the
    caller knows the count more cheaply than ``COUNT(*)``."""
    if total is None:
        total = len(rows) if isinstance(rows, list) else rows.count()
    start = (page.number - 1) * page.size
    items = list(rows[start : start + page.size]) if start < total else []
    metadata = {
        "page": page.number,
        "pageSize": page.size,
        "totalItems": total,
        "totalPages": math.ceil(total / page.size) if total else 0,
    }
    return Page(items, metadata)
