"""Cell checks for numbers and coordinates (part of the rules in ``rules.py``).

The standard writes numbers plainly in ASCII (`数値（半角数字）`) and coordinates as decimal
degrees (`43.064310`); full-width digits, separators and degrees-minutes-seconds are mended.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from hiraku.jp import parse_coordinate, parse_number, to_halfwidth_ascii
from hiraku.jp.text import SPACES
from hiraku.schemas.rules import Finding, finding

_INTEGER = re.compile(r"[+-]?\d+", re.ASCII)
_DECIMAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_FULLWIDTH_DIGIT = re.compile("[\uff10-\uff19]")


def plain_number(value: str, *, integer: bool = False) -> Decimal | None:
    """The number a cell holds when it is written plainly in ASCII (what the standard asks)."""
    if (_INTEGER if integer else _DECIMAL).fullmatch(value) is None:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def check_number(value: str, *, integer: bool = False) -> list[Finding]:
    """Spaces, full-width digits or separators around an otherwise good number, or no number."""
    findings: list[Finding] = []
    stripped = value.strip(SPACES)
    if stripped != value:
        findings.append(
            finding("whitespace", value, "前後の空白を取ります。", "spaces trimmed.", stripped)
        )
    if plain_number(stripped, integer=integer) is not None:
        return findings
    kind_ja, kind_en = ("整数", "an integer") if integer else ("数値", "a number")
    folded = to_halfwidth_ascii(stripped)
    if _FULLWIDTH_DIGIT.search(stripped) and plain_number(folded, integer=integer) is not None:
        findings.append(
            finding(
                "fullwidth", value, "数字は半角で書きます。", "write digits half-width.", folded
            )
        )
        return findings
    parsed = parse_number(stripped)
    fixed = None
    if parsed.kind == "number" and not parsed.percent and parsed.unit is None:
        number = parsed.value
        if not integer or isinstance(number, int):
            fixed = str(number)
    findings.append(
        finding("type", value, f"{kind_ja}として読めません。", f"not {kind_en}.", fixed)
    )
    return findings


def check_range(number: Decimal, minimum: float | None, maximum: float | None) -> Finding | None:
    if (minimum is None or number >= Decimal(str(minimum))) and (
        maximum is None or number <= Decimal(str(maximum))
    ):
        return None
    bounds = f"{'' if minimum is None else minimum}〜{'' if maximum is None else maximum}"
    return finding(
        "out-of-range",
        str(number),
        f"許される範囲（{bounds}）の外です。",
        f"outside the allowed range ({bounds.replace('〜', ' to ')}).",
    )


def format_degrees(value: float) -> str:
    return f"{value:.8f}".rstrip("0").rstrip(".")


def check_coordinate(value: str) -> Finding | None:
    """Decimal degrees in ASCII; degrees-minutes-seconds and full-width forms are converted."""
    stripped = value.strip(SPACES)
    if plain_number(stripped) is not None:
        return (
            None
            if stripped == value
            else finding("whitespace", value, "前後の空白を取ります。", "spaces trimmed.", stripped)
        )
    degrees = parse_coordinate(stripped)
    if degrees is None:
        return finding(
            "type",
            value,
            "緯度・経度（十進の度）として読めません。",
            "not a latitude or longitude in decimal degrees.",
        )
    folded = to_halfwidth_ascii(stripped)
    if plain_number(folded) is not None:
        return finding(
            "fullwidth", value, "数字は半角で書きます。", "write digits half-width.", folded
        )
    fixed = format_degrees(degrees)
    return finding(
        "type",
        value,
        f"十進の度で書きます（{fixed}）。",
        f"write decimal degrees ({fixed}).",
        fixed,
    )
