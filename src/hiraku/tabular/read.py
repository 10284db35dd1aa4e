"""Open a table file: header, metadata and notes at once; data rows as a stream, as often as needed.

    table = open_table(path)
    stream = table.rows()
    for row in stream:          # RawRow(line=12, cells=[...]) — data rows only
        ...
    stream.notes                # complete once the stream is exhausted

    for lines, rows in table.rows().batches():   # the same rows, a few thousand at a time
        ...

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
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from operator import itemgetter
from typing import Any, NamedTuple

from hiraku.tabular.errors import Note, TabularError, shorten
from hiraku.tabular.formats import LineReader, Numbered, Source
from hiraku.tabular.formats.csv_reader import PART_END, CsvSource, Part, csv_error
from hiraku.tabular.formats.excel_reader import ExcelSource
from hiraku.tabular.formats.json_reader import JsonSource
from hiraku.tabular.layout import Cells, Layout, Record, detect_layout, filled, is_blank
from hiraku.tabular.sniff import FORMATS, detect_format, extension_format

PREVIEW_ROWS = 100  # rows read at open to find the layout
NOTES_PER_CODE = 100  # beyond this, one summary note per kind keeps reports readable
MAX_PENDING = 1000  # trailing-row candidates held back to decide whether they are footnotes
BATCH_ROWS = 4096  # rows handed on together (RowStream.batches)
_FIRST, _SECOND = itemgetter(0), itemgetter(1)

_FOOTNOTE = re.compile(r"\s*(?:※|＊|\*|注|[(（]注|出典|[(（]出典|資料|備考[:：])")


class RawRow(NamedTuple):
    """A data row: ``line`` is the 1-based line (CSV) or sheet row (Excel) where it starts;
    for JSON, the object's position in its array. ``cells`` has one entry per column;
    None where the file has no cell (padding, empty spreadsheet cell, JSON null)."""

    line: int
    cells: list[str | None]


Batch = tuple[Sequence[int], list[Cells]]  # (line of each row, rows)
ColumnBatch = tuple[Sequence[int], list[Sequence[Any]]]  # (line of each row, cells by column)


def column_batches(batches: Iterable[Batch]) -> Iterator[ColumnBatch]:
    """Batches of rows as batches of columns, as pass two works on them."""
    for lines, rows in batches:
        yield lines, list(zip(*rows, strict=True))


_PART_END_RECORD = [PART_END]


class PartMisaligned(Exception):
    """A first part did not end between two records (a quoted cell went on past its end):
    the file must be read from the start in one piece."""


class PartOutcome(NamedTuple):
    """What reading a later part found besides rows, for the first part's stream to ``join``.
    ``went_on``: a full row showed that the table went on into the part (so the rows the
    first part held back at its end are inside the table)."""

    notes: list[Note]
    note_counts: Counter[str]
    footnotes: list[str]
    row_count: int
    went_on: bool


def _record_lines(records: list[Cells], start: int, end: int) -> Sequence[int]:
    """The line each of ``records`` starts on, given that they fill lines start…end.

    A record takes one line plus one for each line break inside its (quoted) cells; when
    there are as many lines as records (nearly always) no record needs looking at.
    """
    if end - start + 1 == len(records):
        return range(start, end + 1)
    lines = []
    line = start
    for cells in records:
        lines.append(line)
        text = "".join(cells)  # type: ignore[arg-type] - csv cells are strings
        line += 1 + text.count("\n") + text.count("\r") - text.count("\r\n")
    return lines


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
        self.data_from: int = layout.data_from_line  # the line the data rows start on
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
        # open_table's arguments, for another process to open the same table (helper.py)
        self.opened_with: dict[str, Any] | None = None

    def rows(
        self, part: Part | None = None, pending: Sequence[tuple[int, Cells]] = ()
    ) -> RowStream:
        """A fresh pass over the data rows (the file is re-opened), or over ``part`` of a
        delimited file (see RowStream); ``pending``: what an earlier part held back."""
        notes = [] if part is not None and part.start else self.notes  # the first part's
        return RowStream(
            self._source, len(self.columns), self.data_from, notes, part, pending
        )


class RowStream:
    """One pass over the data rows, as single rows (iteration) or batches (``batches()``;
    use one or the other). ``notes``, ``footnotes``, ``row_count`` and ``note_counts`` are
    complete once the pass has ended (``done`` is then True).

    Over a ``part`` of a delimited file (helper.py reads a big file in two), a first part
    ends holding back its trailing blank or one-cell rows (``pending``; ``flush_pending``
    once the next part shows the table goes on) and raises PartMisaligned if it did not
    end between records; a later part ends with its ``outcome()``, which the first part's
    stream then ``join``s, ending complete as if it had read the whole file.
    """

    def __init__(
        self, source: Source, width: int, data_from: int, notes: list[Note],
        part: Part | None = None, pending: Sequence[tuple[int, Cells]] = (),
    ) -> None:  # fmt: skip
        self.notes: list[Note] = list(notes)
        self.note_counts: Counter[str] = Counter(note.code for note in notes)
        self.footnotes: list[str] = []
        self.row_count = 0
        self.done = False
        self._width = width
        self._source = source
        self._pending: list[tuple[int, Cells]] = list(pending)  # blank or one-cell rows
        self._part = part
        self.went_on = False
        if part is not None:
            assert isinstance(source, CsvSource), "only delimited files are read in parts"
            records = source.records(data_from, self._add, part)
        else:
            records = source.records(data_from, self._add)
        if source.columns is not None:  # JSON: every object is a record; no layout to undo
            self._batches = self._plain(records)
        elif isinstance(records, Numbered):
            self._batches = self._numbered(records, data_from, source.empty_cell)
        else:
            self._batches = self._delimited(records, data_from, source.empty_cell)
        self._rows = self._single_rows()

    def __iter__(self) -> Iterator[RawRow]:
        return self._rows

    def __next__(self) -> RawRow:
        return next(self._rows)

    def batches(self) -> Iterator[Batch]:
        """The data rows a batch at a time: (lines, rows), every row ``width`` cells long."""
        return self._batches

    def close(self) -> None:
        """Stop early and release the file."""
        self._rows.close()
        self._batches.close()

    @property
    def pending(self) -> list[tuple[int, Cells]]:
        return self._pending

    def flush_pending(self) -> Batch | None:
        """A first part's held-back rows as data (the table went on): blank ones skipped."""
        lines: list[int] = []
        rows: list[Cells] = []
        self._flush(lines, rows)
        self.row_count += len(rows)
        return (lines, rows) if rows else None

    def outcome(self) -> PartOutcome:
        """What a later part found besides rows, once done."""
        return PartOutcome(
            self.notes, self.note_counts, self.footnotes, self.row_count, self.went_on
        )

    def join(self, later: PartOutcome) -> None:
        """Finish a first part with what the rest of the file held (``outcome()``)."""
        noted = Counter(note.code for note in later.notes)
        for note in later.notes:
            self._add(note)
        for code, count in later.note_counts.items():
            self.note_counts[code] += count - noted[code]  # beyond the later part's notes
        self.footnotes.extend(later.footnotes)
        self._finish(self.row_count + later.row_count)

    def _single_rows(self) -> Iterator[RawRow]:
        for lines, rows in self._batches:
            yield from map(RawRow, lines, rows)

    def _add(self, note: Note) -> None:
        self.note_counts[note.code] += 1
        if self.note_counts[note.code] <= NOTES_PER_CODE:
            self.notes.append(note)

    def _plain(self, reader: LineReader) -> Iterator[Batch]:
        count = 0
        iterator = iter(reader)
        while True:
            lines, rows = [], []
            for cells in islice(iterator, BATCH_ROWS):
                lines.append(reader.line_num)
                rows.append(cells)
            if not rows:
                break
            count += len(rows)
            yield lines, rows
        self._finish(count)

    def _delimited(self, reader: LineReader, data_from: int, empty: str | None) -> Iterator[Batch]:
        """csv.reader records, a batch at a time: a batch of full rows of the header's width
        (nearly every batch of nearly every file) passes on as it is, without a Python step
        per row; any other batch is sorted row by row (``_sort``)."""
        full_rows_possible = self._width >= 2
        count = 0
        part = self._part
        before = end = part.lines_before if part is not None else 0  # reader counts from 0
        ends_early = part is not None and part.end is not None
        ended_between_records = False
        try:
            while end < data_from - 1 and next(reader, None) is not None:  # title, header
                end = reader.line_num
            while records := list(islice(reader, BATCH_ROWS)):
                start, end = end + 1, before + reader.line_num
                if ends_early and records[-1] == _PART_END_RECORD:  # the last record read
                    ended_between_records = True
                    records.pop()
                    end -= 1
                    if not records:
                        break
                lines = _record_lines(records, start, end)
                if (
                    full_rows_possible
                    and not self._pending
                    and set(map(len, records)) == {self._width}
                    and all(map(_FIRST, records))
                    and all(map(_SECOND, records))
                ):
                    count += len(records)
                    self.went_on = True
                    yield lines, records
                elif batch := self._sort(zip(lines, records, strict=True), data_from, empty):
                    count += len(batch[0])
                    self.went_on = True
                    yield batch
        except csv.Error as exc:
            raise csv_error(exc, self._line_of_error()) from None
        if ends_early:
            if not ended_between_records:
                raise PartMisaligned
            self.row_count, self.done = count, True  # pending: for the next part to decide
            return
        if tail := self._tail():
            count += len(tail[0])
            yield tail
        if part is not None and part.start:
            self.row_count, self.done = count, True  # the first part's stream joins this
            return
        self._finish(count)

    def _numbered(self, reader: Numbered, data_from: int, empty: str | None) -> Iterator[Batch]:
        """Spreadsheet rows: each row's line comes from the reader, so rows go one by one."""
        def pairs() -> Iterator[tuple[int, Cells]]:
            end = 0
            for cells in reader:
                line, end = end + 1, reader.line_num
                yield line, cells

        count = 0
        numbered = pairs()
        while chunk := list(islice(numbered, BATCH_ROWS)):
            if batch := self._sort(chunk, data_from, empty):
                count += len(batch[0])
                yield batch
        if tail := self._tail():
            count += len(tail[0])
            yield tail
        self._finish(count)

    def _sort(
        self, pairs: Iterable[tuple[int, Cells]], data_from: int, empty: str | None
    ) -> Batch | None:
        """Rows one by one: data rows out; blank and one-cell rows held back until a later
        full row shows they are inside the table (footnotes come only at the end)."""
        width = self._width
        footnotes_possible = width >= 2
        pending = self._pending
        lines: list[int] = []
        rows: list[Cells] = []
        for line, cells in pairs:
            if line < data_from:
                continue
            if footnotes_possible:
                # Most rows have their first two cells filled and leave here at once.
                full = len(cells) > 1 and cells[0] and cells[1]
                if not full and len(cells) - cells.count(empty) < 2:
                    pending.append((line, cells))
                    if len(pending) > MAX_PENDING:
                        self._flush(lines, rows)
                    continue
            elif is_blank(cells):
                self._add(Note.of("blank_row_skipped", row=line))
                continue
            if pending:
                self._flush(lines, rows)
            lines.append(line)
            rows.append(cells if len(cells) == width else self._fit(line, cells))
        return (lines, rows) if rows else None

    def _flush(self, lines: list[int], rows: list[Cells]) -> None:
        """Rows held back turned out to be inside the table: blank ones are skipped."""
        for line, cells in self._pending:
            if is_blank(cells):
                self._add(Note.of("blank_row_skipped", row=line))
            else:
                lines.append(line)
                rows.append(self._fit(line, cells))
        self._pending.clear()

    def _tail(self) -> Batch | None:
        """Rows after the last full row: footnotes once a ※/注/出典 row, a blank row or a
        short unpadded line (`出典：…` written alone) starts them; before that, data."""
        in_footnotes = False
        lines: list[int] = []
        rows: list[Cells] = []
        for line, cells in self._pending:
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
                lines.append(line)
                rows.append(self._fit(line, cells))
        self._pending.clear()
        return (lines, rows) if rows else None

    def _line_of_error(self) -> int:
        """The line where the record csv could not read starts. Batches do not track each
        record's line, so the file is read again up to the error (only ever on this path)."""
        reader = self._source.records()
        end = 0
        try:
            for _ in reader:
                end = reader.line_num
        except csv.Error:
            pass
        return end + 1

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
    else:
        preview = [Record(line, cells) for line, cells in source.preview(PREVIEW_ROWS)]
        if all(is_blank(record.cells) for record in preview):
            raise TabularError.of("empty_file")
        layout = detect_layout(preview, source.merges)
    table = RawTable(source, layout, notes)
    table.opened_with = {"path": os.fspath(path), "sheet": sheet, "format": format,
                         "filename": filename}  # fmt: skip
    return table


def _family(fmt: str) -> str:
    return {"tsv": "csv", "geojson": "json"}.get(fmt, fmt)


def _source(path: str | os.PathLike[str], fmt: str, sheet: str | None, filename: str | None):
    if fmt in ("csv", "tsv"):
        delimiter = "\t" if fmt == "tsv" else None
        return CsvSource(path, delimiter=delimiter, filename=filename)
    if fmt in ("xlsx", "xls"):
        return ExcelSource(path, fmt, sheet)
    return JsonSource(path)
