"""Small drivers for the pass-one and pass-two tests: one column in, its type or values out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from hiraku.tabular.convert import ColumnConverter
from hiraku.tabular.errors import Note
from hiraku.tabular.infer import ColumnType, Inference


def infer(values: Sequence[str | None], header: str = "値", **overrides: str) -> ColumnType:
    """The type pass one gives a column holding ``values`` under ``header``."""
    inference = Inference([header], overrides or None)
    inference.add_rows([[value] for value in values])
    return inference.result()[0]


@dataclass
class Converted:
    values: list[Any]
    changes: Counter
    notes: list[Note] = field(default_factory=list)

    @property
    def codes(self) -> list[str]:
        return [note.code for note in self.notes]


def column(type_: str, name: str = "値", role: str | None = None, order: str = "ymd") -> ColumnType:
    return ColumnType(name, type_, 1.0, order=order, role=role)


def convert(
    values: Sequence[str | None],
    type_: str | ColumnType = "text",
    *,
    role: str | None = None,
    first_line: int = 2,
    encode: Any = None,
) -> Converted:
    """Pass two over one column; rows are numbered from ``first_line`` as in a file."""
    target = type_ if isinstance(type_, ColumnType) else column(type_, role=role)
    result = Converted([], Counter())

    def report(code: str, row: int | None = None, column: str | None = None, **params: Any):
        result.notes.append(Note.of(code, row=row, column=column, **params))

    converter = ColumnConverter(target, result.changes, report, encode)
    lines = list(range(first_line, first_line + len(values)))
    result.values = converter.convert(list(values), lines)
    return result


def convert_one(raw: str, type_: str | ColumnType = "text", **options: Any) -> Converted:
    return convert([raw], type_, **options)
