"""parse_date: every common way Japanese cells write a date, and the impossible ones."""

import datetime as dt

import pytest

from hiraku.jp.era import ImpossibleDate, parse_date

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和5年4月1日", D(2023, 4, 1)),
        ("令和元年5月1日", D(2019, 5, 1)),
        ("R5.4.1", D(2023, 4, 1)),
        ("R05/04/01", D(2023, 4, 1)),
        ("R5-4-1", D(2023, 4, 1)),
        ("r5.4.1", D(2023, 4, 1)),
        ("H31.4.30", D(2019, 4, 30)),
        ("H.31.4.30", D(2019, 4, 30)),
        ("H29.1.6", D(2017, 1, 6)),
        ("S47.4.1", D(1972, 4, 1)),
        ("R02.07.21", D(2020, 7, 21)),
        ("昭32. 7. 1", D(1957, 7, 1)),
        ("平7. 10. 5", D(1995, 10, 5)),
        ("令4. 10. 5", D(2022, 10, 5)),
        ("Ｒ５．４．１", D(2023, 4, 1)),
        ("令和５年４月１日", D(2023, 4, 1)),
        ("令和 5 年 4 月 1 日", D(2023, 4, 1)),
        ("R5年4月1日", D(2023, 4, 1)),
        ("昭32年7月1日", D(1957, 7, 1)),
        ("大正元年7月30日", D(1912, 7, 30)),
        ("明治6年1月1日", D(1873, 1, 1)),
        ("M45.7.29", D(1912, 7, 29)),
        ("  令和5年4月1日　", D(2023, 4, 1)),
        ("2023/4/1", D(2023, 4, 1)),
        ("2023/04/01", D(2023, 4, 1)),
        ("2023-04-01", D(2023, 4, 1)),
        ("2023.4.1", D(2023, 4, 1)),
        ("2023年4月1日", D(2023, 4, 1)),
        ("２０２３年４月１日", D(2023, 4, 1)),
        ("２０２３／４／１", D(2023, 4, 1)),
        ("1904-08-29", D(1904, 8, 29)),
        ("1870-01-01", D(1870, 1, 1)),  # western dates before 1873 are plain Gregorian
        ("20230401", D(2023, 4, 1)),
        ("2023(令和5)年4月1日", D(2023, 4, 1)),
        ("2023年（令和5年）4月1日", D(2023, 4, 1)),
        ("令和5(2023)年4月1日", D(2023, 4, 1)),
        ("令和元年（2019年）5月1日", D(2019, 5, 1)),
    ],
)
def test_parses_common_date_forms(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "令和5年4月1日(土)",
        "令和5年4月1日（土）",
        "令和5年4月1日(土曜日)",
        "令和5年4月1日（土曜）",
        "2023/4/1(Sat)",
        "2023年4月1日 土曜日",
        "R5.4.1（土・祝）",
    ],
)
def test_weekday_suffix_is_accepted_when_it_matches(text):
    assert parse_date(text) == D(2023, 4, 1)


def test_wrong_weekday_is_flagged_not_ignored():
    with pytest.raises(ImpossibleDate) as caught:
        parse_date("令和5年4月1日(日)")
    assert caught.value.code == "weekday"
    assert "土曜日" in caught.value.message_ja
    assert "Saturday" in caught.value.message_en


@pytest.mark.parametrize(
    "text",
    ["2023/04/01 0:00:00", "2023/4/1 0:00", "2023-04-01T00:00:00", "2023/04/01 00:00:00.000"],
)
def test_spreadsheet_midnight_suffix_is_still_a_date(text):
    assert parse_date(text) == D(2023, 4, 1)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "明治通り",
        "昭和町",
        "昭和町１丁目",
        "令和",
        "令和5年4月",
        "2023年4月",
        "2023",
        "12345",
        "1,234",
        "hello",
        "R5",
        "2023/4/1 9:00",  # a datetime, not a date
        "23/4/1",  # two-digit year: ambiguous
        "12345678",  # 8 digits that are no real date: an ID, not an error
        "20231332",
        "令和5年4月1日生まれ",
    ],
)
def test_non_dates_are_none(text):
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("令和5年2月29日", "day"),
        ("2023-02-29", "day"),
        ("2023/4/31", "day"),
        ("令和5年4月0日", "day"),
        ("2023/13/1", "month"),
        ("R5.13.1", "month"),
        ("令和5年0月1日", "month"),
        ("平成31年5月1日", "era_range"),
        ("令和元年4月30日", "era_range"),
        ("昭和64年1月8日", "era_range"),
        ("平成元年1月7日", "era_range"),
        ("大正15年12月25日", "era_range"),
        ("令和0年1月1日", "era_year"),
        ("明治5年1月1日", "lunisolar"),
        ("明治元年10月23日", "lunisolar"),
        ("2023(令和4)年4月1日", "era_mismatch"),
    ],
)
def test_impossible_dates_raise_with_a_reason(text, code):
    with pytest.raises(ImpossibleDate) as caught:
        parse_date(text)
    assert caught.value.code == code
    assert caught.value.message_ja
    assert caught.value.message_en
    assert isinstance(caught.value, ValueError)


def test_leap_day_exists_in_leap_years():
    assert parse_date("令和2年2月29日") == D(2020, 2, 29)
    assert parse_date("平成12年2月29日") == D(2000, 2, 29)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("明治45年7月29日", D(1912, 7, 29)),
        ("大正元年7月30日", D(1912, 7, 30)),
        ("大正15年12月24日", D(1926, 12, 24)),
        ("昭和元年12月25日", D(1926, 12, 25)),
        ("昭和64年1月7日", D(1989, 1, 7)),
        ("平成元年1月8日", D(1989, 1, 8)),
        ("平成31年4月30日", D(2019, 4, 30)),
        ("令和元年5月1日", D(2019, 5, 1)),
    ],
)
def test_era_boundaries(text, expected):
    assert parse_date(text) == expected


def test_year_last_dates_need_a_column_decision():
    assert parse_date("5/1/2023") is None
    assert parse_date("5/1/2023", order="mdy") == D(2023, 5, 1)
    assert parse_date("5/1/2023", order="dmy") == D(2023, 1, 5)
    assert parse_date("25/12/2023") is None


def test_year_last_with_wrong_order_is_impossible():
    with pytest.raises(ImpossibleDate):
        parse_date("13/5/2023", order="mdy")


def test_order_does_not_change_year_first_dates():
    assert parse_date("2023/5/1", order="mdy") == D(2023, 5, 1)
    assert parse_date("2023/5/1", order="dmy") == D(2023, 5, 1)


def test_unknown_order_is_a_programming_error():
    with pytest.raises(ValueError, match="order"):
        parse_date("2023/5/1", order="ydm")


def test_year_zero_is_impossible():
    with pytest.raises(ImpossibleDate) as caught:
        parse_date("0000-01-01")
    assert caught.value.code == "year"


def test_digits_of_other_scripts_are_not_dates():
    assert parse_date("٢٠٢٣/٤/١") is None


@pytest.mark.parametrize("text", ["T00:00", "T 0:00", "R(土)", "S 0:00:00"])
def test_suffix_only_cells_are_not_dates(text):
    assert parse_date(text) is None
