"""Pass two for one distinct cell value: what it is stored as, which changes that took, and
what is wrong with it. ``ValueRules(column).outcome(raw)`` is called once per distinct value of
a column (convert.py caches the answers), so clarity wins over speed here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from hiraku.jp import (
    ImpossibleDate,
    ImpossibleTime,
    fix_swapped,
    in_japan,
    normalize_lgcode,
    normalize_phone,
    normalize_text,
    normalize_url,
    parse_coordinate,
    parse_date,
    parse_datetime,
    parse_latlon_pair,
    parse_number,
    parse_time,
)
from hiraku.jp.lgcode import PREFECTURES
from hiraku.jp.numbers import NULL_MARKS, SUPPRESSION_MARKS
from hiraku.jp.text import SPACES, has_line_break
from hiraku.tabular.errors import shorten
from hiraku.tabular.infer import ColumnType
from hiraku.tabular.types import type_label

Issue = tuple[str, dict[str, Any]]  # (message code, message parameters)
Outcome = tuple[Any, tuple[str, ...], Issue | None]  # (stored value, changes, issue)

_ERA = re.compile(r"[明大昭平令]|^[MTSHRmtshrＭＴＳＨＲｍｔｓｈｒ]\s*[\d０-９]")
_FULLWIDTH = re.compile(r"[\uff01-\uff5e]")
_FULLWIDTH_ALNUM = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_HALF_KANA = re.compile(r"[\uff61-\uff9f]")
_BOOLEAN = {
    "true": True,
    "TRUE": True,
    "True": True,
    "false": False,
    "FALSE": False,
    "False": False,
}
_INT64 = 2**63
_MIDNIGHT = "T00:00:00"  # how Excel date cells are read (formats/excel_reader.py)

_EMPTY: Outcome = (None, (), None)
_NULL_MARKED: Outcome = (None, ("null_marker",), None)


def _suppressed(mark: str) -> Outcome:
    return None, ("suppressed",), ("suppressed_value", {"value": mark})


class ValueRules:
    """The rules of one column: ``outcome(raw)`` for a cell that is not None."""

    def __init__(self, column: ColumnType) -> None:
        self.column = column
        self.units: set[str] = set()  # units written in the cells of a number column
        rules: dict[str, Callable[[str], Outcome]] = {
            "integer": self._number,
            "number": self._number,
            "date": self._date,
            "datetime": self._date,
            "time": self._time,
            "boolean": self._boolean,
            "text": self._text,
        }
        self.outcome = rules[column.type]

    def _mismatch(self, value: str) -> Outcome:
        issue = ("type_mismatch", {"value": shorten(value), "type": type_label(self.column.type)})
        return None, ("type_mismatch",), issue

    def _marked(self, stripped: str) -> Outcome | None:
        """Blank, null and suppression marks: the same answer in every typed column."""
        if not stripped:
            return _EMPTY
        if stripped in NULL_MARKS:
            return _NULL_MARKED
        if stripped in SUPPRESSION_MARKS:
            return _suppressed(stripped)
        return None

    def _number(self, raw: str) -> Outcome:
        stripped = raw.strip(SPACES)
        marked = self._marked(stripped)
        if marked is not None:
            return marked
        number = parse_number(stripped)
        if number.kind == "number":
            value = number.value
            if self.column.type == "integer":
                if not isinstance(value, int):
                    if value != value.to_integral_value():
                        return self._mismatch(stripped)
                    value = int(value)
                if not -_INT64 <= value < _INT64:  # no 64-bit integer column holds it
                    return self._mismatch(stripped)
            elif isinstance(value, int):
                value = Decimal(value)
            if number.unit:
                self.units.add(number.unit)
            return value, _number_changes(raw, number), None
        if number.kind == "suppressed":  # 秘匿 and marks that fold to one (Ｘ)
            return _suppressed(stripped)
        if number.kind == "null":
            return _NULL_MARKED
        if self.column.role in ("latitude", "longitude"):
            coordinate = parse_coordinate(stripped)
            if coordinate is not None:
                return Decimal(str(coordinate)), ("dms_coordinate",), None
        return self._mismatch(stripped)

    def _date(self, raw: str) -> Outcome:
        stripped = raw.strip(SPACES)
        marked = self._marked(stripped)
        if marked is not None:
            return marked
        column = self.column
        try:
            if column.type == "date":
                value = parse_date(stripped, order=column.order)
            else:
                value = parse_datetime(stripped, order=column.order)
                if value is None and (day := parse_date(stripped, order=column.order)):
                    value = dt.datetime.combine(day, dt.time())
        except ImpossibleDate:
            return None, ("impossible_date",), ("impossible_date", {"value": shorten(stripped)})
        if value is None:
            return self._mismatch(stripped)
        changes: tuple[str, ...] = ()
        iso = value.isoformat()
        if _ERA.search(stripped):
            changes = ("wareki_date",)
        elif iso[: len(stripped)] != stripped and stripped != iso + _MIDNIGHT:
            changes = ("date_format",)
        if _FULLWIDTH.search(raw):
            changes += ("fullwidth_digits",)
        return value, changes, None

    def _time(self, raw: str) -> Outcome:
        stripped = raw.strip(SPACES)
        marked = self._marked(stripped)
        if marked is not None:
            return marked
        try:
            value = parse_time(stripped)
        except ImpossibleTime:
            return None, ("impossible_time",), ("impossible_time", {"value": shorten(stripped)})
        if value is None:
            return self._mismatch(stripped)
        changes: tuple[str, ...] = ("time_format",) if value != stripped else ()
        if _FULLWIDTH.search(raw):
            changes += ("fullwidth_digits",)
        return value, changes, None

    def _boolean(self, raw: str) -> Outcome:
        stripped = raw.strip(SPACES)
        if stripped in _BOOLEAN:
            return _BOOLEAN[stripped], (), None
        marked = self._marked(stripped)
        return marked if marked is not None else self._mismatch(stripped)

    def _text(self, raw: str) -> Outcome:
        stored = normalize_text(raw)
        if not stored:
            return _EMPTY
        changes = _text_changes(raw) if stored != raw else ()
        issue: Issue | None = None
        role = self.column.role
        if role == "phone":
            phone = normalize_phone(stored)
            if phone is not None and phone != stored:
                stored, changes = phone, (*changes, "phone_formatted")
        elif role == "url":
            url = normalize_url(stored)
            if url != stored:
                stored, changes = url, (*changes, "url_normalized")
        elif role == "lgcode":
            code = normalize_lgcode(stored)
            if code is not None and code.code != stored:
                stored, changes = code.code, (*changes, "lgcode_completed")
            elif code is None and stored not in PREFECTURES and stored not in NULL_MARKS:
                issue = ("lgcode_invalid", {"value": shorten(stored)})
        elif role == "latlon":
            stored, changes, issue = _latlon(stored, changes)
        if has_line_break(raw):  # one at the end too: the record spans two lines
            changes = (*changes, "line_break")
            issue = issue or ("line_break_in_cell", {})
        return stored, changes, issue


def _text_changes(raw: str) -> tuple[str, ...]:
    changes = []
    if raw.strip(SPACES) != raw:
        changes.append("trimmed")
    if _FULLWIDTH_ALNUM.search(raw):
        changes.append("fullwidth_ascii")
    if _HALF_KANA.search(raw):
        changes.append("halfwidth_katakana")
    return tuple(changes)


def _number_changes(raw: str, number: Any) -> tuple[str, ...]:
    changes = []
    if _FULLWIDTH.search(raw):
        changes.append("fullwidth_digits")
    if "," in raw or "，" in raw:
        changes.append("thousands_separator")
    if raw.lstrip(SPACES)[:1] in ("△", "▲"):
        changes.append("triangle_negative")
    if number.percent:
        changes.append("percent_sign")
    if number.unit:
        changes.append("unit_removed")
    return tuple(changes)


_PLAIN_PAIR = re.compile(r"(-?\d{1,3}(?:\.\d+)?) *, *(-?\d{1,3}(?:\.\d+)?)", re.ASCII)


def _latlon(stored: str, changes: tuple[str, ...]) -> tuple[str, tuple[str, ...], Issue | None]:
    """A "lat,lon" cell: plain pairs keep their digits, other forms (DMS, spaces, 北緯…)
    become decimal "lat,lon"; swaps are caught by Japan's bounds."""
    pair = parse_latlon_pair(stored)
    if pair is None:
        return stored, changes, None
    lat, lon = pair
    plain = _PLAIN_PAIR.fullmatch(stored)
    first, second = plain.groups() if plain else (repr(lat), repr(lon))
    issue: Issue | None = None
    if not in_japan(lat, lon):
        lat, lon, swapped = fix_swapped(lat, lon)
        if swapped:
            first, second = second, first
            changes = (*changes, "latlon_swapped")
            issue = ("latlon_swapped", {"lat": lat, "lon": lon})
        else:
            issue = ("coordinate_outside_japan", {"value": shorten(stored)})
    written = f"{first},{second}"
    if written != stored and "latlon_swapped" not in changes:
        changes = (*changes, "latlon_formatted")
    return written, changes, issue
