"""法人番号 check digit."""

import pytest

from hiraku.jp.corpnum import (
    corporate_check_digit,
    is_valid_corporate_number,
    normalize_corporate_number,
)


@pytest.mark.parametrize(
    "number",
    ["7000012050002", "1180301018771"],  # 国税庁, トヨタ自動車 (published 法人番号)
)
def test_known_corporate_numbers_are_valid(number):
    assert is_valid_corporate_number(number)
    assert corporate_check_digit(number[1:]) == number[0]


@pytest.mark.parametrize(
    "number",
    [
        "8000012050002",
        "700001205000",
        "70000120500021",
        "７０００００１２０５０００２",
        "700001205000x",
        "",
    ],
)
def test_invalid_corporate_numbers(number):
    assert not is_valid_corporate_number(number)


def test_every_base_has_exactly_one_check_digit():
    base = "000012050002"
    valid = [d for d in "0123456789" if is_valid_corporate_number(d + base)]
    assert valid == ["7"]


def test_check_digit_needs_twelve_digits():
    with pytest.raises(ValueError):
        corporate_check_digit("12345")


def test_normalize_corporate_number_accepts_full_width_and_separators():
    assert normalize_corporate_number("７０００－０１２０－５０００２") == "7000012050002"
    assert normalize_corporate_number(" 7000 0120 50002 ") == "7000012050002"
    assert normalize_corporate_number("8000012050002") is None
