"""Cell checks for the standard's common rules, one small function per rule.

Each check takes one non-empty cell and returns None when the cell is written as the standard
asks, or a :class:`Finding`: a stable code (``codes.py``), a message in Japanese and English,
and ``fix``, the value that mends the cell when the mend is mechanical (None when it needs a
person). A fix always passes its own check again, so fixing twice changes nothing. Numbers and
coordinates are checked in ``number_rules.py``; ``checks.py`` says which field gets which check.

The Japanese knowledge (和暦, check digits, phone grouping, width folding) lives in
``hiraku.jp``; this module decides what the standard accepts and words the messages.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from hiraku.jp import (
    ImpossibleDate,
    ImpossibleTime,
    excel_serial_to_date,
    is_all_day,
    is_phone_format,
    is_url,
    is_valid_corporate_number,
    is_valid_lgcode,
    normalize_corporate_number,
    normalize_lgcode,
    normalize_phone,
    normalize_text,
    normalize_url,
    parse_date,
    parse_flag,
    parse_time,
    parse_time_range,
    to_halfwidth_ascii,
    to_standard_flag,
)
from hiraku.jp.text import SPACES, has_line_break


class Finding(NamedTuple):
    code: str
    message_ja: str
    message_en: str
    fix: str | None = None


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_TIME = re.compile(r"(?:[01]\d|2[0-3]):[0-5]\d|24:00", re.ASCII)
_YEAR_LAST = re.compile(r"\d{1,2}\s*[./-]\s*\d{1,2}\s*[./-]\s*\d{4}", re.ASCII)
_ERA_MARK = re.compile(r"[明大昭平令]|^[MTSHRmtshr]\s*\d")
_EXCEL_SERIAL = re.compile(r"\d{5}(?:\.0+)?", re.ASCII)
_DIGITS = re.compile(r"\d+", re.ASCII)
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+", re.ASCII)
_POSTAL_JUNK = re.compile(r"^〒\s*|[-‐－ー−\s]")
_LINE_BREAK_RUN = re.compile(r"[ \t\u3000]*(?:\r\n|[\r\n\u2028\u2029\x85\v])+[ \t\u3000]*")
_HIRAGANA = re.compile("[\u3041-\u3096\u309d\u309e]")
_HALF_KANA = re.compile("[\uff61-\uff9f]")
_KANJI = re.compile("[\u4e00-\u9fff\u3400-\u4dbf々〆]")
_WEEKDAYS = "月火水木金土日"
_WEEKDAY_SEPARATORS = re.compile(r"[・、,，/／\s\u3000]|曜日?")
_WEEKDAY_RANGE = re.compile(r"([月火水木金土日])[～〜~\-－ー]([月火水木金土日])")
_SEPARATORS = re.compile(r"\s*[；，、,]\s*")
# Excel serials from about 1955 to 2119: a plain five-digit number in a date column.
_EXCEL_RANGE = (20000, 80000)


def _quote(value: str) -> str:
    return value if len(value) <= 40 else value[:39] + "…"


def finding(code: str, value: str, ja: str, en: str, fix: str | None = None) -> Finding:
    shown = _quote(value)
    return Finding(code, f"「{shown}」: {ja}", f"'{shown}': {en}", fix)


def _is_digits(text: str, length: int) -> bool:
    return len(text) == length and text.isascii() and text.isdigit()


# --- one record per line -----------------------------------------------------------------


def without_line_breaks(value: str) -> str:
    """Each run of line breaks (with the spaces around it) becomes one space."""
    return _LINE_BREAK_RUN.sub(" ", value).strip(SPACES)


def check_line_break(value: str) -> Finding | None:
    if not has_line_break(value):
        return None
    return finding(
        "line-break",
        value,
        "セルの中に改行があります。改行を空白に置き換えます。",
        "the cell holds a line break; it is replaced with a space.",
        without_line_breaks(value),
    )


# --- codes with check digits ----------------------------------------------------------------


def check_lgcode(value: str) -> Finding | None:
    if is_valid_lgcode(value):
        return None
    stripped = value.strip(SPACES)
    if _is_digits(stripped, 6) and not is_valid_lgcode(stripped):
        return finding(
            "lgcode-check-digit",
            value,
            "全国地方公共団体コードの検査数字（6桁目）が合いません。",
            "the check digit (sixth digit) of the local government code is wrong.",
        )
    code = normalize_lgcode(value)
    if code is None:
        return finding(
            "lgcode-format",
            value,
            "全国地方公共団体コード（6桁の半角数字）として読めません。",
            "not a local government code (six half-width digits).",
        )
    how_ja = code.message_ja or f"{code.code}: 半角の6桁にしました。"
    how_en = code.message_en or f"{code.code}: written as six half-width digits"
    return finding("lgcode-format", value, how_ja, how_en + ".", code.code)


def check_corporate_number(value: str) -> Finding | None:
    if is_valid_corporate_number(value):
        return None
    stripped = value.strip(SPACES)
    if _is_digits(stripped, 13) and not is_valid_corporate_number(stripped):
        return finding(
            "corporate-number-check-digit",
            value,
            "法人番号の検査数字（先頭の1桁）が合いません。",
            "the check digit (first digit) of the corporate number is wrong.",
        )
    fixed = normalize_corporate_number(value)
    return finding(
        "corporate-number-format",
        value,
        "法人番号は13桁の半角数字で書きます。",
        "a corporate number is written as thirteen half-width digits.",
        fixed,
    )


def check_postal_code(value: str) -> Finding | None:
    if len(value) == 7 and value.isascii() and value.isdigit():
        return None
    digits = _POSTAL_JUNK.sub("", to_halfwidth_ascii(value.strip(SPACES)))
    fixed = digits if len(digits) == 7 and digits.isascii() and digits.isdigit() else None
    return finding(
        "postal-code",
        value,
        "郵便番号はハイフンなしの半角7桁で書きます。",
        "a postal code is written as seven half-width digits without a hyphen.",
        fixed,
    )


# --- phone numbers ---------------------------------------------------------------------------


def check_phone(value: str) -> Finding | None:
    if is_phone_format(value):
        return None
    stripped = value.strip(SPACES)
    # The smallest mend first: a trailing space must not turn (054)626-1139 into 054-626-1139.
    fixed = stripped if is_phone_format(stripped) else normalize_phone(value)
    if fixed is not None and not is_phone_format(fixed):
        fixed = None
    return finding(
        "phone",
        value,
        "電話番号は半角で 054-626-1139 か (054)626-1139 の形に書きます。",
        "write a phone number half-width, as 054-626-1139 or (054)626-1139.",
        fixed,
    )


# --- dates and times -------------------------------------------------------------------------


def is_iso_date(value: str) -> bool:
    if _ISO_DATE.fullmatch(value) is None:
        return False
    try:
        return parse_date(value) is not None
    except ImpossibleDate:
        return False


def check_date(value: str, order: str = "ymd") -> Finding | None:
    """``order`` is the column's reading of year-last dates (5/1/2023), see jp.column_order."""
    if is_iso_date(value):
        return None
    try:
        day = parse_date(value, order=order)
    except ImpossibleDate as error:
        return Finding("format-date", error.message_ja, error.message_en)
    if day is not None:
        era = " 和暦を西暦にしました。" if _ERA_MARK.search(value) else ""
        era_en = " (era date converted)" if era else ""
        return finding(
            "format-date",
            value,
            f"日付は YYYY-MM-DD で書きます（{day.isoformat()}）。{era}".rstrip(),
            f"write dates as YYYY-MM-DD ({day.isoformat()}){era_en}.",
            day.isoformat(),
        )
    stripped = value.strip(SPACES)
    if _EXCEL_SERIAL.fullmatch(stripped) and _EXCEL_RANGE[0] <= float(stripped) < _EXCEL_RANGE[1]:
        serial_day = excel_serial_to_date(float(stripped)).isoformat()
        return finding(
            "format-date",
            value,
            f"Excel の日付シリアル値として {serial_day} と読みました。",
            f"read as an Excel date serial: {serial_day}.",
            serial_day,
        )
    if _YEAR_LAST.fullmatch(to_halfwidth_ascii(stripped)):
        return finding(
            "format-date",
            value,
            "月/日/年か日/月/年か、列の値からは決められません。YYYY-MM-DD で書いてください。",
            "the column does not show whether this is month/day/year or day/month/year; "
            "write YYYY-MM-DD.",
        )
    return finding(
        "format-date",
        value,
        "日付として読めません。YYYY-MM-DD で書いてください。",
        "not a date; write YYYY-MM-DD.",
    )


