"""The value rules against real municipal files (shared/reference samples, 焼津市 and 高松市).

Skipped when the reference folder is not beside the repository.
"""

import csv
from pathlib import Path

import pytest

from hiraku.jp import (
    column_order,
    in_japan,
    is_all_day,
    normalize_lgcode,
    normalize_phone,
    parse_coordinate,
    parse_date,
    parse_flag,
    parse_latlon_pair,
    parse_number,
    parse_time,
)

SAMPLES = Path(__file__).resolve().parents[2] / "src/hiraku/demo/data"  # the real files
pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason="reference samples not available")


def read_rows(name: str) -> list[dict[str, str]]:
    raw = (SAMPLES / name).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp932")
    # LinkData files put metadata rows (#lang, #license …) above the #property header.
    lines = [
        line
        for line in text.splitlines(keepends=True)
        if not line.lstrip('"').startswith("#") or line.lstrip('"').startswith("#property")
    ]
    return list(csv.DictReader(lines))


def cells(name: str, *columns: str) -> list[str]:
    return [row[c] for row in read_rows(name) for c in columns if row.get(c, "").strip()]


def test_yaizu_phone_numbers_all_normalize():
    for name, column in [
        ("yaizu_222127_aed.csv", "電話番号"),
        ("yaizu_222127_preschool.csv", "電話番号"),
        ("yaizu_222127_public_wireless_lan.csv", "電話番号"),
        ("yaizu_222127_evacuation_space.csv", "電話番号"),
    ]:
        values = cells(name, column)
        assert values
        assert [v for v in values if normalize_phone(v) is None] == []


def test_email_in_a_phone_column_is_not_a_phone():
    values = cells("yaizu_222127_tourism_sights.csv", "連絡先電話番号")
    rejected = [v for v in values if normalize_phone(v) is None]
    assert rejected == ["E-mail：hareruuyatea88@gmail.com"]


def test_yaizu_coordinates_are_in_japan():
    for name in [
        "yaizu_222127_public_toilet.csv",
        "yaizu_222127_fire_hydrant.csv",
        "yaizu_222127_aed.csv",
    ]:
        for row in read_rows(name):
            lat, lon = parse_coordinate(row["緯度"]), parse_coordinate(row["経度"])
            assert lat is not None and lon is not None
            assert in_japan(lat, lon)


def test_takamatsu_lat_lon_in_one_cell():
    pairs = [
        parse_latlon_pair(v) for v in cells("takamatsu_0066_202305_population.csv", "location")
    ]
    assert pairs
    assert all(pair is not None and in_japan(*pair) for pair in pairs)


def test_legacy_five_digit_pref_code_gets_check_digit():
    codes = {normalize_lgcode(v) for v in cells("takamatsu_public_toilet_data.csv", "prefCode")}
    assert {(c.code, c.fix) for c in codes} == {("372013", "check_digit_added")}


def test_yaizu_codes_are_valid_six_digit_codes():
    values = cells(
        "yaizu_222127_fire_hydrant.csv", "全国地方公共団体コード", "所在地_全国地方公共団体コード"
    )
    assert {normalize_lgcode(v).code for v in values} == {"222127"}


def test_circle_flags_read_as_true():
    row_flags = [
        parse_flag(v)
        for row in read_rows("yaizu_222127_evacuation_space.csv")
        for k, v in row.items()
        if k.startswith("災害種別_")
    ]
    assert True in row_flags
    assert None not in row_flags


def test_toilet_hours_parse_including_24_00():
    times = cells("takamatsu_public_toilet_data.csv", "startTime", "endTime")
    parsed = [parse_time(v) for v in times if not is_all_day(v)]
    assert None not in parsed
    assert "24:00" in parsed


def test_population_counts_are_integers():
    rows = read_rows("takamatsu_0066_202305_population.csv")
    values = [parse_number(row["totalPopulation"]) for row in rows]
    assert all(v.kind == "number" and isinstance(v.value, int) for v in values)


def test_us_dates_in_a_column_that_never_proves_its_order_stay_unparsed():
    # Every surveyDate is 5/1/2023: May 1 or 5 January cannot be told apart, so no guess.
    values = cells("takamatsu_0066_202305_population.csv", "surveyDate")
    assert column_order(values) == "ymd"
    assert {parse_date(v) for v in values} == {None}
