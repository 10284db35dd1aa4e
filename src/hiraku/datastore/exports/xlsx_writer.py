"""XLSX through openpyxl's write-only mode: rows go to a temporary file as they come (an
.xlsx is a zip, which cannot be sent before it is finished), then the file goes out in chunks.
Memory stays flat; the first byte waits until the last row is written.

Cells keep their types: numbers as numbers, dates as dates. Text is always a text cell, so
nothing runs as a formula; text that a spreadsheet would take for one (=, +, -, @, tab, CR) also
gets Excel's own "quote prefix" style, as when someone types '=1, so editing the cell later
does not turn it into a formula either. The text itself stays as stored.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from hiraku.datastore.exports.cells import FORMULA_TRIGGERS, Field, record_keys
from hiraku.datastore.exports.chunks import file_chunks
from hiraku.datastore.exports.counts import ExportCounts

ROWS_PER_SHEET = 1_048_575  # Excel's 1,048,576 rows, less the header
MAX_TEXT = 32_767  # Excel's limit for one cell; openpyxl would cut silently
MAX_EXACT_INTEGER = 10**15  # Excel keeps 15 significant digits; longer integers go as text
FIRST_DATE = dt.date(1900, 3, 1)  # earlier Excel serials are off by Lotus's 1900 leap day
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # control characters XML 1.0 forbids
_NOT_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
_SHEET_NAME_LENGTH = 31


def sheet_name(stem: str, number: int = 1) -> str:
    """A worksheet name Excel accepts: ≤ 31 characters, none of []:*?/\\, "data (2)" after."""
    base = _NOT_IN_SHEET_NAME.sub("_", _NOT_XML.sub("", stem)).strip("' ") or "data"
    suffix = f" ({number})" if number > 1 else ""
    return base[: _SHEET_NAME_LENGTH - len(suffix)].rstrip("' ") + suffix


class _Cells:
    """Turns stored values into what openpyxl writes, for the sheet being filled."""

    def __init__(self, counts: ExportCounts) -> None:
        self.counts = counts
        self.sheet: WriteOnlyWorksheet | None = None

    def converter(self, type_: str) -> Callable[[Any], Any]:
        converters: dict[str, Callable[[Any], Any]] = {
            "integer": self.number, "number": self.number, "boolean": self.boolean,
            "date": self.date, "datetime": self.datetime, "time": self.time,
        }  # fmt: skip
        return converters.get(type_, self.text)

    def text(self, value: Any) -> Any:
        if value is None:
            return None
        text = _NOT_XML.sub("", value if isinstance(value, str) else str(value))
        if len(text) > MAX_TEXT:
            text = text[:MAX_TEXT]
            self.counts.shortened += 1
        risky = text.startswith(FORMULA_TRIGGERS)
        if not risky and text not in ERROR_CODES:
            return text
        # openpyxl makes "=…" a formula and "#N/A" an error value; force a text cell.
        cell = WriteOnlyCell(self.sheet, text)
        cell.data_type = "s"
        if risky:
            cell.quotePrefix = True
        return cell

    def number(self, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            return self.text(value)
        if isinstance(value, int):
            return value if abs(value) < MAX_EXACT_INTEGER else self.text(str(value))
        return value if math.isfinite(value) else None

    def boolean(self, value: Any) -> Any:
        return bool(value) if isinstance(value, bool | int) else self.text(value)

    def date(self, value: Any) -> Any:
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                value = dt.date.fromisoformat(value)
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value if value >= FIRST_DATE else value.isoformat()
        return self.datetime(value)

    def datetime(self, value: Any) -> Any:
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                value = dt.datetime.fromisoformat(value)
        if isinstance(value, dt.datetime):
            value = value.replace(tzinfo=None)  # Excel has no time zones: keep the wall time
            return value if value.date() >= FIRST_DATE else value.isoformat(sep=" ")
        return self.text(value)

    def time(self, value: Any) -> Any:
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                value = dt.time.fromisoformat(value)
        if isinstance(value, dt.time):
            return value.replace(tzinfo=None)
        return self.text(value)

    def header(self, label: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.sheet, _NOT_XML.sub("", label)[:MAX_TEXT])
        cell.data_type = "s"
        cell.font = Font(bold=True)
        return cell


def write_xlsx(
    fields: Sequence[Field],
    rows: Iterable[Sequence[Any]],
    counts: ExportCounts,
    *,
    title: str = "data",
) -> Iterator[bytes]:
    labels = record_keys(fields)
    cells = _Cells(counts)
    converters = [cells.converter(field["type"]) for field in fields]

    def new_sheet(book: Workbook) -> WriteOnlyWorksheet:
        counts.sheets += 1
        sheet = book.create_sheet(sheet_name(title, counts.sheets))
        sheet.freeze_panes = "A2"
        cells.sheet = sheet
        sheet.append([cells.header(label) for label in labels])
        return sheet

    def chunks() -> Iterator[bytes]:
        book = Workbook(write_only=True)
        saved = False
        try:
            with tempfile.TemporaryFile() as handle:
                sheet = new_sheet(book)
                in_sheet = 0
                for row in rows:
                    if in_sheet == ROWS_PER_SHEET:
                        sheet, in_sheet = new_sheet(book), 0
                    sheet.append([convert(v) for convert, v in zip(converters, row, strict=True)])
                    in_sheet += 1
                    counts.rows += 1
                book.save(handle)
                saved = True
                yield from file_chunks(handle)
        finally:
            if not saved:
                _discard(book)

    return chunks()


def _discard(book: Workbook) -> None:
    """Remove the per-sheet temporary files of an export stopped before saving (the row
    source failed); openpyxl would otherwise keep them until the process exits."""
    for sheet in book.worksheets:
        with contextlib.suppress(Exception):
            sheet.close()  # ends openpyxl's row writer, which would write to a closed file
        writer = getattr(sheet, "_writer", None)
        if writer is not None:
            with contextlib.suppress(OSError, ValueError):
                writer.cleanup()
