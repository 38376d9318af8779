"""The list shapes of MOSIP's 1.2 routes, on querysets: revamp paging by query parameters
(``pageNo``/``pageSize``/``sortFieldName``/``sortType``), the legacy ``POST …/search`` body
(filters, sort, pagination) and ``POST …/filtervalues``. The 1.0 routes keep
kernel.pagination.

Each endpoint says which wire names it accepts and what they mean in the database
(``Column``, ``SortKey``); everything else (the checks, their order, their codes, the
answer's numbers) is here once. Where MOSIP's Java code fails without a code (a missing
``filters``/``sort`` list or ``pagination`` object, a filter-values ``text`` left out),
this server takes the lenient reading and says so at the function: an empty list, page 0
of 10 rows, and "any text". MOSIP pages the legacy search in memory after fetching every
match; the database does it here, with the same numbers.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Literal, Mapping

from django.db.models import F, Q, QuerySet
from rest_framework import serializers

from .envelope import parse_time
from .errors import ErrorCode, KernelErrors, PmsError

Kind = Literal["text", "bool", "datetime", "number"]


class SearchErrors:
    """Codes of the 1.2 list shapes (MOSIP's texts, typos kept)."""

    # legacy search (POST …/search)
    INVALID_COLUMN = ErrorCode("PMS-MSD-310", "Invalid column received : {column}")
    COLUMN_MISSING = ErrorCode("PMS-MSD-311", "Column is missing in request")
    TYPE_MISSING = ErrorCode("PMS-MSD-312", "Filter type is missing")
    BAD_PAGINATION = ErrorCode("PMS-MSD-313", "Invalid pagination value received pagestart:{start} and pagefetch:{fetch}")
    SORT_INCOMPLETE = ErrorCode("PMS-MSD-314", "Missing sort field or sort type values")
    BAD_RANGE = ErrorCode("PMS-MSD-315", "Invalid fromValue or toValue")
    BAD_SORT_FIELD = ErrorCode("PMS-MSD-357", "Invalid sort field {field}")
    BAD_SORT_TYPE = ErrorCode("PMS-MSD-358", "Sort type {type} is not supported")
    BAD_VALUE = ErrorCode("PMS-MSD-390", "Invalid filter value")
    BAD_VALUES = ErrorCode("PMS-MSD-391", "Invalid filter values")
    VALUE_AND_VALUES = ErrorCode("PMS-MSD-392", "Both value and values cannot be present")
    # filter values (POST …/filtervalues)
    NO_SUCH_FILTER_COLUMN = ErrorCode("PMS-MSD-317", "Column {column} doesn't exist for the searched entity")
    FILTER_TYPE_EMPTY = ErrorCode("PMS-MSD-322", "Filter Type cannot be empty or null")
    FILTER_TYPE_UNSUPPORTED = ErrorCode("PMS-MSD-324", "Received Filter Type not supported")
    # revamp lists (GET with query parameters)
    SORT_UNPAIRED = ErrorCode("PMS_PS_ERROR_007", "Invalid Sorting request: 'sortType' and 'sortFieldName' must be "
                                                  "specified together.")
    PAGE_UNPAIRED = ErrorCode("PMS_PS_ERROR_006", "Invalid pagination request: 'pageNo' and 'pageSize' must be "
                                                  "specified together.")
    SORT_WITHOUT_PAGE = ErrorCode("PMS_PS_ERROR_008", "Please provide pagination parameters ('pageNo' and 'pageSize') "
                                                      "when requesting sorted data.")
    LIST_SORT_FIELD = ErrorCode("PMS_PRT_357", "Invalid sort field {field}")
    LIST_SORT_TYPE = ErrorCode("PMS_PRT_358", "Sort type {type} is not supported")
    LIST_PAGE_NO = ErrorCode("PMS_PRT_360", "Invalid Page No")
    LIST_PAGE_SIZE = ErrorCode("PMS_PRT_361", "Invalid page size")


@dataclass(frozen=True)
class Column:
    """A searchable column: its ORM path and what its values are."""

    path: str
    kind: Kind = "text"


def _column(columns: Mapping[str, Column], name: str) -> tuple[str, Column] | None:
    """Column names match case-insensitively, as MOSIP's entity-field lookup does."""
    wanted = name.strip().lower()
    for wire, column in columns.items():
        if wire.lower() == wanted:
            return wire, column
    return None


# --- revamp lists: GET …?pageNo=&pageSize=&sortFieldName=&sortType= ----------------------

@dataclass(frozen=True)
class SortKey:
    """What a ``sortFieldName`` alias sorts on; ``inverted`` where MOSIP sorts a flag so
    that ``asc`` lists the active (or uploaded) rows first."""

    path: str
    inverted: bool = False


@dataclass(frozen=True)
class ListQuery:
    page_no: int | None
    page_size: int | None
    sort: SortKey | None = None
    descending: bool = False

    @property
    def paged(self) -> bool:
        return self.page_no is not None


_DIGITS = re.compile(r"-?[0-9]{1,9}")


def _list_number(raw: str | None, name: str) -> int | None:
    if raw is None:
        return None
    if not _DIGITS.fullmatch(raw.strip()):
        raise KernelErrors.INVALID_INPUT.error(field=name, detail="expected a whole number")
    return int(raw)


def list_query(params: Mapping[str, str], sort_keys: Mapping[str, SortKey], *,
               default_page: tuple[int, int] | None = None) -> ListQuery:
    """The paging and sorting of a revamp list, checked in MOSIP's order (each check its
    code: PMS_PS_ERROR_007, _006, _008, PMS_PRT_357, _358, _360, _361). ``default_page``
    (MOSIP's ``0``/``8``) for lists that are always paged; without it, a list asked for
    without paging answers every row."""
    sort_field, sort_type = params.get("sortFieldName"), params.get("sortType")
    page_no, page_size = params.get("pageNo"), params.get("pageSize")
    if (sort_field is None) != (sort_type is None):
        raise SearchErrors.SORT_UNPAIRED.error()
    if (page_no is None) != (page_size is None):
        raise SearchErrors.PAGE_UNPAIRED.error()
    if sort_field is not None and page_no is None and default_page is None:
        raise SearchErrors.SORT_WITHOUT_PAGE.error()
    key = None
    descending = False
    if sort_field is not None:
        key = next((k for alias, k in sort_keys.items() if alias == sort_field), None)
        if key is None:
            raise SearchErrors.LIST_SORT_FIELD.error(field=sort_field)
        if sort_type.lower() not in ("asc", "desc"):
            raise SearchErrors.LIST_SORT_TYPE.error(type=sort_type)
        descending = sort_type.lower() == "desc"
    number, size = _list_number(page_no, "pageNo"), _list_number(page_size, "pageSize")
    if number is None and default_page is not None:
        number, size = default_page
    if number is not None and number < 0:
        raise SearchErrors.LIST_PAGE_NO.error()
    if size is not None and size <= 0:
        raise SearchErrors.LIST_PAGE_SIZE.error()
    return ListQuery(number, size, key, descending)


@dataclass(frozen=True)
class ListPage:
    rows: list[Any]
    page_no: int
    page_size: int
    total: int

    def answer(self, render: Callable[[Any], Any]) -> dict[str, Any]:
        """MOSIP's ``PageResponseV2Dto``."""
        return {"pageNo": self.page_no, "pageSize": self.page_size, "totalResults": self.total,
                "data": [render(row) for row in self.rows]}


def list_page(queryset: QuerySet, query: ListQuery, *, default_order: tuple[str, ...] = ("-created_at", "pk")) -> ListPage:
    """The rows of a revamp list. Sorting applies only with paging (MOSIP's rule); an
    unpaged list answers every row as page 0 of that many."""
    if not query.paged:
        rows = list(queryset.order_by(*default_order))
        return ListPage(rows, 0, len(rows), len(rows))
    ordered = queryset
    if query.sort is not None:
        descending = query.descending != query.sort.inverted
        expression = F(query.sort.path)
        ordered = queryset.order_by(expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True),
                                    "pk")
    else:
        ordered = queryset.order_by(*default_order)
    total = queryset.count()
    start = query.page_no * query.page_size
    rows = list(ordered[start:start + query.page_size]) if start < total else []
    return ListPage(rows, query.page_no, query.page_size, total)


