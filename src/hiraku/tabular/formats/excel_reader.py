"""Excel workbooks (xlsx and the older xls) read with python-calamine.

calamine loads one sheet into memory (about 90 bytes a cell), so memory is bounded by
capping what an xlsx may expand to, checked against the zip directory and then against what
actually comes out, before calamine opens it: a zip bomb posing as xlsx stops here.
Typed cells become text the way Excel shows them: dates as ISO 8601, integral numbers
without ".0", other numbers with Excel's 15 significant digits.
"""

from __future__ import annotations

import datetime
import os
import zipfile
from collections.abc import Iterator
from itertools import islice
from typing import Any

from python_calamine import (
    CalamineError,
    CalamineSheet,
    CalamineWorkbook,
    SheetTypeEnum,
    SheetVisibleEnum,
)

from hiraku.tabular.errors import Note, TabularError
from hiraku.tabular.formats import NoteSink, Numbered
from hiraku.tabular.layout import Cells, MergedRange, filled

MAX_MEMBER_BYTES = 256 * 1024 * 1024  # one sheet's XML, uncompressed
MAX_ARCHIVE_BYTES = 384 * 1024 * 1024  # the whole xlsx, uncompressed
MAX_RATIO = 200  # real sheets compress 5–20×; bombs 1000× and more
MAX_XLS_BYTES = 128 * 1024 * 1024
_SNIFF_ROWS = 40  # rows looked at to tell a sheet holding a table from a cover sheet


