"""Pass one: what type each column holds, decided from every value, with the share that fits.

Each distinct value is classified once per column (files repeat values a lot) into a bit mask
of the types it fits; a cell then costs one dictionary lookup and one counter increment.
Types a column has clearly ruled out stop being tested, so free-text columns get cheap fast.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from hiraku.jp import ImpossibleDate, ImpossibleTime, column_order, parse_date, parse_datetime
from hiraku.jp import parse_coordinate, parse_number, parse_time
from hiraku.jp.numbers import NULL_MARKS, SUPPRESSION_MARKS
from hiraku.jp.text import SPACES
from hiraku.tabular.types import header_role

INTEGER, NUMBER, DATE, DATETIME, TIME, BOOLEAN, AMBIGUOUS_DATE = (1 << i for i in range(7))
BITS = {"integer": INTEGER, "number": NUMBER, "date": DATE, "datetime": DATETIME,
        "time": TIME, "boolean": BOOLEAN}
# The most specific type wins when several fit every value (12 is an integer, not a number).
PRIORITY = ("boolean", "integer", "number", "date", "datetime", "time")

TOLERANCE = 0.005  # a column is typed when at least 99.5 % of its values fit
PRUNE_EVERY = 2048  # re-check which types a column has ruled out, every this many values
PRUNE_BELOW = 0.9  # ... and stop testing a type once fewer than this share fit
CACHE_LIMIT = 50_000  # distinct values remembered per column
EXAMPLES = 3

NULL = -1  # mask of an empty cell
_LEADING_ZERO = re.compile(r"[0０][0-9０-９]+")
_SLASH_YEAR_LAST = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}")
_BOOLEANS = {"true", "false", "TRUE", "FALSE", "True", "False"}


def is_blank(value: str | None) -> bool:
    return value is None or not value.strip(SPACES)


@dataclass
class ColumnStats:
    name: str
    role: str | None
    nonnull: int = 0
    nulls: int = 0
    masks: Counter = field(default_factory=Counter)
    alive: int = INTEGER | NUMBER | DATE | DATETIME | TIME | BOOLEAN
    examples: list[str] = field(default_factory=list)
    ambiguous: set[str] = field(default_factory=set)
    cache: dict[str, int] = field(default_factory=dict)
    coordinates: bool = False

    def fits(self, bit: int) -> int:
        return sum(n for mask, n in self.masks.items() if mask > 0 and mask & bit)


def classify(value: str, alive: int, role: str | None) -> int:
    """The bit mask of types ``value`` fits (NULL for an empty or null-marked cell)."""
    stripped = value.strip(SPACES)
    if not stripped or stripped in NULL_MARKS or stripped in SUPPRESSION_MARKS:
        return NULL
    mask = 0
    if alive & (INTEGER | NUMBER) and not _LEADING_ZERO.fullmatch(stripped):
        number = parse_number(stripped)
        if number.kind == "number":
            mask |= NUMBER
            if isinstance(number.value, int) and not number.percent and not number.unit:
                mask |= INTEGER
        elif role in ("latitude", "longitude") and parse_coordinate(stripped) is not None:
            mask |= NUMBER  # DMS (35°39'29"N) becomes decimal degrees
    if alive & (DATE | DATETIME) and not mask & NUMBER:
        try:
            if parse_date(stripped) is not None:
                mask |= DATE
            elif _SLASH_YEAR_LAST.fullmatch(stripped):
                mask |= AMBIGUOUS_DATE
            elif alive & DATETIME and parse_datetime(stripped) is not None:
                mask |= DATETIME
        except ImpossibleDate:
            mask |= DATE  # a date column with a wrong date: reported in pass two
    if alive & TIME and not mask & (NUMBER | DATE):
        try:
            if parse_time(stripped) is not None:
                mask |= TIME
        except ImpossibleTime:
            mask |= TIME
    if alive & BOOLEAN and stripped in _BOOLEANS:
        mask |= BOOLEAN
    return mask


@dataclass(frozen=True)
class ColumnType:
    name: str
    type: str
    fit: float  # share of non-empty values that fit the type (1.0 for text)
    order: str = "ymd"  # day/month order for year-last dates
    role: str | None = None
    nonnull: int = 0
    nulls: int = 0
    examples: tuple[str, ...] = ()
    ambiguous_example: str | None = None


class Inference:
    """Collects pass-one statistics row by row; ``result()`` decides the types."""

    def __init__(self, columns: list[str], overrides: dict[str, str] | None = None) -> None:
        self.overrides = overrides or {}
        self.stats = [ColumnStats(name, header_role(name)) for name in columns]
        for stats in self.stats:
            if stats.role in ("code", "lgcode", "phone", "url") or stats.name in self.overrides:
                stats.alive = 0  # identifiers stay text; overridden columns need no guess

    def add(self, cells: list[str | None]) -> None:
        for stats, value in zip(self.stats, cells, strict=False):
            if value is None:
                stats.nulls += 1
                continue
            if not stats.alive:  # text: only emptiness matters
                mask = NULL if is_blank(value) else 0
                if mask == 0 and len(stats.examples) < EXAMPLES:
                    stats.examples.append(value.strip(SPACES)[:80])
            else:
                mask = stats.cache.get(value)
                if mask is None:
                    mask = self._first_sight(stats, value)
            if mask == NULL:
                stats.nulls += 1
                continue
            stats.nonnull += 1
            stats.masks[mask] += 1
            if stats.alive and stats.nonnull % PRUNE_EVERY == 0:
                self._prune(stats)

    def add_rows(self, rows: Iterable[list[str | None]],
                 progress: Callable[[int], None] | None = None) -> int:
        count = 0
        for cells in rows:
            self.add(cells)
            count += 1
            if progress is not None and count % 10_000 == 0:
                progress(count)
        return count

    @staticmethod
    def _first_sight(stats: ColumnStats, value: str) -> int:
        mask = classify(value, stats.alive, stats.role)
        if len(stats.cache) < CACHE_LIMIT:
            stats.cache[value] = mask
        if mask != NULL and len(stats.examples) < EXAMPLES:
            stats.examples.append(value.strip(SPACES)[:80])
        if mask > 0 and mask & AMBIGUOUS_DATE and len(stats.ambiguous) < 1000:
            stats.ambiguous.add(value.strip(SPACES))
        return mask

    @staticmethod
    def _prune(stats: ColumnStats) -> None:
        for bit in (INTEGER, NUMBER, DATE, DATETIME, TIME, BOOLEAN):
            if stats.alive & bit and stats.fits(bit) < PRUNE_BELOW * stats.nonnull:
                stats.alive &= ~bit
        if not stats.alive:
            stats.cache.clear()  # text from now on: nothing worth remembering

    def result(self) -> list[ColumnType]:
        return [self._decide(stats) for stats in self.stats]

    def _decide(self, stats: ColumnStats) -> ColumnType:
        common = {"role": stats.role, "nonnull": stats.nonnull, "nulls": stats.nulls,
                  "examples": tuple(stats.examples)}
        override = self.overrides.get(stats.name)
        if override:
            return ColumnType(stats.name, override, 1.0, **common)
        if stats.nonnull == 0:
            return ColumnType(stats.name, "text", 1.0, **common)
        order = "ymd"
        ambiguous_example = None
        ambiguous = stats.fits(AMBIGUOUS_DATE)
        if ambiguous:
            order = column_order(stats.ambiguous)
            if order == "ymd":
                ambiguous_example = next(iter(sorted(stats.ambiguous)))
        needed = stats.nonnull * (1 - TOLERANCE)
        for name in PRIORITY:
            bit = BITS[name]
            if not stats.alive & bit:
                continue
            fitting = stats.fits(bit)
            if name == "date" and order != "ymd":
                fitting += ambiguous
            if fitting and fitting >= needed:
                return ColumnType(stats.name, name, fitting / stats.nonnull, order, **common)
        return ColumnType(stats.name, "text", 1.0, order,
                          ambiguous_example=ambiguous_example, **common)
