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
from typing import Any

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

    def records(self, data_from_line: int = 1, note: NoteSink | None = None) -> Any:
        """A ``csv.reader`` over the decoded file (which it closes when exhausted or dropped).

        Callers turn ``csv.Error`` into ``TabularError`` with ``csv_error``.
        """
        csv.field_size_limit(FIELD_LIMIT)
        return csv.reader(decoded_lines(self.path, self.encoding), delimiter=self.delimiter)


def csv_error(exc: csv.Error, line: int) -> TabularError:
    detail = str(exc)
    if "field limit" in detail:
        return TabularError.of("field_too_large", row=line, line=line, limit=FIELD_LIMIT)
    return TabularError.of("csv_malformed", row=line, line=line, detail=detail)


def decoded_lines(path: str | os.PathLike[str], codec: str) -> Iterator[str]:
    """Lines of a binary file, decoded strictly, line endings kept (as csv.reader needs).

    Text is decoded a megabyte at a time and cut after its last line break; the lines of
    each block are then iterated in C (StringIO inside chain), which keeps decoding at
    several hundred thousand lines a second.
    """
    return chain.from_iterable(_decoded_blocks(path, codec))


def _decoded_blocks(path: str | os.PathLike[str], codec: str) -> Iterator[io.StringIO]:
    with open(path, "rb") as handle:
        yield from _blocks(handle, codec)


def _blocks(handle: io.BufferedIOBase, codec: str) -> Iterator[io.StringIO]:
    decoder = codecs.getincrementaldecoder(codec)("strict")
    carry = ""
    newlines_before = 0  # newline bytes in earlier chunks, to name the line of an error
    while True:
        chunk = handle.read(CHUNK_BYTES)
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
