"""GeoJSON (RFC 7946): a FeatureCollection of Points from the table's location columns, the
other columns as properties. Rows without a usable location are counted, not written."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from hiraku.datastore.exports.cells import Field, number_literal, record_keys
from hiraku.datastore.exports.chunks import encoded_chunks
from hiraku.datastore.exports.coordinates import coordinates
from hiraku.datastore.exports.counts import ExportCounts
from hiraku.datastore.exports.formats import ExportError
from hiraku.datastore.exports.json_writer import LINE_BREAK_ESCAPES, record_encoder


def no_coordinates() -> ExportError:
    return ExportError(
        "この表には位置（緯度・経度）の列がないため、GeoJSON では出力できません。",
        "This table has no location (latitude/longitude) columns, so it cannot be exported "
        "as GeoJSON.",
        code="no-coordinates",
    )


def write_geojson(
    fields: Sequence[Field], rows: Iterable[Sequence[Any]], counts: ExportCounts
) -> Iterator[bytes]:
    located = coordinates(fields)
    if located is None:
        raise no_coordinates()  # before the first byte, so the API can answer 400
    kept = [i for i in range(len(fields)) if i not in located.positions]
    keys = record_keys(fields)
    properties = record_encoder([fields[i] for i in kept], [keys[i] for i in kept])

    def pieces() -> Iterator[str]:
        yield '{"type":"FeatureCollection","features":['
        separator = ""
        for row in rows:
            counts.rows += 1
            point = located.point(row)
            if point is None:
                counts.without_location += 1
                continue
            lat, lon = point
            yield (
                f'{separator}{{"type":"Feature","geometry":{{"type":"Point","coordinates":'
                f"[{number_literal(lon)},{number_literal(lat)}]}},"
                f'"properties":{properties([row[i] for i in kept])}}}'
            )
            separator = ",\n"
        # A foreign member (RFC 7946 §6.1), so a map reading this file can say how many rows
        # it could not place without asking again.
        yield f'],"rows_without_location":{counts.without_location}}}'

    return encoded_chunks(pieces(), errors="replace", escapes=LINE_BREAK_ESCAPES)
