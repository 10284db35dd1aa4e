"""`hiraku validate`: check a file against the 自治体標準オープンデータセット, or fix it.

    hiraku validate FILE [--schema ID] [--json]
    hiraku validate FILE --fix -o OUT.csv [--schema ID] [--json]

Exit status: 0 the file conforms (or follows no standard and none was named), 1 it has errors
or does not follow the standard named with --schema (with --fix: errors remain that need a
person, or there is no standard to convert to), 2 the file cannot be read or written, or the
schema id is unknown.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from hiraku.schemas.codes import Problem
from hiraku.schemas.fix import FixReport, NoStandard, fix_file
from hiraku.schemas.model import UnknownSchema
from hiraku.schemas.validate import ValidationReport, validate_file
from hiraku.tabular import TabularError

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2
SHOWN_PER_CODE = 5
SEVERITY_NAMES = {"error": "エラー error", "warning": "警告 warning", "info": "情報 info"}
LAYOUT_NAMES = {
    "current": "現行 current",
    "legacy": "旧推奨データセット legacy",
    "english": "英語列名 English",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hiraku validate",
        description="Check a file against the Digital Agency's 自治体標準オープンデータセット "
        "(the standard is detected from the header row unless --schema names it), or write "
        "a fixed copy with --fix -o OUT.csv. Exit 0: conforms; 1: errors; 2: unreadable.",
    )
    parser.add_argument("file", type=Path)
    parser.add_argument(
        "--schema", metavar="ID", help="standard to check against: id (aed), number (08) or title"
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--fix",
        action="store_true",
        help="write a conforming UTF-8 CSV where the fixes are mechanical",
    )
    parser.add_argument("-o", "--output", type=Path, help="where --fix writes the CSV")
    return parser


def _fail(message_ja: str, message_en: str) -> int:
    print(f"hiraku: {message_ja}\n        {message_en}", file=sys.stderr)
    return EXIT_UNREADABLE


def _problem_lines(problem: Problem) -> list[str]:
    where = []
    if problem.row is not None:
        where.append(f"{problem.row}行目 row {problem.row}")
    if problem.column:
        where.append(f"「{problem.column}」")
    lines = [
        f"  [{problem.severity}] {problem.code}  {', '.join(where)}",
        f"      {problem.message_ja}",
        f"      {problem.message_en}",
    ]
    if problem.fix is not None:
        lines.append(f"      修正案 fix: {problem.fix!r}")
    return lines


def _problems_text(problems: list[Problem], counts: dict[str, int]) -> list[str]:
    lines: list[str] = []
    by_code: dict[str, list[Problem]] = defaultdict(list)
    for problem in problems:
        if problem.severity != "info":
            by_code[problem.code].append(problem)
    infos: dict[str, int] = defaultdict(int)
    for problem in problems:
        if problem.severity == "info":
            infos[problem.code] += 1
    for code, listed in by_code.items():
        for problem in listed[:SHOWN_PER_CODE]:
            lines += _problem_lines(problem)
        total = counts.get(code, len(listed)) - infos.get(code, 0)
        hidden = total - min(len(listed), SHOWN_PER_CODE)
        if hidden > 0:
            lines.append(f"  … {code}: 他 {hidden} 件 / {hidden} more (--json)")
    if infos:
        listed = ", ".join(f"{code} {n}" for code, n in infos.items())
        lines.append(f"  情報 info: {listed}")
    return lines


def _report_text(report: ValidationReport) -> str:
    summary_ja, summary_en = report.summary()
    schema = report.schema
    if schema is None:
        lines = [f"{report.path}: 標準データセットは検出されませんでした / no standard detected"]
        lines += ["  近い候補 closest candidates:"]
        lines += [
            f"    {c.score:.2f}  {c.schema.id}  {c.schema.title_ja} / {c.schema.title_en}"
            f"  ({LAYOUT_NAMES[c.layout]})"
            for c in report.resolution.closest
        ]
        return "\n".join(lines)
    verdict = {True: "適合 conforms", False: "不適合 does not conform"}[bool(report.conforms)]
    lines = [
        f"{report.path}: {schema.title_ja} / {schema.title_en} ({schema.id})",
        f"  列構成 layout: {LAYOUT_NAMES[report.layout or 'current']}   "
        f"一致度 score: {report.score:.2f}   データ行 rows: {report.rows}",
        f"  {verdict}: {summary_ja}",
        f"  {' ' * len(verdict)}  {summary_en}",
        "",
    ]
    return "\n".join(lines + _problems_text(report.problems, dict(report.counts)))


def _fix_text(report: FixReport) -> str:
    lines = [
        f"{report.source} → {report.output}: {report.schema.title_ja} / "
        f"{report.schema.title_en}, {report.rows} 行 rows"
    ]
    if report.fixed:
        fixed = ", ".join(f"{code} {n}" for code, n in sorted(report.fixed.items()))
        lines.append(f"  直したもの fixed: {fixed}")
    lines += [f"  - {note.message_ja}\n    {note.message_en}" for note in report.notes]
    if report.unfixed_counts:
        lines += ["", "  直せなかったもの（元のファイルの行） not fixed (rows of the original):"]
        lines += _problems_text(report.unfixed, dict(report.unfixed_counts))
    else:
        lines.append("  すべて直しました / everything was fixed")
    return "\n".join(lines)


def _print_json(data: dict[str, object]) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _run_fix(args: argparse.Namespace) -> int:
    try:
        report = fix_file(args.file, args.output, schema_id=args.schema)
    except NoStandard as error:
        print(f"hiraku: {error.message_ja}\n        {error.message_en}", file=sys.stderr)
        return EXIT_ERRORS
    if args.json:
        _print_json(report.as_dict())
    else:
        print(_fix_text(report))
    return EXIT_OK if report.conforms else EXIT_ERRORS


def _run_validate(args: argparse.Namespace) -> int:
    report = validate_file(args.file, schema_id=args.schema)
    if args.json:
        _print_json(report.as_dict())
    else:
        print(_report_text(report))
    return EXIT_ERRORS if report.conforms is False else EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.fix != (args.output is not None):
        parser.error("--fix and -o OUT.csv go together")
    try:
        return _run_fix(args) if args.fix else _run_validate(args)
    except TabularError as error:
        return _fail(error.message_ja, error.message_en)
    except UnknownSchema as error:
        return _fail(error.message_ja, error.message_en)
    except BrokenPipeError:  # the reader went away (| head): nothing to tell anyone
        return EXIT_OK
    except OSError as error:
        reason = error.strerror or str(error)
        return _fail(
            f"ファイルを読み書きできません（{reason}）。",
            f"Cannot read or write the file ({reason}).",
        )


if __name__ == "__main__":
    sys.exit(main())
