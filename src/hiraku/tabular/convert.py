"""Pass two: each cell to its column's type, every change counted, every loss reported.

A converter is a closure per column with a cache of distinct values, so repeated values (the
common case in municipal files) cost one dictionary lookup. What a value turned into and
which kinds of change that took are computed once per distinct value.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from hiraku.jp import ImpossibleDate, ImpossibleTime, normalize_lgcode, normalize_phone
from hiraku.jp import normalize_text, normalize_url, parse_coordinate, parse_date
from hiraku.jp import parse_datetime, parse_number, parse_time
from hiraku.jp.numbers import SUPPRESSION_MARKS
from hiraku.jp.text import SPACES, has_line_break
from hiraku.tabular.errors import shorten
from hiraku.tabular.infer import ColumnType
from hiraku.tabular.types import TYPE_NAMES

CACHE_LIMIT = 50_000
_ERA = re.compile(r"[明大昭平令]|^[MTSHRmtshr]\s*\d")
_FULLWIDTH = re.compile(r"[\uff01-\uff5e]")
_FULLWIDTH_ALNUM = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_HALF_KANA = re.compile(r"[\uff61-\uff9f]")
_BOOLEAN = {"true": True, "TRUE": True, "True": True, "false": False, "FALSE": False,
            "False": False}

Issue = tuple[str, dict[str, Any]]  # (code, message parameters)
Outcome = tuple[Any, tuple[str, ...], Issue | None]


class Sink:
    """Where converters report: change counts per column and issues with the current line."""

    def __init__(self, report: Callable[..., None]) -> None:
        self.line = 0
        self.report = report  # report(code, row=..., column=..., **params)


def _type_params(type_: str) -> dict[str, str]:
    ja, en = TYPE_NAMES[type_]
    return {"type_ja": ja, "type_en": en}


def _text_changes(raw: str, stored: str) -> tuple[str, ...]:
    changes = []
    if raw.strip(SPACES) != raw:
        changes.append("trimmed")
    if _FULLWIDTH_ALNUM.search(raw):
        changes.append("fullwidth_ascii")
    if _HALF_KANA.search(raw):
        changes.append("halfwidth_katakana")
    return tuple(changes)


def _number_changes(raw: str, number) -> tuple[str, ...]:
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


def _outcome_number(column: ColumnType, raw: str) -> Outcome:
    stripped = raw.strip(SPACES)
    number = parse_number(stripped)
    if number.kind == "null":
        return None, ("null_marker",) if stripped else (), None
    if number.kind == "suppressed":
        return None, ("suppressed",), ("suppressed_value", {"value": stripped})
    if number.kind == "number":
        value = number.value
        if column.type == "integer":
            if not isinstance(value, int):
                if value != value.to_integral_value():
                    return None, ("type_mismatch",), _mismatch(column, stripped)
                value = int(value)
        elif isinstance(value, int):
            value = Decimal(value)
        return value, _number_changes(raw, number), None
    if column.role in ("latitude", "longitude"):
        coordinate = parse_coordinate(stripped)
        if coordinate is not None:
            return Decimal(str(coordinate)), ("dms_coordinate",), None
    if stripped in SUPPRESSION_MARKS:
        return None, ("suppressed",), ("suppressed_value", {"value": stripped})
    return None, ("type_mismatch",), _mismatch(column, stripped)


def _mismatch(column: ColumnType, value: str) -> Issue:
    return "type_mismatch", {"value": shorten(value), **_type_params(column.type)}


def _outcome_date(column: ColumnType, raw: str) -> Outcome:
    stripped = raw.strip(SPACES)
    if parse_number(stripped).kind in ("null", "suppressed") or not stripped:
        return None, ("null_marker",) if stripped else (), None
    parse = parse_date if column.type == "date" else parse_datetime
    try:
        value = parse(stripped, order=column.order)
    except ImpossibleDate:
        return None, ("impossible_date",), ("impossible_date", {"value": shorten(stripped)})
    if value is None:
        return None, ("type_mismatch",), _mismatch(column, stripped)
    changes = []
    if _ERA.search(stripped):
        changes.append("wareki_date")
    elif value.isoformat()[: len(stripped)] != stripped:
        changes.append("date_format")
    if _FULLWIDTH.search(raw):
        changes.append("fullwidth_digits")
    return value, tuple(changes), None


def _outcome_time(column: ColumnType, raw: str) -> Outcome:
    stripped = raw.strip(SPACES)
    if parse_number(stripped).kind in ("null", "suppressed") or not stripped:
        return None, ("null_marker",) if stripped else (), None
    try:
        value = parse_time(stripped)
    except ImpossibleTime:
        return None, ("impossible_time",), ("impossible_time", {"value": shorten(stripped)})
    if value is None:
        return None, ("type_mismatch",), _mismatch(column, stripped)
    changes = ("time_format",) if value != stripped else ()
    if _FULLWIDTH.search(raw):
        changes += ("fullwidth_digits",)
    return value, changes, None


def _outcome_boolean(column: ColumnType, raw: str) -> Outcome:
    stripped = raw.strip(SPACES)
    if not stripped:
        return None, (), None
    if stripped in _BOOLEAN:
        return _BOOLEAN[stripped], (), None
    return None, ("type_mismatch",), _mismatch(column, stripped)


def _outcome_text(column: ColumnType, raw: str) -> Outcome:
    stored = normalize_text(raw)
    if not stored:
        return None, (), None
    changes = _text_changes(raw, stored) if stored != raw else ()
    role = column.role
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
    issue = None
    if has_line_break(raw.strip(" \u3000")):
        changes = (*changes, "line_break")
        issue = ("line_break_in_cell", {})
    return stored, changes, issue


_OUTCOMES: dict[str, Callable[[ColumnType, str], Outcome]] = {
    "integer": _outcome_number, "number": _outcome_number, "date": _outcome_date,
    "datetime": _outcome_date, "time": _outcome_time, "boolean": _outcome_boolean,
    "text": _outcome_text,
}


def make_converter(column: ColumnType, changes: Counter, sink: Sink,
                   encode: Callable[[Any], Any] | None = None) -> Callable[[str | None], Any]:
    """A function turning one raw cell of ``column`` into its stored value."""
    outcome_of = _OUTCOMES[column.type]
    cache: dict[str, Outcome] = {}
    name = column.name

    def convert(raw: str | None) -> Any:
        if raw is None:
            return None
        outcome = cache.get(raw)
        if outcome is None:
            value, kinds, issue = outcome_of(column, raw)
            if value is not None and encode is not None:
                value = encode(value)
            outcome = (value, kinds, issue)
            if len(cache) < CACHE_LIMIT:
                cache[raw] = outcome
        value, kinds, issue = outcome
        for kind in kinds:
            changes[kind] += 1
        if issue is not None:
            code, params = issue
            sink.report(code, row=sink.line, column=name, **params)
        return value

    return convert