# --- legacy search: POST …/search {filters, sort, pagination} -----------------------------

@dataclass(frozen=True)
class SearchPage:
    rows: list[Any]
    from_record: int
    to_record: int
    total: int

    def answer(self, render: Callable[[Any], Any]) -> dict[str, Any]:
        """MOSIP's ``PageResponseDto``: a page with no rows is all zeros and ``data: null``."""
        if not self.rows:
            return {"fromRecord": 0, "toRecord": 0, "totalRecord": 0, "data": None}
        return {"fromRecord": self.from_record, "toRecord": self.to_record, "totalRecord": self.total,
                "data": [render(row) for row in self.rows]}


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    return None


def _typed(value: str, column: Column, error: ErrorCode) -> Any:
    if column.kind == "bool":
        lowered = value.strip().lower()
        if lowered not in ("true", "false"):
            raise error.error()
        return lowered == "true"
    if column.kind == "datetime":
        try:
            return parse_time(value, "value")
        except PmsError:
            raise error.error() from None
    if column.kind == "number":
        try:
            return int(value)
        except ValueError:
            raise error.error() from None
    return value


def _like(value: str, starts: bool) -> tuple[str, str]:
    """MOSIP's wildcard reading: ``contains`` takes ``*x*``, ``*x`` (ends with) and ``x``;
    ``startsWith`` takes ``x*`` and ``x``. The lookup and its value."""
    text = value.strip()
    if starts:
        return "istartswith", text.rstrip("*")
    if text.startswith("*") and not text.endswith("*"):
        return "iendswith", text.lstrip("*")
    return "icontains", text.strip("*")


