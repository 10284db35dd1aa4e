"""sniff → decode → parse (hiraku.tabular.read) → infer (pass one) → normalize (pass two).

    analysis = analyse(path)                 # types decided, report started
    for line, values in normalized_rows(analysis, encoders):
        ...                                   # load them anywhere
    analysis.report                           # complete once the rows are consumed

Two streaming passes over the file keep memory flat whatever its size, and make the types
rest on every value, not a sample. Both passes take rows in batches and work column by
column, which is what makes them fast in Python; rows still come out one at a time.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice, repeat
from operator import is_, itemgetter
from pathlib import Path
from typing import Any

from hiraku.jp import fix_swapped, in_japan, unit_in_header
from hiraku.tabular.batch import collector_paused
from hiraku.tabular.convert import ColumnConverter
from hiraku.tabular.errors import Note
from hiraku.tabular.infer import BATCH, CacheBudget, ColumnType, Inference
from hiraku.tabular.read import RawTable, open_table
from hiraku.tabular.report import ColumnReport, Report
from hiraku.tabular.types import type_label

Progress = Callable[[str, int, int | None], None]  # (stage, rows done, total rows or None)
Encoder = Callable[[Any], Any] | None
PROGRESS_EVERY = 10_000
_CELLS = itemgetter(1)  # RawRow.cells, in C


@dataclass
class Analysis:
    table: RawTable
    columns: list[ColumnType]
    report: Report


def analyse(
    path: str | Path,
    *,
    sheet: str | None = None,
    filename: str | None = None,
    format: str | None = None,
    overrides: dict[str, str] | None = None,
    progress: Progress | None = None,
) -> Analysis:
    """Open the file and read every row once to decide the column types."""
    table = open_table(path, sheet=sheet, format=format, filename=filename)
    inference = Inference(table.columns, overrides)
    stream = table.rows()
    on_rows = (lambda n: progress("analyse", n, None)) if progress else None
    try:
        count = inference.add_rows(map(_CELLS, stream), on_rows)
    finally:
        stream.close()
    columns = inference.result()
    report = Report(
        format=table.format,
        encoding=table.encoding,
        sheet=table.sheet,
        sheets=table.sheets,
        header_row=table.header_row,
        title=table.title,
        metadata=table.metadata,
        row_count=count,
        footnotes=stream.footnotes,
    )
    report.extend(stream.notes, stream.note_counts)
    for column in columns:
        report.columns.append(
            ColumnReport(
                name=column.name,
                type=column.type,
                fit=column.fit,
                nonnull=column.nonnull,
                nulls=column.nulls,
                examples=list(column.examples),
                role=column.role,
                unit=unit_in_header(column.name)[1],
            )
        )
        _note_decision(report, column, overridden=column.name in inference.overrides)
    return Analysis(table, columns, report)


def _note_decision(report: Report, column: ColumnType, overridden: bool) -> None:
    if overridden:
        report.add(
            Note.of("type_override_applied", column=column.name, type=type_label(column.type))
        )
    elif column.ambiguous_example:
        report.add(Note.of("ambiguous_dates", column=column.name, value=column.ambiguous_example))
    elif column.near_miss:
        type_, share, misfit = column.near_miss
        report.add(
            Note.of(
                "mostly_typed",
                column=column.name,
                type=type_label(type_),
                fit=f"{share * 100:.1f}",
                value=misfit,
            )
        )


def _coordinate_pair(columns: Sequence[ColumnType]) -> tuple[int, int] | None:
    lat = [i for i, c in enumerate(columns) if c.role == "latitude" and c.type == "number"]
    lon = [i for i, c in enumerate(columns) if c.role == "longitude" and c.type == "number"]
    return (lat[0], lon[0]) if len(lat) == 1 and len(lon) == 1 else None


def normalized_rows(
    analysis: Analysis, encoders: Sequence[Encoder] | None = None, progress: Progress | None = None
) -> Iterator[tuple[int, list[Any]]]:
    """Pass two: (line in the file, typed values) per data row; completes the report."""
    report = analysis.report
    encoders = encoders or [None] * len(analysis.columns)
    budget = CacheBudget()
    issues = _BatchIssues(report, [column.name for column in analysis.columns])
    converters = [
        ColumnConverter(column, report.columns[i].changes, issues, encoders[i], budget)
        for i, column in enumerate(analysis.columns)
    ]
    pair = _coordinate_pair(analysis.columns)
    total = report.row_count
    done = 0
    stream = analysis.table.rows()
    try:
        while batch := list(islice(stream, BATCH)):
            lines, rows = zip(*batch, strict=True)  # RawRow is a (line, cells) tuple
            del batch  # the raw rows go now: fewer live objects for the collector to walk
            with collector_paused():  # see batch.py
                columns = zip(*rows, strict=True)  # every row has the header's width
                converted = [c.convert(v, lines) for c, v in zip(converters, columns, strict=False)]
                del rows, columns
                if pair is not None:
                    _check_coordinates(converted, pair, lines, analysis, issues)
                issues.flush()
            if converted:
                yield from zip(lines, map(list, zip(*converted, strict=True)), strict=True)
            else:  # a table without columns still has its rows
                yield from ((line, []) for line in lines)
            before, done = done, done + len(lines)
            if progress is not None and done // PROGRESS_EVERY > before // PROGRESS_EVERY:
                progress("load", done, total)
    finally:
        stream.close()
    report.row_count = done
    _note_units(report, converters)
    report.complete = True


class _BatchIssues:
    """Issues found in a batch, column by column, handed to the report in file order."""

    def __init__(self, report: Report, names: list[str]) -> None:
        self.report = report
        self.positions = {name: position for position, name in enumerate(names)}
        self.pending: list[tuple[int, int, str, str | None, dict[str, Any]]] = []

    def __call__(
        self, code: str, row: int | None = None, column: str | None = None, **params: Any
    ) -> None:
        self.pending.append((row or 0, self.positions.get(column or "", -1), code, column, params))

    def flush(self) -> None:
        self.pending.sort(key=lambda issue: issue[:2])
        for row, _, code, column, params in self.pending:
            self.report.issue(code, row=row, column=column, **params)
        self.pending.clear()


def _check_coordinates(
    converted: list[list[Any]],
    pair: tuple[int, int],
    lines: Sequence[int],
    analysis: Analysis,
    issue: Callable[..., None],
) -> None:
    """Swap latitude and longitude back where only the swapped pair lies in Japan."""
    i, j = pair
    lats, lons = converted[i], converted[j]
    complete = not any(map(is_, lats, repeat(None))) and not any(map(is_, lons, repeat(None)))
    if complete and _all_in_japan(lats, lons):
        return  # the common case, settled in C
    report, name = analysis.report, analysis.columns[i].name
    for k, (lat, lon) in enumerate(zip(lats, lons, strict=True)):
        if lat is None or lon is None:
            continue
        flat, flon = float(lat), float(lon)
        if in_japan(flat, flon):
            continue
        fixed_lat, fixed_lon, swapped = fix_swapped(flat, flon)
        if swapped:
            lats[k], lons[k] = lon, lat
            report.columns[i].changes["latlon_swapped"] += 1
            issue("latlon_swapped", row=lines[k], column=name, lat=fixed_lat, lon=fixed_lon)
        else:
            issue("coordinate_outside_japan", row=lines[k], column=name, value=f"{flat}, {flon}")


def _all_in_japan(lats: list[Any], lons: list[Any]) -> bool:
    # the bounds of hiraku.jp.geo.in_japan, over a whole batch at once
    return min(lats) >= 20 and max(lats) <= 46 and min(lons) >= 122 and max(lons) <= 154


def _note_units(report: Report, converters: list[ColumnConverter]) -> None:
    for column, converter in zip(report.columns, converters, strict=True):
        units = converter.units
        if len(units) > 1:
            report.issue("mixed_units", column=column.name, units=", ".join(sorted(units)))
        elif units and column.unit is None:
            column.unit = next(iter(units))


def inspect(path: str | Path, **options: Any) -> Report:
    """Both passes, keeping nothing but the report (`hiraku inspect`)."""
    analysis = analyse(path, **options)
    for _ in normalized_rows(analysis):
        pass
    return analysis.report


def csv_cell(value: Any) -> str:
    """A stored value as `hiraku convert` writes it: ISO dates, plain numbers, "" for null."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        text = format(value, "f")
        text = text.rstrip("0").rstrip(".") if "." in text else text
        return "0" if text == "-0" else text
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return str(value)


def convert_to_csv(path: str | Path, out: str | Path, **options: Any) -> Report:
    """A clean UTF-8 CSV: one header row, data only, ISO dates, plain numbers, empty nulls."""
    analysis = analyse(path, **options)
    with open(out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow([column.name for column in analysis.columns])
        for _, values in normalized_rows(analysis):
            writer.writerow([csv_cell(v) for v in values])
    return analysis.report
