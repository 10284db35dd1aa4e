"""`hiraku inspect` and `hiraku convert`: the ingestion pipeline on one file, no database."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from hiraku.tabular.errors import TabularError
from hiraku.tabular.pipeline import convert_to_csv, inspect
from hiraku.tabular.report import CHANGE_NAMES, Report

EXIT_UNREADABLE = 2


def _fail(error: TabularError | OSError) -> int:
    if isinstance(error, TabularError):
        message = f"{error.message_ja}\n{error.message_en}"
    else:
        message = f"ファイルを開けません / Cannot open the file: {error.strerror or error}"
    print(f"hiraku: {message}", file=sys.stderr)
    return EXIT_UNREADABLE


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
        lines += [f"  {n:>7}  {CHANGE_NAMES.get(k, (k, k))[0]} / {CHANGE_NAMES.get(k, (k, k))[1]}"
                  for k, n in changes.most_common()]
    if report.notes:
        lines += ["", "notes / 注意:"]
        for note in report.notes[:50]:
            where = f"row {note.row}: " if note.row else ""
            lines.append(f"  {where}{note.message_ja}\n  {' ' * len(where)}{note.message_en}")
        hidden = sum(report.note_counts.values()) - min(len(report.notes), 50)
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
    try:
        report = inspect(args.file, sheet=args.sheet)
    except (TabularError, OSError) as error:
        return _fail(error)
    if args.json:
        json.dump(report.as_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(_summary(report))
    return 0


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
    try:
        report = convert_to_csv(args.file, temporary, sheet=args.sheet)
    except (TabularError, OSError) as error:
        temporary.unlink(missing_ok=True)
        return _fail(error)
    temporary.replace(args.output)  # never leave a half-written file under the real name
    print(f"{report.row_count} rows, {len(report.columns)} columns → {args.output}",
          file=sys.stderr)
    return 0
