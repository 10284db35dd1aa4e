"""Whole batches of one column's cells settled by a regular expression or two, instead of
value by value: the forms conforming files use, and the numbers most municipal files write
(１，２３４ / △12 / -). Python's loops cost far more than its C-level string scans, so the
common cases go here and everything else takes the careful way (values.py).

A batch is joined with line breaks into one string; a cell holding a line break itself sends
the batch the careful way.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from decimal import Decimal
from itertools import filterfalse, repeat
from operator import contains, ne
from typing import Any, NamedTuple

from hiraku.jp.text import SPACES


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while one batch is worked on.

    A batch allocates tens of thousands of short-lived tuples and lists, which make the
    collector run hundreds of times a batch and walk the long-lived caches each time (14 % of
    a load, measured). Nothing here makes reference cycles, so nothing waits for collection;
    the collector resumes between batches, where the caller's own code runs.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _lines_of(item: str) -> re.Pattern[str]:
    """A batch of cells joined by line breaks where every cell is empty or ``item``."""
    return re.compile(rf"(?:{item})?(?:\n(?:{item})?)*", re.ASCII)


PLAIN_DATES = _lines_of(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def joined_cells(values: Sequence[str]) -> str | None:
    """The cells joined by "\\n", or None when a cell holds a line break itself."""
    joined = "\n".join(values)
    return joined if joined.count("\n") == len(values) - 1 else None


# --- text ----------------------------------------------------------------------------------
#
# Text batches are joined with NUL, which csv never yields. Patterns start with a literal or
# are a single character class, so the engine scans for them at C speed.

_SPACE_CLASS = "".join(f"\\u{ord(c):04x}" for c in SPACES)
_BLANK_CELL = re.compile(rf"\x00[{_SPACE_CLASS}]+(?=\x00)")
_SPACE_AT_START = re.compile(rf"\x00[{_SPACE_CLASS}]")
# What normalize_text folds (full-width letters and digits, half-width katakana, voicing
# marks) and what must be reported (line breaks).
_TO_FOLD = re.compile(
    "[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff61-\uff9f\u3099\u309a\n\r\v\x85\u2028\u2029]"
)


def _nul_joined(values: Sequence[str]) -> str | None:
    joined = "\x00" + "\x00".join(values) + "\x00"
    return joined if joined.count("\x00") == len(values) + 1 else None


def count_blank(values: Sequence[str]) -> int:
    """How many of ``values`` (no None among them) are empty or only spaces."""
    joined = _nul_joined(values)
    if joined is None:
        return sum(1 for value in values if not value.strip(SPACES))
    return values.count("") + len(_BLANK_CELL.findall(joined))


def plain_text(values: Sequence[str]) -> bool:
    """Whether no cell has anything to trim, fold or report (then each is stored as it is)."""
    joined = _nul_joined(values)
    return not (
        joined is None
        or _TO_FOLD.search(joined)
        or _SPACE_AT_START.search(joined)
        or _SPACE_AT_START.search(joined[::-1])  # a space at the end of a cell
    )


# What makes folding more than a table lookup: half-width katakana and voicing marks (which
# combine), line breaks (reported), and full-width punctuation and ～ (folded only inside a
# run that holds a letter or digit, so it depends on its neighbours).
_NOT_A_LOOKUP = re.compile(
    "[\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff9f\u3099\u309a"
    "\n\r\v\x85\u2028\u2029]"
)
# Full-width letters and digits with their ASCII, for _replace: translating a batch of
# addresses cost 4.6 ms, replacing the few characters present 0.6 ms.
_ALNUM_FOLDS = tuple((chr(code), chr(code - 0xFEE0)) for code in (
    *range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)))


def fold_alnum(values: Sequence[str]) -> list[str] | None:
    """The cells as normalize_text leaves them when all it does to the batch is turn
    full-width letters and digits into ASCII (２丁目３番 → 2丁目3番), folded over the whole
    batch at once; None when a cell needs more (then value by value)."""
    joined = _nul_joined(values)
    if (joined is None or _NOT_A_LOOKUP.search(joined) or _SPACE_AT_START.search(joined)
            or _SPACE_AT_START.search(joined[::-1])):  # fmt: skip
        return None
    return _replace(joined[1:-1], _ALNUM_FOLDS).split("\x00")


def needs_work(text: str) -> bool:
    """Whether normalize_text would change one cell, or it holds a line break."""
    return _TO_FOLD.search(text) is not None or text.strip(SPACES) != text


# --- numbers as Japanese tables write them --------------------------------------------------
#
# Python's regular expressions are slow on structured patterns (several hundred ns a cell) but
# fast on a character class or a literal, and int() / Decimal() refuse malformed numbers in C.
# So a batch is checked with a character class, null marks are set aside, commas and leading
# zeros are checked by searches that jump from comma to comma, and converting the rest proves
# the shape. Whatever is refused takes the careful way (values.py), which has the last word:
# tests check that both ways agree.

_WIDTH_FOLDS = tuple(zip("０１２３４５６７８９，．－", "0123456789,.-", strict=True))
_SIGN_FOLDS = (("△", "-"), ("▲", "-"), ("−", "-"))
_NUMBER_CHARS = re.compile(r"[0-9,.\n△▲−\-‐–—―ーｰ…‥・]*")
# jp.numbers.NULL_MARKS after width folding, and the empty cell.
_MARKS = frozenset({"", "-", "‐", "–", "—", "―", "−", "ー", "ｰ", "…", "‥", "...", "・・・"})
_LEADING_ZERO = re.compile(r"\n-?0[0-9]")  # 007 is a code, not a number
# Thousands commas: each followed by three digits and, read backwards, by one to three (so a
# digit comes before every comma and the first group is not longer); none after a point.
# Every pattern starts with a literal, which the regex engine jumps to at C speed.
_COMMA_GROUP = re.compile(r",(?![0-9]{3}(?![0-9]))")
_COMMA_GROUP_BACKWARDS = re.compile(r",(?![0-9]{1,3}(?![0-9]))")
_FRACTION_COMMA = re.compile(r"\.[0-9]*,")
MAX_DIGITS = 18  # integers stay within a 64-bit integer column


def _replace(text: str, pairs: tuple[tuple[str, str], ...]) -> str:
    # str.translate looks every character up in a dict; a few replace() calls run in C.
    for old, new in pairs:
        if old in text:
            text = text.replace(old, new)
    return text


def _without_commas(text: str) -> str | None:
    """Numbers joined by line breaks with their thousands commas taken out, or None when a
    comma is misplaced, a number starts with a zero (007) or ends with a point."""
    if "," in text:
        if (
            _COMMA_GROUP.search(text)
            or _COMMA_GROUP_BACKWARDS.search(text[::-1])
            or _FRACTION_COMMA.search(text)
        ):
            return None
        text = text.replace(",", "")
    if _LEADING_ZERO.search("\n" + text) or ".\n" in text or text.endswith("."):
        return None
    return text


class NumberBatch(NamedTuple):
    """A batch whose every cell is a number, a null mark or empty."""

    cells: Sequence[str]  # as written
    parts: list[str]  # width-folded, one per cell
    numbers: list[Any]  # the numbers (int, Decimal…), in order, without the marks
    marked: int  # cells holding a null mark (- － … ―)
    decimals: int  # numbers with a decimal point

    @property
    def blank(self) -> int:
        return self.parts.count("")

    def changes(self) -> dict[str, int]:
        """Cells changed by kind, as values.py counts them one by one."""
        parts, cells = self.parts, self.cells
        joined = "\n".join(cells)
        plain = joined.isascii() and "," not in joined  # nothing folded, no separators
        counts = {"null_marker": self.marked - self.blank}
        if not plain:
            # folding changed exactly the cells written with full-width characters
            counts["fullwidth_digits"] = sum(map(ne, parts, cells)) - cells.count("－")
            counts["thousands_separator"] = sum(map(contains, parts, repeat(",")))
        if not joined.isascii():  # a sign is the only place a triangle can be
            counts["triangle_negative"] = joined.count("△") + joined.count("▲")
        return {kind: count for kind, count in counts.items() if count}

    def values(self) -> list[Any]:
        """One value per cell: the number, or None for a blank or a null mark."""
        if not self.marked:
            return list(self.numbers)
        numbers = iter(self.numbers)
        return [None if part in _MARKS else next(numbers) for part in self.parts]


def japanese_numbers(
    cells: Sequence[str], make: Callable[[str], Any] | None = None
) -> NumberBatch | None:
    """The batch as numbers, or None when any cell is in another form (or holds a line
    break). Numbers are made by ``make`` (Decimal, float…) from their plain text; by default
    int, or Decimal when any has a decimal point."""
    if (found := _number_text(cells)) is None:
        return None
    parts, marked, text = found
    if not text:
        return NumberBatch(cells, parts, [], marked, 0)
    decimals = text.count(".")
    try:
        parsed = list(map(make or (Decimal if decimals else int), text.split("\n")))
    except (ValueError, ArithmeticError):  # "1-2", "--3", "1.2.3": not numbers
        return None
    return NumberBatch(cells, parts, parsed, marked, decimals)


def number_counts(cells: Sequence[str]) -> tuple[int, int, int] | None:
    """(numbers, null marks, numbers with a decimal point) of a batch ``japanese_numbers``
    takes, None for one it refuses: what pass one counts, without making the numbers
    (which costs more than every check together)."""
    if (found := _number_text(cells)) is None:
        return None
    parts, marked, text = found
    # What int() and Decimal() would refuse of what is left: a character that is not ASCII
    # (ー inside a number), a minus anywhere but first or alone (a lone △), two points in
    # one number.
    bordered = f"\n{text}\n"
    if text and (
        not text.isascii()
        or text.count("-") != bordered.count("\n-")
        or "\n-\n" in bordered
        or _TWO_POINTS.search(text)
    ):
        return None
    return len(parts) - marked, marked, text.count(".")


_TWO_POINTS = re.compile(r"\.[0-9]*\.")  # digits only can come between in one number


def _number_text(cells: Sequence[str]) -> tuple[list[str], int, str] | None:
    """(width-folded cells, null marks, the numbers joined by line breaks in plain text:
    signs folded, commas out) when every cell is a number, a mark or empty as far as the
    checks before making the numbers can tell; None when one is not."""
    joined = joined_cells(cells)
    if joined is None:
        return None
    folded = joined if joined.isascii() else _replace(joined, _WIDTH_FOLDS)
    if not _NUMBER_CHARS.fullmatch(folded):
        return None
    parts = folded.split("\n")
    numbers = list(filterfalse(_MARKS.__contains__, parts))
    marked = len(parts) - len(numbers)
    if not numbers:
        return parts, marked, ""
    if max(map(len, numbers)) > MAX_DIGITS:
        return None
    text = "\n".join(numbers)
    if not text.isascii():
        text = _replace(text, _SIGN_FOLDS)
    if (text := _without_commas(text)) is None:
        return None
    return parts, marked, text