def search_filter(entry: Any, columns: Mapping[str, Column]) -> Q | None:
    """One ``SearchFilter`` as a condition (``None``: a type MOSIP silently ignores)."""
    if not isinstance(entry, Mapping):
        raise SearchErrors.COLUMN_MISSING.error()
    name, kind = _text(entry.get("columnName")), _text(entry.get("type"))
    if not name or not name.strip():
        raise SearchErrors.COLUMN_MISSING.error()
    if not kind or not kind.strip():
        raise SearchErrors.TYPE_MISSING.error()
    found = _column(columns, name)
    if found is None:
        raise SearchErrors.INVALID_COLUMN.error(column=name)
    _wire, column = found
    value, values = entry.get("value"), entry.get("values")
    if value is not None and values is not None:
        raise SearchErrors.VALUE_AND_VALUES.error()
    kind = kind.strip().lower()
    if kind == "between":
        low, high = _text(entry.get("fromValue")), _text(entry.get("toValue"))
        if not low or not high or not low.strip() or not high.strip():
            raise SearchErrors.BAD_RANGE.error()
        return Q(**{f"{column.path}__range": (_typed(low, column, SearchErrors.BAD_RANGE),
                                             _typed(high, column, SearchErrors.BAD_RANGE))})
    if kind == "in":
        if not isinstance(values, list) or not values or any(_text(v) is None for v in values):
            raise SearchErrors.BAD_VALUES.error()
        typed = [_typed(_text(v), column, SearchErrors.BAD_VALUES) for v in values]
        if column.kind == "text":
            condition = Q()
            for item in typed:
                condition |= Q(**{f"{column.path}__iexact": item})
            return condition
        return Q(**{f"{column.path}__in": typed})
    if kind not in ("equals", "contains", "startswith"):
        return None
    text = _text(value)
    if text is None or not text.strip():
        raise SearchErrors.BAD_VALUE.error()
    if kind == "equals":
        typed_value = _typed(text, column, SearchErrors.BAD_VALUE)
        if column.kind == "text":
            return Q(**{f"{column.path}__iexact": typed_value})
        if column.kind == "datetime":  # to the millisecond, as MOSIP compares them
            return Q(**{f"{column.path}__gte": typed_value, f"{column.path}__lt": typed_value + dt.timedelta(milliseconds=1)})
        return Q(**{column.path: typed_value})
    if column.kind != "text":
        raise SearchErrors.BAD_VALUE.error()
    lookup, needle = _like(text, starts=kind == "startswith")
    return Q(**{f"{column.path}__{lookup}": needle})


