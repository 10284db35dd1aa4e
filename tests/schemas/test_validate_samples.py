"""The 12 real municipal files (src/hiraku/demo/data): the verdict each gets and why.

Counts are every problem by code (info included), so a change in what the validator finds in
real files shows up here and has to be explained.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import pytest

from hiraku.schemas.validate import ValidationReport, validate_file
from tests.schemas.crafted import DEMO_DATA


@dataclass(frozen=True)
class Expected:
    schema: str
    layout: str
    conforms: bool
    counts: dict[str, int]
    wrong: str  # what the file does wrong, in words


SAMPLES = {
    "takamatsu_0002_aed_2023-02.csv": Expected(
        "aed", "english", False,
        {"english-layout": 1, "header-variant": 10, "phone": 1, "required-missing": 134},
        "LinkData English headers after 6 #metadata rows; one phone number without its area "
        "code (845-4111, an error nobody can fix mechanically); 設置位置 empty on 134 rows, a "
        "warning because sheet 08's levels are inferred; lat,lon in one cell split cleanly.",
    ),
    "takamatsu_0066_202305_population.csv": Expected(
        "population", "english", False,
        {"english-layout": 1, "header-variant": 48, "lgcode-format": 235, "format-date": 235,
         "type": 3},
        "CP932, English headers; prefCode 37201 has no check digit (fixable → 372013); "
        "surveyDate 5/1/2023 is month or day first and the column never tells (not fixable); "
        "世帯数 '-' on 3 rows (blank, 0 or unknown?).",
    ),
    "takamatsu_public_toilet_data.csv": Expected(
        "public-toilet", "english", False,
        {"english-layout": 1, "header-variant": 32, "lgcode-format": 169,
         "required-missing": 133},
        "English headers with the typo iamgeLicense; prefCode 37201 without check digit "
        "(fixable); 設置位置 empty on 133 rows, an error in the authoritative sheet 13.",
    ),
    "yaizu_222127_aed.csv": Expected(
        "aed", "legacy", True, {"legacy-layout": 1, "header-variant": 6},
        "Legacy 推奨データセット layout only; values conform ((054)626-1139 is the sheet's own "
        "phone shape, ２階正面入口 is free text).",
    ),
    "yaizu_222127_evacuation_space.csv": Expected(
        "evacuation-space", "legacy", False,
        {"legacy-layout": 1, "header-variant": 5, "flag": 62},
        "災害種別_* and 指定避難所との重複 written ○ instead of 1 (62 cells, all fixable).",
    ),
    "yaizu_222127_fire_hydrant.csv": Expected(
        "fire-hydrant", "current", True, {},
        "Nothing: current layout, every value as the standard writes it.",
    ),
    "yaizu_222127_library.csv": Expected(
        "public-facility", "legacy", True, {"legacy-layout": 1, "header-variant": 6},
        "Legacy layout; opening hours only as free text in 利用可能日時特記事項 (allowed).",
    ),
    "yaizu_222127_preschool.csv": Expected(
        "preschool", "legacy", False, {"legacy-layout": 1, "header-variant": 6, "phone": 17},
        "Header コ―ド with U+2015 (a warning, read correctly); 17 phone/FAX numbers with a "
        "trailing space (fixable).",
    ),
    "yaizu_222127_public_facility-59773.csv": Expected(
        "public-facility", "legacy", True, {"legacy-layout": 1, "header-variant": 6},
        "Legacy layout; 8：00～18：00 and １7:15 appear only in free text.",
    ),
    "yaizu_222127_public_toilet.csv": Expected(
        "public-toilet", "current", False, {"enum": 5},
        "高度の種別 written 階 on 5 rows where the authoritative vocabulary says 階数 "
        "(not guessed).",
    ),
    "yaizu_222127_public_wireless_lan.csv": Expected(
        "public-wireless-lan", "legacy", True, {"legacy-layout": 1, "header-variant": 6},
        "Legacy layout only (市役所アトレ庁舎１階 is a name: free text).",
    ),
    "yaizu_222127_tourism_sights.csv": Expected(
        "tourism", "legacy", False,
        {"legacy-layout": 1, "header-variant": 8, "extra-column": 19, "line-break": 5,
         "phone": 1},
        "5 cells with line breaks (fixable); an e-mail address in 連絡先電話番号 (not fixable); "
        "料金（基本） with full-width brackets; 19 local columns kept.",
    ),
}  # fmt: skip


@cache
def report_of(name: str) -> ValidationReport:
    return validate_file(DEMO_DATA / name)


def test_every_demo_file_has_a_recorded_verdict() -> None:
    assert {path.name for path in DEMO_DATA.glob("*.csv")} == set(SAMPLES)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_each_sample_gets_its_recorded_verdict(name: str) -> None:
    expected, report = SAMPLES[name], report_of(name)
    assert (report.schema.id, report.layout) == (expected.schema, expected.layout)
    assert report.conforms is expected.conforms
    assert dict(report.counts) == expected.counts


def test_rows_and_header_row_are_as_in_the_file() -> None:
    report = report_of("takamatsu_0002_aed_2023-02.csv")
    assert report.header_row == 7  # after #LINK, #lang, #attribution_name…
    (phone,) = [p for p in report.problems if p.code == "phone"]
    assert (phone.row, phone.column, phone.value, phone.fix) == (
        103,
        "telephoneNumber",
        "845-4111",
        None,
    )
    assert all(p.severity == "warning" for p in report.problems if p.code == "required-missing")


def test_the_toilet_sheet_is_authoritative_so_an_empty_required_value_is_an_error() -> None:
    report = report_of("takamatsu_public_toilet_data.csv")
    missing = [p for p in report.problems if p.code == "required-missing"]
    assert {(p.field, p.column, p.severity) for p in missing} == {
        ("設置位置", "installationPosition", "error")
    }
    typo = next(p for p in report.problems if p.value == "iamgeLicense")
    assert (typo.code, typo.severity, typo.fix) == ("header-variant", "warning", "画像_ライセンス")


def test_five_digit_codes_get_their_check_digit_and_ambiguous_dates_are_left() -> None:
    report = report_of("takamatsu_0066_202305_population.csv")
    code = next(p for p in report.problems if p.code == "lgcode-format")
    date = next(p for p in report.problems if p.code == "format-date")
    assert (code.column, code.value, code.fix) == ("prefCode", "37201", "372013")
    assert (date.column, date.value, date.fix) == ("surveyDate", "5/1/2023", None)


def test_circles_in_flag_columns_become_ones() -> None:
    flags = [p for p in report_of("yaizu_222127_evacuation_space.csv").problems]
    flags = [p for p in flags if p.code == "flag"]
    assert {(p.value, p.fix, p.severity) for p in flags} == {("○", "1", "error")}
    assert flags[0].row == 2 and flags[0].column == "災害種別_地震"


def test_trailing_spaces_in_phone_numbers_are_trimmed_not_reshaped() -> None:
    phones = [p for p in report_of("yaizu_222127_preschool.csv").problems if p.code == "phone"]
    assert all(p.fix == p.value.strip() and p.fix.startswith("(0") for p in phones)


def test_line_breaks_and_a_mail_address_in_the_tourism_file() -> None:
    problems = report_of("yaizu_222127_tourism_sights.csv").problems
    breaks = [p for p in problems if p.code == "line-break"]
    assert {p.column for p in breaks} == {"説明"} and all("\n" not in p.fix for p in breaks)
    (phone,) = [p for p in problems if p.code == "phone"]
    assert "@" in phone.value and phone.fix is None and phone.column == "連絡先電話番号"


def test_the_current_toilet_file_misses_only_the_altitude_vocabulary() -> None:
    problems = report_of("yaizu_222127_public_toilet.csv").problems
    assert {(p.field, p.value, p.severity) for p in problems} == {("高度の種別", "階", "error")}
