"""The ingestion report: what was read, how each column was typed, what changed, what is wrong.

Shown to staff on the resource page and printed by `hiraku inspect --json`. Issues keep the row
numbers as in the file (header counted) so a publisher can find the spot.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from hiraku.tabular.errors import Note

ISSUES_PER_CODE = 100

# What each note code means for the publisher: errors lose data, warnings deserve a look.
SEVERITY = {
    "type_mismatch": "warning",
    "impossible_date": "error",
    "impossible_time": "error",
    "suppressed_value": "info",
    "ambiguous_dates": "warning",
    "line_break_in_cell": "warning",
    "latlon_swapped": "warning",
    "coordinate_outside_japan": "warning",
    "row_truncated": "warning",
    "encoding_guessed": "warning",
    "encoding_ambiguous": "warning",
    "no_data_rows": "warning",
    "mixed_units": "warning",
    "lgcode_invalid": "warning",
    "mostly_typed": "info",
    "decode_error": "error",
}

# Names of the kinds of change, for the staff page.
CHANGE_NAMES: dict[str, tuple[str, str]] = {
    "trimmed": ("前後の空白を除去", "spaces trimmed"),
    "fullwidth_ascii": ("全角英数字を半角に", "full-width letters/digits made half-width"),
    "halfwidth_katakana": ("半角カナを全角に", "half-width katakana made full-width"),
    "fullwidth_digits": ("全角数字を半角に", "full-width digits made half-width"),
    "thousands_separator": ("桁区切りを除去", "thousands separators removed"),
    "triangle_negative": ("△・▲ を負の数に", "△/▲ read as negative"),
    "percent_sign": ("% を除去", "percent signs removed"),
    "unit_removed": ("セル内の単位を除去", "units written in cells removed"),
    "null_marker": ("「-」などを空欄に", "'-' and similar marks stored as empty"),
    "suppressed": ("秘匿記号を空欄に", "suppression marks stored as empty"),
    "wareki_date": ("和暦を西暦（ISO 8601）に", "Japanese era dates converted to ISO 8601"),
    "date_format": ("日付を YYYY-MM-DD に", "dates written as YYYY-MM-DD"),
    "time_format": ("時刻を hh:mm に", "times written as hh:mm"),
    "dms_coordinate": ("度分秒を十進の度に", "degrees-minutes-seconds made decimal"),
    "latlon_swapped": ("入れ替わった緯度経度を修正", "swapped latitude/longitude fixed"),
    "latlon_formatted": ("「緯度,経度」の書式を統一", "'lat,lon' cells written one way"),
    "phone_formatted": ("電話番号の書式を統一", "phone numbers formatted"),
    "url_normalized": ("URL を正規化", "URLs normalized"),
    "lgcode_completed": ("団体コードを6桁に", "local government codes completed to 6 digits"),
    "type_mismatch": ("型に合わない値を空欄に", "values not fitting the type stored as empty"),
    "impossible_date": ("ありえない日付を空欄に", "impossible dates stored as empty"),
    "impossible_time": ("ありえない時刻を空欄に", "impossible times stored as empty"),
    "line_break": ("セル内の改行（変更なし）", "line breaks inside cells (unchanged)"),
}


@dataclass
class ColumnReport:
    name: str
    type: str
    fit: float
    nonnull: int
    nulls: int
    examples: list[str]
    role: str | None = None
    unit: str | None = None
    changes: Counter = field(default_factory=Counter)

    def as_dict(self, row_count: int) -> dict[str, Any]:
        filled = self.nonnull / row_count if row_count else 0.0
        return {
            "name": self.name,
            "type": self.type,
            "fit_rate": round(self.fit, 4),
            "fill_rate": round(filled, 4),
            "filled": self.nonnull,
            "nulls": self.nulls,
            "examples": self.examples,
            "role": self.role,
            "unit": self.unit,
            "changes": dict(self.changes),
        }


@dataclass
class Report:
    format: str
    encoding: str | None
    sheet: str | None
    sheets: list[str]
    header_row: int
    title: str | None
    metadata: dict[str, str]
    columns: list[ColumnReport] = field(default_factory=list)
    row_count: int = 0
    notes: list[Note] = field(default_factory=list)
    note_counts: Counter = field(default_factory=Counter)
    footnotes: list[str] = field(default_factory=list)
    complete: bool = False

    def add(self, note: Note) -> None:
        self.note_counts[note.code] += 1
        if self.note_counts[note.code] <= ISSUES_PER_CODE:
            self.notes.append(note)

    def issue(
        self, code: str, row: int | None = None, column: str | None = None, **params: object
    ) -> None:
        """Count a note, and write its messages only while it will be listed: a column of
        100,000 bad cells must not format 100,000 messages."""
        self.note_counts[code] += 1
        if self.note_counts[code] <= ISSUES_PER_CODE:
            self.notes.append(Note.of(code, row=row, column=column, **params))

    def extend(self, notes: list[Note], counts: Counter | None = None) -> None:
        for note in notes:
            self.add(note)
        if counts:  # the reader's own counts include notes it stopped listing
            for code, total in counts.items():
                self.note_counts[code] = max(self.note_counts[code], total)

    @property
    def changes(self) -> Counter:
        total: Counter = Counter()
        for column in self.columns:
            total.update(column.changes)
        return total

    def errors(self) -> list[Note]:
        return [n for n in self.notes if SEVERITY.get(n.code) == "error"]

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "encoding": self.encoding,
            "sheet": self.sheet,
            "sheets": self.sheets,
            "header_row": self.header_row,
            "title": self.title,
            "metadata": self.metadata,
            "row_count": self.row_count,
            "columns": [c.as_dict(self.row_count) for c in self.columns],
            "changes": dict(self.changes),
            "issues": [
                {
                    "row": n.row,
                    "column": n.column,
                    "code": n.code,
                    "severity": SEVERITY.get(n.code, "info"),
                    "message_ja": n.message_ja,
                    "message_en": n.message_en,
                }
                for n in self.notes
            ],
            "issue_counts": dict(self.note_counts),
            "footnotes": self.footnotes,
            "complete": self.complete,
        }
