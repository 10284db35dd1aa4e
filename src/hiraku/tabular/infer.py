"""Pass one: what type each column holds, decided from every value, with the share that fits.

Rows arrive in batches and are looked at column by column. A batch of numbers as Japanese
tables write them (１，２３４ / △12 / -) or of ISO dates is settled in one sweep (batch.py);
otherwise each distinct value is classified once (files repeat values a lot) into a bit mask
of the types it fits, and counted as often as it occurs. Types a column has clearly ruled
out stop being tested, so free-text columns get cheap fast.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import compress, islice, repeat, zip_longest
from operator import is_
from time import perf_counter

from hiraku.jp import (
    ImpossibleDate,
    ImpossibleTime,
    column_order,
    parse_coordinate,
    parse_date,
    parse_datetime,
    parse_latlon_pair,
    parse_number,
    parse_time,
)
from hiraku.jp.numbers import NULL_MARKS, SUPPRESSION_MARKS
from hiraku.jp.text import SPACES
from hiraku.tabular.batch import (
    PLAIN_DATES,
    collector_paused,
    count_blank,
    joined_cells,
    number_counts,
)
from hiraku.tabular.types import TYPES, header_role

INTEGER, NUMBER, DATE, DATETIME, TIME, BOOLEAN, AMBIGUOUS_DATE, LATLON = (1 << i for i in range(8))
BITS = {
    "integer": INTEGER,
    "number": NUMBER,
    "date": DATE,
    "datetime": DATETIME,
    "time": TIME,
    "boolean": BOOLEAN,
}
# The most specific type wins when several fit every value (12 is an integer, not a number).
PRIORITY = ("boolean", "integer", "number", "date", "datetime", "time")
ALL_TYPES = INTEGER | NUMBER | DATE | DATETIME | TIME | BOOLEAN

TOLERANCE = 0.005  # a column is typed when at least 99.5 % of its values fit
BATCH = 4096  # rows looked at together, column by column
PRUNE_AFTER = 2048  # values seen before a column may rule types out ...
PRUNE_BELOW = 0.9  # ... which it does for a type fewer than this share fit
CACHE_ENTRIES = 400_000  # distinct values remembered, all columns together (about 100 MB)
EXAMPLES = 3
AMBIGUOUS_KEPT = 1000  # year-last dates kept to decide a column's day/month order
PRUNE_BITS = (INTEGER, NUMBER, DATE, DATETIME, TIME, BOOLEAN, LATLON)

NULL = -1  # mask of an empty or null-marked cell
_MARKS = NULL_MARKS | SUPPRESSION_MARKS
_INT64 = 2**63  # integer columns are 64-bit in the datastore; bigger ones are numbers
_LEADING_ZERO = re.compile(r"[0０][0-9０-９]+")
_SLASH_YEAR_LAST = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}")
_BOOLEANS = frozenset({"true", "false", "TRUE", "FALSE", "True", "False"})
_PAIR_SEPARATORS = (",", "，", "、", " ", "\u3000")


def classify(value: str, alive: int, role: str | None) -> int:
    """The bit mask of types ``value`` fits (NULL for an empty or null-marked cell)."""
    # The common case first; 007 is a code, not a number.
    plain_digits = value.isdigit() and value.isascii() and len(value) < 19
    if plain_digits and alive & (INTEGER | NUMBER) and (value[0] != "0" or value == "0"):
        return INTEGER | NUMBER
    stripped = value.strip(SPACES)
    if not stripped or stripped in NULL_MARKS or stripped in SUPPRESSION_MARKS:
        return NULL
    mask = 0
    if alive & (INTEGER | NUMBER) and not _LEADING_ZERO.fullmatch(stripped):
        number = parse_number(stripped)
        if number.kind == "number":
            mask |= NUMBER
            amount = number.value
            if isinstance(amount, int) and not number.percent and -_INT64 <= amount < _INT64:
                mask |= INTEGER  # 1,234円 counts people or yen: an integer with a unit
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
    if (
        alive & LATLON
        and not mask & NUMBER
        and any(s in stripped for s in _PAIR_SEPARATORS)
        and parse_latlon_pair(stripped) is not None
    ):
        mask |= LATLON
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
    ambiguous_example: str | None = None  # set when year-last dates kept a column text
    near_miss: tuple[str, float, str] | None = None  # (type, share, a misfit) for text columns


class CacheBudget:
    """Cache entries shared by a table's columns. A column that finds the budget spent
    empties its own cache: columns of mostly unique values churn and clear themselves,
    columns of repeated values keep theirs."""

    def __init__(self, entries: int = CACHE_ENTRIES) -> None:
        self.left = entries

    def admit(self, cache: dict) -> bool:
        """Whether ``cache`` may take one more entry (emptying it first if need be)."""
        if self.left <= 0:
            self.left += len(cache)
            cache.clear()
        if self.left > 0:
            self.left -= 1
            return True
        return False

    def release(self, cache: dict) -> None:
        self.left += len(cache)
        cache.clear()


@dataclass
class ColumnStats:
    name: str
    role: str | None
    nonnull: int = 0
    nulls: int = 0
    masks: Counter = field(default_factory=Counter)
    alive: int = ALL_TYPES
    examples: list[str] = field(default_factory=list)
    misfits: list[str] = field(default_factory=list)  # values fitting no type, for the report
    ambiguous: dict[str, None] = field(default_factory=dict)  # in the order first seen
    cache: dict[str, int] = field(default_factory=dict)
    budget: CacheBudget = field(default_factory=CacheBudget)
    # values classified for the first time, and the time that took (helper.py plans with it)
    new_values: int = 0
    new_seconds: float = 0.0
    # Set for the rows after another process's (helper.py): instead of ruling types out,
    # the column notes (non-empty values, values fitting each of PRUNE_BITS) wherever it
    # would have checked, so that ``absorb`` can replay the checks.
    checkpoints: list[tuple[int, tuple[int, ...]]] | None = None

    def fits(self, bit: int) -> int:
        return sum(n for mask, n in self.masks.items() if mask > 0 and mask & bit)

    def add_values(self, values: Sequence[str | None]) -> None:
        """One batch of this column's cells."""
        missing = values.count(None)
        self.nulls += missing
        strings: Sequence[str] = [v for v in values if v is not None] if missing else values
        if not strings:
            return
        if not self.alive:
            self._add_text(strings)
        elif not self._add_plain(strings):
            self._add_distinct(strings)
        if self.alive and self.checkpoints is not None:
            self.checkpoints.append((self.nonnull, tuple(map(self._fits_loosely, PRUNE_BITS))))
        elif self.alive and self.nonnull >= PRUNE_AFTER:
            self._prune()

    def later_rows(self) -> ColumnStats:
        """Empty statistics for the rows after these, to be gathered elsewhere and then
        ``absorb``-ed: the same types still alive, no pruning, checkpoints instead."""
        return ColumnStats(self.name, self.role, alive=self.alive, checkpoints=[])

    def absorb(self, later: ColumnStats) -> bool:
        """Add the statistics of the rows after this column's (``later_rows``), ending as
        if this column had gone on through those rows itself. False, changing nothing,
        when that cannot be known: a type it would have ruled out on the way (after which
        values are classified differently), or too few year-last dates kept."""
        if later.alive != self.alive or later.checkpoints is None:
            return False
        if self.alive:
            fitting = [self._fits_loosely(bit) if self.alive & bit else 0 for bit in PRUNE_BITS]
            for nonnull, fits in later.checkpoints:
                total = self.nonnull + nonnull
                if total >= PRUNE_AFTER and any(
                    self.alive & bit and mine + theirs < PRUNE_BELOW * total
                    for bit, mine, theirs in zip(PRUNE_BITS, fitting, fits, strict=True)
                ):
                    return False
        ambiguous = dict(self.ambiguous)
        for value in later.ambiguous:
            if len(ambiguous) >= AMBIGUOUS_KEPT:
                break
            ambiguous[value] = None
        if len(ambiguous) < AMBIGUOUS_KEPT <= len(later.ambiguous):
            return False  # the later rows may have had more that were new here
        self.nonnull += later.nonnull
        self.nulls += later.nulls
        self.masks.update(later.masks)
        self.ambiguous = ambiguous
        for value in later.examples:
            if len(self.examples) >= EXAMPLES:
                break
            if value not in self.examples:
                self.examples.append(value)
        self.misfits = (self.misfits + later.misfits)[:EXAMPLES]
        return True

    def _add_text(self, strings: Sequence[str]) -> None:
        blank = count_blank(strings)
        self.nulls += blank
        self.nonnull += len(strings) - blank
        self.masks[0] += len(strings) - blank
        if len(self.examples) < EXAMPLES:
            self._take_examples(strings)

    def _add_plain(self, strings: Sequence[str]) -> bool:
        """Settle a batch of numbers or ISO dates in one sweep; False if it is not one."""
        if self.alive & (INTEGER | NUMBER) and (counts := number_counts(strings)):
            count, marked, decimals = counts
            self.nulls += marked
            self.nonnull += count
            self._count(INTEGER | NUMBER, count - decimals)
            self._count(NUMBER, decimals)
        elif self.alive & (DATE | DATETIME) and (joined := joined_cells(strings)) is not None:
            if not PLAIN_DATES.fullmatch(joined):
                return False
            blank = strings.count("")
            self.nulls += blank
            self.nonnull += len(strings) - blank
            self._count(DATE, len(strings) - blank)
        else:
            return False
        if len(self.examples) < EXAMPLES:
            self._take_examples(strings)
        return True

    def _count(self, mask: int, count: int) -> None:
        if count:
            self.masks[mask] += count

    def _add_distinct(self, strings: Sequence[str]) -> None:
        # C-level map and Counter for cached values; a Python call only for new ones.
        masks: list[int | None] = list(map(self.cache.get, strings))
        if None in masks:
            new = dict.fromkeys(compress(strings, map(is_, masks, repeat(None))))  # in order
            started = perf_counter()
            found = {value: self._first_sight(value) for value in new}
            self.new_values += len(new)
            self.new_seconds += perf_counter() - started
            masks = list(map(found.get, strings, masks))
        if len(self.examples) < EXAMPLES:
            self._take_examples(strings)
        counts = Counter(masks)
        self.nulls += counts.pop(NULL, 0)
        self.nonnull += sum(counts.values())
        self.masks.update(counts)

    def _first_sight(self, value: str) -> int:
        mask = classify(value, self.alive, self.role)
        if self.budget.admit(self.cache):
            self.cache[value] = mask
        if mask != NULL:
            stripped = value.strip(SPACES)
            if mask == 0 and len(self.misfits) < EXAMPLES:
                self.misfits.append(stripped[:80])
            if mask & AMBIGUOUS_DATE and len(self.ambiguous) < AMBIGUOUS_KEPT:
                self.ambiguous[stripped] = None
        return mask

    def _take_examples(self, strings: Sequence[str]) -> None:
        marks = _MARKS if self.alive else ()  # a text column keeps "-" as text
        for value in strings:
            stripped = value.strip(SPACES)[:80]
            if stripped and stripped not in self.examples and stripped not in marks:
                self.examples.append(stripped)
                if len(self.examples) >= EXAMPLES:
                    return

    def _prune(self) -> None:
        alive = self.alive
        for bit in PRUNE_BITS:
            if self.alive & bit and self._fits_loosely(bit) < PRUNE_BELOW * self.nonnull:
                self.alive &= ~bit
        if self.alive != alive:
            # Remembered masks were made with more types alive, and one type gates another
            # (a number is not tried as a date): from here on a value is classified with
            # the types now alive whether it was seen before or not (or, for a text column,
            # not at all). So the outcome does not depend on what a cache still held.
            self.budget.release(self.cache)

    def _fits_loosely(self, bit: int) -> int:
        # Dates also count for datetime (midnight), and year-last dates for dates until the
        # column's day/month order is known.
        if bit == DATETIME:
            bit |= DATE
        if bit & (DATE | DATETIME):
            bit |= AMBIGUOUS_DATE
        return self.fits(bit)


