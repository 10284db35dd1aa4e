"""Population pyramid numbers for a 地域・年齢別人口 table: one area, or all areas added up."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from hiraku.datastore.backends import DATASTORE_ALIAS
from hiraku.datastore.query import Filter, RecordsQuery, Table, iter_all, run_records
from hiraku.web.population import AgeBand, PopulationLayout

MAX_AREAS = 1000


@dataclass(frozen=True)
class PyramidRow:
    band: str
    male: int
    female: int

    @property
    def total(self) -> int:
        return self.male + self.female


@dataclass(frozen=True)
class Pyramid:
    rows: list[PyramidRow]  # youngest first
    areas: list[str]
    area: str  # "" for all areas together

    @property
    def male(self) -> int:
        return sum(r.male for r in self.rows)

    @property
    def female(self) -> int:
        return sum(r.female for r in self.rows)


def band_label(band: AgeBand) -> str:
    if band.high is None:
        return _("{low} and over").format(low=band.low)
    return _("{low}–{high}").format(low=band.low, high=band.high)


def _count(value: object) -> int:
    try:
        return int(float(str(value))) if value not in (None, "") else 0
    except ValueError:
        return 0


def area_names(table: Table, layout: PopulationLayout) -> list[str]:
    """The areas in file order, each once."""
    if layout.area is None:
        return []
    with transaction.atomic(using=DATASTORE_ALIAS):
        result = run_records(
            table, RecordsQuery(fields=[layout.area], limit=MAX_AREAS, include_total=False)
        )
    seen: dict[str, None] = {}
    for (value,) in result.rows:
        if value not in (None, ""):
            seen.setdefault(str(value), None)
    return list(seen)


def build_pyramid(table: Table, layout: PopulationLayout, area: str = "") -> Pyramid:
    areas = area_names(table, layout)
    if area not in areas:
        area = ""
    fields = [name for band in layout.bands for name in (band.male, band.female)]
    filters = [Filter(layout.area, "eq", area)] if area and layout.area else []
    totals = [0] * len(fields)
    for row in iter_all(table, RecordsQuery(fields=fields, filters=filters)):
        for i, value in enumerate(row):
            totals[i] += _count(value)
    rows = [
        PyramidRow(band_label(band), totals[2 * i], totals[2 * i + 1])
        for i, band in enumerate(layout.bands)
    ]
    return Pyramid(rows=rows, areas=areas, area=area)
