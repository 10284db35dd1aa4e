"""One reader per file format, each turning a file into ``(line, cells)`` records.

Every reader re-opens its file on each ``records()`` call, so a table can be read twice
(an inference pass, then a load pass) without holding it in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Protocol

from hiraku.tabular.errors import Note
from hiraku.tabular.layout import Cells, MergedRange

NoteSink = Callable[[Note], None]


class LineReader(Protocol):
    """What ``csv.reader`` is: an iterable of cells whose ``line_num`` is the last line read."""

    line_num: int

    def __iter__(self) -> Iterator[Cells]: ...


class Numbered:
    """(line, cells) pairs in the shape of a ``csv.reader``, for the formats that are not CSV."""

    def __init__(self, pairs: Iterator[tuple[int, Cells]]) -> None:
        self._pairs = pairs
        self.line_num = 0

    def __iter__(self) -> Iterator[Cells]:
        for line, cells in self._pairs:
            self.line_num = line
            yield cells


class Source(Protocol):
    format: str
    encoding: str | None
    sheet: str | None
    sheets: list[str]
    notes: list[Note]  # what opening the file taught (encoding guessed, sheet chosen…)
    merges: Sequence[MergedRange]
    columns: list[str] | None  # known up front (JSON keys); None when a header must be found
    empty_cell: str | None  # what an empty cell is in this format: "" in CSV, None in Excel

    def preview(self, limit: int) -> list[tuple[int, Cells]]:
        """The first ``limit`` records, to find the layout."""
        ...

    def records(self, data_from_line: int, note: NoteSink) -> LineReader:
        """All rows of the file in order; a row starts on the line after the previous row's
        ``line_num``. ``note`` takes what is seen while reading (merged cells filled…)."""
        ...