def check_time(value: str, all_day: str | None = None) -> Finding | None:
    """``all_day``: what 終日 means in this column ('00:00' for a start, '24:00' for an end)."""
    if _TIME.fullmatch(value):
        return None
    if is_all_day(value):
        return finding(
            "format-time",
            value,
            "「終日」は時刻の列に書けません。"
            + (f"{all_day}にします。" if all_day else "特記事項の列に書いてください。"),
            "'all day' is not a time; "
            + (f"written as {all_day}." if all_day else "put it in the notes column."),
            all_day,
        )
    try:
        clock = parse_time(value)
    except ImpossibleTime as error:
        return Finding("format-time", error.message_ja, error.message_en)
    if clock is not None:
        fixed = clock if len(clock) == 5 else None  # seconds the standard cannot hold
        return finding(
            "format-time",
            value,
            f"時刻は hh:mm で書きます（{clock}）。",
            f"write times as hh:mm ({clock}).",
            fixed,
        )
    if parse_time_range(value) is not None:
        return finding(
            "format-time",
            value,
            "時刻の範囲が1つのセルにあります。開始と終了を別の列に書いてください。",
            "a time range in one cell; put the start and the end in their own columns.",
        )
    return finding(
        "format-time",
        value,
        "時刻（hh:mm）として読めません。",
        "not a time (hh:mm).",
    )


