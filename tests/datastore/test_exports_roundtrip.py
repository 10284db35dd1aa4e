"""Every export format, read back by an ordinary reader, gives the table that went in, whether
the rows came from SQLite (floats, ISO text, 0/1) or PostgreSQL (Decimal, date, bool)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from hiraku.datastore.exports import export

FIELDS = [
    {"name": "c1", "label": "名称", "type": "text"},
    {"name": "c2", "label": "人数", "type": "integer"},
    {"name": "c3", "label": "金額（千円）", "type": "number"},
    {"name": "c4", "label": "開設日", "type": "date"},
    {"name": "c5", "label": "更新日時", "type": "datetime"},
    {"name": "c6", "label": "開館時刻", "type": "time"},
    {"name": "c7", "label": "駐車場", "type": "boolean"},
    {"name": "c8", "label": "緯度", "type": "number"},
    {"name": "c9", "label": "経度", "type": "number"},
    {"name": "c10", "label": "備考", "type": "text"},
]
SQLITE_ROWS = [
    ("中央図書館", 12, 1234.5, "2024-04-01", "2024-04-01T09:30:00", "09:00:00", 1,
     34.3401, 134.0434, "①㈱髙"),
    ("=HYPERLINK(\"http://evil\")", -12, 3.0, "2019-05-01", "2019-05-01T00:00:00",
     "17:15:00", 0, 35.681236, 139.767125, None),
    ("空き地", None, None, None, None, None, None, None, None, ""),
]  # fmt: skip
POSTGRES_ROWS = [
    ("中央図書館", 12, Decimal("1234.50"), dt.date(2024, 4, 1), dt.datetime(2024, 4, 1, 9, 30),
     "09:00:00", True, Decimal("34.3401"), Decimal("134.0434"), "①㈱髙"),
    ("=HYPERLINK(\"http://evil\")", -12, Decimal("3"), dt.date(2019, 5, 1),
     dt.datetime(2019, 5, 1), "17:15:00", False, Decimal("35.681236"), Decimal("139.767125"),
     None),
    ("空き地", None, None, None, None, None, None, None, None, ""),
]  # fmt: skip
STYLES = {"sqlite": SQLITE_ROWS, "postgresql": POSTGRES_ROWS}
LABELS = [field["label"] for field in FIELDS]

# The records as JSON readers see them (json.loads parses 1234.50 as 1234.5).
RECORDS = [
    {"名称": "中央図書館", "人数": 12, "金額（千円）": 1234.5, "開設日": "2024-04-01",
     "更新日時": "2024-04-01T09:30:00", "開館時刻": "09:00:00", "駐車場": True,
     "緯度": 34.3401, "経度": 134.0434, "備考": "①㈱髙"},
    {"名称": "=HYPERLINK(\"http://evil\")", "人数": -12, "金額（千円）": 3,
     "開設日": "2019-05-01", "更新日時": "2019-05-01T00:00:00", "開館時刻": "17:15:00",
     "駐車場": False, "緯度": 35.681236, "経度": 139.767125, "備考": None},
    {"名称": "空き地", "人数": None, "金額（千円）": None, "開設日": None, "更新日時": None,
     "開館時刻": None, "駐車場": None, "緯度": None, "経度": None, "備考": ""},
]  # fmt: skip


def _bytes(format: str, rows, **options) -> bytes:
    return b"".join(export(format, FIELDS, iter(rows), **options))


def _csv(data: bytes, encoding: str = "utf-8-sig") -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode(encoding), newline="")))


@pytest.mark.parametrize("style", STYLES)
def test_csv_reads_back_with_labels_typed_text_and_neutralized_formulas(style):
    data = _bytes("csv", STYLES[style])
    assert data.startswith(b"\xef\xbb\xbf")
    table = _csv(data)
    assert table[0] == LABELS
    money = "1234.50" if style == "postgresql" else "1234.5"
    assert table[1] == ["中央図書館", "12", money, "2024-04-01", "2024-04-01 09:30:00",
                        "09:00:00", "true", "34.3401", "134.0434", "①㈱髙"]  # fmt: skip
    assert table[2][:3] == ['\'=HYPERLINK("http://evil")', "-12", "3"]
    assert table[2][6] == "false"
    assert table[3] == ["空き地"] + [""] * 9


def test_csv_lines_end_with_crlf():
    data = _bytes("csv", SQLITE_ROWS)
    assert data.count(b"\r\n") == 4
    assert b"\n" not in data.replace(b"\r\n", b"")


@pytest.mark.parametrize("style", STYLES)
def test_cp932_csv_reads_back_in_cp932_without_bom(style):
    data = _bytes("csv", STYLES[style], encoding="cp932")
    assert not data.startswith(b"\xef\xbb\xbf")
    table = _csv(data, "cp932")
    assert table[0] == LABELS
    assert table[1][0] == "中央図書館"
    assert table[1][9] == "①㈱髙"  # CP932 has them; the strict shift_jis codec does not


@pytest.mark.parametrize("style", STYLES)
def test_json_reads_back_typed(style):
    document = json.loads(_bytes("json", STYLES[style]))
    assert document["records"] == RECORDS
    assert [f["id"] for f in document["fields"]] == LABELS
    assert document["fields"][1] == {"id": "人数", "name": "c2", "label": "人数",
                                     "type": "integer"}  # fmt: skip


def test_json_keeps_postgresql_decimals_exact():
    text = _bytes("json", POSTGRES_ROWS).decode()
    assert '"金額（千円）":1234.50' in text
    document = json.loads(text, parse_float=Decimal)
    assert document["records"][0]["金額（千円）"] == Decimal("1234.50")
    assert str(document["records"][0]["緯度"]) == "34.3401"


@pytest.mark.parametrize("style", STYLES)
def test_ndjson_is_one_record_per_line(style):
    lines = _bytes("ndjson", STYLES[style]).decode().splitlines()
    assert [json.loads(line) for line in lines] == RECORDS


@pytest.mark.parametrize("style", STYLES)
def test_geojson_reads_back_as_points_with_the_other_columns_as_properties(style):
    stream = export("geojson", FIELDS, iter(STYLES[style]))
    collection = json.loads(b"".join(stream))
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 2
    first = collection["features"][0]
    assert first["type"] == "Feature"
    assert first["geometry"] == {"type": "Point", "coordinates": [134.0434, 34.3401]}
    expected = {k: v for k, v in RECORDS[0].items() if k not in ("緯度", "経度")}
    assert first["properties"] == expected
    assert collection["rows_without_location"] == 1
    assert stream.counts.without_location == 1
    assert stream.counts.rows == 3


@pytest.mark.parametrize("style", STYLES)
def test_xlsx_reads_back_with_typed_cells(style):
    book = load_workbook(io.BytesIO(_bytes("xlsx", STYLES[style])))
    sheet = book.active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == LABELS
    assert values[1] == ["中央図書館", 12, 1234.5, dt.datetime(2024, 4, 1),
                         dt.datetime(2024, 4, 1, 9, 30), dt.time(9), True, 34.3401, 134.0434,
                         "①㈱髙"]  # fmt: skip
    assert values[2][:3] == ['=HYPERLINK("http://evil")', -12, 3]
    assert values[3][0] == "空き地"
    assert all(value is None for value in values[3][1:9])
    assert sheet["D2"].number_format == "yyyy-mm-dd"
    assert sheet["E2"].is_date
    assert sheet["A1"].font.b
