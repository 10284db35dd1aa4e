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
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain, repeat
from operator import is_, itemgetter
from pathlib import Path
from typing import Any

from hiraku.jp import fix_swapped, in_japan, unit_in_header
from hiraku.tabular.batch import collector_paused
from hiraku.tabular.convert import ColumnConverter, PendingIssues, convert_columns
from hiraku.tabular.errors import Note
from hiraku.tabular.helper import (
    KeptRows,
    encoders_travel,
    helper_wanted,
    infer_shared,
    start_conversion,
)
from hiraku.tabular.infer import CacheBudget, ColumnType, Inference
from hiraku.tabular.read import ColumnBatch, RawTable, column_batches, open_table
from hiraku.tabular.report import ColumnReport, Report
from hiraku.tabular.types import type_label

Progress = Callable[[str, int, int | None], None]  # (stage, rows done, total rows or None)
Encoder = Callable[[Any], Any] | None
PROGRESS_EVERY = 10_000
_ROWS = itemgetter(1)  # the rows of a (lines, rows) batch, in C


@dataclass
class Analysis:
    table: RawTable
    columns: list[ColumnType]
    report: Report
    # The rows as pass one's helper read them, for the first pass two to read back.
    kept: KeptRows | None = None


def analyse(
    path: str | Path,
    *,
    sheet: str | None = None,
    filename: str | None = None,
    format: str | None = None,
    overrides: dict[str, str] | None = None,
    progress: Progress | None = None,
    helper: bool | None = None,
) -> Analysis:
    """Open the file and read every row once to decide the column types. ``helper``: share
    the columns with a second process (helper.py); by default big CSV files do."""
    table = open_table(path, sheet=sheet, format=format, filename=filename)
    inference = Inference(table.columns, overrides)
    on_rows = (lambda n: progress("analyse", n, None)) if progress else None
    wanted = helper_wanted(table, helper)
    shared = infer_shared(inference, table, on_rows) if wanted else None
    if shared is not None:
        count, kept, stream = shared
    else:
        if wanted:  # the file could not be cut in two: from the start
            inference = Inference(table.columns, overrides)
        kept, stream = None, table.rows()
        try:
            count = inference.add_batches(map(_ROWS, stream.batches()), on_rows)
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
    return Analysis(table, columns, report, kept)


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
    for lines, columns in normalized_batches(analysis, encoders, progress):
        if columns:
            yield from zip(lines, map(list, zip(*columns, strict=True)), strict=True)
        else:  # a table without columns still has its rows
            yield from ((line, []) for line in lines)


def normalized_batches(
    analysis: Analysis,
    encoders: Sequence[Encoder] | None = None,
    progress: Progress | None = None,
    helper: bool | None = None,
) -> Iterator[tuple[Sequence[int], list[list[Any]]]]:
    """Pass two, a batch at a time: (lines in the file, typed values column by column).
    Loaders that take columns (``zip(*columns)`` into executemany or COPY) never make a
    Python object per row. Completes the report once exhausted. ``helper``: as in
    ``analyse``; with one, the end of the file is converted in the helper process
    (``helper.SharedConversion``)."""
    report, table = analysis.report, analysis.table
    encoders = encoders or [None] * len(analysis.columns)
    budget = CacheBudget()
    issues = PendingIssues([column.name for column in analysis.columns])
    converters = [
        ColumnConverter(column, report.columns[i].changes, issues, encoders[i], budget)
        for i, column in enumerate(analysis.columns)
    ]
    pair = _coordinate_pair(analysis.columns)
    total = report.row_count
    done = 0
    shared = None
    kept, analysis.kept = analysis.kept, None  # read back once; a later pass parses again
    if kept is not None and not kept.complete:
        kept = None
    if helper_wanted(table, helper) and encoders_travel(encoders):
        shared = start_conversion(table, analysis.columns, encoders, total, kept)
    stream = table.rows() if kept is None else None
    batches = column_batches(stream.batches()) if stream is not None else kept.batches()
    try:
        if shared is not None:
            converted_batches = shared.converted(batches, converters, issues)
        else:
            converted_batches = _converted(batches, converters)
        for lines, converted in converted_batches:
            with collector_paused():  # see batch.py
                if pair is not None:
                    _check_coordinates(converted, pair, lines, analysis, issues)
                issues.flush(report.issue)
            yield lines, converted
            before, done = done, done + len(lines)
            if progress is not None and done // PROGRESS_EVERY > before // PROGRESS_EVERY:
                progress("load", done, total)
        if shared is not None:
            shared.finish(converters)
    finally:
        if stream is not None:
            stream.close()
        if kept is not None:
            batches.close()
            kept.close()
        if shared is not None:
            shared.close()
    report.row_count = done
    _note_units(report, converters)
    report.complete = True


def _converted(
    batches: Iterator[ColumnBatch], converters: list[ColumnConverter]
) -> Iterator[tuple[Sequence[int], list[list[Any]]]]:
    """(lines, values column by column) per batch, read and converted in this process."""
    while True:
        with collector_paused():  # see batch.py
            batch = next(batches, None)
            if batch is None:
                return
            lines, by_column = batch
            del batch
            converted = convert_columns(converters, by_column, lines)
            del by_column  # the raw cells go now: fewer live objects
        yield lines, converted


def numbered_rows(
    batches: Iterable[tuple[Sequence[int], list[list[Any]]]],
) -> Iterator[tuple[Any, ...]]:
    """(row number from 1, value, value…) rows out of ``normalized_batches``: what a loader
    inserts, the row number becoming ``_id``. Rows are made by zip and chained in C."""

    def per_batch() -> Iterator[Iterator[tuple[Any, ...]]]:
        start = 1
        for lines, columns in batches:
            end = start + len(lines)
            yield zip(range(start, end), *columns, strict=True)
            start = end

    return chain.from_iterable(per_batch())


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
