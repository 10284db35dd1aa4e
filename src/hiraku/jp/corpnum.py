"""法人番号 (corporate number): 13 digits whose FIRST digit checks the other twelve.

Rule (法人番号の指定等に関する省令, as published by 国税庁): with P(n) the n-th digit of the
12-digit base counted from the right and Q(n) = 1 for odd n, 2 for even n,
check = 9 - (Σ P(n)·Q(n) mod 9).
"""

from __future__ import annotations

import re

from hiraku.jp.text import DIGIT_FOLD, SPACES

_SEPARATORS_RE = re.compile(r"[\s\-‐－−ー]")


def corporate_check_digit(base12: str) -> str:
    """The leading check digit for a 12-digit base: 000012050002 → '7' (国税庁, 7000012050002)."""
    if len(base12) != 12 or not base12.isascii() or not base12.isdigit():
        raise ValueError(f"expected 12 ASCII digits, got {base12!r}")
    total = sum(
        int(digit) * (2 if position % 2 == 0 else 1)
        for position, digit in enumerate(reversed(base12), start=1)
    )
    return str(9 - total % 9)


def normalize_corporate_number(text: str) -> str | None:
    """The 13 digits of a cell (full-width, spaces and hyphens accepted) when they are valid."""
    digits = _SEPARATORS_RE.sub("", text.strip(SPACES).translate(DIGIT_FOLD))
    return digits if is_valid_corporate_number(digits) else None


def is_valid_corporate_number(text: str) -> bool:
    """13 half-width digits with a correct check digit (the cell as the standard writes it)."""
    return (
        len(text) == 13
        and text.isascii()
        and text.isdigit()
        and corporate_check_digit(text[1:]) == text[0]
    )
