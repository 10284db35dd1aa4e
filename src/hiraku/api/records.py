"""Records requests from query strings or JSON bodies → datastore queries → JSON values.

Shared by /api/v1 (filters as `?column=value`, `?column__gt=5`) and the CKAN API
(`filters={"column": value}`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from hiraku.datastore.query import (
    MAX_LIMIT,
    OPERATORS,
    Column,
    Filter,
    QueryError,
    RecordsQuery,
)

MAX_OFFSET = 1_000_000_000  # deep pages: use the `after` cursor
RESERVED = {"q", "sort", "fields", "limit", "offset", "after", "distinct", "format", "encoding",
            "include_total", "_", "callback"}


def _int(name: str, raw: str | None, default: int, maximum: int | None = None) -> int:
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise QueryError(f"{name} は整数で指定してください。", f"'{name}' must be an integer.",
                         code="invalid-parameter") from None
    if value < 0:
        raise QueryError(f"{name} は0以上にしてください。", f"'{name}' must not be negative.",
                         code="invalid-parameter")
    if maximum is not None and value > maximum:
        raise QueryError(f"{name} の上限は {maximum} です。",
                         f"'{name}' may be at most {maximum}.", code="limit-too-large")
    return value


def _bool(raw: Any, default: bool) -> bool:
    if raw in (None, ""):
        return default
    if isinstance(raw, bool):
        return raw
    return str(raw).lower() in ("1", "true", "yes", "on")


def parse_sort(raw: str | None) -> list[tuple[str, bool]]:
    """`a,-b` (native) or `a asc, b desc` (CKAN)."""
    order = []
    for part in (raw or "").split(","):
        part = part.strip()
        if not part:
            continue
        words = part.split()
        if len(words) >= 2 and words[-1].lower() in ("asc", "desc"):
            order.append((" ".join(words[:-1]).strip('"'), words[-1].lower() == "desc"))
        elif part.startswith("-"):
            order.append((part[1:].strip('"'), True))
        else:
            order.append((part.strip('"'), False))
    if len(order) > 5:
        raise QueryError("並べ替えは5列までです。", "Sort by at most 5 columns.",
                         code="invalid-parameter")
    return order


def parse_fields(raw: str | Iterable[str] | None) -> list[str] | None:
    if raw in (None, ""):
        return None
    names = raw.split(",") if isinstance(raw, str) else list(raw)
    return [n.strip() for n in names if n.strip()] or None


def query_from_params(params, *, max_limit: int = MAX_LIMIT) -> RecordsQuery:
    """A RecordsQuery from /api/v1 query parameters (a QueryDict or a plain dict)."""
    getlist = params.getlist if hasattr(params, "getlist") else (
        lambda key: [params[key]] if key in params else []
    )
    filters = []
    for key in params:
        if key in RESERVED:
            continue
        column, op = key, "eq"
        if "__" in key:
            head, tail = key.rsplit("__", 1)
            if tail in OPERATORS:
                column, op = head, tail
        for value in getlist(key):
            filters.append(Filter(column, op, value))
    return RecordsQuery(
        filters=filters,
        q=params.get("q", "") or "",
        sort=parse_sort(params.get("sort")),
        fields=parse_fields(params.get("fields")),
        distinct=_bool(params.get("distinct"), False),
        limit=_int("limit", params.get("limit"), 100, max_limit),
        offset=_int("offset", params.get("offset"), 0, MAX_OFFSET),
        after=params.get("after") or None,
        include_total=_bool(params.get("include_total"), True),
    )


def _number(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and abs(value) < 2**53 \
            else float(value)
    return value


def _boolean(value: Any) -> Any:
    return None if value is None else bool(value)


def _date(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date | dt.datetime | dt.time) else value


_CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "integer": lambda v: v if v is None else int(v),
    "number": _number,
    "boolean": _boolean,
    "date": _date,
    "datetime": _date,
    "time": _date,
}


# SQLite already hands back JSON-ready ints, floats and ISO strings; only its 0/1 booleans
# need converting, so the other converters are skipped there (a cost on every cell).
_SQLITE_CONVERTERS = {"boolean": _boolean}


def _converters(columns: list[Column]) -> list[Callable[[Any], Any] | None]:
    from django.db import connections

    table = (_SQLITE_CONVERTERS if connections["datastore"].vendor == "sqlite"
             else _CONVERTERS)
    return [table.get(c.type) for c in columns]


def json_rows(columns: list[Column], rows: list[tuple]) -> list[dict[str, Any]]:
    """Records as objects keyed by label, with JSON types (numbers stay numbers)."""
    labels = [c.label for c in columns]
    converters = _converters(columns)
    if not any(converters):
        return [dict(zip(labels, row, strict=True)) for row in rows]
    out = []
    for row in rows:
        out.append({label: (convert(v) if convert and v is not None else v)
                    for label, convert, v in zip(labels, converters, row, strict=True)})
    return out


def json_lists(columns: list[Column], rows: list[tuple]) -> list[list[Any]]:
    converters = _converters(columns)
    return [[convert(v) if convert and v is not None else v
             for convert, v in zip(converters, row, strict=True)] for row in rows]


def field_dicts(columns: list[Column], dictionary: dict[str, Any] | None = None) -> list[dict]:
    dictionary = dictionary or {}
    out = []
    for column in columns:
        item = {"name": column.label, "type": column.type}
        info = dictionary.get(column.label)
        if info:
            item["info"] = info
        out.append(item)
    return out


def json_value(value: Any) -> Any:
    """A database value of unknown column type (SQL results) as a JSON value."""
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return value
