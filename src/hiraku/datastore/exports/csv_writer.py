"""CSV for spreadsheets: a header of labels, CRLF lines, UTF-8 with a BOM (so Excel sees
UTF-8) or CP932 for Japanese Excel; text that would run as a formula is neutralized."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from hiraku.datastore.exports.cells import Field, csv_cell, neutralize, record_keys
from hiraku.datastore.exports.chunks import encoded_chunks
from hiraku.datastore.exports.counts import ExportCounts
from hiraku.datastore.exports.cp932 import Cp932Repair
from hiraku.datastore.exports.formats import CP932

BOM = "\ufeff"


class _LastLine:
    """A file for csv.writer that keeps only the line just written."""

    line = ""

    def write(self, text: str) -> int:
        self.line = text
        return len(text)


def _unchanged(text: str) -> str:
    return text


def write_csv(
    fields: Sequence[Field], rows: Iterable[Sequence[Any]], counts: ExportCounts, *, encoding: str
) -> Iterator[bytes]:
    repair = Cp932Repair(counts) if encoding == CP932 else None
    clean: Callable[[str], str] = repair or _unchanged
    cells = [csv_cell(field["type"], clean) for field in fields]
    header = [neutralize(clean(key)) for key in record_keys(fields)]

    def lines() -> Iterator[str]:
        sink = _LastLine()
        # Excel takes a file that starts with "ID" for SYLK and refuses it; quoting the header
        # makes the first byte a quote (this matters without a BOM, i.e. for CP932).
        sylk = bool(header) and header[0].startswith("ID")
        quoting = csv.QUOTE_ALL if sylk else csv.QUOTE_MINIMAL
        csv.writer(sink, lineterminator="\r\n", quoting=quoting).writerow(header)
        yield (BOM if encoding != CP932 else "") + sink.line
        writer = csv.writer(sink, lineterminator="\r\n")
        for row in rows:
            writer.writerow([cell(value) for cell, value in zip(cells, row, strict=True)])
            counts.rows += 1
            yield sink.line

    # Repaired text always encodes; "replace" guards UTF-8 against lone surrogates, which would
    # otherwise end a download half-way.
    return encoded_chunks(lines(), encoding, "strict" if repair else "replace")
