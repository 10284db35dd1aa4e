"""Where the table starts in a file made by people: metadata, titles, the header, its rows.

Works on the first rows of a file (``Record``s: line number + cells), the same for CSV and
Excel, and returns a ``Layout``: which lines form the header, the column names, where the
data begins, the ``#key,value`` metadata, and notes for everything skipped or renamed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from hiraku.tabular.errors import Note, TabularError, shorten

MAX_COLUMNS = 2000  # more than any real municipal table; beyond it a file is not a table
HEADER_WINDOW = 30  # rows looked at to find the header
MAX_HEADER_ROWS = 3  # 人口 / 日本人 / 男 is the deepest header seen in practice

Cells = list[str | None]


@dataclass(frozen=True, slots=True)
class Record:
    """One parsed row as it appears in the file: ``line`` is 1-based, where the row starts."""

    line: int
    cells: Cells


@dataclass(frozen=True, slots=True)
class MergedRange:
    """A merged block of spreadsheet cells: 1-based lines, 0-based columns, both inclusive."""

    first_line: int
    last_line: int
    first_col: int
    last_col: int


@dataclass(frozen=True)
class Layout:
    header_lines: tuple[int, ...]  # empty when the file has no header row
    columns: list[str]
    data_from_line: int  # rows before this line are not data
    metadata: dict[str, str] = field(default_factory=dict)
    title: str | None = None
    notes: list[Note] = field(default_factory=list)


def text(cell: str | None) -> str:
    return cell.strip() if cell else ""


def is_blank(cells: Cells) -> bool:
    return not any(cell and not cell.isspace() for cell in cells)


def filled(cells: Cells) -> list[int]:
    """Indexes of the non-empty cells."""
    return [i for i, cell in enumerate(cells) if cell and not cell.isspace()]


_META_KEY = re.compile(r"#[A-Za-z][\w:.-]*")


def metadata_key(cells: Cells) -> str | None:
    """``#license`` for a LinkData-style metadata row (高松市), else None."""
    first = text(cells[0]) if cells else ""
    return first if _META_KEY.fullmatch(first) else None


# Cells that are values rather than names: numbers (1,234 / △5 / 12.5%), null and
# suppression marks (- / … / X / ***), dates and times. A header has few of them.
_VALUE_LIKE = re.compile(
    r"[-+−△▲]?[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?[%％]?"
    r"|[-－—―‐…‥*＊xXχ]+"
    r"|[0-9０-９]{1,4}[/／.．年-][0-9０-９]{1,2}(?:[/／.．月-][0-9０-９]{1,2}日?)?"
    r"|[0-9０-９]{1,2}[:：][0-9０-９]{2}(?::[0-9]{2})?"
    r"|(?:[RHSTMrhstm]|令和|平成|昭和|大正|明治)[0-9０-９元]{1,2}[./．年][0-9０-９].*"
)


def is_value_like(cell: str) -> bool:
    return bool(_VALUE_LIKE.fullmatch(cell.strip()))


def _is_text_row(cells: Cells) -> bool:
    values = [text(c) for c in cells if text(c)]
    return bool(values) and sum(map(is_value_like, values)) * 2 < len(values)


def detect_layout(records: Sequence[Record], merges: Sequence[MergedRange] = ()) -> Layout:
    """Find metadata, title rows, the (possibly multi-row) header and the first data row."""
    metadata: dict[str, str] = {}
    notes: list[Note] = []
    content: list[int] = []  # indexes of rows that are neither blank nor metadata
    property_row: int | None = None
    for index, record in enumerate(records):
        if is_blank(record.cells):
            continue
        key = metadata_key(record.cells)
        if key is None:
            content.append(index)
        elif key.lower() == "#property" and property_row is None and not content:
            property_row = index
    if property_row is not None:
        band = [property_row]
        notes.append(Note.of("header_from_property_row", row=records[property_row].line))
    else:
        band = _find_header_band(records, content[:HEADER_WINDOW], merges)
    band_end = band[-1] if band else -1
    first_data = next((i for i in content if i > band_end), None)
    title = _note_skipped_rows(records, content, band, first_data, metadata, notes)
    if band:
        columns, header_notes = _header_names(records, band, first_data, content, merges)
        notes.extend(header_notes)
    else:
        width = max(
            (f[-1] + 1 for f in (filled(records[i].cells) for i in content) if f), default=0
        )
        _check_width(width)
        columns = [f"列{i + 1}" for i in range(width)]
        notes.append(Note.of("header_not_found"))
    if first_data is not None:
        data_from = records[first_data].line
    elif band:
        data_from = records[band_end].line + 1
    else:
        data_from = 1
    return Layout(
        header_lines=tuple(records[i].line for i in band),
        columns=columns,
        data_from_line=data_from,
        metadata=metadata,
        title=title,
        notes=notes,
    )