def search_page(queryset: QuerySet, request: Mapping[str, Any], columns: Mapping[str, Column], *,
                sort_columns: Mapping[str, Column] | None = None, deleted_path: str | None = None,
                default_order: tuple[str, ...] = ("pk",)) -> SearchPage:
    """A legacy search. Filters, then sort, then pagination are checked in that order, each
    failure its PMS-MSD code. With at least one filter, deleted rows are left out
    (``deleted_path``), as MOSIP does. A missing ``filters`` or ``sort`` is taken as empty
    and a missing ``pagination`` as page 0 of 10 (MOSIP fails without a code there)."""
    filters = request.get("filters") or []
    sorts = request.get("sort") or []
    pagination = request.get("pagination") or {}
    if not isinstance(filters, list) or not isinstance(sorts, list) or not isinstance(pagination, Mapping):
        raise SearchErrors.BAD_VALUE.error()
    condition = Q()
    for entry in filters:
        made = search_filter(entry, columns)
        if made is not None:
            condition &= made
    if filters and deleted_path:
        condition &= Q(**{deleted_path: False}) | Q(**{f"{deleted_path}__isnull": True})
    order = []
    for entry in sorts:
        field_name = _text(entry.get("sortField")) if isinstance(entry, Mapping) else None
        sort_type = _text(entry.get("sortType")) if isinstance(entry, Mapping) else None
        if not field_name or not sort_type:
            raise SearchErrors.SORT_INCOMPLETE.error()
        found = _column(sort_columns or columns, field_name)
        if found is None:
            raise SearchErrors.BAD_SORT_FIELD.error(field=field_name)
        if sort_type.lower() not in ("asc", "desc"):
            raise SearchErrors.BAD_SORT_TYPE.error(type=sort_type)
        expression = F(found[1].path)
        order.append(expression.desc(nulls_last=True) if sort_type.lower() == "desc" else expression.asc(nulls_first=True))
    start, fetch = pagination.get("pageStart", 0), pagination.get("pageFetch", 10)
    if isinstance(start, bool) or isinstance(fetch, bool) or not isinstance(start, int) or not isinstance(fetch, int) \
            or start < 0 or fetch < 1:
        raise SearchErrors.BAD_PAGINATION.error(start=start, fetch=fetch)
    matched = queryset.filter(condition)
    total = matched.count()
    offset = start * fetch
    rows = list(matched.order_by(*order, *default_order)[offset:offset + fetch]) if offset < total else []
    return SearchPage(rows, offset + 1, offset + len(rows), total)


# --- filter values: POST …/filtervalues {filters, optionalFilters} -------------------------

@dataclass(frozen=True)
class FilterValues:
    items: list[dict[str, str]] = field(default_factory=list)

    def answer(self) -> dict[str, Any]:
        return {"filters": self.items}


