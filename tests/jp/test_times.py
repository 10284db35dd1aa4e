"""Clock times, ranges and 終日."""

import pytest

from hiraku.jp.errors import ImpossibleTime
from hiraku.jp.times import is_all_day, parse_time, parse_time_range


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9:00", "09:00"),
        ("09:00", "09:00"),
        ("９：００", "09:00"),
        ("１7:15", "17:15"),
        ("0:00", "00:00"),
        ("23:59", "23:59"),
        ("24:00", "24:00"),
        ("24:00:00", "24:00"),
        ("9:00:00", "09:00"),
        ("9:00:30", "09:00:30"),
        (" 9:00 ", "09:00"),
        ("9時", "09:00"),
        ("9時30分", "09:30"),
        ("9時半", "09:30"),
        ("9時30分15秒", "09:30:15"),
        ("午前9時", "09:00"),
        ("午後1時30分", "13:30"),
        ("午後1:30", "13:30"),
        ("午前12時", "12:00"),  # 太政官布告: 午前12時 is noon
        ("午後0時", "12:00"),
        ("午後12時", "24:00"),
        ("正午", "12:00"),
        ("9:00 AM", "09:00"),
        ("9:00pm", "21:00"),
        ("12:00 AM", "00:00"),
        ("12:30 PM", "12:30"),
        ("PM 1:30", "13:30"),
    ],
)
def test_parse_time(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "25:00",
        "9:75",
        "24:01",
        "24:00:01",
        "9時75分",
        "13:00 PM",
        "午後13時",
        "午後12時30分",
        "9:00:60",
    ],
)
def test_impossible_times_raise(text):
    with pytest.raises(ImpossibleTime) as caught:
        parse_time(text)
    assert caught.value.message_ja
    assert caught.value.message_en


@pytest.mark.parametrize(
    "text", ["", "終日", "9", "9:5", "abc", "9:00～17:00", "2023/4/1", "午前 PM 9:00"]
)
def test_non_times_are_none(text):
    assert parse_time(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9:00～17:00", ("09:00", "17:00")),
        ("9:00〜17:00", ("09:00", "17:00")),
        ("9:00~17:00", ("09:00", "17:00")),
        ("9:00-17:00", ("09:00", "17:00")),
        ("7：30～18：30", ("07:30", "18:30")),
        ("9:00 - 24:00", ("09:00", "24:00")),
        ("9時から17時", ("09:00", "17:00")),
        ("22:00～5:00", ("22:00", "05:00")),
    ],
)
def test_parse_time_range(text, expected):
    assert parse_time_range(text) == expected


@pytest.mark.parametrize("text", ["9:00～", "9:00", "終日", "9:00～17:00～18:00", ""])
def test_incomplete_ranges_are_none(text):
    assert parse_time_range(text) is None


def test_time_range_with_impossible_end_raises():
    with pytest.raises(ImpossibleTime):
        parse_time_range("9:00～25:00")


@pytest.mark.parametrize("text", ["終日", " 終日 ", "24時間", "２４時間", "24時間営業", "24h"])
def test_all_day(text):
    assert is_all_day(text)


@pytest.mark.parametrize("text", ["", "9:00", "平日", "24:00"])
def test_not_all_day(text):
    assert not is_all_day(text)