class Inference:
    """Collects pass-one statistics; ``result()`` decides the types."""

    def __init__(self, columns: list[str], overrides: dict[str, str] | None = None) -> None:
        self.overrides = {k: v for k, v in (overrides or {}).items() if v in TYPES}
        budget = CacheBudget()
        self.stats = [ColumnStats(name, header_role(name), budget=budget) for name in columns]
        for stats in self.stats:
            if stats.role in ("code", "lgcode", "phone", "url") or stats.name in self.overrides:
                stats.alive = 0  # identifiers stay text; overridden columns need no guess
            elif stats.role is None:
                stats.alive |= LATLON  # "34.34,134.04" in one cell

    def add(self, cells: Sequence[str | None]) -> None:
        self.add_batch([cells])

    def add_batch(self, rows: Sequence[Sequence[str | None]]) -> None:
        if not rows:
            return
        even = set(map(len, rows)) == {len(self.stats)}
        columns = zip(*rows, strict=True) if even else zip_longest(*rows)
        for stats, values in zip(self.stats, columns, strict=False):
            stats.add_values(values)

    def add_rows(
        self, rows: Iterable[Sequence[str | None]], progress: Callable[[int], None] | None = None
    ) -> int:
        iterator = iter(rows)
        return self.add_batches(iter(lambda: list(islice(iterator, BATCH)), []), progress)

    def add_batches(
        self,
        batches: Iterable[Sequence[Sequence[str | None]]],
        progress: Callable[[int], None] | None = None,
    ) -> int:
        count = 0
        iterator = iter(batches)
        while True:
            with collector_paused():  # reading and looking at a batch: see batch.py
                batch = next(iterator, None)
                if batch is None:
                    break
                self.add_batch(batch)
            before, count = count, count + len(batch)
            if progress is not None and count // 10_000 > before // 10_000:
                progress(count)
        return count

    def result(self) -> list[ColumnType]:
        return [self._decide(stats) for stats in self.stats]

    def _decide(self, stats: ColumnStats) -> ColumnType:
        common = {
            "role": stats.role,
            "nonnull": stats.nonnull,
            "nulls": stats.nulls,
            "examples": tuple(stats.examples),
        }
        override = self.overrides.get(stats.name)
        if override:
            return ColumnType(stats.name, override, 1.0, **common)
        if stats.nonnull == 0:
            return ColumnType(stats.name, "text", 1.0, **common)
        ambiguous = stats.fits(AMBIGUOUS_DATE)
        order = column_order(stats.ambiguous) if ambiguous else "ymd"
        needed = stats.nonnull * (1 - TOLERANCE)
        best: tuple[str, float] | None = None
        for name in PRIORITY:
            bit = BITS[name]
            if not stats.alive & bit:
                continue
            fitting = stats.fits(bit)
            if name == "datetime":
                fitting = stats.fits(DATETIME | DATE)  # a date alone is its midnight
            if name in ("date", "datetime") and order != "ymd":
                fitting += ambiguous
            if fitting and fitting >= needed:
                return ColumnType(stats.name, name, fitting / stats.nonnull, order, **common)
            if best is None or fitting / stats.nonnull > best[1]:
                best = (name, fitting / stats.nonnull)
        if stats.alive & LATLON and stats.fits(LATLON) >= needed:
            common["role"] = "latlon"
        ambiguous_example = None
        dates = stats.fits(DATE) + ambiguous
        if ambiguous and order == "ymd" and stats.alive & DATE and dates >= needed:
            ambiguous_example = min(stats.ambiguous)  # they would have made it a date column
        near_miss = None
        if best and best[1] >= PRUNE_BELOW and stats.misfits and not ambiguous_example:
            near_miss = (best[0], best[1], stats.misfits[0])
        return ColumnType(
            stats.name,
            "text",
            1.0,
            order,
            ambiguous_example=ambiguous_example,
            near_miss=near_miss,
            **common,
        )
