"""JSON and NDJSON exports: values typed by field, Decimals exact, keys unique, always valid."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hiraku.datastore.exports import export


def _document(fields, rows):
    return json.loads(b"".join(export("json", fields, iter(rows))))


def _records(fields, rows):
    return _document(fields, rows)["records"]


def _field(type_, label="値"):
    return {"name": "c1", "label": label, "type": type_}


@pytest.mark.parametrize(
    ("type_", "stored", "expected"),
    [
        ("integer", 7, 7),
        ("integer", -12, -12),
        ("number", 0.1, 0.1),
        ("number", 3.0, 3),
        ("number", Decimal("1E+3"), 1000),
        ("number", Decimal("-0.000123"), -0.000123),
        ("number", float("nan"), None),
        ("number", Decimal("Infinity"), None),
        ("boolean", 1, True),
        ("boolean", 0, False),
        ("boolean", True, True),
        ("date", "2024-04-01", "2024-04-01"),
        ("date", dt.date(2024, 4, 1), "2024-04-01"),
        ("datetime", dt.datetime(2024, 4, 1, 9, 30, 15), "2024-04-01T09:30:15"),
        ("time", dt.time(9, 30), "09:30:00"),
        ("text", "令和5年度", "令和5年度"),
        ("text", '改行\nと"引用符"と\u2028', '改行\nと"引用符"と\u2028'),
        ("integer", "不明", "不明"),  # a stray text value stays text rather than breaking JSON
    ],
)
def test_json_types_each_value_by_its_field(type_, stored, expected):
    assert _records([_field(type_)], [(stored,)]) == [{"値": expected}]


def test_json_writes_decimals_digit_for_digit():
    text = b"".join(export("json", [_field("number")], iter([(Decimal("0.10"),)]))).decode()
    assert '{"値":0.10}' in text


def test_json_gives_duplicate_labels_distinct_keys():
    fields = [_field("text", "備考"), {"name": "c2", "label": "備考", "type": "text"}]
    document = _document(fields, [("一", "二")])
    assert document["records"] == [{"備考": "一", "備考_2": "二"}]
    assert [f["id"] for f in document["fields"]] == ["備考", "備考_2"]
    assert [f["label"] for f in document["fields"]] == ["備考", "備考"]


def test_json_of_an_empty_table_is_still_a_document():
    assert _document([_field("text")], []) == {
        "fields": [{"id": "値", "name": "c1", "label": "値", "type": "text"}],
        "records": [],
    }


def test_json_writes_real_unicode_not_escapes():
    data = b"".join(export("json", [_field("text")], iter([("開く",)])))
    assert "開く".encode() in data


def test_ndjson_puts_each_record_on_its_own_line_even_with_newlines_inside():
    data = b"".join(export("ndjson", [_field("text")], iter([("一\n二",), ("三",)])))
    assert data.decode().splitlines() == ['{"値":"一\\n二"}', '{"値":"三"}']


def test_ndjson_escapes_unicode_line_separators_that_line_readers_split_at():
    data = b"".join(export("ndjson", [_field("text")], iter([("一\u2028二\u0085三\u2029",)])))
    lines = data.decode().splitlines()
    assert lines == ['{"値":"一\\u2028二\\u0085三\\u2029"}']
    assert json.loads(lines[0]) == {"値": "一\u2028二\u0085三\u2029"}


def test_ndjson_of_an_empty_table_is_empty():
    assert b"".join(export("ndjson", [_field("text")], iter([]))) == b""


@settings(max_examples=150)
@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.text()),
            st.one_of(st.none(), st.integers()),
            st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False)),
            st.one_of(st.none(), st.decimals(allow_nan=False, allow_infinity=False, places=3)),
        ),
        max_size=5,
    )
)
def test_json_and_ndjson_round_trip_any_values(rows):
    fields = [
        {"name": "t", "label": "t", "type": "text"},
        {"name": "i", "label": "i", "type": "integer"},
        {"name": "f", "label": "f", "type": "number"},
        {"name": "d", "label": "d", "type": "number"},
    ]
    expected = [dict(zip("tifd", row, strict=True)) for row in rows]
    records = json.loads(b"".join(export("json", fields, iter(rows))), parse_float=Decimal)
    lines = b"".join(export("ndjson", fields, iter(rows))).decode().splitlines()
    for got in (records["records"], [json.loads(line, parse_float=Decimal) for line in lines]):
        assert [
            {**record, "f": None if record["f"] is None else float(record["f"])} for record in got
        ] == expected
