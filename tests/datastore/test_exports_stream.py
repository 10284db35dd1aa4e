"""The export stream: formats and media types, errors before the first byte, rows read only
as chunks are taken, and memory that stays flat however large the table is."""

from __future__ import annotations

import tracemalloc

import pytest

from hiraku.datastore.exports import CHUNK_SIZE, FORMATS, ExportError, export, measure

FIELDS = [
    {"name": "c1", "label": "名称", "type": "text"},
    {"name": "c2", "label": "番号", "type": "integer"},
    {"name": "c3", "label": "緯度", "type": "number"},
    {"name": "c4", "label": "経度", "type": "number"},
]
STREAMED = ["csv", "json", "ndjson", "geojson"]


def _rows(count: int, seen: list[int] | None = None):
    for i in range(count):
        if seen is not None:
            seen[0] = i + 1
        yield (f"施設{i}", i, 35.0 + i % 100 / 1000, 139.0 + i % 100 / 1000)


def test_formats_have_media_types_and_extensions():
    assert {name: (f.media_type, f.extension) for name, f in FORMATS.items()} == {
        "csv": ("text/csv", "csv"),
        "json": ("application/json", "json"),
        "ndjson": ("application/x-ndjson", "ndjson"),
        "geojson": ("application/geo+json", "geojson"),
        "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    }


@pytest.mark.parametrize(
    ("format", "encoding", "media_type", "filename"),
    [
        ("csv", "utf-8", "text/csv; charset=utf-8", "aed.csv"),
        ("CSV", "cp932", "text/csv; charset=Windows-31J", "aed.csv"),
        ("json", "utf-8", "application/json", "aed.json"),
        ("geojson", "UTF8", "application/geo+json", "aed.geojson"),
    ],
)
def test_an_export_names_its_media_type_and_file(format, encoding, media_type, filename):
    stream = export(format, FIELDS, iter([]), encoding=encoding, filename_stem="aed")
    assert (stream.media_type, stream.filename) == (media_type, filename)


@pytest.mark.parametrize(
    ("stem", "filename"),
    [("../../etc/passwd", "etc_passwd.csv"), ('a"b\r\n', "a_b.csv"), ("", "data.csv"),
     ("AED設置箇所一覧", "AED設置箇所一覧.csv")],
)  # fmt: skip
def test_file_names_cannot_escape_or_break_a_header(stem, filename):
    assert export("csv", FIELDS, iter([]), filename_stem=stem).filename == filename


@pytest.mark.parametrize(
    ("format", "encoding"),
    [("parquet", "utf-8"), ("csv", "euc-jp"), ("json", "cp932"), ("xlsx", "cp932")],
)
def test_unsupported_formats_and_encodings_fail_with_both_languages(format, encoding):
    with pytest.raises(ExportError) as raised:
        export(format, FIELDS, iter([]), encoding=encoding)
    assert raised.value.status == 400
    assert raised.value.message_ja and raised.value.message_en
    assert raised.value.message_ja != raised.value.message_en


@pytest.mark.parametrize("format", STREAMED)
def test_rows_are_read_only_as_chunks_are_taken(format):
    seen = [0]
    stream = export(format, FIELDS, _rows(100_000, seen))
    assert seen[0] == 0  # nothing is read before the first chunk is asked for
    first = next(stream)
    assert CHUNK_SIZE <= len(first) < 4 * CHUNK_SIZE
    assert seen[0] < 5_000
    stream.close()


@pytest.mark.parametrize("format", STREAMED)
def test_memory_stays_flat_while_streaming_a_large_table(format):
    # Wide rows give a large output from few rows, since tracemalloc slows every allocation
    # (a million narrow rows would take minutes here). A writer that kept the rows or its
    # output would peak above the 15 MB written; a streaming one stays near one chunk.
    description = "公園の説明。" * 80
    rows = ((f"{description}{i}", i, 35.0, 139.0) for i in range(10_000))
    tracemalloc.start()
    try:
        baseline, _ = tracemalloc.get_traced_memory()
        written = sum(len(chunk) for chunk in export(format, FIELDS, rows))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert written > 14_000_000
    assert peak - baseline < 2_000_000


def test_counts_are_final_only_after_the_last_chunk():
    stream = export("csv", FIELDS, _rows(3))
    assert not stream.counts.finished
    chunks = list(stream)
    assert len(chunks) == 1
    assert stream.counts.finished
    assert stream.counts.rows == 3


def test_measure_runs_an_export_for_its_counts_before_streaming_it():
    rows = [("🍣", 1, 35.0, 139.0), ("𠮷", 2, 35.0, 139.0)]
    counts = measure("csv", FIELDS, iter(rows), encoding="cp932")
    assert (counts.rows, counts.unencodable, counts.finished) == (2, 2, True)
    assert measure("geojson", FIELDS, iter([("外", 3, 51.5, -0.1)])).without_location == 1
