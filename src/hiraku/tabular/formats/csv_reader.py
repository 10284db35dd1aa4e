"""CSV and TSV: bytes → strictly decoded lines → ``csv.reader`` records, streamed.

Decoding runs chunk by chunk through an incremental strict decoder, so memory stays flat
and a byte that is not valid in the detected encoding stops the read with the line it is on.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections.abc import Iterator
from itertools import chain
from typing import Any, NamedTuple

from hiraku.tabular.errors import TabularError
from hiraku.tabular.formats import NoteSink
from hiraku.tabular.layout import Cells, MergedRange
from hiraku.tabular.sniff import (
    EncodingResult,
    detect_delimiter,
    detect_encoding,
    extension_format,
    read_sample,
)

CHUNK_BYTES = 1024 * 1024
# A line longer than this is a file without line breaks or not a table at all; refusing it
# keeps memory bounded (a 50 MB one-line file must not become a 50 MB list of fields).
MAX_LINE_CHARS = 4 * 1024 * 1024
# csv's default per-field limit. The limit is process-wide state that other libraries change
# on import (frictionless raises it), so each reader sets it again rather than trusting it.
FIELD_LIMIT = 131_072
# Ends a part that stops before the end of the file (Part.end): read as a record of its own
# only when the part ends between records; inside a quoted cell it joins that cell.
PART_END = "\x1fhiraku: end of part\x1f"
# Codecs in which the bytes of a line break or a quote are never part of another character,
# so a file can be cut at a line break and each part decoded on its own.
CUTTABLE_CODECS = frozenset({"ascii", "utf-8", "utf-8-sig", "cp932", "shift_jis", "euc_jp"})
CUT_WINDOW_BYTES = 1 << 20  # how far cut_in_two looks for a line start after its target


class Part(NamedTuple):
    """Bytes ``start``…``end`` of a delimited file (``end`` None: to the end), cut where a
    line starts; ``lines_before`` lines come before ``start``. Two processes each read a
    part of a big file (helper.py)."""

    start: int
    end: int | None
    lines_before: int


class CsvSource:
    """A delimited text file; ``encoding`` and ``delimiter`` are sniffed unless given."""

    sheet = None
    merges: tuple[MergedRange, ...] = ()
    empty_cell = ""
    columns = None

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        encoding: EncodingResult | None = None,
        delimiter: str | None = None,
        filename: str | None = None,
    ) -> None:
        self.path = path
        self.detected = encoding or detect_encoding(path)
        self.encoding = self.detected.codec
        self.notes = list(self.detected.notes)
        self.sheets: list[str] = []
        if delimiter is None:
            sample, complete = read_sample(path)
            decoder = codecs.getincrementaldecoder(self.encoding)("strict")
            try:
                text = decoder.decode(sample, complete)
            except UnicodeDecodeError as error:
                # Encodings mixed within the sample: the delimiter shows in the clean part, and
                # reading stops at the bad line and names it (see _blocks).
                decoder.reset()
                text = decoder.decode(sample[: error.start], False)
            claimed = extension_format(filename or os.fspath(path))
            delimiter = detect_delimiter(text, prefer_tab=claimed == "tsv")
        self.delimiter = delimiter
        self.format = "tsv" if delimiter == "\t" else "csv"

    def preview(self, limit: int) -> list[tuple[int, Cells]]:
        reader = self.records()
        rows: list[tuple[int, Cells]] = []
        end = 0
        try:
            for cells in reader:
                rows.append((end + 1, cells))  # type: ignore[arg-type] - list[str] is Cells
                end = reader.line_num
                if len(rows) >= limit:
                    break
        except csv.Error as exc:
            raise csv_error(exc, end + 1) from None
        return rows

    def records(
        self, data_from_line: int = 1, note: NoteSink | None = None, part: Part | None = None
    ) -> Any:
        """A ``csv.reader`` over the decoded file (which it closes when exhausted or dropped),
        or over ``part`` of it; a part that ends early ends with a ``PART_END`` line.

        Callers turn ``csv.Error`` into ``TabularError`` with ``csv_error``.
        """
        csv.field_size_limit(FIELD_LIMIT)
        lines = decoded_lines(self.path, self.encoding, part)
        if part is not None and part.end is not None:
            lines = chain(lines, [PART_END + "\n"])
        return csv.reader(lines, delimiter=self.delimiter)


def cut_in_two(path: str | os.PathLike[str], target: int) -> tuple[Part, Part] | None:
    """The file cut at the first line start from byte ``target`` on where the quotes before
    it pair up: between two records in a file quoted as RFC 4180 says (the reader of the
    first part still checks, see PART_END). Without such a line start in the next MiB, the
    first line start. None when no line starts after ``target``, or nothing follows it."""
    counted = _Counts()
    with open(path, "rb") as handle:
        while counted.bytes < target:
            chunk = handle.read(min(CHUNK_BYTES, target - counted.bytes))
            if not chunk:
                return None
            counted.add(chunk)
        window = handle.read(CUT_WINDOW_BYTES)
    first = cut = window.find(b"\n") + 1  # the start of the line after it; 0: none
    quotes, start = counted.quotes, 0
    while cut:
        quotes += window.count(b'"', start, cut)
        if quotes % 2 == 0:
            break
        start, cut = cut, window.find(b"\n", cut) + 1
    cut = cut or first
    if not cut:
        return None
    counted.add(window[:cut])
    if counted.bytes >= os.path.getsize(path):
        return None  # the last line break: nothing after it
    return Part(0, counted.bytes, 0), Part(counted.bytes, None, counted.lines())


class _Counts:
    """Bytes, quotes and lines (as universal newlines count them: \n, \r, \r\n) so far."""

    def __init__(self) -> None:
        self.bytes = self.quotes = self.newlines = self.returns = self.pairs = 0
        self.last = b""

    def add(self, chunk: bytes) -> None:
        self.bytes += len(chunk)
        self.quotes += chunk.count(b'"')
        self.newlines += chunk.count(b"\n")
        self.returns += chunk.count(b"\r")
        self.pairs += chunk.count(b"\r\n") + (self.last == b"\r" and chunk[:1] == b"\n")
        self.last = chunk[-1:] or self.last

    def lines(self) -> int:
        return self.newlines + self.returns - self.pairs


def csv_error(exc: csv.Error, line: int) -> TabularError:
    detail = str(exc)
    if "field limit" in detail:
        return TabularError.of("field_too_large", row=line, line=line, limit=FIELD_LIMIT)
    return TabularError.of("csv_malformed", row=line, line=line, detail=detail)


def decoded_lines(
    path: str | os.PathLike[str], codec: str, part: Part | None = None
) -> Iterator[str]:
    """Lines of a binary file (or of ``part`` of it), decoded strictly, line endings kept
    (as csv.reader needs).

    Text is decoded a megabyte at a time and cut after its last line break; the lines of
    each block are then iterated in C (StringIO inside chain), which keeps decoding at
    several hundred thousand lines a second.
    """
    return chain.from_iterable(_decoded_blocks(path, codec, part or Part(0, None, 0)))


def _decoded_blocks(path: str | os.PathLike[str], codec: str, part: Part) -> Iterator[io.StringIO]:
    if part.start and codecs.lookup(codec).name == "utf-8-sig":
        codec = "utf-8"  # a U+FEFF starting a line mid-file is text, not a byte order mark
    with open(path, "rb") as handle:
        handle.seek(part.start)
        left = None if part.end is None else part.end - part.start
        yield from _blocks(handle, codec, part.lines_before, left)


def _blocks(
    handle: io.BufferedIOBase, codec: str, newlines_before: int = 0, left: int | None = None
) -> Iterator[io.StringIO]:
    """``newlines_before``: newline bytes before the handle's position, to name the line of
    an error; ``left``: bytes to read (None: to the end)."""
    decoder = codecs.getincrementaldecoder(codec)("strict")
    carry = ""
    while True:
        chunk = handle.read(CHUNK_BYTES if left is None else min(CHUNK_BYTES, left))
        if left is not None:
            left -= len(chunk)
        try:
            text = decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            # exc.object may begin with bytes the decoder held back from the previous chunk.
            offset = max(exc.start - (len(exc.object) - len(chunk)), 0)
            line = newlines_before + chunk[:offset].count(b"\n") + 1
            raise TabularError.of("decode_error", row=line, line=line, codec=codec) from None
        if carry:
            text = carry + text
        if not chunk:
            if text:
                yield io.StringIO(text, newline="")
            return
        # Cut after the last line break; a \r at the very end may be half of a \r\n.
        cut = max(text.rfind("\n"), text.rfind("\r", 0, len(text) - 1)) + 1
        carry = text[cut:]
        if len(carry) > MAX_LINE_CHARS:
            # The long line starts after every line break read so far, this chunk's included.
            line = newlines_before + chunk.count(b"\n") + 1
            raise TabularError.of("line_too_long", row=line, line=line, limit=MAX_LINE_CHARS)
        newlines_before += chunk.count(b"\n")
        if cut:
            yield io.StringIO(text[:cut], newline="")
