"""Pass two: each cell to its column's type, every change counted, every loss reported.

A ``ColumnConverter`` takes one column of a batch of rows at a time. A batch of numbers as
Japanese tables write them, of ISO dates, or of text with nothing to fold is converted in one
sweep (batch.py); otherwise each value is looked up in a per-column cache of outcomes, and
only values never seen before are worked out (values.py). Municipal files repeat values a
lot, so most cells cost a dictionary lookup done in C.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Sequence
from decimal import Decimal
from itertools import compress, repeat
from operator import is_, itemgetter, ne
from time import perf_counter
from typing import Any

from hiraku.tabular.batch import (
    PLAIN_DATES,
    fold_alnum,
    japanese_numbers,
    joined_cells,
    needs_work,
    plain_text,
)
from hiraku.tabular.infer import CacheBudget, ColumnType
from hiraku.tabular.values import Outcome, ValueRules

Report = Callable[..., None]  # report(code, row=..., column=..., **params)
Encoder = Callable[[Any], Any]

_from_iso = dt.date.fromisoformat
_VALUE, _KINDS, _ISSUE = itemgetter(0), itemgetter(1), itemgetter(2)
_MISSING: Outcome = (None, (), None)  # a cell the file does not have (Excel)
_PLAIN_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]{0,17})(?:\.[0-9]{1,18})?", re.ASCII)
_UNCHANGED: tuple[str, ...] = ()
_REFORMATTED = ("date_format",)

# Quick conversions for values already in (or next to) plain form: (stored value, changes),
# or None for "take the careful way" (values.py), which also says what is wrong.
Quick = Callable[[str], "tuple[Any, tuple[str, ...]] | None"]


def _quick_integer(raw: str) -> tuple[Any, tuple[str, ...]] | None:
    if raw.isdigit() and raw.isascii() and (raw[0] != "0" or raw == "0") and len(raw) < 19:
        return int(raw), _UNCHANGED
    return None


def _quick_number(raw: str) -> tuple[Any, tuple[str, ...]] | None:
    return (Decimal(raw), _UNCHANGED) if _PLAIN_NUMBER.fullmatch(raw) else None


def _quick_date(raw: str) -> tuple[Any, tuple[str, ...]] | None:
    """2023-04-01 as is; 2023/4/1 reformatted. Anything odd (2023-02-29) goes the slow way,
    which says what is wrong."""
    try:
        if len(raw) == 10 and raw[4] == "-" == raw[7]:
            return _from_iso(raw), _UNCHANGED
        if raw.isascii() and raw.count("/") == 2:
            year, month, day = raw.split("/")
            if len(year) == 4 and year.isdigit() and month.isdigit() and day.isdigit():
                return dt.date(int(year), int(month), int(day)), _REFORMATTED
    except ValueError:
        return None
    return None


def _quick_text(raw: str) -> tuple[Any, tuple[str, ...]] | None:
    return (raw, _UNCHANGED) if raw and not needs_work(raw) else None


class PendingIssues:
    """Issues found in a batch, column by column (a process may hold only some columns), to
    be handed to the report in file order: sorted by row, then column position."""

    def __init__(self, names: list[str]) -> None:
        self.positions = {name: position for position, name in enumerate(names)}
        self.pending: list[tuple[int, int, str, str | None, dict[str, Any]]] = []

    def __call__(
        self, code: str, row: int | None = None, column: str | None = None, **params: Any
    ) -> None:
        self.pending.append((row or 0, self.positions.get(column or "", -1), code, column, params))

    def take(self) -> list[tuple[int, int, str, str | None, dict[str, Any]]]:
        taken, self.pending = self.pending, []
        return taken

    def extend(self, taken: list[tuple[int, int, str, str | None, dict[str, Any]]]) -> None:
        """Issues another process took (``take``) from its own."""
        self.pending.extend(taken)

    def flush(self, report: Callable[..., None]) -> None:
        """Into ``report`` (``Report.issue``), in file order."""
        for row, _, code, column, params in sorted(self.take(), key=itemgetter(0, 1)):
            report(code, row=row, column=column, **params)


class Sink:
    """Where a per-cell converter (``make_converter``) reports, with the current line."""

    def __init__(self, report: Report) -> None:
        self.line = 0
        self.report = report


class ColumnConverter:
    """Converts one column, a batch at a time; counts changes into ``changes``."""

    def __init__(
        self,
        column: ColumnType,
        changes: Counter,
        report: Report,
        encode: Encoder | None = None,
        budget: CacheBudget | None = None,
    ) -> None:
        self.column = column
        self.budget = budget or CacheBudget()
        self.changes = changes
        self.report = report
        self.encode = encode
        self.rules = ValueRules(column)
        self.cache: dict[str, Outcome] = {}
        # values worked out for the first time, and the time that took (helper.py plans)
        self.new_values = 0
        self.new_seconds = 0.0
        plain: dict[str, Callable[[Sequence[str | None]], list[Any] | None]] = {
            "integer": self._plain_numbers,
            "number": self._plain_numbers,
            "date": self._plain_dates,
        }
        quick: dict[str, Quick] = {
            "integer": _quick_integer,
            "number": _quick_number,
            "date": _quick_date,
        }
        if column.type == "text" and column.role in (None, "code"):  # nothing beyond folding
            plain["text"] = self._plain_text
            quick["text"] = _quick_text
        self._plain = plain.get(column.type)
        self._quick = quick.get(column.type)

    @property
    def units(self) -> set[str]:
        return self.rules.units

    def convert(self, values: Sequence[str | None], lines: Sequence[int]) -> list[Any]:
        """The stored values of one column of a batch; ``lines`` are the rows' file lines."""
        if self._plain is not None:
            converted = self._plain(values)
            if converted is not None:
                return converted
        return self._distinct(values, lines)

    def _distinct(self, values: Sequence[str | None], lines: Sequence[int]) -> list[Any]:
        # Every step runs in C (map, Counter) once the column's values are in the cache; only
        # values never seen before cost a Python call each.
        outcomes: list[Outcome | None] = list(map(self.cache.get, values))
        if None in outcomes:
            started = perf_counter()
            found = self._work_out(values, outcomes)
            self.new_values += len(found)
            self.new_seconds += perf_counter() - started
            outcomes = list(map(found.get, values, outcomes))
        changes = self.changes
        for kinds, count in Counter(map(_KINDS, outcomes)).items():
            for kind in kinds:
                changes[kind] += count
        if any(map(_ISSUE, outcomes)):
            self._report(outcomes, lines)
        return list(map(_VALUE, outcomes))

    def _work_out(
        self, values: Sequence[str | None], outcomes: list[Outcome | None]
    ) -> dict[str | None, Outcome]:
        """Outcomes of the batch's values missing from the cache, cached as budget allows."""
        found: dict[str | None, Outcome] = {}
        quick, encode, cache, budget = self._quick, self.encode, self.cache, self.budget
        for raw in dict.fromkeys(compress(values, map(is_, outcomes, repeat(None)))):
            if raw is None:
                outcome: Outcome = _MISSING
            elif quick is not None and (fast := quick(raw)) is not None:
                value, kinds = fast
                outcome = (value if encode is None else encode(value), kinds, None)
            else:
                value, kinds, issue = self.rules.outcome(raw)
                if value is not None and encode is not None:
                    value = encode(value)
                outcome = (value, kinds, issue)
            found[raw] = outcome
            if raw is not None and budget.admit(cache):
                cache[raw] = outcome
        return found

    def _report(self, outcomes: list[Outcome], lines: Sequence[int]) -> None:
        name = self.column.name
        for (_, _, issue), line in zip(outcomes, lines, strict=True):
            if issue is not None:
                code, params = issue
                self.report(code, row=line, column=name, **params)

    # --- whole batches in plain form ---------------------------------------------------

    def _encoded(self, converted: list[Any], gaps: bool) -> list[Any]:
        """``converted`` through the encoder; ``gaps`` says whether any value is None (known
        to the caller: asking ``None in`` a list of Decimals costs an ABC check each)."""
        encode = self.encode
        if encode is None:
            return converted
        if not gaps:
            return list(map(encode, converted))
        return [None if value is None else encode(value) for value in converted]

    def _plain_numbers(self, values: Sequence[str | None]) -> list[Any] | None:
        strings = _strings(values)
        integer = self.column.type == "integer"
        # An encoder that is the built-in float gets floats made from the text at once:
        # float(Decimal(text)) == float(text), and the Decimal would only be thrown away.
        floats = not integer and self.encode is float
        batch = japanese_numbers(strings, int if integer else float if floats else Decimal)
        if batch is None:
            return None  # 2.0 and 2.5 in an integer column: the careful way
        numbers = batch.values()
        missing = len(strings) != len(values)
        if missing:  # put the missing (Excel) cells back
            found = iter(numbers)
            numbers = [None if value is None else next(found) for value in values]
        for kind, count in batch.changes().items():
            self.changes[kind] += count
        return numbers if floats else self._encoded(numbers, missing or bool(batch.marked))

    def _plain_dates(self, values: Sequence[str | None]) -> list[Any] | None:
        strings = _strings(values)
        joined = joined_cells(strings)
        if joined is None or not PLAIN_DATES.fullmatch(joined):
            return None
        try:
            converted = [_from_iso(v) if v else None for v in values]
        except ValueError:  # 2023-02-29: the slow way reports it
            return None
        return self._encoded(converted, len(strings) != len(values) or "" in strings)

    def _plain_text(self, values: Sequence[str | None]) -> list[Any] | None:
        strings = _strings(values)
        if plain_text(strings):
            return [v or None for v in values]
        folded = fold_alnum(strings)
        if folded is None:
            return None
        # Folding changes exactly the cells that hold a full-width letter or digit.
        if changed := sum(map(ne, folded, strings)):
            self.changes["fullwidth_ascii"] += changed
        if len(strings) != len(values):  # put the missing (Excel) cells back
            found = iter(folded)
            return [None if value is None else next(found) or None for value in values]
        return [v or None for v in folded]


def _strings(values: Sequence[str | None]) -> Sequence[str]:
    """The cells that exist (Excel leaves None where a sheet has none)."""
    return values if None not in values else [v for v in values if v is not None]  # type: ignore[return-value]


def make_converter(
    column: ColumnType, changes: Counter, sink: Sink, encode: Encoder | None = None
) -> Callable[[str | None], Any]:
    """A function turning one raw cell of ``column`` into its stored value; issues go to
    ``sink.report`` with ``sink.line`` as the row."""
    converter = ColumnConverter(column, changes, lambda *a, **k: sink.report(*a, **k), encode)

    def convert(raw: str | None) -> Any:
        return converter.convert([raw], [sink.line])[0]

    return convert


def convert_columns(
    converters: list[ColumnConverter], columns: Sequence[Sequence[Any]], lines: Sequence[int]
) -> list[list[Any]]:
    """A batch converted column by column (``columns``: each column's cells)."""
    return [c.convert(cells, lines) for c, cells in zip(converters, columns, strict=False)]
