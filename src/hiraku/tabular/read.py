"""Open a table file: header, metadata and notes at once; data rows as a stream, as often as needed.

    table = open_table(path)
    stream = table.rows()
    for row in stream:          # RawRow(line=12, cells=[...]) — data rows only
        ...
    stream.notes                # complete once the stream is exhausted

``table.notes`` holds what opening the file found (encoding, skipped title rows, renamed
headers…); each ``rows()`` pass starts from those and adds what only reading every row can
find (blank and ragged rows, footnotes at the end). Rows keep their line numbers as in the
file, header counted, so a report can point the publisher at the spot.
"""

from __future__ import annotations

import csv
import os
import re
from collections import Counter
from collections.abc import Iterator
from typing import NamedTuple

from hiraku.tabular.errors import Note, TabularError, shorten
from hiraku.tabular.formats import LineReader, Source
from hiraku.tabular.formats.csv_reader import CsvSource, csv_error
from hiraku.tabular.formats.excel_reader import ExcelSource
from hiraku.tabular.formats.json_reader import JsonSource
from hiraku.tabular.layout import Cells, Layout, Record, detect_layout, filled, is_blank
from hiraku.tabular.sniff import FORMATS, detect_format, extension_format

PREVIEW_ROWS = 100  # rows read at open to find the layout
NOTES_PER_CODE = 100  # beyond this, one summary note per kind keeps reports readable
MAX_PENDING = 1000  # trailing-row candidates held back to decide whether they are footnotes

_FOOTNOTE = re.compile(r"\s*(?:※|＊|\*|注|[(（]注|出典|[(（]出典|資料|備考[:：])")


class RawRow(NamedTuple):
    """A data row: ``line`` is the 1-based line (CSV) or sheet row (Excel) where it starts;
    for JSON, the object's position in its array. ``cells`` has one entry per column;
    None where the file has no cell (padding, empty spreadsheet cell, JSON null)."""

    line: int
    cells: list[str | None]


class RawTable:
    """A table file after sniffing: everything but the data rows, which ``rows()`` streams.

    ``format``: "csv", "tsv", "xlsx", "xls", "json" or "geojson". ``encoding``: the Python
    codec of a text file (None for Excel). ``sheet``/``sheets``: the sheet read and all sheets.
    ``header_row``: 1-based line (sheet row) of the header, its first line when several were
    joined (all in ``header_lines``); 0 when there is none (JSON, or no header found).
    ``columns``: final names, joined and made unique. ``metadata``: ``#key`` rows.
    ``title``: the first title row above the header. ``notes``: what opening found.
    """

    def __init__(self, source: Source, layout: Layout, notes: list[Note]) -> None:
        self._source = source
        self._data_from = layout.data_from_line
        self.format: str = source.format
        self.encoding: str | None = source.encoding
        self.sheet: str | None = source.sheet
        self.sheets: list[str] = source.sheets
        self.header_lines: tuple[int, ...] = layout.header_lines
        self.header_row: int = layout.header_lines[0] if layout.header_lines else 0
        self.columns: list[str] = layout.columns
        self.metadata: dict[str, str] = layout.metadata
        self.title: str | None = layout.title
        self.notes: list[Note] = [*notes, *source.notes, *layout.notes]

    def rows(self) -> RowStream:
        """A fresh pass over the data rows (the file is re-opened)."""
        return RowStream(self._source, len(self.columns), self._data_from, self.notes)


