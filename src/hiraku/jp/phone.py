"""Japanese telephone numbers: (054)626-1139 / ０５４－６２６－１１３９ / 090-1234-5678 / #7119.

The normalized form is digits joined by hyphens in the groups the publisher wrote
(``054-626-1139``). A number written without separators is hyphenated only where the grouping
follows from the prefix alone (携帯 070/080/090, IP 050, 020: 3-4-4; 0120/0570/0990/0180:
4-3-3; 0800: 4-3-4). A bare fixed-line number stays bare: the area-code length depends on
the exchange (04-2922-… and 042-522-… both start 042) and needs the full 総務省 numbering
table, which this module does not carry.
"""

from __future__ import annotations

import re

from hiraku.jp.text import ASCII_FOLD, SPACES, ascii_regex

_PHONE_FOLD: dict[int, int | str] = {
    **ASCII_FOLD,
    **dict.fromkeys(map(ord, "‐‑‒–—―−ー﹣ｰ"), "-"),
    0x3000: " ",
}
_PREFIX_RE = ascii_regex(r"(?:TEL|電話番号|電話|℡)\s*[:.]?\s*", re.IGNORECASE)
_NOTE_RE = ascii_regex(r"\s*\([^)\d]*\)$")  # (代表), (受付) — a remark without digits
_INTERNATIONAL_RE = ascii_regex(r"\+\s*81[\s-]*(?:\(\s*0\s*\)[\s-]*)?")
_AREA_IN_PARENS_RE = ascii_regex(r"\((0\d{1,4})\)\s*(\d{1,4})\s*-?\s*(\d{3,4})")
_LOCAL_IN_PARENS_RE = ascii_regex(r"(0\d{1,4})\s*\((\d{1,4})\)\s*(\d{3,4})")
_GROUPED_RE = ascii_regex(r"(0\d{1,4})(?:-|\s+)(\d{1,4})(?:-|\s+)(\d{3,4})")
_TWO_GROUPS_RE = ascii_regex(r"(0\d{1,5})-(\d{4,8})")
_DIGITS_RE = ascii_regex(r"0\d{9,10}")
_SHORT_RE = ascii_regex(r"#\d{4}")  # #7119 救急安心センター, #8000 子ども医療電話相談
_SERVICE_NUMBERS = frozenset({"104", "110", "115", "117", "118", "119", "171", "177", "188", "189"})
_STANDARD_RE = ascii_regex(r"0\d{1,4}-\d{1,4}-\d{3,4}|\(0\d{1,4}\)\d{1,4}-\d{3,4}|0\d{9,10}")

_ELEVEN_DIGIT_PREFIXES = ("070", "080", "090", "050", "020", "060", "0800")
_FREE_DIAL_PREFIXES = ("0120", "0570", "0990", "0180")


def _has_valid_length(digits: str) -> bool:
    if digits.startswith("00"):  # an international call prefix, not a domestic number
        return False
    expected = 11 if digits.startswith(_ELEVEN_DIGIT_PREFIXES) else 10
    return len(digits) == expected


def _hyphenate_bare(digits: str) -> str:
    if digits.startswith("0800"):
        return f"{digits[:4]}-{digits[4:7]}-{digits[7:]}"
    if digits.startswith(_FREE_DIAL_PREFIXES):
        return f"{digits[:4]}-{digits[4:7]}-{digits[7:]}"
    if len(digits) == 11:
        return f"{digits[:3]}-{digits[3:7]}-{digits[7:]}"
    return digits


def normalize_phone(text: str) -> str | None:
    """Standard form of a phone cell, or None when it is not one Japanese phone number."""
    cell = text.strip(SPACES)
    if not cell.isascii():
        cell = cell.translate(_PHONE_FOLD).strip()
    if cell[:1] in "TtＴ電℡" and (prefix := _PREFIX_RE.match(cell)):
        cell = cell[prefix.end() :]
    if cell.endswith(")") and (note := _NOTE_RE.search(cell)):
        cell = cell[: note.start()]
    if cell in _SERVICE_NUMBERS or _SHORT_RE.fullmatch(cell):
        return cell
    if cell.startswith("+") and (international := _INTERNATIONAL_RE.match(cell)):
        cell = "0" + cell[international.end() :]
    if _DIGITS_RE.fullmatch(cell):
        return _hyphenate_bare(cell) if _has_valid_length(cell) else None
    for pattern in (_GROUPED_RE, _AREA_IN_PARENS_RE, _LOCAL_IN_PARENS_RE, _TWO_GROUPS_RE):
        match = pattern.fullmatch(cell)
        if match is not None:
            groups = match.groups()
            return "-".join(groups) if _has_valid_length("".join(groups)) else None
    return None


def is_phone_format(text: str) -> bool:
    """True when the cell is already written as the standard asks: half-width digits and hyphens
    (054-626-1139), the sheet's own example shape ((054)626-1139), bare digits, or a short
    number (#7119, 119). No spaces, no full-width characters, no remarks."""
    if text in _SERVICE_NUMBERS or _SHORT_RE.fullmatch(text):
        return True
    if not text.isascii() or _STANDARD_RE.fullmatch(text) is None:
        return False
    return _has_valid_length(text.replace("-", "").replace("(", "").replace(")", ""))
