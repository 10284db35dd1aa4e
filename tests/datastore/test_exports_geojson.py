"""Finding a table's location columns by label, and GeoJSON built from them."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from hiraku.datastore.exports import ExportError, coordinates, export


def _fields(*columns: tuple[str, str]) -> list[dict]:
    return [
        {"name": f"c{i}", "label": label, "type": type_}
        for i, (label, type_) in enumerate(columns, 1)
    ]


def _name(fields, position):
    return None if position is None else fields[position]["label"]


def _found(*columns: tuple[str, str]):
    fields = _fields(*columns)
    located = coordinates(fields)
    if located is None:
        return None
    if located.combined is not None:
        return _name(fields, located.combined)
    return _name(fields, located.latitude), _name(fields, located.longitude)


# --- coordinates(fields) -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [
        ("緯度", "経度"),
        ("北緯", "東経"),
        ("latitude", "longitude"),
        ("Latitude", "Longitude"),
        ("LAT", "LON"),
        ("lat", "lng"),
        ("lat", "long"),
        ("緯度（世界測地系）", "経度（世界測地系）"),
        ("施設_緯度", "施設_経度"),
        ("位置情報（緯度）", "位置情報（経度）"),
        ("geoLat", "geoLng"),
        ("IDO", "KEIDO"),
    ],
)
def test_a_latitude_and_longitude_pair_is_found_by_label(latitude, longitude):
    found = _found(("名称", "text"), (longitude, "number"), (latitude, "number"))
    assert found == (latitude, longitude)


@pytest.mark.parametrize("label", ["緯度経度", "経緯度", "lat,lon", "latlng", "LatLng", "座標",
                                   "位置情報", "location", "geometry", "WKT"])  # fmt: skip
def test_one_column_holding_both_is_found(label):
    assert _found(("名称", "text"), (label, "text")) == label


def test_a_pair_wins_over_a_column_holding_both():
    assert _found(("location", "text"), ("lat", "number"), ("lon", "number")) == ("lat", "lon")


def test_matching_datums_pair_up_and_the_world_datum_wins():
    found = _found(
        ("緯度（日本測地系）", "number"), ("経度（日本測地系）", "number"),
        ("緯度（世界測地系）", "number"), ("経度（世界測地系）", "number"),
    )  # fmt: skip
    assert found == ("緯度（世界測地系）", "経度（世界測地系）")


def test_labels_that_only_look_alike_are_not_coordinates():
    assert _found(("plate", "text"), ("long_name", "text"), ("設置位置", "text"),
                  ("所在地", "text"), ("X座標", "number")) is None  # fmt: skip


def test_dates_and_booleans_are_never_coordinates():
    assert _found(("緯度", "date"), ("経度", "boolean")) is None


def test_a_table_without_location_has_no_coordinates():
    assert coordinates(_fields(("名称", "text"), ("人口", "integer"))) is None


# --- points --------------------------------------------------------------------------------


def _points(fields, rows):
    stream = export("geojson", fields, iter(rows))
    collection = json.loads(b"".join(stream))
    return [f["geometry"]["coordinates"] for f in collection["features"]], stream.counts


def test_points_are_lon_lat_from_numbers_decimals_and_text():
    fields = _fields(("名称", "text"), ("緯度", "number"), ("経度", "text"))
    points, counts = _points(fields, [
        ("a", 34.34, "134.05"),
        ("b", Decimal("35.681236"), "139°46'1.65\"E"),
        ("c", 35.0, "１３９．５"),
    ])  # fmt: skip
    assert points == [[134.05, 34.34], [139.76712500, 35.681236], [139.5, 35]]
    assert counts.without_location == 0


def test_rows_without_a_location_in_japan_are_skipped_and_counted():
    fields = _fields(("名称", "text"), ("緯度", "number"), ("経度", "number"))
    points, counts = _points(fields, [
        ("kept", 34.34, 134.05),
        ("swapped", 134.05, 34.34),
        ("null island", 0.0, 0.0),
        ("london", 51.5, -0.12),
        ("missing", None, 134.05),
        ("text", "不明", "不明"),
    ])  # fmt: skip
    assert points == [[134.05, 34.34]]
    assert counts.without_location == 5
    assert counts.rows == 6


def test_one_cell_coordinates_in_every_spelling():
    fields = _fields(("名称", "text"), ("緯度経度", "text"))
    points, counts = _points(fields, [
        ("comma", "34.34,134.05"),
        ("full width", "３４．３４，１３４．０５"),
        ("wkt", "POINT(134.05 34.34)"),
        ("geojson", '{"type": "Point", "coordinates": [134.05, 34.34]}'),
        ("dms", "北緯34度20分24秒 東経134度3分"),
        ("swapped", "134.05,34.34"),
        ("empty", ""),
        ("polygon", '{"type": "Polygon", "coordinates": []}'),
    ])  # fmt: skip
    assert points == [[134.05, 34.34]] * 4 + [[134.05, 34.34]]
    assert counts.without_location == 3


def test_a_lon_first_label_reads_bare_pairs_lon_first():
    fields = _fields(
        ("経度緯度", "text"),
    )
    located = coordinates(fields)
    assert located is not None and located.lon_first
    points, _ = _points(fields, [("134.05,34.34",), ("POINT(134.05 34.34)",)])
    assert points == [[134.05, 34.34], [134.05, 34.34]]


def test_the_coordinate_columns_are_left_out_of_properties():
    fields = _fields(("名称", "text"), ("座標", "text"), ("人数", "integer"))
    collection = json.loads(b"".join(export("geojson", fields, iter([("館", "34.3,134.0", 3)]))))
    assert collection["features"][0]["properties"] == {"名称": "館", "人数": 3}


def test_geojson_of_a_table_without_coordinates_fails_before_the_first_byte():
    with pytest.raises(ExportError) as raised:
        export("geojson", _fields(("名称", "text")), iter([]))
    assert raised.value.code == "no-coordinates"
    assert raised.value.status == 400
    assert "緯度" in raised.value.message_ja
    assert "latitude" in raised.value.message_en
