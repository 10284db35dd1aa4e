"""Clock times as Japanese cells write them: 9:00, ９：００, 9時30分, 午後1時, 24:00, 終日.

The standard writes 時刻 as ``hh:mm`` (24-hour, zero-padded). ``24:00`` is kept as written: it
is the valid end of a day ("open until midnight") and differs from ``00:00``. Seconds are kept
only when they are not zero, so ``9:00:00`` (a spreadsheet export) becomes ``09:00``.

午前/午後 follow 明治5年太政官布告第337号, still the legal reading: 午前0時–午前12時 and
午後0時–午後12時, so 午前12時 is noon and 午後12時 is midnight (24:00). English AM/PM follows its
own custom: 12 AM = 00:00, 12 PM = noon.
"""

from __future__ import annotations

import re

from hiraku.jp.errors import ImpossibleTime
from hiraku.jp.text import ASCII_FOLD, SPACES, ascii_regex

_TIME_FOLD: dict[int, int | str] = {**ASCII_FOLD, 0x3000: " ", 0x2236: ":", 0xFE55: ":"}

_CLOCK_RE = ascii_regex(
    r"(?P<pre>午前|午後|AM|PM|A\.M\.|P\.M\.)?\s*"
    r"(?P<h>\d{1,2})\s*:\s*(?P<m>\d{2})(?:\s*:\s*(?P<s>\d{2}))?"
    r"\s*(?P<post>AM|PM|A\.M\.|P\.M\.)?",
    re.IGNORECASE,
)
_KANJI_RE = ascii_regex(
    r"(?P<pre>午前|午後)?\s*(?P<h>\d{1,2})\s*時\s*"
    r"(?:(?P<half>半)|(?P<m>\d{1,2})\s*分(?:\s*(?P<s>\d{1,2})\s*秒)?)?"
)
_RANGE_SPLIT_RE = ascii_regex(r"\s*(?:[~〜\-–—―]|から)\s*")
_ALL_DAY = frozenset(
    {"終日", "24時間", "24時間営業", "24時間利用可", "24時間利用可能", "24時間対応", "24時間開放"}
    | {"24h", "24H", "24hours", "24hrs"}
)


def _fold(text: str) -> str:
    text = text.strip(SPACES)
    return text if text.isascii() else text.translate(_TIME_FOLD)


def _impossible(text: str) -> ImpossibleTime:
    return ImpossibleTime(
        "time",
        f"「{text}」は存在しない時刻です（0:00〜24:00で書いてください）。",
        f"'{text}' is not a valid time (use 0:00 to 24:00).",
    )


def _to_24h(text: str, hour: int, minute: int, marker: str | None) -> int:
    if marker is None:
        return hour
    marker = marker.upper().replace(".", "")
    if hour > 12 or (marker == "午後" and hour == 12 and minute > 0):
        raise _impossible(text)
    if marker == "午前":
        return hour
    if marker == "午後":
        return hour + 12
    if marker == "AM":
        return 0 if hour == 12 else hour
    return 12 if hour == 12 else hour + 12


def parse_time(text: str) -> str | None:
    """'HH:MM' (or 'HH:MM:SS'), None when the cell is not a time, ImpossibleTime for 25:00."""
    folded = _fold(text)
    if not folded:
        return None
    if folded == "正午":
        return "12:00"
    match = _CLOCK_RE.fullmatch(folded)
    if match is not None:
        if match.group("pre") and match.group("post"):
            return None
        marker = match.group("pre") or match.group("post")
        minute_text, second_text = match.group("m", "s")
    else:
        match = _KANJI_RE.fullmatch(folded)
        if match is None:
            return None
        marker = match.group("pre")
        minute_text = "30" if match.group("half") else match.group("m") or "0"
        second_text = match.group("s")
    hour, minute = int(match.group("h")), int(minute_text)
    second = int(second_text) if second_text else 0
    hour = _to_24h(text.strip(SPACES), hour, minute, marker)
    if minute > 59 or second > 59 or hour > 24 or (hour == 24 and (minute or second)):
        raise _impossible(text.strip(SPACES))
    if second:
        return f"{hour:02d}:{minute:02d}:{second:02d}"
    return f"{hour:02d}:{minute:02d}"


def is_all_day(text: str) -> bool:
    """終日 / 24時間 / 24h: the cell says "all day" instead of giving times."""
    return _fold(text) in _ALL_DAY


def parse_time_range(text: str) -> tuple[str, str] | None:
    """'9:00～17:00' → ('09:00', '17:00'); separators 〜 ～ ~ - から. None unless both ends parse.

    An end before the start (22:00～5:00) is returned as written: it means "past midnight".
    """
    parts = _RANGE_SPLIT_RE.split(_fold(text))
    if len(parts) != 2:
        return None
    start, end = parse_time(parts[0]), parse_time(parts[1])
    if start is None or end is None:
        return None
    return start, end