def check_archive(path: str | os.PathLike[str]) -> None:
    """Refuse an xlsx whose members expand beyond the caps, by their word and in fact."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            total = 0
            for info in members:
                total += info.file_size
                ratio = info.file_size / max(info.compress_size, 1)
                too_big = info.file_size > MAX_MEMBER_BYTES or total > MAX_ARCHIVE_BYTES
                if too_big or (ratio > MAX_RATIO and info.file_size > 1024 * 1024):
                    raise _too_large(info.filename, info.file_size)
            # The directory can lie about sizes; count what decompression really yields.
            for info in members:
                produced = 0
                with archive.open(info) as member:
                    while block := member.read(1024 * 1024):
                        produced += len(block)
                        if produced > max(info.file_size, 0) or produced > MAX_MEMBER_BYTES:
                            raise _too_large(info.filename, produced)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as exc:
        raise TabularError.of("spreadsheet_unreadable", detail=str(exc)[:120]) from None


def _too_large(member: str, size: int) -> TabularError:
    return TabularError.of("archive_too_large", member=member, size=size, limit=MAX_MEMBER_BYTES)


class ExcelSource:
    encoding = None
    columns = None
    empty_cell = None

    def __init__(self, path: str | os.PathLike[str], fmt: str, sheet: str | None = None) -> None:
        self.path = path
        self.format = fmt
        if fmt == "xlsx":
            check_archive(path)
        elif os.path.getsize(path) > MAX_XLS_BYTES:
            size = os.path.getsize(path)
            raise TabularError.of("file_too_large", size=size, limit=MAX_XLS_BYTES)
        self.notes: list[Note] = []
        with self._workbook() as book:
            self.sheets = list(book.sheet_names)
            name, loaded = self._choose_sheet(book, sheet)
            self.sheet: str | None = name
            self._col0 = loaded.start[1] if loaded.start else 0
            self._preview = list(islice(self._converted(loaded), _SNIFF_ROWS * 3))
            self.merges = [
                MergedRange(r0 + 1, r1 + 1, c0 - self._col0, c1 - self._col0)
                for (r0, c0), (r1, c1) in loaded.merged_cell_ranges or ()
            ]
        others = [n for n in self.sheets if n != self.sheet]
        if others:
            self.notes.append(Note.of("sheet_chosen", sheet=self.sheet, others=", ".join(others)))

    def preview(self, limit: int) -> list[tuple[int, Cells]]:
        return self._preview[:limit]

    def records(self, data_from_line: int = 1, note: NoteSink | None = None) -> Numbered:
        return Numbered(self._rows(data_from_line, note))

    def _rows(self, data_from_line: int, note: NoteSink | None) -> Iterator[tuple[int, Cells]]:
        merges = sorted(
            (m for m in self.merges if m.first_line >= data_from_line),
            key=lambda m: m.first_line,
        )
        with self._workbook() as book:
            rows = self._converted(self._load(book, self.sheet or ""))
            yield from _fill_merges(rows, merges, note) if merges else rows

    def _workbook(self) -> CalamineWorkbook:
        try:
            return CalamineWorkbook.from_path(os.fspath(self.path))
        except (CalamineError, OSError, ValueError) as exc:
            raise TabularError.of("spreadsheet_unreadable", detail=str(exc)[:120]) from None

    def _load(self, book: CalamineWorkbook, name: str) -> CalamineSheet:
        try:
            return book.get_sheet_by_name(name)
        except (CalamineError, ValueError) as exc:
            raise TabularError.of("spreadsheet_unreadable", detail=str(exc)[:120]) from None

    def _choose_sheet(
        self, book: CalamineWorkbook, wanted: str | None
    ) -> tuple[str, CalamineSheet]:
        if wanted is not None:
            if wanted not in book.sheet_names:
                available = ", ".join(book.sheet_names)
                raise TabularError.of("sheet_not_found", sheet=wanted, available=available)
            return wanted, self._load(book, wanted)
        fallback = None
        for meta in book.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet or meta.visible != SheetVisibleEnum.Visible:
                continue
            loaded = self._load(book, meta.name)
            rows = [cells for _, cells in islice(self._converted(loaded), _SNIFF_ROWS)]
            if sum(1 for cells in rows if len(filled(cells)) >= 2) >= 1:
                return meta.name, loaded
            if fallback is None and any(filled(cells) for cells in rows):
                fallback = (meta.name, loaded)
        if fallback is None:
            raise TabularError.of("no_table_in_workbook")
        return fallback

    @staticmethod
    def _converted(sheet: CalamineSheet) -> Iterator[tuple[int, Cells]]:
        # calamine yields every row from the sheet's first (empty rows above the data
        # included), so the position is the sheet row; columns start at the data's first.
        for index, values in enumerate(sheet.iter_rows()):
            yield index + 1, [excel_cell(value) for value in values]


def _fill_merges(
    rows: Iterator[tuple[int, Cells]], merges: list[MergedRange], note: NoteSink | None
) -> Iterator[tuple[int, Cells]]:
    """Copy each merged block's value into all its cells: a 区分 merged over five rows
    belongs to each of them."""
    waiting, active = list(reversed(merges)), []
    count = 0
    for line, cells in rows:
        while waiting and waiting[-1].first_line <= line:
            merge = waiting.pop()
            value = cells[merge.first_col] if 0 <= merge.first_col < len(cells) else None
            active.append((merge, value))
            count += 1
        for merge, value in active:
            for j in range(max(merge.first_col, 0), min(merge.last_col + 1, len(cells))):
                cells[j] = value
        active = [(m, v) for m, v in active if m.last_line > line]
        yield line, cells
    if count and note:
        note(Note.of("merged_cells_filled", count=count))


def excel_cell(value: Any) -> str | None:
    """A calamine cell value as text; None for an empty cell."""
    kind = type(value)
    if kind is str:
        return value or None
    if kind is float:
        # Excel keeps 15 significant digits; beyond them is binary noise (0.30000000000000004).
        rounded = float(f"{value:.15g}")
        return str(int(rounded)) if rounded.is_integer() else repr(rounded)
    if kind is int:
        return str(value)
    if kind is bool:
        return "TRUE" if value else "FALSE"
    if kind is datetime.datetime:
        return value.isoformat(timespec="seconds")
    if kind is datetime.date:
        return value.isoformat()
    if kind is datetime.time:
        return value.isoformat(timespec="seconds")
    if kind is datetime.timedelta:
        seconds = int(value.total_seconds())
        sign = "-" if seconds < 0 else ""
        hours, rest = divmod(abs(seconds), 3600)
        return f"{sign}{hours}:{rest // 60:02d}:{rest % 60:02d}"
    return None if value is None else str(value)
