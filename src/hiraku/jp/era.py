"""Dates in Japanese cells: 和暦 (令和5年4月1日, R5.4.1, 昭32. 7. 1), western forms, 年度.

``parse_date`` answers three ways: a ``date``; ``None`` when the cell is not a date at all
(place names such as 昭和町 or 明治通り never match, since the whole cell must be a date); or
:class:`ImpossibleDate` when the cell has the shape of a date but names no real day. Impossible
dates are flagged, never guessed.

Day-first or month-first slash dates with the year last (5/1/2023) are ambiguous one cell at a
time; they parse only when the caller passes ``order`` decided for the whole column by
:func:`column_order`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable

from hiraku.jp.era_table import (
    ERA_BY_TOKEN,
    ERAS,
    GREGORIAN_START,
    Era,
    era_of,
    era_year_to_western,
    to_wareki,
    wareki_to_date,
    western_to_date,
)
from hiraku.jp.errors import ImpossibleDate
from hiraku.jp.text import ASCII_FOLD, SPACES, ascii_regex
from hiraku.jp.times import parse_time

__all__ = [
    "ERAS",
    "Era",
    "ImpossibleDate",
    "column_order",
    "era_of",
    "excel_serial_to_date",
    "fiscal_year",
    "parse_date",
    "parse_datetime",
    "parse_fiscal_year",
    "to_wareki",
]

_DATE_FOLD: dict[int, int | str] = {
    **ASCII_FOLD,
    0x3000: " ",
    0x2212: "-",
    0x2010: "-",
    0x2011: "-",
    0x2013: "-",
    0xFF61: ".",  # ｡ used as a dot by some half-width inputs
}

_ERA = r"(?P<era>明治|大正|昭和|平成|令和|[明大昭平令MTSHRmtshr])\.?\s*(?P<y>元|\d{1,2})\s*"
_MD_KANJI = r"(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
_ERA_KANJI_RE = ascii_regex(_ERA + r"年\s*" + _MD_KANJI)
_ERA_SEPARATED_RE = ascii_regex(
    _ERA + r"(?P<sep>[./-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<d>\d{1,2})\.?"
)
# 2023(令和5)年4月1日 and 令和5(2023)年4月1日: both years given, so they must agree.
_WESTERN_WITH_ERA_RE = ascii_regex(
    r"(?P<wy>\d{4})\s*年?\s*\(\s*" + _ERA + r"年?\s*\)\s*年?\s*" + _MD_KANJI
)
_ERA_WITH_WESTERN_RE = ascii_regex(
    _ERA + r"年?\s*\(\s*(?P<wy>\d{4})\s*年?\s*\)\s*年?\s*" + _MD_KANJI
)
_YMD_RE = ascii_regex(r"(?P<y>\d{4})\s*(?P<sep>[./-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<d>\d{1,2})")
_YMD_KANJI_RE = ascii_regex(r"(?P<y>\d{4})\s*年\s*" + _MD_KANJI)
_YEAR_LAST_RE = ascii_regex(
    r"(?P<a>\d{1,2})\s*(?P<sep>[./-])\s*(?P<b>\d{1,2})\s*(?P=sep)\s*(?P<y>\d{4})"
)
_COMPACT_RE = ascii_regex(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})")

_WEEKDAYS = {
    **{kanji: index for index, kanji in enumerate("月火水木金土日")},
    **{name: index for index, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))},
}
_WEEKDAY_RE = ascii_regex(
    r"\s*(?:\(\s*(?P<wd>[月火水木金土日]|mon|tue|wed|thu|fri|sat|sun)(?:曜日?)?"
    r"\s*(?:[・,、]\s*(?:祝|休|祝日|振休))?\s*\)|\s+(?P<wd2>[月火水木金土日])曜日?)$",
    re.IGNORECASE,
)
# Spreadsheets export date cells as "2023/04/01 0:00:00"; midnight adds nothing to a date.
_MIDNIGHT_RE = ascii_regex(r"(?:\s+|T)0?0:00(?::00(?:\.0+)?)?$")
_DATETIME_SPLIT_RE = ascii_regex(
    r"(?P<date>.+?(?:\d|日|\)))(?:\s*T\s*|\s+|(?<=日|\)))(?P<time>(?:午前|午後|AM|PM)?\s*\d{1,2}\s*[:時].*)",
    re.IGNORECASE,
)
# A zone offset counts only after a clock time, so 2023-04-01 is never read as an offset.
_ISO_OFFSET_RE = ascii_regex(
    r"(?P<rest>.*?:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(?P<tz>Z|[+-]\d{2}:?\d{2})"
)
_FRACTION_RE = ascii_regex(r"(?<=:\d\d)\.(\d{1,9})$")
_FISCAL_RE = ascii_regex(
    r"(?:" + _ERA + r"|(?P<wy>\d{4})\s*)年度|FY\s*(?P<fy>\d{4})", re.IGNORECASE
)

_from_iso = dt.date.fromisoformat
_DATE_STARTS = frozenset("0123456789明大昭平令MTSHRmtshr０１２３４５６７８９ＭＴＳＨＲｍｔｓｈｒ")
_ORDERS = ("ymd", "mdy", "dmy")


def _fold(text: str) -> str:
    text = text.strip(SPACES)
    return text if text.isascii() else text.translate(_DATE_FOLD)


def _era_year(match: re.Match[str]) -> tuple[Era, int]:
    era = ERA_BY_TOKEN[match.group("era")]
    year_text = match.group("y")
    return era, 1 if year_text == "元" else int(year_text)


def _check_weekday(day: dt.date, weekday: str | None, text: str) -> dt.date:
    if weekday is not None and _WEEKDAYS[weekday.lower()] != day.weekday():
        actual = "月火水木金土日"[day.weekday()]
        raise ImpossibleDate(
            "weekday",
            f"「{text}」: {day.isoformat()}は{actual}曜日です。日付か曜日が誤っています。",
            f"'{text}': {day.isoformat()} is a {day.strftime('%A')}; the date or the weekday "
            "is wrong.",
        )
    return day


def _parse_folded(text: str, folded: str, order: str) -> dt.date | None:
    weekday = None
    has_weekday = folded[-1] == ")" or folded.endswith(("曜", "曜日"))
    if has_weekday and (wd := _WEEKDAY_RE.search(folded)) is not None:
        weekday = wd.group("wd") or wd.group("wd2")
        folded = folded[: wd.start()]
    elif folded[-1] == "0" and (midnight := _MIDNIGHT_RE.search(folded)) is not None:
        folded = folded[: midnight.start()]
    result = _parse_plain(text, folded, order) if folded else None
    if result is None:
        return None
    return _check_weekday(result, weekday, text)


def _parse_plain(text: str, folded: str, order: str) -> dt.date | None:
    if folded[0].isdigit():
        if match := _YMD_RE.fullmatch(folded) or _YMD_KANJI_RE.fullmatch(folded):
            year, month, day = match.group("y", "m", "d")
            return western_to_date(int(year), int(month), int(day), text=text)
        if match := _YEAR_LAST_RE.fullmatch(folded):
            if order == "ymd":
                return None
            first, second = int(match.group("a")), int(match.group("b"))
            month, day = (first, second) if order == "mdy" else (second, first)
            return western_to_date(int(match.group("y")), month, day, text=text)
        if match := _COMPACT_RE.fullmatch(folded):
            # 8 bare digits may be an ID; accept only a real modern date, never raise.
            year, month, day = (int(part) for part in match.group("y", "m", "d"))
            try:
                found = dt.date(year, month, day)
            except ValueError:
                return None
            return found if 1873 <= year <= 2099 else None
        if match := _WESTERN_WITH_ERA_RE.fullmatch(folded):
            return _parse_both_years(text, match)
        return None
    if match := _ERA_KANJI_RE.fullmatch(folded) or _ERA_SEPARATED_RE.fullmatch(folded):
        era, year = _era_year(match)
        return wareki_to_date(era, year, int(match.group("m")), int(match.group("d")), text=text)
    if match := _ERA_WITH_WESTERN_RE.fullmatch(folded):
        return _parse_both_years(text, match)
    return None


def _parse_both_years(text: str, match: re.Match[str]) -> dt.date:
    era, year = _era_year(match)
    western = int(match.group("wy"))
    if era_year_to_western(era, year) != western:
        raise ImpossibleDate(
            "era_mismatch",
            f"「{text}」: 西暦{western}年と{era.name}{year}年が一致しません。",
            f"'{text}': the year {western} and {era.name}{year} do not agree.",
        )
    return wareki_to_date(era, year, int(match.group("m")), int(match.group("d")), text=text)


def parse_date(text: str, *, order: str = "ymd") -> dt.date | None:
    """A date from one cell, or None if the cell is not a date; ImpossibleDate if no such day.

    ``order`` ("ymd", "mdy", "dmy") only matters for year-last forms such as 5/1/2023; with the
    default "ymd" those return None (see :func:`column_order`).
    """
    if order not in _ORDERS:
        raise ValueError(f"order must be one of {_ORDERS}, not {order!r}")
    if len(text) == 10 and text[4] == "-" == text[7]:
        # ISO 8601, what conforming files use: C speed. Invalid ones (2023-02-29) fall through
        # so the slow path can say why.
        try:  # not contextlib.suppress: that costs ~0.5 µs per cell, try/except nothing
            return _from_iso(text)
        except ValueError:
            pass
    stripped = text.strip(SPACES)
    if not stripped or stripped[0] not in _DATE_STARTS:
        return None
    folded = stripped if stripped.isascii() else stripped.translate(_DATE_FOLD)
    return _parse_folded(stripped, folded, order)


def parse_datetime(text: str, *, order: str = "ymd") -> dt.datetime | None:
    """A datetime from "2023/4/1 9:00", ISO 8601 ("2023-04-01T09:00:00+09:00"), "令和5年4月1日 9時".

    A cell without a time part is not a datetime (None); parse it with :func:`parse_date`.
    24:00 becomes 00:00 of the next day. A zone offset gives an aware datetime.
    """
    folded = _fold(text)
    if not folded or folded[0] not in _DATE_STARTS:
        return None
    tzinfo = None
    if folded[-1] in "Z0123456789" and (offset := _ISO_OFFSET_RE.fullmatch(folded)):
        tzinfo = _parse_offset(offset.group("tz"))
        if tzinfo is None:
            return None
        folded = offset.group("rest")
    split = _DATETIME_SPLIT_RE.fullmatch(folded)
    if split is None:
        return None
    time_text, micro = split.group("time"), 0
    if fraction := _FRACTION_RE.search(time_text):
        micro = int(fraction.group(1)[:6].ljust(6, "0"))
        time_text = time_text[: fraction.start()]
    day = _parse_folded(text.strip(SPACES), split.group("date"), order)
    clock = parse_time(time_text)
    if day is None or clock is None:
        return None
    hour, minute, *seconds = (int(part) for part in clock.split(":"))
    if hour == 24:
        if day == dt.date.max:
            return None
        return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0), tzinfo)
    second = seconds[0] if seconds else 0
    return dt.datetime.combine(day, dt.time(hour, minute, second, micro), tzinfo)


def _parse_offset(zone: str) -> dt.timezone | None:
    if zone == "Z":
        return dt.UTC
    digits = zone[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:])
    if hours > 23 or minutes > 59:
        return None
    sign = -1 if zone[0] == "-" else 1
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


def column_order(values: Iterable[str]) -> str:
    """Decide how a column writes year-last slash dates: "mdy", "dmy", or "ymd" (not proven).

    A first part above 12 proves day-first, a second part above 12 proves month-first. With no
    proof, or proof both ways (a mixed column), the answer is "ymd", under which parse_date
    refuses year-last cells instead of guessing.
    """
    day_first = month_first = False
    for value in values:
        match = _YEAR_LAST_RE.match(_fold(value))
        if match is None:
            continue
        first, second = int(match.group("a")), int(match.group("b"))
        day_first |= first > 12 and second <= 12
        month_first |= second > 12 and first <= 12
        if day_first and month_first:
            return "ymd"
    if day_first:
        return "dmy"
    return "mdy" if month_first else "ymd"


def fiscal_year(day: dt.date) -> int:
    """The 年度 (April–March) a date belongs to: 2024-03-31 → 2023."""
    return day.year if day.month >= 4 else day.year - 1


def parse_fiscal_year(text: str) -> tuple[dt.date, dt.date] | None:
    """令和5年度 / R5年度 / 2023年度 / FY2023 → (2023-04-01, 2024-03-31).

    An era fiscal year is valid when the era overlaps that April–March span: 平成31年度 and
    令和元年度 both name FY2019; 平成32年度 or 昭和64年度 raise ImpossibleDate.
    """
    folded = _fold(text)
    match = _FISCAL_RE.fullmatch(folded) if folded else None
    if match is None:
        return None
    if match.group("era"):
        era, year = _era_year(match)
        start_year = era_year_to_western(era, year)
        first, last = dt.date(start_year, 4, 1), dt.date(start_year + 1, 3, 31)
        ends_before = era.end is not None and era.end < first
        if year < 1 or last < era.start or ends_before or last < GREGORIAN_START:
            raise ImpossibleDate(
                "era_range",
                f"「{text.strip(SPACES)}」は{era.name}の期間外の年度です。",
                f"'{text.strip(SPACES)}' is a fiscal year outside the {era.name} era.",
            )
        return first, last
    start_year = int(match.group("wy") or match.group("fy"))
    if not 1 <= start_year <= 9998:
        return None
    return dt.date(start_year, 4, 1), dt.date(start_year + 1, 3, 31)


_EXCEL_EPOCH = dt.date(1899, 12, 30)
_EXCEL_MAX = 2958465  # 9999-12-31


def excel_serial_to_date(serial: float) -> dt.date:
    """Excel 1900 date system: 1 = 1900-01-01, 45017 = 2023-04-01; the time fraction is dropped.

    Excel counts the nonexistent 1900-02-29 (serial 60, kept from Lotus 1-2-3), so serials
    from 61 on are one day ahead of a plain count from 1899-12-31. Serial 60 itself raises.
    """
    if isinstance(serial, bool) or not math.isfinite(serial) or not 1 <= serial < _EXCEL_MAX + 1:
        raise ImpossibleDate(
            "excel_serial",
            f"{serial} はExcelの日付シリアル値の範囲（1〜{_EXCEL_MAX}）外です。",
            f"{serial} is outside Excel's date serial range (1 to {_EXCEL_MAX}).",
        )
    whole = int(serial)
    if whole == 60:
        raise ImpossibleDate(
            "excel_serial",
            "シリアル値60はExcelにだけ存在する1900年2月29日で、実在しない日付です。",
            "Serial 60 is Excel's 1900-02-29, a day that does not exist.",
        )
    offset = whole if whole > 60 else whole + 1
    return _EXCEL_EPOCH + dt.timedelta(days=offset)
