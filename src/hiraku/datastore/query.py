"""Reading a resource's table: filters, full-text `q`, sort, fields, distinct, offset and keyset
paging, the exact total, and group-by counts. Shared by the native API, the CKAN API and the site.

Column names from requests are matched against the table's known columns before any SQL is
built, and always quoted; values are always parameters.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import connections, transaction

from hiraku.datastore.backends import DATASTORE_ALIAS
from hiraku.datastore.identifiers import quote_identifier
from hiraku.datastore.models import ResourceTable
from hiraku.errors import HirakuError
from hiraku.jp import normalize_text

OPERATORS = {
    "eq": "=",
    "ne": "<>",
    "lt": "<",
    "lte": "<=",
    "gt": ">",
    "gte": ">=",
    "in": "IN",
    "contains": "LIKE",
}
MAX_LIMIT = 1000
DEFAULT_LIMIT = 100
MAX_IN_VALUES = 100
TIME_LIMIT_MS = 3000


class QueryError(HirakuError):
    code = "invalid-query"
    status = 400


def _error(ja: str, en: str, code: str = "invalid-query") -> QueryError:
    return QueryError(ja, en, code=code)


@dataclass(frozen=True)
class Column:
    name: str  # physical
    label: str  # as in the file; what API users see
    type: str

    @property
    def sql(self) -> str:
        return quote_identifier(self.name)


class Table:
    """The columns of a resource's current table, looked up by label or physical name."""

    def __init__(self, resource_id: str, table: ResourceTable) -> None:
        self.resource_id = resource_id
        # The physical table, not the view named by the resource id: views exist only for
        # public datasets (the SQL endpoint's world), while this API checks permissions itself.
        self.view = quote_identifier(table.table_name)
        self.row_count = table.row_count
        self.columns = [Column(c["name"], c["label"], c["type"]) for c in table.columns]
        self._lookup: dict[str, Column] = {}
        for column in self.columns:
            self._lookup.setdefault(column.name, column)
        for column in self.columns:
            self._lookup[column.label] = column
        self.row_id = Column("_id", "_id", "integer")
        self._lookup.setdefault("_id", self.row_id)

    @classmethod
    def for_resource(cls, resource) -> Table:
        # The API looks resources up with select_related("table"): reuse that row rather than
        # paying a second query per request. Anything not already joined is read fresh.
        cached = type(resource).table.is_cached(resource)
        # A cached "no table" raises RelatedObjectDoesNotExist (an AttributeError).
        table = getattr(resource, "table", None) if cached else None
        if table is None:
            table = ResourceTable.objects.filter(resource=resource).first()
        if table is None:
            raise _error(
                "このリソースはまだデータストアに読み込まれていません。",
                "This resource has no datastore table (not loaded yet).",
                "not-in-datastore",
            )
        return cls(str(resource.pk), table)

    def column(self, name: str) -> Column:
        column = self._lookup.get(name)
        if column is None:
            raise _error(
                f"列「{name}」はありません。", f"There is no column '{name}'.", "unknown-column"
            )
        return column


@dataclass(frozen=True)
class Filter:
    column: str
    op: str
    value: Any  # a string, or a list of strings for "in"


@dataclass
class RecordsQuery:
    filters: Sequence[Filter] = ()
    q: str = ""
    sort: Sequence[tuple[str, bool]] = ()  # (column, descending)
    fields: Sequence[str] | None = None
    distinct: bool = False
    limit: int = DEFAULT_LIMIT
    offset: int = 0
    after: str | None = None
    include_total: bool = True
    max_limit: int = MAX_LIMIT


