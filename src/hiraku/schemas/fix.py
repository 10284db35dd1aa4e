"""Write a file in the standard's current layout with every mechanical fix applied.

    report = fix_file("222127_aed.csv", "222127_aed_fixed.csv")
    report.unfixed            # what needs a person (the original rows named)

The output is UTF-8 CSV (CRLF, like ``hiraku convert``): the current header in the standard's
spelling and order, legacy and English layouts mapped (joins such as 住所+方書 →
所在地_連結表記 included), the cell fixes of the validator applied, local columns kept at the
end. It is written beside ``out`` first and moved into place only when complete.
"""

from __future__ import annotations

import csv
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from hiraku.errors import Invalid
from hiraku.schemas.codes import Problem
from hiraku.schemas.header_report import LAYOUT_KINDS
from hiraku.schemas.model import StandardSchema
from hiraku.schemas.records import RowMap
from hiraku.schemas.validate import (
    ValidationReport,
    headers_as_written,
    resolve,
    row_checker,
    start_report,
)
from hiraku.tabular import open_table

MAX_UNFIXED = 200  # unfixed problems listed; counts stay exact


class NoStandard(Invalid):
    """--fix needs a standard to convert to, and none was detected or named."""

    code = "no-standard"


@dataclass(frozen=True)
class Note:
    message_ja: str
    message_en: str

    def as_dict(self) -> dict[str, str]:
        return {"message_ja": self.message_ja, "message_en": self.message_en}


@dataclass
class FixReport:
    source: str
    output: str
    schema: StandardSchema
    layout: str
    validation: ValidationReport  # of the input file
    rows: int = 0
    fixed: Counter[str] = field(default_factory=Counter)  # problem code → mends made
    notes: list[Note] = field(default_factory=list)
    unfixed: list[Problem] = field(default_factory=list)
    unfixed_counts: Counter[str] = field(default_factory=Counter)
    unfixed_errors: int = 0

    def keep_unfixed(self, problem: Problem) -> None:
        self.unfixed_counts[problem.code] += 1
        self.unfixed_errors += problem.severity == "error"
        if len(self.unfixed) < MAX_UNFIXED:
            self.unfixed.append(problem)

    @property
    def conforms(self) -> bool:
        """The output has no error left (what remains needs a person)."""
        return self.unfixed_errors == 0

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.source,
            "output": self.output,
            "schema": self.schema.id,
            "layout": self.layout,
            "rows": self.rows,
            "conforms": self.conforms,
            "fixed": dict(sorted(self.fixed.items())),
            "notes": [note.as_dict() for note in self.notes],
            "unfixed_counts": dict(sorted(self.unfixed_counts.items())),
            "unfixed": [problem.as_dict() for problem in self.unfixed],
        }


def _names(row_map: RowMap, indexes: list[int]) -> str:
    return "、".join(f"「{row_map.header(i)}」" for i in indexes)


def _layout_notes(row_map: RowMap, layout: str) -> list[Note]:
    notes = []
    if layout != "current":
        notes.append(
            Note(
                "列構成を現行の標準に変換しました。",
                "Converted the layout to the current standard.",
            )
        )
    for source in row_map.joins():
        parts = "＋".join(row_map.header(i) for i in source.columns)
        if source.op == "concat":
            notes.append(
                Note(
                    f"「{parts}」をつないで「{source.field}」にしました。",
                    f"Joined {parts} into {source.field}.",
                )
            )
        elif source.part == 0:
            targets = "・".join(source.targets)
            notes.append(
                Note(
                    f"「{parts}」を「{targets}」に分けました。",
                    f"Split {parts} into {', '.join(source.targets)}.",
                )
            )
    # Spelling fixes only: names explained by the layout alone were reported above.
    renamed = [
        c
        for c in row_map.match.columns
        if c.field and c.role == "copy" and set(c.kinds) - LAYOUT_KINDS
    ]
    if renamed:
        pairs = "、".join(f"「{c.original}」→「{c.field}」" for c in renamed)
        pairs_en = ", ".join(f"{c.original} → {c.field}" for c in renamed)
        notes.append(
            Note(
                f"列名を標準の書き方にしました: {pairs}",
                f"Renamed columns to the standard's spelling: {pairs_en}",
            )
        )
    return notes


