"""JSON arrays of objects and GeoJSON FeatureCollections, parsed as a stream with ijson.

Columns are the keys of all objects in first-seen order (one streaming pass at open);
a Feature contributes its ``properties`` plus 緯度/経度 from a Point geometry. ``line`` is
the 1-based position of the object in its array: JSON has no rows to count.
"""

from __future__ import annotations

import codecs
import json
import os
from collections.abc import Iterator
from decimal import Decimal
from typing import IO, Any

import ijson

from hiraku.tabular.errors import Note, TabularError
from hiraku.tabular.formats import NoteSink, Numbered
from hiraku.tabular.layout import MAX_COLUMNS, Cells, MergedRange, unique_names
from hiraku.tabular.sniff import detect_encoding

LATITUDE, LONGITUDE = "緯度", "経度"  # the standard datasets' names, so schemas map them as-is
_GEOMETRY = object()  # key standing for the geometry's coordinates in the key list


class JsonSource:
    sheet = None
    merges: tuple[MergedRange, ...] = ()
    empty_cell = None

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = path
        detected = detect_encoding(path)
        self.encoding = detected.codec
        self.notes: list[Note] = list(detected.notes)
        self.sheets: list[str] = []
        self.prefix, is_collection = self._find_items()
        self.keys, has_points = self._collect_keys()
        self.format = "geojson" if is_collection or has_points else "json"
        raw = [key for key in self.keys if key is not _GEOMETRY]
        if has_points:
            raw += [LATITUDE, LONGITUDE]
        self.columns, name_notes = unique_names(raw)
        self.notes += name_notes

    def preview(self, limit: int) -> list[tuple[int, Cells]]:
        return []  # the columns are known from the keys; there is no header to find

    def records(self, data_from_line: int = 1, note: NoteSink | None = None) -> Numbered:
        return Numbered(self._rows(note))

    def _rows(self, note: NoteSink | None) -> Iterator[tuple[int, Cells]]:
        keys = [key for key in self.keys if key is not _GEOMETRY]
        with_points = len(self.columns) > len(keys)
        nested: set[str] = set()
        for position, item in enumerate(self._items(), start=1):
            fields = _fields(item)
            cells: Cells = []
            for key in keys:
                value = fields.get(key)
                if isinstance(value, dict | list) and key not in nested:
                    nested.add(key)
                    if note:
                        note(Note.of("nested_value", row=position, column=key, name=key))
                cells.append(json_cell(value))
            if with_points:
                cells += _point(item, position, note)
            yield position, cells

    def _open(self) -> IO[bytes]:
        handle = open(self.path, "rb")  # noqa: SIM115 - closed by the caller
        if self.encoding == "utf-8":
            return handle
        return _Utf8Reader(handle, self.encoding)  # type: ignore[return-value]

    def _find_items(self) -> tuple[str, bool]:
        """The ijson prefix of the row objects, and whether they are GeoJSON features."""
        with self._open() as handle:
            try:
                for prefix, event, _value in ijson.parse(handle):
                    if prefix == "" and event == "start_array":
                        return "item", False
                    if prefix == "" and event == "start_map":
                        continue
                    if "." not in prefix and event == "start_array":
                        return f"{prefix}.item", prefix == "features"
                    if prefix == "" and event not in ("map_key", "end_map"):
                        break
            except ijson.JSONError as exc:
                raise TabularError.of("json_invalid", detail=_detail(exc)) from None
            except UnicodeDecodeError:
                raise TabularError.of("decode_error_unlocated", codec=self.encoding) from None
        raise TabularError.of("json_not_table")

    def _items(self) -> Iterator[dict[str, Any]]:
        with self._open() as handle:
            try:
                for position, item in enumerate(ijson.items(handle, self.prefix), start=1):
                    if not isinstance(item, dict):
                        raise TabularError.of("json_not_table", row=position)
                    yield item
            except ijson.JSONError as exc:
                raise TabularError.of("json_invalid", detail=_detail(exc)) from None
            except UnicodeDecodeError:
                raise TabularError.of("decode_error_unlocated", codec=self.encoding) from None

    def _collect_keys(self) -> tuple[list[Any], bool]:
        seen: dict[Any, None] = {}
        has_points = False
        for item in self._items():
            for key in _fields(item):
                if key not in seen:
                    seen[key] = None
                    if len(seen) > MAX_COLUMNS:
                        raise TabularError.of(
                            "too_many_columns", count=f"{MAX_COLUMNS}+", limit=MAX_COLUMNS
                        )
            has_points = has_points or _is_feature(item)
        return list(seen), has_points


def _is_feature(item: dict[str, Any]) -> bool:
    return item.get("type") == "Feature" or ("geometry" in item and "properties" in item)


def _fields(item: dict[str, Any]) -> dict[str, Any]:
    if _is_feature(item):
        properties = item.get("properties")
        return properties if isinstance(properties, dict) else {}
    return item


def _point(item: dict[str, Any], position: int, note: NoteSink | None) -> list[str | None]:
    if not _is_feature(item):
        return [None, None]
    geometry = item.get("geometry")
    if not isinstance(geometry, dict):
        return [None, None]
    coordinates = geometry.get("coordinates")
    if geometry.get("type") == "Point" and isinstance(coordinates, list) and len(coordinates) >= 2:
        longitude, latitude = coordinates[0], coordinates[1]  # GeoJSON order is [lon, lat]
        return [json_cell(latitude), json_cell(longitude)]
    if note:
        note(Note.of("geometry_not_point", row=position, kind=str(geometry.get("type"))))
    return [None, None]


def json_cell(value: Any) -> str | None:
    """A JSON value as cell text, numbers exactly as written (ijson keeps them as Decimal)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    return json.dumps(value, ensure_ascii=False, default=str)


def _detail(exc: Exception) -> str:
    return " ".join(str(exc).split())[:120]


class _Utf8Reader:
    """A binary file in another encoding, read back as strict UTF-8 bytes for ijson."""

    def __init__(self, handle: IO[bytes], codec: str) -> None:
        self._handle = handle
        self._decoder = codecs.getincrementaldecoder(codec)("strict")

    def read(self, size: int = -1) -> bytes:
        if size == 0:
            return b""  # ijson probes with read(0) to tell bytes from text
        while True:
            chunk = self._handle.read(size if size > 0 else 65536)
            text = self._decoder.decode(chunk, final=not chunk)
            if text or not chunk:  # b"" means end of file to ijson, so never return it early
                return text.encode("utf-8")

    def __enter__(self) -> _Utf8Reader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._handle.close()
