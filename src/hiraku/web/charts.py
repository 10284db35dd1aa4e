"""The chart builder: what to draw (from the page URL) and the numbers to draw it with.

A chart counts rows, or sums or averages a numeric column, per value of one column (a category,
a number or a date; dates can be grouped by month or year). Everything comes from
``run_group_by``; an average is the sum over the count of rows where the column has a value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from hiraku.datastore.backends import DATASTORE_ALIAS
from hiraku.datastore.query import Column, Filter, Table, run_group_by
from hiraku.errors import HirakuError

KINDS = ("bar", "line")
MEASURES = ("count", "sum", "avg")
PERIODS = ("", "day", "month", "year")
NUMERIC = ("integer", "number")
ORDERED_AXIS = ("integer", "number", "date", "datetime", "time")
MAX_CATEGORIES = 30
MAX_POINTS = 400
GROUP_LIMIT = 1000
AUTO_MONTH_OVER = 60  # more distinct dates than this: group by month, then by year


class ChartProblem(HirakuError):
    code = "chart-not-possible"


@dataclass(frozen=True)
class ChartSpec:
    kind: str = "bar"
    x: str = ""
    measure: str = "count"
    y: str = ""
    period: str = ""

    @classmethod
    def from_params(cls, params: Mapping) -> ChartSpec:
        def one(key: str) -> str:
            value = params.get(key, "")
            return str((value[0] if value else "") if isinstance(value, list) else value)[:500]

        kind, measure, period = one("kind"), one("measure"), one("period")
        return cls(
            kind=kind if kind in KINDS else "bar",
            x=one("x"),
            measure=measure if measure in MEASURES else "count",
            y=one("y"),
            period=period if period in PERIODS else "",
        )

    def params(self) -> list[tuple[str, str]]:
        out = [("kind", self.kind), ("x", self.x), ("measure", self.measure)]
        if self.measure != "count" and self.y:
            out.append(("y", self.y))
        if self.period:
            out.append(("period", self.period))
        return out


@dataclass
class ChartData:
    spec: ChartSpec
    x: Column
    y: Column | None
    labels: list[str]
    values: list[float | int]
    hidden_groups: int = 0  # categories beyond the chart's limit
    period: str = ""


def default_spec(table: Table, profile: dict[str, Any] | None) -> ChartSpec:
    """A first chart worth looking at: counts per value of a column with few distinct values."""
    stats = {c["name"]: c for c in (profile or {}).get("columns", [])}

    def distinct(column: Column) -> int:
        return int(stats.get(column.name, {}).get("distinct") or 0)

    rows = int((profile or {}).get("rows") or 0)

    def fitness(column: Column) -> tuple[int, int, int]:
        count = distinct(column)
        # A handful of groups reads best; two (有/無) is fine; codes and names (one per row) not.
        band = 0 if 3 <= count <= 15 else 1 if count == 2 or count <= MAX_CATEGORIES else 2
        return band, int(column.type != "text"), count

    usable = [c for c in table.columns if distinct(c) >= 2 and (not rows or distinct(c) < rows)]
    x = min(usable, key=fitness) if usable else table.columns[0]
    return ChartSpec(x=x.label)


def _not_numeric(column: Column) -> ChartProblem:
    return ChartProblem(
        f"「{column.label}」は数値ではなく文字の列なので、合計や平均は計算できません。"
        "数値の列を選ぶか、「件数」を選んでください。",
        f"'{column.label}' holds text, not numbers, so it cannot be summed or averaged. "
        "Choose a numeric column, or count the rows instead.",
        code="not-numeric",
    )


def _label(value: Any) -> str:
    return "" if value is None else str(value)


def _period(spec: ChartSpec, x: Column, distinct: int) -> str:
    if x.type not in ("date", "datetime"):
        return ""
    if spec.period:
        return spec.period
    return "month" if distinct > AUTO_MONTH_OVER else "day"


def _bucket(value: Any, period: str) -> str:
    text = _label(value)
    return {"year": text[:4], "month": text[:7], "day": text[:10]}.get(period, text)


def build_chart(table: Table, spec: ChartSpec, filters: Sequence[Filter] = ()) -> ChartData:
    """The labels and values of ``spec`` over ``table``; ChartProblem says why not."""
    x = table.column(spec.x)
    y = None
    if spec.measure != "count":
        if not spec.y:
            raise ChartProblem(
                "合計・平均する数値の列を選んでください。",
                "Choose the numeric column to sum or average.",
                code="no-value-column",
            )
        y = table.column(spec.y)
        if y.type not in NUMERIC:
            raise _not_numeric(y)
    where = list(filters)
    if y is not None:  # the rows that have a value to add up
        where.append(Filter(y.name, "ne", ""))
    with transaction.atomic(using=DATASTORE_ALIAS):
        groups = run_group_by(
            table, x.name, sum_of=y.name if y else None, filters=where, limit=GROUP_LIMIT
        )
    groups = [g for g in groups if g["value"] is not None]
    period = _period(spec, x, len(groups))
    if period:
        merged: dict[str, dict[str, float]] = {}
        for g in groups:
            slot = merged.setdefault(_bucket(g["value"], period), {"count": 0, "sum": 0})
            slot["count"] += g["count"]
            slot["sum"] += g.get("sum") or 0
        groups = [{"value": key, **totals} for key, totals in merged.items()]

    def measure(group: dict) -> float | int:
        if spec.measure == "count":
            return group["count"]
        total = group.get("sum") or 0
        if spec.measure == "sum":
            return total
        return round(total / group["count"], 2) if group["count"] else 0

    points = [(g["value"], measure(g)) for g in groups]
    hidden = 0
    if x.type in ORDERED_AXIS:
        points.sort(key=lambda p: p[0])
        limit = MAX_POINTS
    else:
        points.sort(key=lambda p: (-p[1], _label(p[0])))
        limit = MAX_CATEGORIES
    if len(points) > limit:
        hidden = len(points) - limit
        points = points[:limit]
    return ChartData(
        spec=spec,
        x=x,
        y=y,
        labels=[_label(p[0]) for p in points],
        values=[p[1] for p in points],
        hidden_groups=hidden,
        period=period,
    )
