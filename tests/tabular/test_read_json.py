"""JSON arrays of objects and GeoJSON FeatureCollections as tables."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from hiraku.tabular import TabularError, detect_format, open_table

Writer = Callable[..., Path]


def dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def test_array_of_objects(write_text: Writer) -> None:
    data = [
        {"名称": "中央公園", "面積": 1200.50, "開園": True, "団体コード": "011002"},
        {"名称": "北公園", "備考": None, "面積": 800},
    ]
    table = open_table(write_text(dump(data), name="parks.json"))
    stream = table.rows()
    rows = list(stream)
    assert (table.format, table.encoding, table.header_row) == ("json", "utf-8", 0)
    assert table.columns == ["名称", "面積", "開園", "団体コード", "備考"]
    assert [row.line for row in rows] == [1, 2]
    assert rows[0].cells == ["中央公園", "1200.5", "true", "011002", None]
    assert rows[1].cells == ["北公園", "800", None, None, None]
    assert stream.row_count == 2


def test_numbers_keep_their_written_form(write_text: Writer) -> None:
    rows = list(open_table(write_text('[{"緯度": 34.340920560, "n": 1E+2}]')).rows())
    assert rows[0].cells == ["34.340920560", "1E+2"]


def test_nested_values_become_json_text_with_a_note(write_text: Writer) -> None:
    table = open_table(write_text(dump([{"名称": "A", "タグ": ["公園", "遊具"]}])))
    stream = table.rows()
    assert next(stream).cells == ["A", '["公園", "遊具"]']
    list(stream)
    assert [n.column for n in stream.notes if n.code == "nested_value"] == ["タグ"]


def test_array_inside_an_object(write_text: Writer) -> None:
    table = open_table(write_text(dump({"更新日": "2023-04-01", "data": [{"a": 1}, {"a": 2}]})))
    assert [row.cells for row in table.rows()] == [["1"], ["2"]]


def test_geojson_points_give_latitude_and_longitude(write_text: Writer) -> None:
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [134.0452, 34.3409]},
                "properties": {"名称": "高松市役所", "電話番号": "087-839-2011"},
            },
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": [[134, 34], [134.1, 34.1]]},
                "properties": {"名称": "中央通り"},
            },
        ],
    }
    path = write_text(dump(collection), name="aed.geojson")
    assert detect_format(path) == "geojson"
    table = open_table(path)
    stream = table.rows()
    rows = list(stream)
    assert table.format == "geojson"
    assert table.columns == ["名称", "電話番号", "緯度", "経度"]
    assert rows[0].cells == ["高松市役所", "087-839-2011", "34.3409", "134.0452"]
    assert rows[1].cells == ["中央通り", None, None, None]
    assert [n.row for n in stream.notes if n.code == "geometry_not_point"] == [2]


def test_geojson_with_its_own_latitude_property(write_text: Writer) -> None:
    feature = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [139.7, 35.6]},
        "properties": {"緯度": "35.6"},
    }
    table = open_table(write_text(dump({"type": "FeatureCollection", "features": [feature]})))
    assert table.columns == ["緯度", "緯度_2", "経度"]


def test_cp932_json_is_decoded(write_text: Writer) -> None:
    path = write_text(dump([{"名称": "髙島屋①"}]), name="x.json", encoding="cp932")
    table = open_table(path)
    assert table.encoding == "cp932"
    assert [row.cells for row in table.rows()] == [["髙島屋①"]]


def test_utf8_bom_json(write_text: Writer) -> None:
    table = open_table(write_text("\ufeff" + dump([{"a": "あ"}]), name="bom.json"))
    assert [row.cells for row in table.rows()] == [["あ"]]


def test_empty_array_has_no_columns_and_no_rows(write_text: Writer) -> None:
    stream = open_table(write_text("[]", name="e.json")).rows()
    assert list(stream) == [] and [n.code for n in stream.notes] == ["no_data_rows"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('[{"a": 1}, ', "json_invalid"),
        ('{"a": 1}', "json_not_table"),
        ("[1, 2, 3]", "json_not_table"),
        ('"just text"', "json_not_table"),
    ],
)
def test_json_that_is_not_a_table(write_text: Writer, text: str, code: str) -> None:
    with pytest.raises(TabularError) as caught:
        list(open_table(write_text(text, name="bad.json")).rows())
    assert caught.value.code == code
    assert caught.value.message_ja and caught.value.message_en