@dataclass
class RecordsResult:
    columns: list[Column]
    rows: list[tuple]
    total: int | None
    next_after: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def typed_value(column: Column, raw: Any) -> Any:
    """A filter value converted to the column's type (so 10 < 9 is false, dates compare)."""
    if raw is None:
        return None
    text = str(raw).replace("\x00", "").strip()  # PostgreSQL text cannot hold NUL
    try:
        if column.type == "integer":
            return int(text)
        if column.type == "number":
            return Decimal(text)
        if column.type == "date":
            return dt.date.fromisoformat(text).isoformat()
        if column.type == "datetime":
            return dt.datetime.fromisoformat(text).isoformat()
        if column.type == "boolean":
            if text.lower() in ("true", "1", "yes"):
                return True
            if text.lower() in ("false", "0", "no"):
                return False
            raise ValueError(text)
    except (ValueError, InvalidOperation):
        raise _error(
            f"列「{column.label}」の値「{text[:40]}」は型（{column.type}）に合いません。",
            f"'{text[:40]}' is not a valid {column.type} for column '{column.label}'.",
            "invalid-value",
        ) from None
    return text


def _vendor() -> str:
    return connections[DATASTORE_ALIAS].vendor


def _param(value: Any) -> Any:
    # SQLite stores numbers as REAL; Decimal parameters need converting for its driver.
    if isinstance(value, Decimal) and _vendor() == "sqlite":
        return float(value)
    return value


def _where(table: Table, query: RecordsQuery) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    for item in query.filters:
        column = table.column(item.column)
        if item.op not in OPERATORS:
            raise _error(
                f"演算子「{item.op}」は使えません。",
                f"Unknown operator '{item.op}' (use {', '.join(OPERATORS)}).",
            )
        if item.op == "in":
            values = item.value if isinstance(item.value, list) else str(item.value).split(",")
            if not values or len(values) > MAX_IN_VALUES:
                raise _error(
                    "in の値は1〜100個にしてください。", "Give between 1 and 100 values to 'in'."
                )
            clauses.append(f"{column.sql} IN ({', '.join(['%s'] * len(values))})")
            params.extend(_param(typed_value(column, v)) for v in values)
        elif item.op == "contains":
            clauses.append(f"CAST({column.sql} AS TEXT) LIKE %s ESCAPE '\\'")
            escaped = (
                str(item.value)
                .replace("\x00", "")
                .replace("\\", "\\\\")
                .replace("%", "\\%")
                .replace("_", "\\_")
            )
            params.append(f"%{escaped}%")
        elif item.value is None or item.value == "":
            clauses.append(
                f"{column.sql} IS NULL" if item.op == "eq" else f"{column.sql} IS NOT NULL"
            )
        else:
            clauses.append(f"{column.sql} {OPERATORS[item.op]} %s")
            params.append(_param(typed_value(column, item.value)))
    if query.q.strip():
        text_clause, text_params = _full_text(table, query.q)
        clauses.append(text_clause)
        params.extend(text_params)
    return clauses, params


def _full_text(table: Table, q: str) -> tuple[str, list[Any]]:
    """Every term must appear in some text column (substring, width- and case-folded)."""
    from hiraku.search.query import parse_query

    parsed = parse_query(q.replace("\x00", ""))
    terms = [term.text for term in parsed.terms] if not parsed.empty else []
    if not terms:
        raise _error("検索語が空です。", "The search text is empty.", "empty-query")
    text_columns = [c for c in table.columns if c.type == "text"] or table.columns
    clauses, params = [], []
    for term in terms:
        # Stored text is width-normalized at load, so the term is too (ＡＥＤ finds AED).
        folded = normalize_text(term).lower()
        pattern = "%" + folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        ors = [f"LOWER(CAST({c.sql} AS TEXT)) LIKE %s ESCAPE '\\'" for c in text_columns]
        clauses.append("(" + " OR ".join(ors) + ")")
        params.extend([pattern] * len(text_columns))
    return "(" + " AND ".join(clauses) + ")", params


def _order(table: Table, query: RecordsQuery) -> list[tuple[Column, bool]]:
    return [(table.column(name), descending) for name, descending in query.sort]


def _null_safe_equal(sql: str) -> str:
    return f"{sql} IS %s" if _vendor() == "sqlite" else f"{sql} IS NOT DISTINCT FROM %s"