def _find_header_band(
    records: Sequence[Record], window: list[int], merges: Sequence[MergedRange]
) -> list[int]:
    """The header rows: the first row that looks like a header, plus rows joined under it."""
    widths = {i: len(filled(records[i].cells)) for i in window}
    widest = max(widths.values(), default=0)
    for position, index in enumerate(window):
        cells = records[index].cells
        if not _is_text_row(cells):
            continue
        band = _grow_band(records, index, merges)
        if widest <= 1:
            return band
        wide = widths[index] >= max(2, math.ceil(widest / 2))
        if len(band) == 1 and not wide:
            continue
        # A two-cell row ("令和5年度, 人口統計") above a wider text row is a title.
        following = window[position + 1] if position + 1 < len(window) else None
        if (
            len(band) == 1
            and widths[index] <= 2 < widest
            and following is not None
            and _is_text_row(records[following].cells)
            and widths[following] > widths[index]
        ):
            continue
        return band
    return []


def _grow_band(records: Sequence[Record], top: int, merges: Sequence[MergedRange]) -> list[int]:
    """Rows under ``top`` that complete it into a multi-row header, longest band first."""
    for depth in range(MAX_HEADER_ROWS, 1, -1):
        band = list(range(top, top + depth))
        if band[-1] >= len(records):
            continue
        rows = [records[i] for i in band]
        if any(is_blank(r.cells) or metadata_key(r.cells) for r in rows):
            continue
        if len(filled(rows[0].cells)) < 2:
            continue  # one cell over the table is a title, never part of the header
        if all(_joins(rows[k], rows[k + 1 :], merges) for k in range(depth - 1)):
            return band
    return [top]


def _joins(upper: Record, lower: list[Record], merges: Sequence[MergedRange]) -> bool:
    """Whether ``upper`` is a group row over ``lower``: 人口,,, over 男,女,計."""
    below = _union([r.cells for r in lower])
    if not _is_text_row(lower[-1].cells) or len(filled(lower[-1].cells)) < 2:
        return False
    spans = _spans(upper, below, lower[0].line, merges)
    if not spans:
        return False
    # A label standing alone above an empty cell (a vertically merged 地区) is what tells a
    # header band from a header over a first data row, where every label has a value below.
    in_span = {j for start, end in spans for j in range(start, end + 1)}
    return all(not _at(below, j) for j in filled(upper.cells) if j not in in_span)


def _at(cells: Cells, j: int) -> str:
    return text(cells[j]) if j < len(cells) else ""


def _union(rows: list[Cells]) -> Cells:
    width = max(len(r) for r in rows)
    return [next((r[j] for r in rows if _at(r, j)), None) for j in range(width)]


def _spans(
    upper: Record, below: Cells, next_line: int, merges: Sequence[MergedRange]
) -> list[tuple[int, int]]:
    """Column ranges a label of ``upper`` stretches over, with labels below to split it.

    Excel says so with merged cells; a CSV export leaves the label followed by empty cells.
    """
    merged = [
        (m.first_col, m.last_col)
        for m in merges
        if m.first_line <= upper.line <= m.last_line < next_line and m.last_col > m.first_col
    ]
    if merged:
        return [
            (start, end)
            for start, end in merged
            if sum(1 for j in range(start, end + 1) if _at(below, j)) >= 2
        ]
    cells, spans = upper.cells, []
    width = max(len(cells), len(below))
    for j in filled(cells):
        end = j
        while end + 1 < width and not _at(cells, end + 1) and _at(below, end + 1):
            end += 1
        if end > j and _at(below, j):
            spans.append((j, end))
    return spans


def _band_labels(
    records: Sequence[Record], band: list[int], merges: Sequence[MergedRange], width: int
) -> list[list[str]]:
    """Each band row's labels per column, group labels stretched over their spans."""
    rows: list[list[str]] = []
    for k, index in enumerate(band):
        record = records[index]
        labels = [_at(record.cells, j) for j in range(width)]
        if k + 1 < len(band):
            lower = [records[i] for i in band[k + 1 :]]
            spans = _spans(record, _union([r.cells for r in lower]), lower[0].line, merges)
            for start, end in spans:
                for j in range(start + 1, min(end + 1, width)):
                    labels[j] = labels[start]
        rows.append(labels)
    return rows


