"""``export()``: a table as a stream of byte chunks, with counts that fill in as it runs."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from hiraku.datastore.exports.counts import ExportCounts
from hiraku.datastore.exports.formats import (
    UTF8,
    ExportFormat,
    export_encoding,
    export_format,
    media_type,
    safe_stem,
)

Writer = Callable[..., Iterator[bytes]]


class Export(Iterator[bytes]):
    """The chunks of one export. Iterate it (or hand it to a streaming response); read
    ``counts`` after the last chunk. ``close()`` stops early and removes temporary files."""

    def __init__(
        self,
        fmt: ExportFormat,
        encoding: str,
        filename: str,
        counts: ExportCounts,
        chunks: Iterator[bytes],
    ) -> None:
        self.format = fmt
        self.encoding = encoding
        self.filename = filename
        self.media_type = media_type(fmt, encoding)
        self.counts = counts
        self._chunks = chunks

    def __iter__(self) -> Export:
        return self

    def __next__(self) -> bytes:
        try:
            return next(self._chunks)
        except StopIteration:
            self.counts.finished = True
            raise

    def close(self) -> None:
        close = getattr(self._chunks, "close", None)
        if close is not None:
            close()


def _writer(name: str) -> Writer:
    # Imported on demand: a CSV download should not pay for loading openpyxl.
    if name == "csv":
        from hiraku.datastore.exports.csv_writer import write_csv

        return write_csv
    if name == "xlsx":
        from hiraku.datastore.exports.xlsx_writer import write_xlsx

        return write_xlsx
    if name == "geojson":
        from hiraku.datastore.exports.geojson_writer import write_geojson

        return write_geojson
    from hiraku.datastore.exports.json_writer import write_json, write_ndjson

    return write_ndjson if name == "ndjson" else write_json


def export(
    format: str,
    fields: Sequence[dict[str, Any]],
    rows: Iterable[Sequence[Any]],
    *,
    encoding: str = UTF8,
    filename_stem: str = "data",
) -> Export:
    """Stream ``rows`` (tuples in ``fields`` order) as ``format``.

    Raises ExportError at once, before any byte, for an unknown format or encoding, and for
    GeoJSON of a table without coordinate columns. Rows are read only as chunks are taken.
    """
    fmt = export_format(format)
    codec = export_encoding(fmt, encoding)
    stem = safe_stem(filename_stem)
    counts = ExportCounts()
    write = _writer(fmt.name)
    options: dict[str, Any] = {"encoding": codec} if fmt.name == "csv" else {}
    if fmt.name == "xlsx":
        options["title"] = stem
    chunks = write(list(fields), rows, counts, **options)
    return Export(fmt, codec, f"{stem}.{fmt.extension}", counts, chunks)


def measure(
    format: str,
    fields: Sequence[dict[str, Any]],
    rows: Iterable[Sequence[Any]],
    *,
    encoding: str = UTF8,
) -> ExportCounts:
    """Run an export without keeping its bytes, for counts needed before streaming begins
    (an HTTP header has to be sent before the body it describes)."""
    stream = export(format, fields, rows, encoding=encoding)
    for _ in stream:
        pass
    return stream.counts