def _keyset(order: list[tuple[Column, bool]], cursor: str) -> tuple[str, list[Any]]:
    """Rows after the cursor's row in (sort columns, nulls last, then _id) order."""
    try:
        state = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        values, last_id = state["v"], int(state["id"])
        if len(values) != len(order):
            raise ValueError
    except (ValueError, KeyError, TypeError, json.JSONDecodeError):
        raise _error(
            "after の値が正しくありません。", "The 'after' cursor is not valid.", "invalid-cursor"
        ) from None
    alternatives, params = [], []
    for i in range(len(order) + 1):
        parts, part_params = [], []
        for (column, _), value in zip(order[:i], values[:i], strict=True):
            parts.append(_null_safe_equal(column.sql))
            part_params.append(_param(typed_value(column, value)))
        if i == len(order):
            parts.append("_id > %s")
            part_params.append(last_id)
        else:
            column, descending = order[i]
            if values[i] is None:
                continue  # nothing sorts after NULL but the tie-break
            op = "<" if descending else ">"
            parts.append(f"({column.sql} {op} %s OR {column.sql} IS NULL)")
            part_params.append(_param(typed_value(column, values[i])))
        alternatives.append("(" + " AND ".join(parts) + ")")
        params.extend(part_params)
    return "(" + " OR ".join(alternatives) + ")", params


def _cursor_for(row: tuple, order: list[tuple[Column, bool]], positions: list[int]) -> str:
    values = [_jsonable(row[p]) for p in positions[:-1]]
    state = {"v": values, "id": row[positions[-1]]}
    return base64.urlsafe_b64encode(json.dumps(state, separators=(",", ":")).encode()).decode()


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


@contextmanager
def time_limit(cursor: Any, milliseconds: int = TIME_LIMIT_MS) -> Iterator[None]:
    """Stop a query that runs too long: a progress handler on SQLite, statement_timeout on PG."""
    connection = connections[DATASTORE_ALIAS]
    if connection.vendor == "sqlite":
        import time

        from hiraku.datastore.backends.sqlite import PROGRESS_EVERY

        deadline = time.monotonic() + milliseconds / 1000
        raw = connection.connection
        raw.set_progress_handler(lambda: int(time.monotonic() > deadline), PROGRESS_EVERY)
        try:
            yield
        finally:
            raw.set_progress_handler(None, 0)
    else:
        cursor.execute("SELECT set_config('statement_timeout', %s, true)", [str(milliseconds)])
        yield


def _too_slow() -> QueryError:
    return _error(
        "問い合わせに時間がかかりすぎたため中止しました。条件を絞ってください。",
        "The query took too long and was stopped; narrow it down.",
        "query-timeout",
    )


def run_records(table: Table, query: RecordsQuery) -> RecordsResult:
    limit = max(0, min(int(query.limit), query.max_limit))
    offset = max(0, int(query.offset))
    selected = [table.column(name) for name in query.fields] if query.fields else table.columns
    order = _order(table, query)
    clauses, params = _where(table, query)
    keyset = query.after is not None and not query.distinct
    if keyset:
        clause, keyset_params = _keyset(order, query.after)
        page_clauses, page_params = [*clauses, clause], [*params, *keyset_params]
    else:
        page_clauses, page_params = clauses, params
    select = ", ".join(c.sql for c in selected)
    tail = ""
    if query.distinct:
        sql = f"SELECT DISTINCT {select} FROM {table.view}"
        order_sql = ", ".join(f"{c.sql} {'DESC' if d else 'ASC'}" for c, d in order)
        tail = f" ORDER BY {order_sql}" if order_sql else ""
    else:
        extra = [f"{c.sql}" for c, _ in order] + ["_id"]
        sql = f"SELECT {select}, {', '.join(extra)} FROM {table.view}"
        keys = [f"({c.sql} IS NULL), {c.sql} {'DESC' if d else 'ASC'}" for c, d in order]
        tail = " ORDER BY " + ", ".join([*keys, "_id"])
    where = f" WHERE {' AND '.join(page_clauses)}" if page_clauses else ""
    page_sql = f"{sql}{where}{tail} LIMIT %s OFFSET %s"
    connection = connections[DATASTORE_ALIAS]
    try:
        with connection.cursor() as cursor, time_limit(cursor):
            cursor.execute(page_sql, [*page_params, limit, 0 if keyset else offset])
            fetched = cursor.fetchall()
            total = None
            if query.include_total:
                total = _count(cursor, table, query, clauses, params, select)
    except HirakuError:
        raise
    except Exception as error:
        if (
            "interrupted" in str(error)
            or "statement timeout" in str(error)
            or "canceling statement" in str(error)
        ):
            raise _too_slow() from None
        raise
    width = len(selected)
    rows = [row[:width] for row in fetched]
    next_after = None
    if not query.distinct and fetched and len(fetched) == limit:
        positions = list(range(width, width + len(order) + 1))
        next_after = _cursor_for(fetched[-1], order, positions)
    return RecordsResult(selected, rows, total, next_after)


