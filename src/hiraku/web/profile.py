"""Column profiles: type, fill rate, min/max, distinct count, top values and a histogram.

Computed with SQL on the resource's datastore table the first time someone looks, then kept on
``ResourceTable.profile`` together with the name of the table it describes: a new load makes a
new table, so the profile is recomputed then. Every query has a time limit; a column whose
query runs out of time simply lacks that part.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from contextlib import closing
from decimal import Decimal
from typing import Any

from django.db import DatabaseError, connections, transaction

from hiraku.datastore.backends import DATASTORE_ALIAS
from hiraku.datastore.exports.coordinates import coordinates
from hiraku.datastore.models import ResourceTable
from hiraku.datastore.query import (
    Column,
    RecordsQuery,
    Table,
    iter_all,
    run_group_by,
    time_limit,
)
from hiraku.errors import HirakuError

log = logging.getLogger(__name__)

VERSION = 1
TOP_VALUES = 5
BINS = 10
MAX_YEAR_BINS = 40
QUERY_MS = 2000
BUDGET_SECONDS = 8.0  # the whole profile; later columns go without histograms past it
UNPLACED_KEPT = 100  # ids of rows that cannot go on the map, for the map page's list
MAP_SCAN_ROWS = 200_000  # past this, the map counts are of the first rows only ("partial")
NUMERIC = ("integer", "number")
ORDERED = ("integer", "number", "date", "datetime", "time")


def _fetch(sql: str, params: list[Any]) -> list[tuple] | None:
    """Rows of one query, or None when it failed or ran out of time.

    Callers build SQL only from quoted identifiers (``Column.sql``, ``Table.view``) and pass
    every value as a parameter."""
    connection = connections[DATASTORE_ALIAS]
    try:
        # A transaction per query: PostgreSQL's statement_timeout is set for the transaction.
        with (
            transaction.atomic(using=DATASTORE_ALIAS),
            connection.cursor() as cursor,
            time_limit(cursor, QUERY_MS),
        ):
            cursor.execute(sql, params)
            return cursor.fetchall()
    except DatabaseError as error:
        log.warning("profile query stopped: %s", error)
        return None


def _plain(value: Any) -> Any:
    """A JSON value for the stored profile."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return value


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _summaries(table: Table) -> dict[str, dict[str, Any]]:
    """Filled and distinct counts of every column, and min/max of ordered ones, in one query."""
    parts = []
    for column in table.columns:
        parts += [f"count({column.sql})", f"count(DISTINCT {column.sql})"]
        if column.type in ORDERED:
            parts += [f"min({column.sql})", f"max({column.sql})"]
    rows = _fetch(f"SELECT {', '.join(parts)} FROM {table.view}", [])  # noqa: S608 - quoted
    if not rows:
        return {}
    values = list(rows[0])
    out = {}
    for column in table.columns:
        item = {"filled": int(values.pop(0)), "distinct": int(values.pop(0))}
        if column.type in ORDERED:
            item["min"], item["max"] = _plain(values.pop(0)), _plain(values.pop(0))
        out[column.name] = item
    return out


def _top_values(table: Table, column: Column) -> list[dict[str, Any]] | None:
    try:
        with transaction.atomic(using=DATASTORE_ALIAS):
            groups = run_group_by(table, column.name, limit=TOP_VALUES + 1)
    except (HirakuError, DatabaseError) as error:
        log.warning("top values of %s stopped: %s", column.label, error)
        return None
    return [
        {"value": _plain(g["value"]), "count": g["count"]} for g in groups if g["value"] is not None
    ][:TOP_VALUES]


def numeric_edges(low: float, high: float, integer: bool, bins: int = BINS) -> list[float]:
    """Bin edges from ``low`` to ``high``: ``bins`` equal bins, one per value for small integer
    ranges (so 1–5 gets five bins, not ten half-empty ones)."""
    if high <= low:
        return [low, high]
    if integer and high - low + 1 <= bins:
        return [low + i for i in range(int(high - low) + 1)] + [high + 1]
    width = (high - low) / bins
    return [low + i * width for i in range(bins)] + [high]