def filter_values(queryset: QuerySet, request: Mapping[str, Any], columns: Mapping[str, Column], *,
                  code_path: str, max_values: int = 5000, deleted_path: str | None = None,
                  value_of: Callable[[Any], str] | None = None) -> FilterValues:
    """The distinct (``unique`` or empty type) or all (``all``) values of the asked columns
    matching ``text`` (case-insensitive substring), ascending, each with the row's code
    (``code_path``), at most ``max_values`` per column. Every filter is checked first and
    all their errors come back together (PMS-MSD-322, 317, 324). Boolean columns answer
    ``true`` and ``false``. A filter without ``text`` matches every value (MOSIP matches the
    text "null" there). ``value_of`` renders a row's value when the endpoint shows
    something else than the column (MOSIP's device detail shows "make model")."""
    filters = request.get("filters")
    if not isinstance(filters, list):
        raise SearchErrors.COLUMN_MISSING.error()
    problems: list[PmsError] = []
    asked = []
    for entry in filters:
        entry = entry if isinstance(entry, Mapping) else {}
        name, kind = _text(entry.get("columnName")) or "", _text(entry.get("type"))
        if kind is None or (kind.strip() == "" and entry.get("type") is None):
            problems.append(SearchErrors.FILTER_TYPE_EMPTY.error())
            continue
        found = _column(columns, name) if name.strip() else None
        if found is None:
            problems.append(SearchErrors.NO_SUCH_FILTER_COLUMN.error(column=name))
            continue
        if kind.strip().lower() not in ("all", "unique", "") or found[1].kind in ("datetime", "number"):
            problems.append(SearchErrors.FILTER_TYPE_UNSUPPORTED.error())
            continue
        asked.append((found[0], found[1], kind.strip().lower() != "all", _text(entry.get("text")) or ""))
    if problems:
        raise PmsError.combine(problems)
    condition = Q()
    optional = request.get("optionalFilters") or []
    if not isinstance(optional, list):
        raise SearchErrors.BAD_VALUE.error()
    for entry in optional:
        made = search_filter(entry, columns)
        if made is not None:
            condition &= made
    if optional and deleted_path:
        condition &= Q(**{deleted_path: False}) | Q(**{f"{deleted_path}__isnull": True})
    rows = queryset.filter(condition)
    items: list[dict[str, str]] = []
    for wire, column, distinct, text in asked:
        if column.kind == "bool":
            items += [{"fieldID": wire, "fieldValue": value, "fieldCode": ""} for value in ("true", "false")]
            continue
        matching = rows.filter(**{f"{column.path}__icontains": text}) if text else rows
        if value_of is not None:
            found = matching.order_by(column.path, "pk")[:max_values]
            pairs = [(value_of(row), str(row.pk)) for row in found]
        else:
            # MOSIP's "unique" is distinct (value, code) pairs; the code is mostly the row's id
            pairs_query = matching.order_by(column.path, code_path).values_list(column.path, code_path)
            pairs = [(None if value is None else str(value), str(code)) for value, code in
                     (pairs_query.distinct() if distinct else pairs_query)[:max_values]]
        items += [{"fieldID": wire, "fieldValue": value, "fieldCode": code} for value, code in pairs]
    return FilterValues(items)


# --- the bodies above as OpenAPI documents them (the services read the bodies with
# search_page / filter_values; these classes only describe them) -------------------------


class SearchFilterShape(serializers.Serializer):
    columnName = serializers.CharField()
    type = serializers.CharField(help_text="equals, contains, startsWith, between or in")
    value = serializers.CharField(required=False)
    values = serializers.ListField(child=serializers.CharField(), required=False)
    fromValue = serializers.CharField(required=False)
    toValue = serializers.CharField(required=False)


class SearchSortShape(serializers.Serializer):
    sortField = serializers.CharField()
    sortType = serializers.CharField(help_text="asc or desc")


class PaginationShape(serializers.Serializer):
    pageStart = serializers.IntegerField(min_value=0)
    pageFetch = serializers.IntegerField(min_value=1)


class SearchShape(serializers.Serializer):
    """MOSIP's ``SearchDto``: the legacy search body (``search_page``)."""

    filters = SearchFilterShape(many=True)
    sort = SearchSortShape(many=True)
    pagination = PaginationShape()


class FilterColumnShape(serializers.Serializer):
    columnName = serializers.CharField()
    type = serializers.CharField(help_text="unique, all or empty")
    text = serializers.CharField(required=False, allow_blank=True)


class FilterValuesShape(serializers.Serializer):
    """MOSIP's ``FilterValueDto``: the filter-values body (``filter_values``)."""

    filters = FilterColumnShape(many=True)
    optionalFilters = SearchFilterShape(many=True, required=False)
