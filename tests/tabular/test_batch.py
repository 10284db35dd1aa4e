"""Whole batches settled at once: which batches qualify, and what they count and yield."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hiraku.tabular.batch import (
    PLAIN_DATES,
    count_blank,
    fold_alnum,
    japanese_numbers,
    joined_cells,
    needs_work,
    number_counts,
    plain_text,
)


def test_japanese_number_batch_counts_and_values() -> None:
    batch = japanese_numbers(["１，２３４", "△12", "", "－", "5.5", "▲1,000", "−3", "…"])
    assert batch is not None
    assert (batch.blank, batch.marked, batch.decimals, len(batch.numbers)) == (1, 3, 1, 5)
    assert batch.changes() == {
        "fullwidth_digits": 1,
        "thousands_separator": 2,
        "triangle_negative": 2,
        "null_marker": 2,
    }
    assert batch.values() == [Decimal(1234), Decimal(-12), None, None, Decimal("5.5"),
                              Decimal(-1000), Decimal(-3), None]  # fmt: skip


def test_integers_are_ints_unless_decimals_are_asked_for() -> None:
    batch = japanese_numbers(["1", "-2", "３", "－"])
    assert batch is not None and batch.values() == [1, -2, 3, None]
    assert all(type(v) is int for v in batch.numbers)
    decimals = japanese_numbers(["1", "-2"], Decimal)
    assert decimals is not None and decimals.values() == [Decimal(1), Decimal(-2)]
    assert all(isinstance(v, Decimal) for v in decimals.numbers)


def test_numbers_can_be_made_by_any_maker() -> None:
    batch = japanese_numbers(["１．５", "△0.25"], float)
    assert batch is not None and batch.values() == [1.5, -0.25]
    assert japanese_numbers(["1", "2.5"], int) is None  # a fraction is no integer


def test_only_marks_and_blanks_is_a_batch_without_numbers() -> None:
    batch = japanese_numbers(["", "-", "…", "−"])  # U+2212 alone is a null mark too
    assert batch is not None and batch.values() == [None, None, None, None]
    assert batch.changes() == {"null_marker": 3}


@pytest.mark.parametrize(
    "cells",
    [
        ["1", "007"],  # a code
        ["1", "12%"],  # percent: the careful way
        ["1", "5人"],  # a unit
        ["1", " 2"],  # spaces
        ["1", "X"],  # suppression needs a note per cell
        ["1", "1,23"],  # not a thousands comma
        ["1", "1234,567"],  # a comma after four digits
        ["1", "12,3456"],
        ["1", "1.234,5"],
        ["1", ",123"],
        ["1", "1,,234"],
        ["1", "1."],
        ["1", "1-2"],
        ["1", "△"],
        ["1", "-012"],
        ["1", "1234567890123456789"],  # beyond 18 digits
        ["1", "2\n3"],  # a line break inside a cell
        ["1", "東京"],
    ],
)
def test_batches_with_any_other_form_go_the_careful_way(cells: list[str]) -> None:
    assert japanese_numbers(cells) is None


def test_joined_cells_refuses_cells_with_line_breaks() -> None:
    assert joined_cells(["a", "b"]) == "a\nb"
    assert joined_cells(["a\nb"]) is None


def test_plain_dates() -> None:
    assert PLAIN_DATES.fullmatch("2023-04-01\n\n2023-02-30")  # checked later, not here
    assert not PLAIN_DATES.fullmatch("2023-04-01\n2023/04/01")


def test_count_blank() -> None:
    assert count_blank(["", " ", "\u3000", "a", "\u200b"]) == 4


@pytest.mark.parametrize(
    ("cells", "plain"),
    [
        (["名称", "中央公園", ""], True),
        (["名称", "中央公園 "], False),  # a space at the end
        (["名称", "\u3000中央公園"], False),  # at the start
        (["山田\u3000太郎"], True),  # inside is meant
        (["２階"], False),  # full-width digits fold
        (["ｶﾅ"], False),  # half-width katakana fold
        (["一\n二"], False),  # a line break is reported
        (["（株）"], True),  # full-width punctuation alone stays
    ],
)
def test_plain_text(cells: list[str], plain: bool) -> None:
    assert plain_text(cells) is plain
    assert any(map(needs_work, cells)) is not plain


@pytest.mark.parametrize(
    ("cells", "folded"),
    [
        (["港区２丁目３番", "", "ＡＢ棟", "本館"], ["港区2丁目3番", "", "AB棟", "本館"]),
        (["山田\u3000太郎", "１"], ["山田\u3000太郎", "1"]),  # a space inside stays
        (["（株）１"], None),  # punctuation folds only next to a letter or digit
        (["１－２"], None),
        (["９時～"], None),  # ～ is the wave dash of 9:00～17:00
        (["ｶﾞ１"], None),  # half-width katakana and voicing marks combine
        (["１\n２"], None),  # a line break is reported
        (["１ "], None),  # a space at the end is trimmed
        (["\u3000１"], None),
    ],
)
def test_fold_alnum(cells: list[str], folded: list[str] | None) -> None:
    assert fold_alnum(cells) == folded


# Cells made of the characters a number batch may hold, so that most batches pass the
# character check and the later checks decide.
_NUMBERISH = st.text(alphabet="0123456789０１２,，.．-－△▲−ー…", max_size=6)


@given(st.lists(st.one_of(_NUMBERISH, st.sampled_from(["", "-", "12", "1,234", "0.5"])),
                min_size=1, max_size=12))  # fmt: skip
@settings(max_examples=400)
def test_number_counts_agree_with_making_the_numbers(cells: list[str]) -> None:
    """Pass one counts without making the numbers; it takes exactly the batches that
    japanese_numbers takes, with the same counts."""
    batch = japanese_numbers(cells)
    expected = None if batch is None else (len(batch.numbers), batch.marked, batch.decimals)
    assert number_counts(cells) == expected


@pytest.mark.parametrize(
    "cells",
    [["1", "1.2.3"], ["1", "--3"], ["1", "3-"], ["1", "1ー2"], ["▲"], ["-.5", ".5", "1"]],
)
def test_number_counts_refuse_what_cannot_be_made(cells: list[str]) -> None:
    batch = japanese_numbers(cells)
    assert (number_counts(cells) is None) == (batch is None)