# --- flags and vocabularies ------------------------------------------------------------------


def check_flag(value: str) -> Finding | None:
    if value == "1":
        return None
    fixed = to_standard_flag(value)
    shown = {"1": "1", "": "空欄", None: None}[fixed]
    return finding(
        "flag",
        value,
        "該当は「1」、非該当は空欄で書きます。" + (f"{shown}にします。" if shown else ""),
        "write '1' for yes and leave the cell empty for no."
        + (f" Written as {'1' if fixed else 'empty'}." if fixed is not None else ""),
        fixed,
    )


def check_enum(value: str, allowed: tuple[str, ...], *, yes_no: bool = False) -> Finding | None:
    if value in allowed:
        return None
    fixed: str | None = normalize_text(value)
    if yes_no and fixed not in allowed:
        flag = parse_flag(value)
        fixed = None if flag is None else ("有" if flag else "無")
    if fixed not in allowed:
        fixed = None
    listed = "、".join(allowed[:12]) + ("…" if len(allowed) > 12 else "")
    return finding(
        "enum",
        value,
        f"決められた値（{listed}）のどれでもありません。",
        f"not one of the allowed values ({', '.join(allowed[:12])}"
        f"{'…' if len(allowed) > 12 else ''}).",
        fixed,
    )


def check_multi_value(value: str, separator: str = ";") -> Finding | None:
    if _SEPARATORS.search(value) is None:
        return None
    fixed = separator.join(part for part in _SEPARATORS.split(value) if part)
    return finding(
        "multi-value",
        value,
        f"複数の値は半角の「{separator}」で区切ります。",
        f"separate several values with a half-width '{separator}'.",
        fixed,
    )


def to_katakana(value: str) -> str:
    text = normalize_text(value)
    return _HIRAGANA.sub(lambda m: chr(ord(m.group(0)) + 0x60), text)


def check_katakana(value: str) -> Finding | None:
    if not (_HIRAGANA.search(value) or _HALF_KANA.search(value) or _KANJI.search(value)):
        return None
    fixed = None if _KANJI.search(value) else to_katakana(value)
    return finding(
        "katakana",
        value,
        "読みは全角カタカナで書きます。",
        "write the reading in full-width katakana.",
        fixed,
    )


def _expand_range(match: re.Match[str]) -> str:
    start, end = _WEEKDAYS.index(match.group(1)), _WEEKDAYS.index(match.group(2))
    return _WEEKDAYS[start : end + 1] if start <= end else match.group(0)


def check_weekdays(value: str) -> Finding | None:
    if value and all(char in _WEEKDAYS + "祝" for char in value):
        return None
    compact = _WEEKDAY_SEPARATORS.sub("", _WEEKDAY_RANGE.sub(_expand_range, value))
    fixed = compact if compact and all(c in _WEEKDAYS + "祝" for c in compact) else None
    return finding(
        "weekdays",
        value,
        "曜日は「月火水木金」のように区切らずに書きます。",
        "write weekdays run together, like 月火水木金.",
        fixed,
    )


def check_url(value: str) -> Finding | None:
    # is_url folds full-width forms itself; the standard wants the URL written plainly.
    if is_url(value) and normalize_url(value) == value:
        return None
    normalized = normalize_url(value)
    fixed = normalized if is_url(normalized) else None
    return finding("url", value, "URL として読めません。", "not a URL.", fixed)


def check_email(value: str) -> Finding | None:
    if _EMAIL.fullmatch(value):
        return None
    folded = to_halfwidth_ascii(value.strip(SPACES))
    fixed = folded if _EMAIL.fullmatch(folded) else None
    return finding(
        "email", value, "メールアドレスとして読めません。", "not an e-mail address.", fixed
    )


def check_pattern(value: str, pattern: str) -> Finding | None:
    if re.fullmatch(pattern, value):
        return None
    folded = to_halfwidth_ascii(value.strip(SPACES))
    fixed = folded if re.fullmatch(pattern, folded) else None
    return finding(
        "pattern",
        value,
        f"この列の形式（{pattern}）に合いません。",
        f"does not have this column's form ({pattern}).",
        fixed,
    )
