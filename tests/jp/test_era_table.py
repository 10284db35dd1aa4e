"""The era table, to_wareki and era_of."""

import datetime as dt
import itertools

import pytest

from hiraku.jp.era import ERAS, ImpossibleDate, era_of, to_wareki
from hiraku.jp.era_table import ERA_BY_TOKEN, wareki_to_date

D = dt.date


def test_era_table_has_the_five_modern_eras_in_order():
    assert [(e.name, e.short, e.letter) for e in ERAS] == [
        ("明治", "明", "M"),
        ("大正", "大", "T"),
        ("昭和", "昭", "S"),
        ("平成", "平", "H"),
        ("令和", "令", "R"),
    ]
    assert [e.start for e in ERAS] == [
        D(1868, 10, 23),
        D(1912, 7, 30),
        D(1926, 12, 25),
        D(1989, 1, 8),
        D(2019, 5, 1),
    ]


def test_each_era_ends_the_day_before_the_next_begins():
    for current, following in itertools.pairwise(ERAS):
        assert current.end == following.start - dt.timedelta(days=1)
    assert ERAS[-1].end is None


def test_every_era_token_resolves():
    assert ERA_BY_TOKEN["令和"] is ERA_BY_TOKEN["令"] is ERA_BY_TOKEN["R"] is ERA_BY_TOKEN["r"]


@pytest.mark.parametrize(
    ("day", "kanji", "short"),
    [
        (D(2023, 4, 1), "令和5年4月1日", "R5.4.1"),
        (D(2019, 5, 1), "令和元年5月1日", "R1.5.1"),
        (D(2019, 4, 30), "平成31年4月30日", "H31.4.30"),
        (D(1989, 1, 8), "平成元年1月8日", "H1.1.8"),
        (D(1989, 1, 7), "昭和64年1月7日", "S64.1.7"),
        (D(1926, 12, 25), "昭和元年12月25日", "S1.12.25"),
        (D(1926, 12, 24), "大正15年12月24日", "T15.12.24"),
        (D(1912, 7, 30), "大正元年7月30日", "T1.7.30"),
        (D(1912, 7, 29), "明治45年7月29日", "M45.7.29"),
        (D(1873, 1, 1), "明治6年1月1日", "M6.1.1"),
    ],
)
def test_to_wareki(day, kanji, short):
    assert to_wareki(day) == kanji
    assert to_wareki(day, "short") == short


def test_to_wareki_refuses_lunisolar_era_dates():
    with pytest.raises(ImpossibleDate) as caught:
        to_wareki(D(1872, 12, 31))
    assert caught.value.code == "lunisolar"


def test_to_wareki_rejects_unknown_style():
    with pytest.raises(ValueError, match="style"):
        to_wareki(D(2023, 4, 1), "roman")


def test_era_of_picks_the_era_containing_the_day():
    assert era_of(D(2019, 4, 30)).name == "平成"
    assert era_of(D(2019, 5, 1)).name == "令和"


def test_wareki_to_date_checks_the_era_range():
    reiwa = ERA_BY_TOKEN["令和"]
    assert wareki_to_date(reiwa, 1, 5, 1) == D(2019, 5, 1)
    with pytest.raises(ImpossibleDate, match="outside"):
        wareki_to_date(reiwa, 1, 4, 30)
