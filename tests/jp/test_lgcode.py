"""全国地方公共団体コード: check digit, validation, repairs, prefectures."""

import pytest

from hiraku.jp.lgcode import (
    PREFECTURES,
    LgCode,
    check_digit,
    is_valid,
    normalize_lgcode,
    prefecture_name,
)


@pytest.mark.parametrize(
    ("code5", "digit"),
    [
        ("01100", "2"),  # 札幌市 011002
        ("01000", "6"),  # 北海道 010006
        ("13101", "6"),  # 千代田区 131016
        ("47201", "8"),  # 那覇市 472018
        ("22212", "7"),  # 焼津市 222127
        ("37201", "3"),  # 高松市 372013
        ("09201", "1"),  # 宇都宮市 092011
        ("13104", "1"),  # 新宿区 131041: remainder 0 gives 1
        ("13113", "0"),  # 渋谷区 131130: remainder 1 gives 0
    ],
)
def test_check_digit(code5, digit):
    assert check_digit(code5) == digit


@pytest.mark.parametrize("bad", ["1234", "123456", "1310a", "１３１０１", ""])
def test_check_digit_needs_five_ascii_digits(bad):
    with pytest.raises(ValueError):
        check_digit(bad)


@pytest.mark.parametrize("code", ["011002", "131016", "222127", "092011", "131130", "472018"])
def test_valid_codes(code):
    assert is_valid(code)


@pytest.mark.parametrize(
    "code", ["222128", "22212", "481001", "001007", "２２２１２７", "22212x", ""]
)
def test_invalid_codes(code):
    assert not is_valid(code)


def test_six_digit_code_passes_through():
    assert normalize_lgcode("222127") == LgCode("222127")
    assert normalize_lgcode("２２２１２７") == LgCode("222127")
    assert normalize_lgcode(" 222127 ").message_ja is None


def test_wrong_check_digit_is_not_repaired():
    assert normalize_lgcode("222128") is None


def test_five_digits_get_their_check_digit():
    code = normalize_lgcode("22212")
    assert code == LgCode("222127", "check_digit_added")
    assert "検査数字" in code.message_ja
    assert "check digit" in code.message_en
    assert normalize_lgcode("37201").code == "372013"


def test_dropped_leading_zero_is_restored():
    code = normalize_lgcode("92011")  # 宇都宮市 as published
    assert code == LgCode("092011", "leading_zero_restored")
    assert "先頭の0" in code.message_ja


def test_five_digits_fitting_both_readings_prefer_no_check_digit_and_say_so():
    # 11002: as a 5-digit code, 埼玉県 (11) 002 + check digit; as 011002 (札幌市) it also passes.
    code = normalize_lgcode("11002")
    assert code.code == "110027"
    assert code.fix == "check_digit_added"
    assert code.alternative == "011002"
    assert "011002" in code.message_ja
    assert "011002" in code.message_en


def test_five_digits_fitting_neither_reading_are_rejected():
    assert normalize_lgcode("99999") is None  # prefecture 99; 099999 fails its check digit
    assert normalize_lgcode("00000") is None


def test_four_digits_restore_zero_and_check_digit():
    assert normalize_lgcode("1100") == LgCode("011002", "both_added")


def test_spreadsheet_float_is_accepted():
    assert normalize_lgcode("92011.0").code == "092011"
    assert normalize_lgcode("222127.0").code == "222127"


@pytest.mark.parametrize("text", ["", "abc", "2221270", "22-212", "012", "0110"])
def test_non_codes(text):
    assert normalize_lgcode(text) is None


def test_prefecture_table_has_47_in_jis_order():
    assert len(PREFECTURES) == 47
    assert PREFECTURES["01"] == "北海道"
    assert PREFECTURES["13"] == "東京都"
    assert PREFECTURES["22"] == "静岡県"
    assert PREFECTURES["26"] == "京都府"
    assert PREFECTURES["27"] == "大阪府"
    assert PREFECTURES["47"] == "沖縄県"


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("13", "東京都"),
        ("13101", "東京都"),
        ("131016", "東京都"),
        ("222127", "静岡県"),
        ("０１", "北海道"),
    ],
)
def test_prefecture_name(code, name):
    assert prefecture_name(code) == name


@pytest.mark.parametrize("code", ["48", "00", "1", "1310", "abc"])
def test_prefecture_name_unknown(code):
    assert prefecture_name(code) is None


def test_lgcode_exposes_prefecture():
    code = normalize_lgcode("222127")
    assert (code.prefecture_code, code.prefecture_name) == ("22", "静岡県")
