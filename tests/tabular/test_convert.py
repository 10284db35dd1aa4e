"""Pass two: every rule of the issue on real cell forms, each change counted, losses reported."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest

from hiraku.tabular.convert import ColumnConverter, Sink, make_converter
from hiraku.tabular.values import ValueRules
from tests.tabular.typing_helpers import column, convert, convert_one

# --- numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value", "changes"),
    [
        ("1234", 1234, []),
        ("1,234", 1234, ["thousands_separator"]),
        ("１，２３４", 1234, ["fullwidth_digits", "thousands_separator"]),
        ("１２３", 123, ["fullwidth_digits"]),
        ("△123", -123, ["triangle_negative"]),
        ("▲1,234", -1234, ["thousands_separator", "triangle_negative"]),
        ("-5", -5, []),
        ("1,234人", 1234, ["thousands_separator", "unit_removed"]),
        (" 42 ", 42, []),
        ("2.0", 2, []),
    ],
)
def test_integer_cells(raw: str, value: int, changes: list[str]) -> None:
    result = convert_one(raw, "integer")
    assert result.values == [value]
    assert type(result.values[0]) is int
    assert sorted(result.changes) == sorted(changes)
    assert result.notes == []


@pytest.mark.parametrize(
    ("raw", "value", "changes"),
    [
        ("1.5", Decimal("1.5"), []),
        ("0.1", Decimal("0.1"), []),  # exact, never a float
        ("３．１４", Decimal("3.14"), ["fullwidth_digits"]),
        ("12.5%", Decimal("12.5"), ["percent_sign"]),
        ("５％", Decimal("5"), ["fullwidth_digits", "percent_sign"]),
        ("△0.5", Decimal("-0.5"), ["triangle_negative"]),
        ("1,234.5㎡", Decimal("1234.5"), ["thousands_separator", "unit_removed"]),
        ("7", Decimal("7"), []),
    ],
)
def test_number_cells(raw: str, value: Decimal, changes: list[str]) -> None:
    result = convert_one(raw, "number")
    assert result.values == [value]
    assert isinstance(result.values[0], Decimal)
    assert sorted(result.changes) == sorted(changes)


@pytest.mark.parametrize("mark", ["-", "－", "—", "‐", "―", "…"])
def test_null_markers_in_number_columns_become_null(mark: str) -> None:
    result = convert_one(mark, "integer")
    assert (result.values, dict(result.changes), result.notes) == ([None], {"null_marker": 1}, [])


def test_blank_cells_are_null_without_a_change() -> None:
    result = convert(["", "  ", None], "integer")
    assert result.values == [None, None, None]
    assert not result.changes and not result.notes


@pytest.mark.parametrize("mark", ["X", "χ", "***", "＊", "秘匿"])
def test_suppression_marks_become_null_and_the_mark_is_kept_in_the_report(mark: str) -> None:
    result = convert(["1", mark], "integer", first_line=5)
    assert result.values == [1, None]
    assert result.changes == Counter({"suppressed": 1})
    (note,) = result.notes
    assert (note.code, note.row, note.column) == ("suppressed_value", 6, "値")
    assert f"「{mark}」" in note.message_ja and f"'{mark}'" in note.message_en


def test_values_that_do_not_fit_are_null_and_reported_with_row_and_column() -> None:
    result = convert(["1", "不明", "3", "不明"], "integer", first_line=10)
    assert result.values == [1, None, 3, None]
    assert result.changes == Counter({"type_mismatch": 2})
    assert [(n.code, n.row) for n in result.notes] == [("type_mismatch", 11), ("type_mismatch", 13)]
    assert "整数" in result.notes[0].message_ja and "integers" in result.notes[0].message_en
    assert "不明" in result.notes[0].message_ja


def test_fractions_in_an_integer_column_do_not_fit() -> None:
    result = convert_one("2.5", "integer")
    assert result.values == [None] and result.codes == ["type_mismatch"]


def test_units_seen_in_cells_are_remembered() -> None:
    converter = ColumnConverter(column("number"), Counter(), lambda *a, **k: None)
    converter.convert(["1,000円", "2千円", "3"], [2, 3, 4])
    assert converter.units == {"円", "千円"}


def test_dms_coordinates_in_a_latitude_column_become_decimal_degrees() -> None:
    result = convert_one("35°39'29.1\"N", column("number", "緯度", role="latitude"))
    assert result.values == [Decimal("35.65808333")]
    assert result.changes == Counter({"dms_coordinate": 1})


# --- dates --------------------------------------------------------------------------------

APRIL_FIRST = dt.date(2023, 4, 1)


@pytest.mark.parametrize(
    ("raw", "changes"),
    [
        ("令和5年4月1日", ["wareki_date"]),
        ("R5.4.1", ["wareki_date"]),
        ("R05/04/01", ["wareki_date"]),
        ("令5.4.1", ["wareki_date"]),
        ("Ｒ５．４．１", ["fullwidth_digits", "wareki_date"]),
        ("令和５年４月１日", ["fullwidth_digits", "wareki_date"]),
        ("令和5年4月1日(土)", ["wareki_date"]),
        ("2023/4/1", ["date_format"]),
        ("2023/04/01", ["date_format"]),
        ("2023年4月1日", ["date_format"]),
        ("２０２３年４月１日", ["date_format", "fullwidth_digits"]),
        ("2023.4.1", ["date_format"]),
        ("2023-04-01", []),
        ("2023-04-01T00:00:00", []),  # an Excel date cell
        ("2023/04/01 0:00:00", ["date_format"]),
    ],
)
def test_date_forms_become_iso_dates(raw: str, changes: list[str]) -> None:
    result = convert_one(raw, "date")
    assert result.values == [APRIL_FIRST]
    assert sorted(result.changes) == sorted(changes)


def test_era_boundaries() -> None:
    result = convert(
        ["平成31年4月30日", "令和元年5月1日", "昭和64年1月7日", "平成元年1月8日"], "date"
    )
    assert result.values == [
        dt.date(2019, 4, 30),
        dt.date(2019, 5, 1),
        dt.date(1989, 1, 7),
        dt.date(1989, 1, 8),
    ]


@pytest.mark.parametrize("raw", ["令和5年2月29日", "平成31年5月1日", "2023/2/29", "2023-02-30"])
def test_impossible_dates_are_flagged_not_guessed(raw: str) -> None:
    result = convert([raw], "date", first_line=7)
    assert result.values == [None]
    assert result.changes == Counter({"impossible_date": 1})
    (note,) = result.notes
    assert (note.code, note.row, note.column) == ("impossible_date", 7, "値")
    assert raw in note.message_ja and raw in note.message_en


def test_us_style_dates_follow_the_column_order() -> None:
    us = convert(["5/1/2023", "12/31/2023"], column("date", order="mdy"))
    assert us.values == [dt.date(2023, 5, 1), dt.date(2023, 12, 31)]
    european = convert(["5/1/2023"], column("date", order="dmy"))
    assert european.values == [dt.date(2023, 1, 5)]
    unknown = convert(["5/1/2023"], "date")
    assert unknown.values == [None] and unknown.codes == ["type_mismatch"]


def test_null_and_suppression_marks_in_date_columns() -> None:
    result = convert(["-", "X", ""], "date")
    assert result.values == [None, None, None]
    assert result.changes == Counter({"null_marker": 1, "suppressed": 1})
    assert result.codes == ["suppressed_value"]


def test_datetime_cells_and_plain_dates_in_a_datetime_column() -> None:
    result = convert(["2023/4/1 9:00", "令和5年4月1日 17時30分", "2023-04-01"], "datetime")
    assert result.values == [
        dt.datetime(2023, 4, 1, 9, 0),
        dt.datetime(2023, 4, 1, 17, 30),
        dt.datetime(2023, 4, 1, 0, 0),
    ]
    assert result.changes["wareki_date"] == 1


# --- times and booleans --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value", "changes"),
    [
        ("09:00", "09:00", []),
        ("9:00", "09:00", ["time_format"]),
        ("９：００", "09:00", ["fullwidth_digits", "time_format"]),
        ("24:00", "24:00", []),  # the end of a day, kept as written
        ("17時30分", "17:30", ["time_format"]),
        ("9:00:00", "09:00", ["time_format"]),
    ],
)
def test_time_cells(raw: str, value: str, changes: list[str]) -> None:
    result = convert_one(raw, "time")
    assert result.values == [value]
    assert sorted(result.changes) == sorted(changes)


def test_impossible_times_are_flagged() -> None:
    result = convert(["25:00", "9:75"], "time")
    assert result.values == [None, None]
    assert result.codes == ["impossible_time", "impossible_time"]


def test_boolean_cells() -> None:
    result = convert(["true", "FALSE", "", "-", "はい"], "boolean")
    assert result.values == [True, False, None, None, None]
    assert result.codes == ["type_mismatch"]


# --- text --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "stored", "changes"),
    [
        ("ｼﾔｸｼｮ", "シヤクショ", ["halfwidth_katakana"]),
        ("ｶﾞｯｺｳ", "ガッコウ", ["halfwidth_katakana"]),
        ("  中央公園\u3000", "中央公園", ["trimmed"]),
        ("２階正面入口", "2階正面入口", ["fullwidth_ascii"]),
        ("山田\u3000太郎", "山田\u3000太郎", []),  # the ideographic space inside is meant
        ("（株）ひらく", "（株）ひらく", []),  # full-width punctuation alone is Japanese
        ("-", "-", []),  # text columns keep what null markers mean there
    ],
)
def test_text_cells(raw: str, stored: str, changes: list[str]) -> None:
    result = convert_one(raw, "text")
    assert result.values == [stored]
    assert sorted(result.changes) == sorted(changes)


def test_line_breaks_inside_cells_are_kept_and_reported_with_the_row() -> None:
    result = convert(["一行目\n二行目", "普通", "末尾に改行\r\n"], "text", first_line=4)
    assert result.values == ["一行目\n二行目", "普通", "末尾に改行"]
    assert result.changes == Counter({"line_break": 2, "trimmed": 1})
    assert [(n.code, n.row) for n in result.notes] == [
        ("line_break_in_cell", 4),
        ("line_break_in_cell", 6),
    ]


def test_blank_text_cells_are_null() -> None:
    assert convert(["", " \u3000 ", None], "text").values == [None, None, None]


@pytest.mark.parametrize(
    ("raw", "stored", "change"),
    [
        ("(054)626-1139", "054-626-1139", "phone_formatted"),
        ("09012345678", "090-1234-5678", "phone_formatted"),
        ("０５４－６２６－１１３９", "054-626-1139", "fullwidth_ascii"),
    ],
)
def test_phone_numbers_are_formatted(raw: str, stored: str, change: str) -> None:
    result = convert_one(raw, "text", role="phone")
    assert result.values == [stored]
    assert result.changes == Counter({change: 1})


def test_phone_column_keeps_what_is_not_a_phone_number() -> None:
    result = convert(["054-626-1139", "info@city.yaizu.lg.jp"], "text", role="phone")
    assert result.values == ["054-626-1139", "info@city.yaizu.lg.jp"]
    assert not result.changes and not result.notes


def test_urls_are_normalized() -> None:
    result = convert_one("ＨＴＴＰＳ：／／ｗｗｗ．ｃｉｔｙ．ｊｐ／", "text", role="url")
    assert result.values == ["https://www.city.jp/"]
    assert result.changes["url_normalized"] == 1


def test_local_government_codes() -> None:
    result = convert(
        ["222127", "37201", "２２２１２７", "222128", "37", "-"], "text", role="lgcode"
    )
    assert result.values == ["222127", "372013", "222127", "222128", "37", "-"]
    assert result.changes == Counter({"lgcode_completed": 1, "fullwidth_ascii": 1})
    assert [(n.code, n.row) for n in result.notes] == [("lgcode_invalid", 5)]


def test_lat_lon_in_one_cell() -> None:
    result = convert(
        ["34.3409,134.0452", "34.3409, 134.0452", "134.0452,34.3409", "10.0,10.0"],
        "text",
        role="latlon",
    )
    assert result.values[:3] == ["34.3409,134.0452"] * 3
    assert result.values[3] == "10.0,10.0"
    assert result.changes == Counter({"latlon_formatted": 1, "latlon_swapped": 1})
    assert [(n.code, n.row) for n in result.notes] == [
        ("latlon_swapped", 4),
        ("coordinate_outside_japan", 5),
    ]


def test_lat_lon_in_dms_becomes_decimal() -> None:
    result = convert_one("北緯35度39分29秒 東経139度44分28秒", "text", role="latlon")
    assert result.values == ["35.65805556,139.74111111"]


# --- counting, caching, batches -------------------------------------------------------------


def test_changes_are_counted_per_cell_not_per_distinct_value() -> None:
    result = convert(["１"] * 3 + ["1,000"] * 2, "integer")
    assert result.changes == Counter({"fullwidth_digits": 3, "thousands_separator": 2})


def test_each_distinct_value_is_worked_out_once() -> None:
    calls: list[str] = []
    converter = ColumnConverter(column("date"), Counter(), lambda *a, **k: None)
    outcome = converter.rules.outcome

    def counting(raw: str):  # type: ignore[no-untyped-def]
        calls.append(raw)
        return outcome(raw)

    converter.rules.outcome = counting  # type: ignore[method-assign]
    for _ in range(3):
        converter.convert(["令和5年4月1日", "令和5年4月1日", "R5.4.2"], [2, 3, 4])
    assert sorted(calls) == ["R5.4.2", "令和5年4月1日"]


def test_a_batch_that_only_folds_letters_and_digits_takes_no_value_by_value_step() -> None:
    converter = ColumnConverter(column("text"), Counter(), lambda *a, **k: None)

    def refused(raw: str):  # type: ignore[no-untyped-def]
        raise AssertionError(f"value by value: {raw}")

    converter.rules.outcome = refused  # type: ignore[method-assign]
    cells = ["東京都江東区若葉２丁目３番", "", "東京都港区富士見2丁目15番", "ＡＢ棟"]
    assert converter.convert(cells, [2, 3, 4, 5]) == [
        "東京都江東区若葉2丁目3番", None, "東京都港区富士見2丁目15番", "AB棟"]
    assert converter.changes == Counter({"fullwidth_ascii": 2})
    with_excel_gaps = converter.convert(["２", None, ""], [6, 7, 8])
    assert with_excel_gaps == ["2", None, None]


def test_plain_batches_and_value_by_value_agree() -> None:
    values = ["1", "", "-2", "30", None]
    plain = convert(values, "integer").values
    mixed = convert([*values, "１"], "integer").values[:-1]  # one odd value: the slow way
    assert plain == mixed == [1, None, -2, 30, None]


def test_encoder_is_applied_to_non_null_values() -> None:
    result = convert(["1.5", "", "２．５"], "number", encode=float)
    assert result.values == [1.5, None, 2.5]
    assert all(type(v) is float for v in result.values if v is not None)
    dates = convert(["2023-04-01", "R5.4.2"], "date", encode=dt.date.isoformat)
    assert dates.values == ["2023-04-01", "2023-04-02"]


def test_value_rules_answer_once_per_value() -> None:
    rules = ValueRules(column("integer"))
    assert rules.outcome("１，０００") == (1000, ("fullwidth_digits", "thousands_separator"), None)


def test_make_converter_reports_on_the_sink_line() -> None:
    seen: list[tuple] = []
    sink = Sink(lambda code, row=None, column=None, **params: seen.append((code, row, column)))
    changes: Counter = Counter()
    convert_cell = make_converter(column("integer", "人口"), changes, sink)
    sink.line = 12
    assert convert_cell("１，２３４") == 1234
    assert convert_cell(None) is None
    sink.line = 13
    assert convert_cell("不明") is None
    assert seen == [("type_mismatch", 13, "人口")]
    assert changes == Counter({"fullwidth_digits": 1, "thousands_separator": 1, "type_mismatch": 1})
