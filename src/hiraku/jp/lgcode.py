"""全国地方公共団体コード: 2-digit prefecture (JIS X 0401) + 3-digit municipality (JIS X 0402)
+ 1 check digit (総務省's modulus-11 rule), always written as text with its leading zero.

Repairs made by :func:`normalize_lgcode`, each reported in :attr:`LgCode.fix`:

* 5 digits whose first two are a prefecture (01–47) are a code without its check digit
  (legacy 推奨データセット files, 高松市 ``37201``): the digit is added.
* 5 digits that become a valid 6-digit code with a leading ``0`` lost it to a spreadsheet
  (宇都宮市 published ``92011`` for ``092011``): the zero is restored. Only prefectures
  01–09 can lose a zero, and the restored code must pass its check digit.
* When a 5-digit cell fits both readings (it starts with 1–4 and the zero-restored form
  happens to pass the check digit), the code-without-check-digit reading wins, because it is
  the documented legacy form, and the other reading is kept in :attr:`LgCode.alternative`.
* 4 digits are a 5-digit code of prefectures 01–09 that lost both: zero and check digit added.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from hiraku.jp.text import DIGIT_FOLD, SPACES

# JIS X 0401 order: 01 北海道 … 47 沖縄県.
_PREFECTURE_NAMES = (
    "北海道 青森県 岩手県 宮城県 秋田県 山形県 福島県 茨城県 栃木県 群馬県 埼玉県 千葉県 "
    "東京都 神奈川県 新潟県 富山県 石川県 福井県 山梨県 長野県 岐阜県 静岡県 愛知県 三重県 "
    "滋賀県 京都府 大阪府 兵庫県 奈良県 和歌山県 鳥取県 島根県 岡山県 広島県 山口県 徳島県 "
    "香川県 愛媛県 高知県 福岡県 佐賀県 長崎県 熊本県 大分県 宮崎県 鹿児島県 沖縄県"
)
PREFECTURES: dict[str, str] = {
    f"{index:02d}": name for index, name in enumerate(_PREFECTURE_NAMES.split(" "), start=1)
}

LgCodeFix = Literal["none", "check_digit_added", "leading_zero_restored", "both_added"]

_FIX_MESSAGES: dict[str, tuple[str, str]] = {
    "check_digit_added": ("検査数字を補いました。", "added the check digit"),
    "leading_zero_restored": ("先頭の0を補いました。", "restored the leading zero"),
    "both_added": ("先頭の0と検査数字を補いました。", "restored the leading zero and check digit"),
}
_WEIGHTS = (6, 5, 4, 3, 2)


@dataclass(frozen=True, slots=True)
class LgCode:
    """A valid 6-digit code and how it was obtained from the cell."""

    code: str
    fix: LgCodeFix = "none"
    alternative: str | None = None  # the other valid reading of an ambiguous 5-digit cell

    @property
    def prefecture_code(self) -> str:
        return self.code[:2]

    @property
    def prefecture_name(self) -> str:
        return PREFECTURES[self.code[:2]]

    @property
    def message_ja(self) -> str | None:
        return _message(self, 0)

    @property
    def message_en(self) -> str | None:
        return _message(self, 1)


def _message(code: LgCode, language: int) -> str | None:
    if code.fix == "none":
        return None
    text = f"{code.code}: {_FIX_MESSAGES[code.fix][language]}"
    if code.alternative is None:
        return text
    if language == 0:
        return f"{text}（{code.alternative}とも読めます）"
    return f"{text} (could also be {code.alternative})"


def _is_digits(text: str, length: int) -> bool:
    return len(text) == length and text.isascii() and text.isdigit()


def check_digit(code5: str) -> str:
    """The check digit for a 5-digit code: 22212 → '7' (焼津市 222127)."""
    if not _is_digits(code5, 5):
        raise ValueError(f"expected 5 ASCII digits, got {code5!r}")
    total = sum(weight * int(digit) for weight, digit in zip(_WEIGHTS, code5, strict=True))
    return str((11 - total % 11) % 10)


def is_valid(code6: str) -> bool:
    """6 half-width digits, prefecture 01–47, correct check digit."""
    return _is_digits(code6, 6) and code6[:2] in PREFECTURES and check_digit(code6[:5]) == code6[5]


def normalize_lgcode(text: str) -> LgCode | None:
    """A valid code from a cell (222127, 22212, ２２２１２７, 92011, 92011.0), or None."""
    digits = text.strip(SPACES).translate(DIGIT_FOLD)
    if digits.endswith(".0"):  # a spreadsheet that stored the code as a number
        digits = digits[:-2]
    if not digits.isascii() or not digits.isdigit():
        return None
    if len(digits) == 6:
        return LgCode(digits) if is_valid(digits) else None
    if len(digits) == 5:
        without_check = digits + check_digit(digits) if digits[:2] in PREFECTURES else None
        zero_restored = "0" + digits
        if not (digits[0] != "0" and is_valid(zero_restored)):
            zero_restored = None
        if without_check:
            return LgCode(without_check, "check_digit_added", zero_restored)
        return LgCode(zero_restored, "leading_zero_restored") if zero_restored else None
    if len(digits) == 4 and digits[0] != "0":
        code5 = "0" + digits
        return LgCode(code5 + check_digit(code5), "both_added")
    return None


def prefecture_name(code: str) -> str | None:
    """都道府県名 from a 2-, 5- or 6-digit code: '13' / '13101' / '131016' → '東京都'."""
    code = code.strip(SPACES).translate(DIGIT_FOLD)
    if len(code) not in (2, 5, 6) or not code.isdigit():
        return None
    return PREFECTURES.get(code[:2])
