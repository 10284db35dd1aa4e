"""Property tests: 西暦 → 和暦 → 西暦 round trips over every date the era table covers."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from hiraku.jp.era import ERAS, fiscal_year, parse_date, parse_fiscal_year, to_wareki
from hiraku.jp.text import ASCII_FOLD

FULL_WIDTH = {ascii_code: chr(full) for full, ascii_code in ASCII_FOLD.items()}
modern_dates = st.dates(min_value=dt.date(1873, 1, 1), max_value=dt.date(2099, 12, 31))


@given(modern_dates)
def test_kanji_wareki_round_trips(day):
    assert parse_date(to_wareki(day)) == day


@given(modern_dates)
def test_short_wareki_round_trips(day):
    assert parse_date(to_wareki(day, "short")) == day


@given(modern_dates)
def test_full_width_wareki_round_trips(day):
    assert parse_date(to_wareki(day, "short").translate(FULL_WIDTH)) == day


@given(modern_dates)
def test_zero_padded_slash_form_round_trips(day):
    era = next(e for e in reversed(ERAS) if e.start <= day)
    year = day.year - era.start.year + 1
    assert parse_date(f"{era.letter}{year:02d}/{day.month:02d}/{day.day:02d}") == day


@given(modern_dates)
def test_western_forms_round_trip(day):
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"{day.year}/{day.month}/{day.day}") == day
    assert parse_date(f"{day.year}年{day.month}月{day.day}日") == day


@given(modern_dates)
def test_every_day_of_its_fiscal_year_lies_in_the_parsed_span(day):
    start, end = parse_fiscal_year(f"{fiscal_year(day)}年度")
    assert start <= day <= end


def test_every_era_boundary_round_trips_both_sides():
    for era in ERAS[1:]:
        for day in (era.start - dt.timedelta(days=1), era.start):
            assert parse_date(to_wareki(day)) == day
            assert parse_date(to_wareki(day, "short")) == day
