"""The Japanese eras (元号) since 明治 and conversion between era years and Gregorian dates.

Calendar choice: Japan used a lunisolar calendar until 明治5年12月2日; the next day was
proclaimed 明治6年1月1日 = 1873-01-01 (明治5年太政官布告第337号). An era date written before
that names a lunisolar day, which cannot be turned into a Gregorian date without a
lunisolar table, so such dates are refused (:class:`ImpossibleDate`, code ``lunisolar``), not
guessed. Western dates are accepted for any year.

Boundaries follow the law that proclaimed each era: an era starts on its first day and the
previous era ends the day before (昭和64年1月7日 is the last 昭和 day, 平成元年1月8日 the first
平成 day). 大正15年12月25日 / 明治45年7月30日, written on the day of the change by some, count
as after the old era ended.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hiraku.jp.errors import ImpossibleDate

GREGORIAN_START = dt.date(1873, 1, 1)


@dataclass(frozen=True, slots=True)
class Era:
    name: str  # 令和
    short: str  # 令
    letter: str  # R
    start: dt.date
    end: dt.date | None  # last day, inclusive; None for the current era

    def contains(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


def _eras() -> tuple[Era, ...]:
    facts = (
        ("明治", "明", "M", dt.date(1868, 10, 23)),
        ("大正", "大", "T", dt.date(1912, 7, 30)),
        ("昭和", "昭", "S", dt.date(1926, 12, 25)),
        ("平成", "平", "H", dt.date(1989, 1, 8)),
        ("令和", "令", "R", dt.date(2019, 5, 1)),
    )
    eras = []
    for index, (name, short, letter, start) in enumerate(facts):
        following = facts[index + 1][3] if index + 1 < len(facts) else None
        end = following - dt.timedelta(days=1) if following else None
        eras.append(Era(name, short, letter, start, end))
    return tuple(eras)


ERAS: tuple[Era, ...] = _eras()

# Every way a cell names an era: 令和, 令, R, r.
ERA_BY_TOKEN: dict[str, Era] = {}
for _era in ERAS:
    for _token in (_era.name, _era.short, _era.letter, _era.letter.lower()):
        ERA_BY_TOKEN[_token] = _era


def era_of(day: dt.date) -> Era:
    """The era a Gregorian date falls in; ImpossibleDate before 1873 (see module docstring)."""
    if day < GREGORIAN_START:
        raise _lunisolar(day.isoformat())
    for era in reversed(ERAS):
        if era.start <= day:
            return era
    raise AssertionError("unreachable: 明治 starts before GREGORIAN_START")


def era_year_to_western(era: Era, year: int) -> int:
    return era.start.year + year - 1


def wareki_to_date(era: Era, year: int, month: int, day: int, *, text: str = "") -> dt.date:
    """Gregorian date for era/year/month/day; ImpossibleDate when that day is not in the era."""
    shown = text or f"{era.name}{year}年{month}月{day}日"
    if year < 1:
        raise ImpossibleDate(
            "era_year",
            f"「{shown}」: 元号の年は元年（1年）から始まります。",
            f"'{shown}': era years start at 1 (元年).",
        )
    result = western_to_date(era_year_to_western(era, year), month, day, text=shown)
    if result < GREGORIAN_START:
        raise _lunisolar(shown)
    if not era.contains(result):
        span_ja, span_en = f"{era.start.isoformat()}から", f"from {era.start.isoformat()}"
        if era.end is not None:
            span_ja = f"{era.start.isoformat()}〜{era.end.isoformat()}"
            span_en = f"{era.start.isoformat()} to {era.end.isoformat()}"
        raise ImpossibleDate(
            "era_range",
            f"「{shown}」は{era.name}の期間外です（{era.name}は{span_ja}）。",
            f"'{shown}' is outside the {era.name} era ({span_en}).",
        )
    return result


def western_to_date(year: int, month: int, day: int, *, text: str = "") -> dt.date:
    """date(year, month, day) with ImpossibleDate (both languages) instead of a bare ValueError."""
    shown = text or f"{year}年{month}月{day}日"
    if year < 1:
        raise ImpossibleDate(
            "year", f"「{shown}」: 西暦0年はありません。", f"'{shown}': there is no year 0."
        )
    if not 1 <= month <= 12:
        raise ImpossibleDate(
            "month",
            f"「{shown}」: {month}月という月はありません。",
            f"'{shown}': there is no month {month}.",
        )
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ImpossibleDate(
            "day",
            f"「{shown}」は存在しない日付です（{year}年{month}月に{day}日はありません）。",
            f"'{shown}' does not exist ({year}-{month:02d} has no day {day}).",
        ) from None


def _lunisolar(shown: str) -> ImpossibleDate:
    return ImpossibleDate(
        "lunisolar",
        f"「{shown}」: 明治5年以前の和暦は旧暦（太陰太陽暦）のため、西暦に換算できません。",
        f"'{shown}': era dates before 1873 (明治6年) are lunisolar and cannot be converted.",
    )


def to_wareki(day: dt.date, style: str = "kanji") -> str:
    """令和5年4月1日 / 令和元年5月1日 (style "kanji") or R5.4.1 (style "short")."""
    era = era_of(day)
    year = day.year - era.start.year + 1
    if style == "kanji":
        year_text = "元" if year == 1 else str(year)
        return f"{era.name}{year_text}年{day.month}月{day.day}日"
    if style == "short":
        return f"{era.letter}{year}.{day.month}.{day.day}"
    raise ValueError(f"unknown style {style!r}: use 'kanji' or 'short'")