def _count(cursor, table: Table, query: RecordsQuery, clauses, params, select: str) -> int:
    if not clauses and not query.distinct:
        return table.row_count  # exact, recorded when the table was loaded
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    if query.distinct:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT DISTINCT {select} FROM {table.view}{where}) AS d", params
        )
    else:
        cursor.execute(f"SELECT count(*) FROM {table.view}{where}", params)
    return int(cursor.fetchone()[0])


def run_group_by(
    table: Table,
    by: str,
    *,
    sum_of: str | None = None,
    filters: Sequence[Filter] = (),
    q: str = "",
    limit: int = 100,
) -> list[dict]:
    """Counts (and a sum) per value of one column, largest group first."""
    group = table.column(by)
    total = table.column(sum_of) if sum_of else None
    if total is not None and total.type not in ("integer", "number"):
        raise _error(
            f"「{total.label}」は数値の列ではないため合計できません。",
            f"'{total.label}' is not a numeric column, so it cannot be summed.",
            "not-numeric",
        )
    clauses, params = _where(table, RecordsQuery(filters=filters, q=q))
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    sums = f", sum({total.sql})" if total else ""
    sql = (
        f"SELECT {group.sql}, count(*){sums} FROM {table.view}{where} "
        f"GROUP BY {group.sql} ORDER BY count(*) DESC, {group.sql} LIMIT %s"
    )
    with connections[DATASTORE_ALIAS].cursor() as cursor, time_limit(cursor):
        cursor.execute(sql, [*params, max(1, min(limit, MAX_LIMIT))])
        rows = cursor.fetchall()
    result = []
    for row in rows:
        item = {"value": _jsonable(row[0]), "count": row[1]}
        if total is not None:
            value = row[2]
            if isinstance(value, Decimal):  # PostgreSQL sums bigint/numeric as numeric
                value = int(value) if value == value.to_integral_value() else float(value)
            item["sum"] = value
        result.append(item)
    return result


def iter_all(table: Table, query: RecordsQuery, batch: int = 5000) -> Iterator[tuple]:
    """Every matching row, in batches (for exports): constant memory whatever the size.

    The query is checked here, before the first row is asked for, so a bad parameter is an
    error response rather than a broken stream.
    """
    order = [(table.column(name), d) for name, d in query.sort]
    clauses, params = _where(table, query)
    selected = [table.column(n) for n in query.fields] if query.fields else table.columns
    select = ", ".join(c.sql for c in selected)
    keys = [f"({c.sql} IS NULL), {c.sql} {'DESC' if d else 'ASC'}" for c, d in order]
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    sql = f"SELECT {select} FROM {table.view}{where} ORDER BY {', '.join([*keys, '_id'])}"
    return _stream(sql, params, batch)


def _stream(sql: str, params: list[Any], batch: int) -> Iterator[tuple]:
    connection = connections[DATASTORE_ALIAS]
    if connection.vendor == "postgresql":
        # A server-side cursor: psycopg would otherwise fetch the whole result at once.
        with transaction.atomic(using=DATASTORE_ALIAS):
            connection.ensure_connection()
            with connection.connection.cursor(name="hiraku_export") as cursor:
                cursor.execute(sql, params)
                while chunk := cursor.fetchmany(batch):
                    yield from chunk
        return
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(batch):
            yield from chunk
