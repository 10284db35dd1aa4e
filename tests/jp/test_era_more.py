"""parse_datetime, 年度, Excel serials and column_order."""

import datetime as dt

import pytest

from hiraku.jp.era import (
    ImpossibleDate,
    column_order,
    excel_serial_to_date,
    fiscal_year,
    parse_datetime,
    parse_fiscal_year,
)
from hiraku.jp.errors import ImpossibleTime

D, DT = dt.date, dt.datetime
JST = dt.timezone(dt.timedelta(hours=9))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023/4/1 9:00", DT(2023, 4, 1, 9, 0)),
        ("2023/04/01 09:00:00", DT(2023, 4, 1, 9, 0)),
        ("2023-04-01T09:00", DT(2023, 4, 1, 9, 0)),
        ("2023-04-01T09:00:30", DT(2023, 4, 1, 9, 0, 30)),
        ("2023-04-01 09:00:00.25", DT(2023, 4, 1, 9, 0, 0, 250000)),
        ("2023-04-01T09:00:00+09:00", DT(2023, 4, 1, 9, 0, tzinfo=JST)),
        ("2023-04-01T00:00:00Z", DT(2023, 4, 1, 0, 0, tzinfo=dt.UTC)),
        ("２０２３／４／１　９：００", DT(2023, 4, 1, 9, 0)),
        ("令和5年4月1日 9時30分", DT(2023, 4, 1, 9, 30)),
        ("2023年4月1日9時", DT(2023, 4, 1, 9, 0)),
        ("R5.4.1 午後1時", DT(2023, 4, 1, 13, 0)),
        ("2023/4/1 24:00", DT(2023, 4, 2, 0, 0)),
        ("2023/4/1 0:00:00", DT(2023, 4, 1, 0, 0)),
    ],
)
def test_parse_datetime(text, expected):
    assert parse_datetime(text) == expected


@pytest.mark.parametrize("text", ["2023-04-01", "令和5年4月1日", "9:00", "", "昭和町 9:00"])
def test_parse_datetime_needs_both_parts(text):
    assert parse_datetime(text) is None


def test_parse_datetime_flags_impossible_parts():
    with pytest.raises(ImpossibleDate):
        parse_datetime("2023/2/29 9:00")
    with pytest.raises(ImpossibleTime):
        parse_datetime("2023/4/1 25:00")


def test_parse_datetime_honours_column_order():
    assert parse_datetime("2/1/2024 0:00") is None
    assert parse_datetime("2/1/2024 0:00", order="mdy") == DT(2024, 2, 1)


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (D(2023, 4, 1), 2023),
        (D(2024, 3, 31), 2023),
        (D(2023, 3, 31), 2022),
        (D(2023, 12, 31), 2023),
    ],
)
def test_fiscal_year_runs_april_to_march(day, year):
    assert fiscal_year(day) == year


@pytest.mark.parametrize(
    ("text", "start_year"),
    [
        ("令和5年度", 2023),
        ("R5年度", 2023),
        ("令和元年度", 2019),
        ("平成31年度", 2019),
        ("昭和63年度", 1988),
        ("平成元年度", 1989),
        ("2023年度", 2023),
        ("２０２３年度", 2023),
        ("FY2023", 2023),
        (" 令和 5 年度 ", 2023),
    ],
)
def test_parse_fiscal_year(text, start_year):
    assert parse_fiscal_year(text) == (D(start_year, 4, 1), D(start_year + 1, 3, 31))


@pytest.mark.parametrize("text", ["平成32年度", "昭和64年度", "令和0年度"])
def test_fiscal_year_outside_its_era_is_impossible(text):
    with pytest.raises(ImpossibleDate):
        parse_fiscal_year(text)


@pytest.mark.parametrize("text", ["", "令和5年", "2023", "年度", "0000年度"])
def test_non_fiscal_years_are_none(text):
    assert parse_fiscal_year(text) is None


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        (1, D(1900, 1, 1)),
        (59, D(1900, 2, 28)),
        (61, D(1900, 3, 1)),
        (45017, D(2023, 4, 1)),
        (45292, D(2024, 1, 1)),
        (45292.75, D(2024, 1, 1)),
        (2958465, D(9999, 12, 31)),
    ],
)
def test_excel_serial_to_date(serial, expected):
    assert excel_serial_to_date(serial) == expected


@pytest.mark.parametrize("serial", [60, 0, -1, 0.5, 2958466, float("nan"), float("inf"), True])
def test_excel_serials_that_name_no_day(serial):
    with pytest.raises(ImpossibleDate):
        excel_serial_to_date(serial)


def test_column_order_proven_month_first():
    assert column_order(["5/1/2023", "12/13/2023", "", "n/a"]) == "mdy"


def test_column_order_proven_day_first():
    assert column_order(["1/5/2023", "13/12/2023"]) == "dmy"


def test_column_order_unproven_or_contradictory_refuses_to_guess():
    assert column_order(["5/1/2023", "6/1/2023"]) == "ymd"
    assert column_order(["13/1/2023", "1/13/2023"]) == "ymd"
    assert column_order([]) == "ymd"
    assert column_order(["2023/13/1"]) == "ymd"


def test_column_order_reads_full_width_and_datetime_cells():
    assert column_order(["２/１３/２０２４ 0:00"]) == "mdy"


def test_end_of_day_on_the_last_representable_date_is_not_a_crash():
    assert parse_datetime("9999/12/31 24:00") is None


def test_offset_out_of_range_is_not_a_datetime():
    assert parse_datetime("2023-04-01T09:00+25:00") is None