def _numeric_histogram(table: Table, column: Column, low: Any, high: Any) -> list[dict] | None:
    low_n, high_n = _number(low), _number(high)
    if low_n is None or high_n is None or high_n <= low_n:
        return None
    edges = numeric_edges(low_n, high_n, column.type == "integer")
    cases, params = [], []
    for i in range(len(edges) - 1):
        last = i == len(edges) - 2
        cases.append(
            f"sum(CASE WHEN {column.sql} >= %s AND {column.sql} {'<=' if last else '<'} %s "
            "THEN 1 ELSE 0 END)"
        )
        params += [edges[i], edges[i + 1]]
    rows = _fetch(f"SELECT {', '.join(cases)} FROM {table.view}", params)  # noqa: S608
    if not rows:
        return None
    counts = [int(c or 0) for c in rows[0]]
    integer_bins = column.type == "integer" and all(
        float(e).is_integer() and edges[i + 1] - e == 1 for i, e in enumerate(edges[:-1])
    )
    return [
        {
            "low": _plain(_round(edges[i])),
            # One value per bin: say "3", not "3–4".
            "high": None if integer_bins else _plain(_round(edges[i + 1])),
            "count": count,
        }
        for i, count in enumerate(counts)
    ]


def _round(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 6)


def _year_histogram(table: Table, column: Column) -> list[dict] | None:
    year = f"substr(CAST({column.sql} AS TEXT), 1, 4)"
    rows = _fetch(
        f"SELECT {year}, count(*) FROM {table.view} WHERE {column.sql} IS NOT NULL "  # noqa: S608
        f"GROUP BY {year} ORDER BY {year}",
        [],
    )
    if not rows or len(rows) > MAX_YEAR_BINS or len(rows) < 2:
        return None
    return [{"low": str(y), "high": None, "count": int(n)} for y, n in rows]


def _map_summary(table: Table) -> dict[str, Any] | None:
    """How many rows the map can place; the ids of the first rows it cannot."""
    fields = [{"name": c.name, "label": c.label, "type": c.type} for c in table.columns]
    located = coordinates(fields)
    if located is None:
        return None
    positions = sorted(located.positions)
    names = ["_id", *(table.columns[p].name for p in positions)]
    placed, unplaced, kept, partial = 0, 0, [], False
    try:
        # closing(): stopping early must also end PostgreSQL's server-side cursor at once.
        with closing(iter_all(table, RecordsQuery(fields=names))) as rows:
            for scanned, row in enumerate(rows):
                if scanned >= MAP_SCAN_ROWS:
                    partial = True
                    break
                full: list[Any] = [None] * len(table.columns)
                for position, value in zip(positions, row[1:], strict=True):
                    full[position] = value
                if located.point(full) is None:
                    unplaced += 1
                    if len(kept) < UNPLACED_KEPT:
                        kept.append(row[0])
                else:
                    placed += 1
    except (HirakuError, DatabaseError) as error:
        log.warning("map summary stopped: %s", error)
        return None
    return {"placed": placed, "unplaced": unplaced, "unplaced_ids": kept, "partial": partial}


def compute_profile(table: Table, table_name: str = "") -> dict[str, Any]:
    started = time.monotonic()
    summaries = _summaries(table)
    columns = []
    complete = bool(summaries)
    for column in table.columns:
        item: dict[str, Any] = {"name": column.name, "label": column.label, "type": column.type}
        item.update(summaries.get(column.name, {}))
        if time.monotonic() - started > BUDGET_SECONDS:
            complete = False
            columns.append(item)
            continue
        distinct = item.get("distinct")
        if distinct and distinct < item.get("filled", 0):  # all-distinct columns have no top
            item["top"] = _top_values(table, column)
        if column.type in NUMERIC and distinct and distinct > 1:
            item["histogram"] = _numeric_histogram(table, column, item["min"], item["max"])
        elif column.type in ("date", "datetime") and distinct and distinct > 1:
            item["histogram"] = _year_histogram(table, column)
        columns.append(item)
    return {
        "version": VERSION,
        "table": table_name,
        "rows": table.row_count,
        "complete": complete,
        "columns": columns,
        "map": _map_summary(table),
    }


def profile_for(resource_table: ResourceTable, table: Table) -> dict[str, Any]:
    """The stored profile when it describes the current table, else a fresh one (stored)."""
    stored = resource_table.profile
    if (
        isinstance(stored, dict)
        and stored.get("version") == VERSION
        and stored.get("table") == resource_table.table_name
    ):
        return stored
    profile = compute_profile(table, resource_table.table_name)
    # Only this field: a load finishing meanwhile must not have its columns overwritten.
    ResourceTable.objects.filter(pk=resource_table.pk, table_name=resource_table.table_name).update(
        profile=profile
    )
    resource_table.profile = profile
    return profile
