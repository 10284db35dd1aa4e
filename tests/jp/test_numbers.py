"""parse_number and unit_in_header."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hiraku.jp.numbers import (
    NULL_MARKS,
    SUPPRESSION_MARKS,
    NumberValue,
    parse_number,
    unit_in_header,
)
from hiraku.jp.text import ASCII_FOLD

FULL_WIDTH = {ascii_code: chr(full) for full, ascii_code in ASCII_FOLD.items()}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0", 0),
        ("1234", 1234),
        ("1,234", 1234),
        ("１，２３４", 1234),
        ("１２３４", 1234),
        ("1,234,567", 1234567),
        ("△123", -123),
        ("▲1,234", -1234),
        ("△ 123", -123),
        ("-5", -5),
        ("−5", -5),
        ("－５", -5),
        ("+5", 5),
        ("＋５", 5),
        ("  42  ", 42),
        ("　42　", 42),
        ("007", 7),
    ],
)
def test_integers_stay_int(text, value):
    result = parse_number(text)
    assert result == NumberValue(value, "number")
    assert type(result.value) is int


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.5", Decimal("1.5")),
        ("0.1", Decimal("0.1")),
        (".5", Decimal("0.5")),
        ("▲1,234.5", Decimal("-1234.5")),
        ("１２．５", Decimal("12.5")),
        ("1,234.50", Decimal("1234.50")),
    ],
)
def test_decimals_are_exact(text, value):
    result = parse_number(text)
    assert result.kind == "number"
    assert isinstance(result.value, Decimal)
    assert result.value == value


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("1,234円", 1234, "円"),
        ("35人", 35, "人"),
        ("12件", 12, "件"),
        ("1,500 千円", 1500, "千円"),
        ("120㎡", 120, "㎡"),
        ("120m2", 120, "m2"),
        ("120ｍ２", 120, "m2"),
        ("3.5km", Decimal("3.5"), "km"),
        ("250人/km2", 250, "人/km2"),
        ("¥1,234", 1234, "円"),
        ("￥1,234", 1234, "円"),
        ("5か所", 5, "か所"),
        ("30分", 30, "分"),
    ],
)
def test_units_written_in_cells(text, value, unit):
    result = parse_number(text)
    assert (result.kind, result.value, result.unit, result.percent) == (
        "number",
        value,
        unit,
        False,
    )


@pytest.mark.parametrize(
    ("text", "value"), [("12.5%", Decimal("12.5")), ("12.5 ％", Decimal("12.5")), ("△3%", -3)]
)
def test_percent_sign_is_recorded_and_value_kept_as_written(text, value):
    result = parse_number(text)
    assert result.percent is True
    assert result.value == value
    assert result.unit is None


@pytest.mark.parametrize("mark", ["-", "－", "—", "‐", "―", "…", "ー", "‥", "−"])
def test_null_marks_keep_the_mark(mark):
    assert parse_number(mark) == NumberValue(None, "null", mark)
    assert parse_number(f" {mark} ").mark == mark


def test_blank_is_null_without_a_mark():
    assert parse_number("") == NumberValue(None, "null")
    assert parse_number(" 　") == NumberValue(None, "null")


@pytest.mark.parametrize("mark", ["X", "x", "Ｘ", "ｘ", "χ", "*", "**", "***", "＊＊＊", "秘匿"])
def test_suppression_marks_are_kept(mark):
    result = parse_number(mark)
    assert result.kind == "suppressed"
    assert result.value is None
    assert result.mark == mark


def test_mark_sets_do_not_overlap():
    assert not NULL_MARKS & SUPPRESSION_MARKS


@pytest.mark.parametrize(
    "text",
    [
        "1,23",
        "12,34,567",
        "1,2345",
        ",123",
        "1.2.3",
        "12a",
        "abc",
        "1 234",
        "--5",
        "△",
        "1.",
        "約100",
        "100以上",
        "12%円",
        "¥12人",
        "5 (注1)",
        "①",
        "1e3",
    ],
)
def test_invalid_numbers(text):
    assert parse_number(text) == NumberValue(None, "invalid")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("人口（人）", ("人口", "人")),
        ("事業費(千円)", ("事業費", "千円")),
        ("面積［㎡］", ("面積", "㎡")),
        ("面積[m2]", ("面積", "m2")),
        ("事業費（単位：千円）", ("事業費", "千円")),
        ("人口密度（人/km2）", ("人口密度", "人/km2")),
        ("達成率(%)", ("達成率", "%")),
        ("事業費 (百万円)", ("事業費", "百万円")),
        ("男性トイレ数（小便器）", ("男性トイレ数（小便器）", None)),
        ("建物名等(方書)", ("建物名等(方書)", None)),
        ("人口", ("人口", None)),
        ("（人）", ("（人）", None)),
        (" 世帯数（世帯） ", ("世帯数", "世帯")),
    ],
)
def test_unit_in_header(header, expected):
    assert unit_in_header(header) == expected


def _with_commas(number) -> str:
    return f"{abs(number):,}"


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_integers_round_trip_through_every_writing(number):
    plain = _with_commas(number)
    sign = "△" if number < 0 else ""
    for text in (f"{number:,}", sign + plain, (sign + plain).translate(FULL_WIDTH), f"▲{plain}"):
        expected = -abs(number) if text.startswith("▲") else number
        result = parse_number(text)
        assert result.kind == "number"
        assert result.value == expected
        assert type(result.value) is int


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=3, allow_nan=False))
def test_decimals_round_trip_exactly(number):
    text = ("△" if number < 0 else "") + _with_commas(number)
    result = parse_number(text.translate(FULL_WIDTH))
    assert result.kind == "number"
    assert result.value == number
    assert isinstance(result.value, Decimal)


@given(st.text(max_size=12))
def test_parse_number_never_raises(text):
    assert parse_number(text).kind in ("number", "null", "suppressed", "invalid")


def test_only_ascii_and_full_width_digits_are_digits():
    assert parse_number("١٢٣").kind == "invalid"  # Arabic-Indic digits
    assert parse_number("१२३").kind == "invalid"  # Devanagari digits


def test_absurdly_long_digit_strings_are_invalid_not_a_crash():
    assert parse_number("1" * 5000).kind == "invalid"
    assert parse_number("9" * 60) == NumberValue(int("9" * 60), "number")
