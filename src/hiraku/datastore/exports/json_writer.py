"""JSON ``{"fields": [...], "records": [...]}`` and NDJSON (one record per line), typed by
field: numbers stay numbers (Decimal exactly as stored), booleans true/false, dates ISO text."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from hiraku.datastore.exports.cells import Field, json_cell, json_string, record_keys
from hiraku.datastore.exports.chunks import encoded_chunks
from hiraku.datastore.exports.counts import ExportCounts

Encoder = Callable[[Sequence[Any]], str]

# Valid inside JSON strings, yet Python's splitlines() and other line readers break NDJSON at
# them (and older JavaScript rejects the last two in source). Structural JSON is ASCII, so they
# can only occur inside strings, where the escape means the same character.
LINE_BREAK_ESCAPES = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def record_encoder(fields: Sequence[Field], keys: Sequence[str] | None = None) -> Encoder:
    """A function from one row to its JSON object text, keyed by (unique) label."""
    keys = record_keys(fields) if keys is None else keys
    prefixes = [json_string(key) + ":" for key in keys]
    cells = [json_cell(field["type"]) for field in fields]
    pairs = list(zip(prefixes, cells, strict=True))

    def encode(row: Sequence[Any]) -> str:
        members = [key + cell(value) for (key, cell), value in zip(pairs, row, strict=True)]
        return "{" + ",".join(members) + "}"

    return encode


def fields_json(fields: Sequence[Field]) -> str:
    """The fields as JSON: ``id`` is the key the records use, ``name`` the physical column."""
    described = [
        {
            "id": key,
            "name": field["name"],
            "label": field.get("label") or field["name"],
            "type": field["type"],
        }
        for key, field in zip(record_keys(fields), fields, strict=True)
    ]
    return json.dumps(described, ensure_ascii=False, separators=(",", ":"))


def write_json(
    fields: Sequence[Field], rows: Iterable[Sequence[Any]], counts: ExportCounts
) -> Iterator[bytes]:
    encode = record_encoder(fields)

    def pieces() -> Iterator[str]:
        yield '{"fields":' + fields_json(fields) + ',"records":['
        separator = ""
        for row in rows:
            yield separator + encode(row)
            separator = ",\n"
            counts.rows += 1
        yield "]}"

    return encoded_chunks(pieces(), errors="replace", escapes=LINE_BREAK_ESCAPES)


def write_ndjson(
    fields: Sequence[Field], rows: Iterable[Sequence[Any]], counts: ExportCounts
) -> Iterator[bytes]:
    encode = record_encoder(fields)

    def pieces() -> Iterator[str]:
        for row in rows:
            yield encode(row) + "\n"
            counts.rows += 1

    return encoded_chunks(pieces(), errors="replace", escapes=LINE_BREAK_ESCAPES)