class RowStream:
    """One pass over the data rows. ``notes``, ``footnotes``, ``row_count`` and
    ``note_counts`` are complete once iteration has ended (``done`` is then True)."""

    def __init__(self, source: Source, width: int, data_from: int, notes: list[Note]) -> None:
        self.notes: list[Note] = list(notes)
        self.note_counts: Counter[str] = Counter(note.code for note in notes)
        self.footnotes: list[str] = []
        self.row_count = 0
        self.done = False
        self._width = width
        records = source.records(data_from, self._add)
        if source.columns is None:
            self._rows = self._generate(records, data_from, source.empty_cell)
        else:  # JSON: every object is a record; there is no layout to undo
            self._rows = self._plain(records)

    def __iter__(self) -> Iterator[RawRow]:
        return self._rows

    def __next__(self) -> RawRow:
        return next(self._rows)

    def close(self) -> None:
        """Stop early and release the file."""
        self._rows.close()

    def _add(self, note: Note) -> None:
        self.note_counts[note.code] += 1
        if self.note_counts[note.code] <= NOTES_PER_CODE:
            self.notes.append(note)

    def _plain(self, reader: LineReader) -> Iterator[RawRow]:
        count = 0
        for cells in reader:
            count += 1
            yield RawRow(reader.line_num, cells)
        self._finish(count)

    def _generate(self, reader: LineReader, data_from: int, empty: str | None) -> Iterator[RawRow]:
        width = self._width
        footnotes_possible = width >= 2
        pending: list[tuple[int, Cells]] = []  # held back: blank or one-cell rows
        count = 0
        end = 0
        try:
            for cells in reader:
                line = end + 1
                end = reader.line_num
                if line < data_from:
                    continue
                if footnotes_possible:
                    # Most rows have their first two cells filled and leave here at once.
                    full = len(cells) > 1 and cells[0] and cells[1]
                    if not full and len(cells) - cells.count(empty) < 2:
                        pending.append((line, cells))
                        if len(pending) <= MAX_PENDING:
                            continue
                        flushed, pending = self._flush(pending), []
                        count += len(flushed)
                        yield from flushed
                        continue
                elif is_blank(cells):
                    self._add(Note.of("blank_row_skipped", row=line))
                    continue
                if pending:
                    flushed, pending = self._flush(pending), []
                    count += len(flushed)
                    yield from flushed
                if len(cells) != width:
                    cells = self._fit(line, cells)
                count += 1
                yield RawRow(line, cells)
        except csv.Error as exc:
            raise csv_error(exc, end + 1) from None
        for row in self._flush_tail(pending):
            count += 1
            yield row
        self._finish(count)

    def _flush(self, pending: list[tuple[int, Cells]]) -> list[RawRow]:
        """Rows held back turned out to be inside the table: blank ones are skipped."""
        rows = []
        for line, cells in pending:
            if is_blank(cells):
                self._add(Note.of("blank_row_skipped", row=line))
            else:
                rows.append(RawRow(line, self._fit(line, cells)))
        return rows

    def _flush_tail(self, pending: list[tuple[int, Cells]]) -> Iterator[RawRow]:
        """Rows after the last full row: footnotes once a ※/注/出典 row, a blank row or a
        short unpadded line (`出典：…` written alone) starts them; before that, data."""
        in_footnotes = False
        for line, cells in pending:
            if is_blank(cells):
                self._add(Note.of("blank_row_skipped", row=line))
                in_footnotes = self._width >= 2
                continue
            words = " ".join((cells[j] or "").strip() for j in filled(cells))
            in_footnotes = in_footnotes or (
                self._width >= 2
                and len(filled(cells)) == 1
                and (bool(_FOOTNOTE.match(words)) or len(cells) < self._width)
            )
            if in_footnotes:
                self.footnotes.append(words)
                self._add(Note.of("footnote_row", row=line, text=shorten(words)))
            else:
                yield RawRow(line, self._fit(line, cells))

    def _fit(self, line: int, cells: Cells) -> Cells:
        """Pad a short row with None, cut a long one (noting any value that is lost)."""
        width = self._width
        if len(cells) == width:
            return cells
        if len(cells) < width:
            if len(cells) > 0 and filled(cells):
                self._add(Note.of("row_padded", row=line, count=len(cells), width=width))
            return [*cells, *([None] * (width - len(cells)))]
        extra = [c for c in cells[width:] if c and not c.isspace()]
        if extra:
            self._add(
                Note.of("row_truncated", row=line, count=len(extra), text=shorten(extra[0] or ""))
            )
        return cells[:width]

    def _finish(self, count: int) -> None:
        self.row_count = count
        if count == 0:
            self._add(Note.of("no_data_rows"))
        for code, total in self.note_counts.items():
            if total > NOTES_PER_CODE:
                more = Note.of("more_notes", kind=code, count=total - NOTES_PER_CODE)
                self.notes.append(more)
        self.done = True


def open_table(
    path: str | os.PathLike[str],
    *,
    sheet: str | None = None,
    format: str | None = None,
    filename: str | None = None,
) -> RawTable:
    """Sniff a file and find its table. ``filename`` (the uploaded name) only breaks ties the
    content leaves open; ``format`` skips format detection; ``sheet`` picks an Excel sheet."""
    if not os.path.exists(path):
        raise TabularError.of("file_unreadable", detail="not found")
    if os.path.getsize(path) == 0:
        raise TabularError.of("empty_file")
    notes: list[Note] = []
    detected = detect_format(path, filename=filename)
    fmt = format or detected
    if fmt not in FORMATS:
        raise TabularError.of("unsupported_format", kind=fmt)
    claimed = extension_format(filename or os.fspath(path))
    if claimed and _family(claimed) != _family(detected):
        notes.append(Note.of("extension_mismatch", extension=claimed, format=detected))
    source = _source(path, fmt, sheet, filename)
    if source.columns is not None:
        layout = Layout(header_lines=(), columns=source.columns, data_from_line=1)
        return RawTable(source, layout, notes)
    preview = [Record(line, cells) for line, cells in source.preview(PREVIEW_ROWS)]
    if all(is_blank(record.cells) for record in preview):
        raise TabularError.of("empty_file")
    return RawTable(source, detect_layout(preview, source.merges), notes)


def _family(fmt: str) -> str:
    return {"tsv": "csv", "geojson": "json"}.get(fmt, fmt)


def _source(path: str | os.PathLike[str], fmt: str, sheet: str | None, filename: str | None):
    if fmt in ("csv", "tsv"):
        delimiter = "\t" if fmt == "tsv" else None
        return CsvSource(path, delimiter=delimiter, filename=filename)
    if fmt in ("xlsx", "xls"):
        return ExcelSource(path, fmt, sheet)
    return JsonSource(path)
