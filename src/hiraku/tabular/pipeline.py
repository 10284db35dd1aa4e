"""sniff → decode → parse (hiraku.tabular.read) → infer (pass one) → normalize (pass two).

    analysis = analyse(path)                 # types decided, report started
    for line, values in normalized_rows(analysis, encoders):
        ...                                   # load them anywhere
    analysis.report                           # complete once the rows are consumed

Two streaming passes over the file keep memory flat whatever its size, and make the types
rest on every value, not a sample.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from hiraku.jp import fix_swapped, in_japan, unit_in_header
from hiraku.tabular.convert import Sink, make_converter
from hiraku.tabular.errors import Note
from hiraku.tabular.infer import ColumnType, Inference
from hiraku.tabular.read import RawTable, open_table
from hiraku.tabular.report import ColumnReport, Report
from hiraku.tabular.types import TYPE_NAMES

Progress = Callable[[str, int, int | None], None]  # (stage, rows done, total rows or None)
Encoder = Callable[[Any], Any] | None


@dataclass
class Analysis:
    table: RawTable
    columns: list[ColumnType]
    report: Report


def analyse(path: str | Path, *, sheet: str | None = None, filename: str | None = None,
            format: str | None = None, overrides: dict[str, str] | None = None,
            progress: Progress | None = None) -> Analysis:
    """Open the file and read every row once to decide the column types."""
    table = open_table(path, sheet=sheet, format=format, filename=filename)
    inference = Inference(table.columns, overrides)
    stream = table.rows()
    on_rows = (lambda n: progress("analyse", n, None)) if progress else None
    count = inference.add_rows((row.cells for row in stream), on_rows)
    columns = inference.result()
    report = Report(format=table.format, encoding=table.encoding, sheet=table.sheet,
                    sheets=table.sheets, header_row=table.header_row, title=table.title,
                    metadata=table.metadata, row_count=count, footnotes=stream.footnotes)
    report.extend(stream.notes, stream.note_counts)
    for column in columns:
        report.columns.append(ColumnReport(
            name=column.name, type=column.type, fit=column.fit, nonnull=column.nonnull,
            nulls=column.nulls, examples=list(column.examples), role=column.role,
            unit=unit_in_header(column.name)[1],
        ))
        if column.ambiguous_example:
            report.add(Note.of("ambiguous_dates", column=column.name,
                               value=column.ambiguous_example))
        if overrides and column.name in overrides:
            ja, en = TYPE_NAMES[column.type]
            report.add(Note.of("type_override_applied", column=column.name, type_ja=ja,
                               type_en=en))
    return Analysis(table, columns, report)


def _coordinate_pair(columns: Sequence[ColumnType]) -> tuple[int, int] | None:
    lat = [i for i, c in enumerate(columns) if c.role == "latitude" and c.type == "number"]
    lon = [i for i, c in enumerate(columns) if c.role == "longitude" and c.type == "number"]
    return (lat[0], lon[0]) if len(lat) == 1 and len(lon) == 1 else None


def normalized_rows(analysis: Analysis, encoders: Sequence[Encoder] | None = None,
                    progress: Progress | None = None) -> Iterator[tuple[int, list[Any]]]:
    """Pass two: (line in the file, typed values) per data row; completes the report."""
    report = analysis.report
    sink = Sink(lambda code, row, column, **params: report.add(
        Note.of(code, row=row, column=column, **params)))
    encoders = encoders or [None] * len(analysis.columns)
    converters = [
        make_converter(column, report.columns[i].changes, sink, encoders[i])
        for i, column in enumerate(analysis.columns)
    ]
    pair = _coordinate_pair(analysis.columns)
    total = report.row_count
    done = 0
    stream = analysis.table.rows()
    try:
        for row in stream:
            sink.line = row.line
            values = [convert(cell) for convert, cell in zip(converters, row.cells, strict=True)]
            if pair is not None:
                _check_coordinates(values, pair, analysis, report, row.line, encoders)
            done += 1
            if progress is not None and done % 10_000 == 0:
                progress("load", done, total)
            yield row.line, values
    finally:
        stream.close()
    report.row_count = done
    report.complete = True


def _check_coordinates(values: list[Any], pair: tuple[int, int], analysis: Analysis,
                       report: Report, line: int, encoders: Sequence[Encoder]) -> None:
    i, j = pair
    lat, lon = values[i], values[j]
    if lat is None or lon is None:
        return
    flat, flon = float(lat), float(lon)
    if in_japan(flat, flon):
        return
    fixed_lat, fixed_lon, swapped = fix_swapped(flat, flon)
    if swapped:
        values[i], values[j] = values[j], values[i]
        report.columns[i].changes["latlon_swapped"] += 1
        report.add(Note.of("latlon_swapped", row=line, column=analysis.columns[i].name,
                           lat=fixed_lat, lon=fixed_lon))
    else:
        report.add(Note.of("coordinate_outside_japan", row=line,
                           column=analysis.columns[i].name, value=f"{flat}, {flon}"))


def inspect(path: str | Path, **options: Any) -> Report:
    """Both passes, keeping nothing but the report (`hiraku inspect`)."""
    analysis = analyse(path, **options)
    for _ in normalized_rows(analysis):
        pass
    return analysis.report


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
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
            writer.writerow([_csv_cell(v) for v in values])
    return analysis.report