def _column_notes(row_map: RowMap, schema: StandardSchema) -> list[Note]:
    notes = []
    added = [name for name in schema.field_names if name not in row_map.sources]
    if added:
        notes.append(
            Note(
                f"標準の列 {len(added)} 個がなかったため、空の列として加えました: "
                f"{'、'.join(added)}",
                f"Added {len(added)} missing standard columns, empty: {', '.join(added)}",
            )
        )
    if row_map.extras:
        names = _names(row_map, row_map.extras)
        notes.append(
            Note(
                f"標準にない列 {names} は末尾に残しました。",
                f"Kept {len(row_map.extras)} local columns at the end: "
                f"{', '.join(row_map.header(i) for i in row_map.extras)}.",
            )
        )
    if row_map.dropped:
        notes.append(
            Note(
                f"現行の標準に対応する列がない {_names(row_map, row_map.dropped)} は"
                "出力していません。",
                "Left out columns the current standard has no place for: "
                f"{', '.join(row_map.header(i) for i in row_map.dropped)}.",
            )
        )
    if row_map.markers:
        notes.append(
            Note(
                "LinkData の行ラベル列（#property）を除きました。",
                "Removed the LinkData row-label column (#property).",
            )
        )
    return notes


def _outcome_notes(report: FixReport, row_map: RowMap) -> list[Note]:
    notes = []
    breaks = report.fixed["line-break"]
    if breaks:
        notes.append(
            Note(
                f"セル内の改行 {breaks} 件を空白に置き換えました。",
                f"Replaced line breaks in {breaks} cells with a space.",
            )
        )
    for name, count in row_map.conflicts.items():
        notes.append(
            Note(
                f"重複した「{name}」の列が {count} 行で食い違い、最初の値を使いました。",
                f"The repeated '{name}' columns disagreed on {count} rows; "
                "the first value was kept.",
            )
        )
    return notes


def fix_file(
    path: str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    schema_id: str | None = None,
    sheet: str | None = None,
) -> FixReport:
    """Write ``out`` (UTF-8 CSV, current layout, mechanical fixes applied). Raises
    TabularError for an unreadable file, UnknownSchema for an unknown ``schema_id`` and
    NoStandard when no standard is detected."""
    table = open_table(path, sheet=sheet)
    resolution = resolve(headers_as_written(table), schema_id)
    validation = start_report(table, path, resolution)
    candidate = resolution.candidate
    if candidate is None:
        raise NoStandard(validation.problems[0].message_ja, validation.problems[0].message_en)
    checker = row_checker(table, candidate)
    row_map = checker.row_map
    schema = candidate.schema
    report = FixReport(Path(path).name, str(out), schema, candidate.layout, validation)
    for problem in validation.problems:
        if not problem.fixable and problem.severity != "info":
            report.keep_unfixed(problem)
    target = Path(out)
    partial = target.with_name(target.name + ".part")
    header = [*schema.field_names, *(row_map.header(i) for i in row_map.extras)]
    try:
        with partial.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(header)
            stream = table.rows()
            for row in stream:
                checked = checker.check(row)
                for problem in checked.problems:
                    validation.add(problem)
                    if problem.fixable:
                        report.fixed[problem.code] += 1
                    else:
                        report.keep_unfixed(problem)
                values = checked.values
                writer.writerow([*(values.get(n, "") for n in schema.field_names), *checked.extras])
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    report.rows = validation.rows = stream.row_count
    report.notes = [
        *_layout_notes(row_map, candidate.layout),
        *_column_notes(row_map, schema),
        *_outcome_notes(report, row_map),
    ]
    return report