def _header_names(
    records: Sequence[Record],
    band: list[int],
    first_data: int | None,
    content: list[int],
    merges: Sequence[MergedRange],
) -> tuple[list[str], list[Note]]:
    # Width: the header's last filled cell, stretched over data that at least two of the
    # first data rows (or the only one) have beyond it. Trailing empty columns that Excel pads
    # rows with get no name; one stray value is cut later and reported, not made a column.
    header_rows = [records[i].cells for i in band]
    width = max((f[-1] + 1 for f in map(filled, header_rows) if f), default=0)
    data = [] if first_data is None else [i for i in content if i >= first_data][:HEADER_WINDOW]
    ends = sorted((f[-1] + 1 for f in (filled(records[i].cells) for i in data) if f), reverse=True)
    if ends:
        width = max(width, ends[min(1, len(ends) - 1)])
    _check_width(width)
    label_rows = _band_labels(records, band, merges, width)
    raw: list[str] = []
    for j in range(width):
        parts: list[str] = []
        for labels in label_rows:
            part = labels[j]
            if part and (not parts or parts[-1] != part):
                parts.append(part)
        raw.append("_".join(parts))
    notes: list[Note] = []
    if len(band) > 1:
        lines = [records[i].line for i in band]
        example = next((name for name in raw if "_" in name), raw[0] if raw else "")
        notes.append(
            Note.of(
                "header_joined",
                row=lines[0],
                rows=f"{lines[0]}–{lines[-1]}",
                example=shorten(clean_name(example)),
            )
        )
    names, name_notes = unique_names(raw, row=records[band[0]].line)
    return names, notes + name_notes


def _check_width(width: int) -> None:
    if width > MAX_COLUMNS:
        raise TabularError.of("too_many_columns", count=width, limit=MAX_COLUMNS)


def _note_skipped_rows(
    records: Sequence[Record],
    content: list[int],
    band: list[int],
    first_data: int | None,
    metadata: dict[str, str],
    notes: list[Note],
) -> str | None:
    """Note title/preamble rows, collect metadata rows; return the first title's text."""
    header_start = band[0] if band else (content[0] if content else len(records))
    before_data = first_data if first_data is not None else len(records)
    title = None
    meta_count = 0
    for index, record in enumerate(records[:before_data]):
        if index in band:
            continue
        cells = record.cells
        if is_blank(cells):
            notes.append(Note.of("blank_row_skipped", row=record.line))
            continue
        key = metadata_key(cells)
        if key is not None:
            meta_count += 1
            value = ",".join(text(c) for c in cells[1:] if text(c))
            metadata.setdefault(key, value)
            continue
        if index >= header_start:
            continue
        words = " ".join(text(cells[j]) for j in filled(cells))
        if len(filled(cells)) == 1:
            title = title or words
            notes.append(Note.of("title_row_skipped", row=record.line, text=shorten(words)))
        else:
            notes.append(Note.of("preamble_row_skipped", row=record.line, text=shorten(words)))
    if meta_count:
        keys = ", ".join(list(metadata)[:6]) + (" …" if len(metadata) > 6 else "")
        notes.append(Note.of("metadata_rows", count=meta_count, keys=keys))
    return title


_BREAK = re.compile(r"\s*[\r\n]+\s*")


def clean_name(raw: str) -> str:
    """A header cell as a column name: no line breaks, no surrounding space.

    A break between two Japanese characters (利用可能\\n曜日) disappears; a break between
    words written in Latin letters (Opening\\nhours) becomes a space.
    """

    def join(match: re.Match[str]) -> str:
        before = raw[match.start() - 1] if match.start() else ""
        after = raw[match.end()] if match.end() < len(raw) else ""
        return " " if before.isascii() and after.isascii() else ""

    return _BREAK.sub(join, raw).strip()


def unique_names(raw: list[str], row: int | None = None) -> tuple[list[str], list[Note]]:
    """Column names that are non-empty and unique: 列3 for a blank one, 名称_2 for a repeat."""
    notes: list[Note] = []
    cleaned = [clean_name(name) for name in raw]
    for position, (original, name) in enumerate(zip(raw, cleaned, strict=True), start=1):
        if name and name != original:
            notes.append(
                Note.of("header_cleaned", row, name, original=shorten(original), name=name)
            )
        if not name:
            cleaned[position - 1] = f"列{position}"
    taken = set(cleaned)
    seen: set[str] = set()
    names: list[str] = []
    for position, name in enumerate(cleaned, start=1):
        if not text(raw[position - 1]):
            notes.append(Note.of("header_empty_named", row, name, position=position, name=name))
        if name in seen:
            suffix = 2
            while f"{name}_{suffix}" in taken:
                suffix += 1
            renamed = f"{name}_{suffix}"
            taken.add(renamed)
            notes.append(
                Note.of("header_duplicate_renamed", row, renamed, original=name, name=renamed)
            )
            name = renamed
        seen.add(name)
        names.append(name)
    return names, notes
