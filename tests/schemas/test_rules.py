"""The cell checks of the common rules: what passes, what fails with which code, what the
mechanical fix is, and that a fix always passes its own check."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hiraku.schemas import number_rules, rules
from hiraku.schemas.checks import all_day_value, checker_for
from hiraku.schemas.codes import CODES
from hiraku.schemas.registry import get_schema


def code_and_fix(finding: rules.Finding | None) -> tuple[str, str | None] | None:
    return None if finding is None else (finding.code, finding.fix)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("222127", None),
        ("011002", None),
        ("222128", ("lgcode-check-digit", None)),
        ("22212", ("lgcode-format", "222127")),  # legacy: no check digit
        ("２２２１２７", ("lgcode-format", "222127")),
        ("222127 ", ("lgcode-format", "222127")),
        ("22-212", ("lgcode-format", None)),
        ("焼津市", ("lgcode-format", None)),
    ],
)
def test_lgcode_needs_six_digits_and_a_good_check_digit(value, expected) -> None:
    assert code_and_fix(rules.check_lgcode(value)) == expected


def test_a_five_digit_lgcode_fix_says_the_check_digit_was_added() -> None:
    finding = rules.check_lgcode("37201")
    assert finding is not None and finding.fix == "372013"
    assert "検査数字" in finding.message_ja and "check digit" in finding.message_en


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("7000012050002", None),
        ("1000012050002", ("corporate-number-check-digit", None)),
        ("7-0000-1205-0002", ("corporate-number-format", "7000012050002")),
        ("７０００DC２０５０００２", ("corporate-number-format", None)),
        ("700001205000", ("corporate-number-format", None)),
    ],
)
def test_corporate_number_has_thirteen_digits_led_by_a_check_digit(value, expected) -> None:
    assert code_and_fix(rules.check_corporate_number(value)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("4250021", None),
        ("425-0021", ("postal-code", "4250021")),
        ("〒４２５－００２１", ("postal-code", "4250021")),
        ("425", ("postal-code", None)),
    ],
)
def test_postal_codes_are_seven_digits_without_a_hyphen(value, expected) -> None:
    assert code_and_fix(rules.check_postal_code(value)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("054-626-1139", None),
        ("(054)626-1139", None),  # the sheet's own example shape
        ("090-1234-5678", None),
        ("(054)626-1139 ", ("phone", "(054)626-1139")),  # trimmed, shape kept
        ("０５４－６２６－１１３９", ("phone", "054-626-1139")),
        ("TEL 054-626-1139", ("phone", "054-626-1139")),
        ("845-4111", ("phone", None)),  # no area code: needs a person
        ("E-mail：info@example.jp", ("phone", None)),
    ],
)
def test_phone_numbers_are_half_width_with_hyphens_or_parentheses(value, expected) -> None:
    assert code_and_fix(rules.check_phone(value)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-04-01", None),
        ("令和5年4月1日", ("format-date", "2023-04-01")),
        ("R5.4.1", ("format-date", "2023-04-01")),
        ("平成31年4月30日", ("format-date", "2019-04-30")),
        ("令和元年5月1日", ("format-date", "2019-05-01")),
        ("2023/4/1", ("format-date", "2023-04-01")),
        ("2023-4-1", ("format-date", "2023-04-01")),
        ("２０２３－０４－０１", ("format-date", "2023-04-01")),
        ("45017", ("format-date", "2023-04-01")),  # an Excel serial
        ("令和5年2月29日", ("format-date", None)),  # no such day
        ("平成31年5月1日", ("format-date", None)),  # 平成 had ended
        ("2023-02-30", ("format-date", None)),
        ("5/1/2023", ("format-date", None)),  # month or day first: the column must say
        ("未定", ("format-date", None)),
    ],
)
def test_dates_are_iso_and_era_dates_convert(value, expected) -> None:
    assert code_and_fix(rules.check_date(value)) == expected


def test_year_last_dates_convert_once_the_column_proves_the_order() -> None:
    assert code_and_fix(rules.check_date("5/1/2023", "mdy")) == ("format-date", "2023-05-01")
    assert code_and_fix(rules.check_date("5/1/2023", "dmy")) == ("format-date", "2023-01-05")


def test_an_impossible_date_says_why() -> None:
    finding = rules.check_date("令和5年2月29日")
    assert finding is not None and finding.fix is None
    assert "29日はありません" in finding.message_ja and "no day 29" in finding.message_en


@pytest.mark.parametrize(
    ("value", "all_day", "expected"),
    [
        ("09:00", None, None),
        ("24:00", None, None),
        ("00:00", None, None),
        ("9:00", None, ("format-time", "09:00")),
        ("９：００", None, ("format-time", "09:00")),
        ("午後1時", None, ("format-time", "13:00")),
        ("9時30分", None, ("format-time", "09:30")),
        ("09:00:00", None, ("format-time", "09:00")),
        ("09:00:30", None, ("format-time", None)),  # seconds the standard cannot hold
        ("終日", "00:00", ("format-time", "00:00")),
        ("終日", "24:00", ("format-time", "24:00")),
        ("終日", None, ("format-time", None)),
        ("25:00", None, ("format-time", None)),
        ("9:00～17:00", None, ("format-time", None)),
    ],
)
def test_times_are_hh_mm_and_all_day_maps_to_the_day_bounds(value, all_day, expected) -> None:
    assert code_and_fix(rules.check_time(value, all_day)) == expected


def test_all_day_means_the_start_or_the_end_by_column_name() -> None:
    toilet = get_schema("public-toilet")
    assert all_day_value(toilet.field("利用開始時間")) == "00:00"
    assert all_day_value(toilet.field("利用終了時間")) == "24:00"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", None),
        ("○", ("flag", "1")),
        ("有", ("flag", "1")),
        ("無", ("flag", "")),
        ("0", ("flag", "")),
        ("△", ("flag", None)),  # neither yes nor no: the publisher decides
    ],
)
def test_flags_are_one_or_empty(value, expected) -> None:
    assert code_and_fix(rules.check_flag(value)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("有", None),
        ("無", None),
        ("○", ("enum", "有")),
        ("0", ("enum", "無")),
        ("不明", ("enum", None)),
    ],
)
def test_yes_no_items_take_the_standard_words(value, expected) -> None:
    assert code_and_fix(rules.check_enum(value, ("有", "無"), yes_no=True)) == expected


def test_a_closed_vocabulary_is_not_guessed() -> None:
    assert code_and_fix(rules.check_enum("階", ("階数", "標高", "地表高"))) == ("enum", None)
    assert code_and_fix(rules.check_enum("標高 ", ("階数", "標高", "地表高"))) == ("enum", "標高")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("本町;栄町", None),
        ("本町、栄町", ("multi-value", "本町;栄町")),
        ("内科，外科；小児科", ("multi-value", "内科;外科;小児科")),
        ("町会・自治会", None),  # ・ joins words inside one value
    ],
)
def test_several_values_are_separated_by_semicolons(value, expected) -> None:
    assert code_and_fix(rules.check_multi_value(value)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("シヤクショホンカン", None),
        ("カナデビア　セト", None),
        ("ハマドオリ（ヤクモドオリ）", None),
        ("てすと", ("katakana", "テスト")),
        ("ﾔｲﾂﾞｼ", ("katakana", "ヤイヅシ")),
        ("焼津", ("katakana", None)),
    ],
)
def test_readings_are_full_width_katakana(value, expected) -> None:
    assert code_and_fix(rules.check_katakana(value)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("月火水木金", None),
        ("月～金", ("weekdays", "月火水木金")),
        ("月・水・金", ("weekdays", "月水金")),
        ("土日祝", None),
        ("平日", ("weekdays", None)),
    ],
)
def test_weekdays_run_together(value, expected) -> None:
    assert code_and_fix(rules.check_weekdays(value)) == expected


def test_urls_and_email_addresses() -> None:
    assert rules.check_url("https://www.city.yaizu.lg.jp/") is None
    assert code_and_fix(rules.check_url("ｈｔｔｐｓ：／／ｗｗｗ．ｃｉｔｙ．ｊｐ／")) == (
        "url",
        "https://www.city.jp/",
    )
    assert code_and_fix(rules.check_url("www.city.yaizu.lg.jp")) == ("url", None)
    assert rules.check_email("info@city.yaizu.lg.jp") is None
    assert code_and_fix(rules.check_email("ｉｎｆｏ＠ｃｉｔｙ．ｊｐ")) == ("email", "info@city.jp")
    assert code_and_fix(rules.check_email("info@city")) == ("email", None)


def test_line_breaks_become_one_space_each_run() -> None:
    finding = rules.check_line_break("焼津の遠洋漁業\r\n発祥の地。\n\nhttps://x.jp/\r\n")
    assert finding is not None and finding.code == "line-break"
    assert finding.fix == "焼津の遠洋漁業 発祥の地。 https://x.jp/"
    assert rules.check_line_break("一行") is None


@pytest.mark.parametrize(
    ("value", "integer", "expected"),
    [
        ("12", True, []),
        ("+3", True, []),
        ("12.5", False, []),
        ("１２", True, [("fullwidth", "12")]),
        (" 12", True, [("whitespace", "12")]),
        ("1,234", True, [("type", "1234")]),
        ("１，２３４", True, [("type", "1234")]),
        ("12.5", True, [("type", None)]),
        ("約100", True, [("type", None)]),
        ("-", True, [("type", None)]),  # blank, 0 or unknown? a person decides
    ],
)
def test_numbers_are_plain_half_width(value, integer, expected) -> None:
    findings = number_rules.check_number(value, integer=integer)
    assert [(f.code, f.fix) for f in findings] == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("34.866918", None),
        ("３４．８６６９１８", ("fullwidth", "34.866918")),
        ("35°39'29.1\"N", ("type", "35.65808333")),
        ("北緯35度39分29.1秒", ("type", "35.65808333")),
        ("不明", ("type", None)),
    ],
)
def test_coordinates_are_decimal_degrees(value, expected) -> None:
    assert code_and_fix(number_rules.check_coordinate(value)) == expected


def test_counts_below_zero_are_out_of_range() -> None:
    check = checker_for(get_schema("public-toilet").field("男性トイレ総数"))
    assert [f.code for f in check("-1")] == ["out-of-range"]
    assert check("3") == []


def test_a_field_chains_its_mends_to_one_final_value() -> None:
    check = checker_for(get_schema("public-toilet").field("男性トイレ総数"))
    findings = check(" ３ ")
    assert [f.code for f in findings] == ["whitespace", "fullwidth"]
    assert findings[-1].fix == "3"


def test_every_finding_code_is_documented() -> None:
    for code in ("line-break", "lgcode-format", "katakana", "fullwidth", "out-of-range"):
        assert code in CODES


CHECKS = {
    "lgcode": rules.check_lgcode,
    "corporate-number": rules.check_corporate_number,
    "postal-code": rules.check_postal_code,
    "phone": rules.check_phone,
    "date": rules.check_date,
    "time": lambda value: rules.check_time(value, "24:00"),
    "flag": rules.check_flag,
    "multi-value": rules.check_multi_value,
    "katakana": rules.check_katakana,
    "weekdays": rules.check_weekdays,
    "url": rules.check_url,
    "email": rules.check_email,
    "coordinate": number_rules.check_coordinate,
    "line-break": rules.check_line_break,
}
PIECES = st.sampled_from(
    list("0123456789０１２３４５６７８９-－/.:：年月日時分令和平成元RH ()〒、;，")
    + list("月火水木金土日～・あいうアイウｱｲｳ焼津@＠ｈｔｐｓhtps○有無\n終　")
    + ["\r\n", "24:00", "https://", "info@x.jp", "054-626-1139", "令和5年"]
)
CELL_TEXT = st.lists(PIECES, min_size=1, max_size=10).map("".join)


@settings(max_examples=100, deadline=None)
@given(rule=st.sampled_from(sorted(CHECKS)), value=CELL_TEXT)
def test_a_fix_passes_its_own_check(rule: str, value: str) -> None:
    finding = CHECKS[rule](value)
    if finding is not None and finding.fix:
        assert CHECKS[rule](finding.fix) is None, (value, finding.fix)


@settings(max_examples=80, deadline=None)
@given(value=CELL_TEXT)
def test_a_number_fix_is_a_plain_number(value: str) -> None:
    findings = number_rules.check_number(value, integer=True)
    if findings and findings[-1].fix:
        assert number_rules.check_number(findings[-1].fix, integer=True) == []
