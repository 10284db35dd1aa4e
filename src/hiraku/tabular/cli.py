"""`hiraku inspect` and `hiraku convert`: the ingestion pipeline on one file, no database.

Exit codes: 0 done; 2 the file cannot be read as a table (or the output cannot be written),
with the reason in Japanese and English on stderr; 1 an unexpected error, also in both
languages and without a stack trace.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from hiraku.tabular.errors import TabularError
from hiraku.tabular.pipeline import convert_to_csv, inspect
from hiraku.tabular.report import CHANGE_NAMES, Report

EXIT_UNREADABLE = 2
EXIT_UNEXPECTED = 1
NOTES_SHOWN = 50


def _say(error: TabularError) -> None:
    print(f"hiraku: {error.message_ja}\nhiraku: {error.message_en}", file=sys.stderr)


def _guarded(work: Callable[[], int]) -> int:
    """Run ``work``; any failure becomes a bilingual message and an exit code."""
    try:
        return work()
    except TabularError as error:
        _say(error)
        return EXIT_UNREADABLE
    except OSError as error:
        detail = f"{error.strerror or error}: {error.filename}" if error.filename else str(error)
        _say(TabularError.of("file_unreadable", detail=detail))
        return EXIT_UNREADABLE
    except Exception as error:  # never a stack trace for the user
        _say(TabularError.of("unexpected_error", kind=type(error).__name__))
        return EXIT_UNEXPECTED


def _summary(report: Report) -> str:
    lines = [
        f"format: {report.format}   encoding: {report.encoding or '-'}   "
        f"header row: {report.header_row}   data rows: {report.row_count}",
    ]
    if report.sheet:
        lines.append(f"sheet: {report.sheet}")
    width = max((len(c.name) for c in report.columns), default=4)
    lines.append("")
    for column in report.columns:
        fill = column.nonnull / report.row_count * 100 if report.row_count else 0
        example = column.examples[0] if column.examples else ""
        lines.append(f"  {column.name:<{width}}  {column.type:<8} {fill:5.1f}% filled   {example}")
    changes = report.changes
    if changes:
        lines += ["", "changes / 変換:"]
        for kind, count in changes.most_common():
            ja, en = CHANGE_NAMES.get(kind, (kind, kind))
            lines.append(f"  {count:>7}  {ja} / {en}")
    if report.notes:
        lines += ["", "notes / 注意:"]
        for note in report.notes[:NOTES_SHOWN]:
            where = f"row {note.row}: " if note.row else ""
            lines.append(f"  {where}{note.message_ja}\n  {' ' * len(where)}{note.message_en}")
        hidden = sum(report.note_counts.values()) - min(len(report.notes), NOTES_SHOWN)
        if hidden > 0:
            lines.append(f"  … {hidden} more (use --json)")
    return "\n".join(lines)


def inspect_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="hiraku inspect",
        description="Read a table file (CSV, TSV, Excel, JSON, GeoJSON) and report its "
        "encoding, header, column types, normalizations and problems. No database needed.",
    )
    parser.add_argument("file", type=Path)
    parser.add_argument("--sheet", help="Excel sheet to read (default: the first with a table)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)

    def work() -> int:
        report = inspect(args.file, sheet=args.sheet)
        if args.json:
            json.dump(report.as_dict(), sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        else:
            print(_summary(report))
        return 0

    return _guarded(work)


def convert_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="hiraku convert",
        description="Write a clean UTF-8 CSV: one header row, data rows only, ISO dates, "
        "half-width digits, plain numbers, empty cells for nulls. No database needed.",
    )
    parser.add_argument("file", type=Path)
    parser.add_argument("-o", "--output", type=Path, required=True, help="the CSV to write")
    parser.add_argument("--sheet", help="Excel sheet to read (default: the first with a table)")
    args = parser.parse_args(argv)
    temporary = args.output.with_name(args.output.name + ".part")

    def work() -> int:
        if args.output.exists() and args.file.exists() and args.output.samefile(args.file):
            raise TabularError.of("output_is_input")
        try:
            report = convert_to_csv(args.file, temporary, sheet=args.sheet)
            temporary.replace(args.output)  # never a half-written file under the real name
        finally:
            temporary.unlink(missing_ok=True)
        columns = len(report.columns)
        print(f"{report.row_count} rows, {columns} columns → {args.output}", file=sys.stderr)
        return 0

    return _guarded(work)
