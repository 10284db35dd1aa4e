"""Coordinates: decimal, DMS, pairs, Japan's bounds and swapped pairs."""

import pytest

from hiraku.jp.geo import fix_swapped, in_japan, parse_coordinate, parse_latlon_pair


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("35.681236", 35.681236),
        ("３５．６８１２３６", 35.681236),
        (" 138.323171 ", 138.323171),
        ("-33.5", -33.5),
        ("−33.5", -33.5),
        ("35°39'29.1\"N", 35.65808333),
        ("35°39′29.1″N", 35.65808333),
        ("35° 39' 29.1\" N", 35.65808333),
        ("35°39'29.1''", 35.65808333),
        ("35度39分29.1秒", 35.65808333),
        ("北緯35度39分29.1秒", 35.65808333),
        ("東経139度44分28.8秒", 139.74133333),
        ("35°39.485'", 35.65808333),
        ("35度39分", 35.65),
        ("35°", 35.0),
        ("N35.6", 35.6),
        ("35.6S", -35.6),
        ("南緯33度30分", -33.5),
        ("西経70度", -70.0),
    ],
)
def test_parse_coordinate(text, expected):
    assert parse_coordinate(text) == pytest.approx(expected, abs=1e-8)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "abc",
        "200",
        "-181",
        "N95",
        "35°60'",
        "35°39'60\"",
        "35.5°30'",
        "N35.6S",
        "-35.6N",
        "1,2",
    ],
)
def test_not_coordinates(text):
    assert parse_coordinate(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "34.3409,134.0452",
        "34.3409, 134.0452",
        "34.3409，134.0452",
        "34.3409、134.0452",
        "34.3409 134.0452",
        "(34.3409, 134.0452)",
        "[34.3409,134.0452]",
        "POINT(134.0452 34.3409)",
        "134.0452E, 34.3409N",
        "E134.0452 N34.3409",
    ],
)
def test_parse_latlon_pair(text):
    assert parse_latlon_pair(text) == pytest.approx((34.3409, 134.0452))


def test_parse_labelled_dms_pairs():
    expected = pytest.approx((35.65808333, 139.74133333))
    assert parse_latlon_pair("北緯35度39分29.1秒 東経139度44分28.8秒") == expected
    assert parse_latlon_pair("東経139度44分28.8秒、北緯35度39分29.1秒") == expected
    assert parse_latlon_pair("35°39'29.1\"N 139°44'28.8\"E") == expected


@pytest.mark.parametrize("text", ["", "34.3409", "1,2,3", "a,b", "N34 N35", "34.3,200"])
def test_not_pairs(text):
    assert parse_latlon_pair(text) is None


@pytest.mark.parametrize(
    ("lat", "lon"),
    [
        (35.681236, 139.767125),  # 東京駅
        (20.4253, 136.0811),  # 沖ノ鳥島
        (45.5228, 148.8924),  # 択捉島
        (24.2829, 153.9810),  # 南鳥島
        (24.4494, 122.9339),  # 与那国島
        (26.2124, 127.6809),  # 那覇
    ],
)
def test_in_japan(lat, lon):
    assert in_japan(lat, lon)


@pytest.mark.parametrize(
    ("lat", "lon"), [(0, 0), (139.7, 35.6), (37.5665, 126.9780 - 5), (19.9, 136.0)]
)
def test_outside_japan(lat, lon):
    assert not in_japan(lat, lon)


def test_fix_swapped():
    assert fix_swapped(134.0452, 34.3409) == (34.3409, 134.0452, True)
    assert fix_swapped(34.3409, 134.0452) == (34.3409, 134.0452, False)
    assert fix_swapped(0.0, 0.0) == (0.0, 0.0, False)  # a placeholder, not a swap


def test_spaced_dms_pairs_without_a_comma():
    expected = pytest.approx((35.65808333, 139.74133333))
    assert parse_latlon_pair("35° 39' 29.1\" N 139° 44' 28.8\" E") == expected
    assert parse_latlon_pair("北緯 35度 39分 29.1秒　東経 139度 44分 28.8秒") == expected


def test_long_free_text_is_rejected_quickly():
    assert parse_latlon_pair("N" + "1" * 100_000) is None
    assert parse_coordinate("1" * 100_000) is None
