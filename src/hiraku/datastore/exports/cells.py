"""One cell, one format: the datastore's stored values turned into CSV text and JSON literals.

Values arrive as the database driver returns them. SQLite gives floats, ISO strings and 0/1;
PostgreSQL gives Decimal, date, datetime and bool. The field's type says which is meant, so
each converter accepts both spellings of the same value.
"""

from __future__ import annotations

import datetime as dt
import json.encoder
import math
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

# OWASP "CSV Injection": a spreadsheet runs a cell that begins with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# The C string escaper behind json.dumps, without json.dumps' per-call set-up; a million-row
# export calls it for every text cell.
_json_string: Callable[[str], str] = json.encoder.encode_basestring

Field = dict[str, Any]
TextCell = Callable[[Any], str]
JsonCell = Callable[[Any], str]


def neutralize(text: str) -> str:
    """``text`` with a leading ``'`` when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def _float_literal(value: float) -> str | None:
    if not math.isfinite(value):
        return None
    # SQLite stores every number column as REAL: 3 comes back 3.0, so write what was loaded.
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def _decimal_literal(value: Decimal) -> str | None:
    return format(value, "f") if value.is_finite() else None


# Dispatch on the exact type: a million-row export cannot afford a chain of isinstance calls.
_NUMBER_LITERALS: dict[type, Callable[[Any], str | None]] = {
    int: str,
    float: _float_literal,
    Decimal: _decimal_literal,
    bool: lambda value: "1" if value else "0",
}
_BOOLEAN_TYPES = (bool, int)


def number_literal(value: Any) -> str | None:
    """A JSON/CSV number for a stored number (Decimal exactly as stored), or None."""
    convert = _NUMBER_LITERALS.get(type(value))
    return None if convert is None else convert(value)


def record_keys(fields: Sequence[Field]) -> list[str]:
    """The label of each field, made unique (``備考``, ``備考_2``) so no JSON key hides another."""
    keys: list[str] = []
    seen: set[str] = set()
    for field in fields:
        base = str(field.get("label") or field["name"])
        key, number = base, 1
        while key in seen:
            number += 1
            key = f"{base}_{number}"
        seen.add(key)
        keys.append(key)
    return keys


def _iso_text(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date | dt.time) else str(value)


# --- CSV text ------------------------------------------------------------------------------
# Strings pass through ``clean`` (CP932 repair) and then ``neutralize``, in that order, since
# the repair can turn a harmless character into a trigger (﹦ becomes =). Typed values
# (numbers, dates, booleans) are never neutralized: -12 stays a number.


def csv_cell(type_: str, clean: Callable[[str], str]) -> TextCell:
    def text(value: Any) -> str:
        if value is None:
            return ""
        value = clean(value if type(value) is str else str(value))
        return "'" + value if value.startswith(FORMULA_TRIGGERS) else value

    def number(value: Any) -> str:
        convert = _NUMBER_LITERALS.get(type(value))
        return text(value) if convert is None else convert(value) or ""

    def boolean(value: Any) -> str:
        if type(value) in _BOOLEAN_TYPES:
            return "true" if value else "false"
        return text(value)

    def date(value: Any) -> str:
        return text(value if value is None or type(value) is str else _iso_text(value))

    def datetime(value: Any) -> str:
        if value is None:
            return ""
        iso = _iso_text(value)
        # Excel reads "2024-04-01 09:00:00" as a date and time, but keeps the "T" form as text.
        if len(iso) > 10 and iso[10] == "T":
            iso = f"{iso[:10]} {iso[11:]}"
        return text(iso)

    converters: dict[str, TextCell] = {
        "integer": number, "number": number, "boolean": boolean,
        "date": date, "time": date, "datetime": datetime,
    }  # fmt: skip
    return converters.get(type_, text)


# --- JSON literals -------------------------------------------------------------------------


def _json_text(value: Any) -> str:
    if value is None:
        return "null"
    return _json_string(value if type(value) is str else str(value))


def _json_number(value: Any) -> str:
    convert = _NUMBER_LITERALS.get(type(value))
    return _json_text(value) if convert is None else convert(value) or "null"


def _json_boolean(value: Any) -> str:
    if type(value) in _BOOLEAN_TYPES:
        return "true" if value else "false"
    return _json_text(value)


def _json_temporal(value: Any) -> str:
    if value is None:
        return "null"
    return _json_string(value if type(value) is str else _iso_text(value))


_JSON_CELLS: dict[str, JsonCell] = {
    "integer": _json_number, "number": _json_number, "boolean": _json_boolean,
    "date": _json_temporal, "time": _json_temporal, "datetime": _json_temporal,
}  # fmt: skip


def json_cell(type_: str) -> JsonCell:
    return _JSON_CELLS.get(type_, _json_text)


def json_string(text: str) -> str:
    return _json_string(text)
