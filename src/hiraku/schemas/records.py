"""Read a data row in the standard's current layout, whatever layout the file uses.

A :class:`RowMap` is built once from the header match: for every current field, where its
value comes from (a column copied, columns joined as 住所+方書 → 所在地_連結表記, one cell split as
location → 緯度/経度), which input columns are local extras, which are dropped.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from hiraku.jp import parse_latlon_pair
from hiraku.jp.text import SPACES
from hiraku.schemas.headers import ColumnMatch, HeaderMatch
from hiraku.schemas.model import ColumnMapping, StandardSchema
from hiraku.schemas.number_rules import format_degrees

# A field filled from several places takes the first non-empty one, in this order: its own
# column in the current layout, a copy from another layout, then joins and splits.
_PRIORITY = {"current": 0, "copy": 1, "concat": 2, "split": 2}
_COORDINATES = ("緯度", "経度")


def blank_header_name(index: int) -> str:
    """The name a column without a header gets: 列3 (column 3), as hiraku.tabular names it."""
    return f"列{index + 1}"


@dataclass(frozen=True)
class Source:
    """Where a current field's value comes from. ``columns`` are input positions."""

    field: str
    op: str  # 'copy', 'concat' or 'split'
    columns: tuple[int, ...]
    priority: int
    separator: str | None = None
    part: int = 0
    targets: tuple[str, ...] = ()


@dataclass
class RowMap:
    schema: StandardSchema
    match: HeaderMatch
    sources: dict[str, list[Source]] = field(default_factory=dict)
    extras: list[int] = field(default_factory=list)
    dropped: list[int] = field(default_factory=list)
    markers: list[int] = field(default_factory=list)
    conflicts: Counter[str] = field(default_factory=Counter)
    _direct: list[tuple[str, int]] = field(default_factory=list)
    _composite: list[tuple[str, list[Source]]] = field(default_factory=list)

    @classmethod
    def build(cls, schema: StandardSchema, match: HeaderMatch) -> RowMap:
        row_map = cls(schema, match)
        for column in match.columns:
            row_map._add_column(column)
        order = {name: i for i, name in enumerate(schema.field_names)}
        row_map.sources = {
            name: sorted(row_map.sources[name], key=lambda s: s.priority)
            for name in sorted(row_map.sources, key=order.__getitem__)
        }
        used = {i for sources in row_map.sources.values() for s in sources for i in s.columns}
        # A column that ended up feeding nothing (a join whose first part is absent and that
        # has no other place to go) is kept as a local column rather than lost.
        for column in match.columns:
            taken = column.index in used or column.index in row_map.dropped
            if not (taken or column.marker or column.index in row_map.extras):
                row_map.extras.append(column.index)
        row_map.extras.sort()
        for name, sources in row_map.sources.items():
            if len(sources) == 1 and sources[0].op == "copy":
                row_map._direct.append((name, sources[0].columns[0]))
            else:
                row_map._composite.append((name, sources))
        return row_map

    def _add(self, source: Source) -> None:
        self.sources.setdefault(source.field, []).append(source)

    def _add_column(self, column: ColumnMatch) -> None:
        if column.marker:
            self.markers.append(column.index)
            return
        if column.is_extra or column.blank or column.layout_column is None:
            self.extras.append(column.index)
            return
        if column.via == "current":
            assert column.field is not None
            self._add(Source(column.field, "copy", (column.index,), _PRIORITY["current"]))
            return
        layout_map = self.schema.layout_map(column.via or "current")
        assert layout_map is not None
        mappings = layout_map.mappings_of(column.layout_column)
        for mapping in mappings:
            if mapping.op == "copy":
                self._add(Source(mapping.targets[0], "copy", (column.index,), _PRIORITY["copy"]))
            elif mapping.op == "split":
                for part, target in enumerate(mapping.targets):
                    self._add(
                        Source(
                            target,
                            "split",
                            (column.index,),
                            _PRIORITY["split"],
                            mapping.separator,
                            part,
                            mapping.targets,
                        )
                    )
            elif mapping.op == "concat":
                self._add_join(column, mapping, has_other_place=len(mappings) > 1)
            else:
                self.dropped.append(column.index)

    def _add_join(self, column: ColumnMatch, mapping: ColumnMapping, has_other_place: bool) -> None:
        if column.duplicate_of is not None:  # the first of the repeated columns joins
            return
        present = {
            c.layout_column: c.index
            for c in self.match.columns
            if c.via == column.via and c.duplicate_of is None
        }
        first = next((name for name in mapping.sources if name in present), None)
        # Build the join once, from its first present part. 方書 without 住所 is no address
        # (it still fills 建物名等(方書)); 市区町村名 without 都道府県名 still names the publisher.
        if first != column.layout_column:
            return
        if mapping.sources[0] not in present and has_other_place:
            return
        columns = tuple(present[name] for name in mapping.sources if name in present)
        self._add(
            Source(mapping.targets[0], "concat", columns, _PRIORITY["concat"], mapping.separator)
        )

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(self.sources)

    def header(self, index: int) -> str:
        column = self.match.columns[index]
        return blank_header_name(index) if column.blank else column.original

    def label(self, field_name: str) -> str:
        """The file's name for where a field's value comes from (its first source column)."""
        return self.header(self.sources[field_name][0].columns[0])

    def joins(self) -> list[Source]:
        return [s for sources in self.sources.values() for s in sources if s.op != "copy"]

    def read(self, cells: list[str]) -> tuple[dict[str, str], list[int]]:
        """Current-layout values of the present fields, and input columns that failed to split."""
        # Most fields are one column copied: read those without the general loop below.
        values = {name: cells[index] for name, index in self._direct}
        failed: list[int] = []
        for name, sources in self._composite:
            chosen: str | None = None
            first_raw: str | None = None
            for source in sources:
                value = self._value(source, cells, failed)
                if first_raw is None:
                    first_raw = value
                if value.strip(SPACES):
                    if chosen is None:
                        chosen = value
                    elif value != chosen and source.op == "copy":
                        self.conflicts[name] += 1
            values[name] = chosen if chosen is not None else (first_raw or "")
        return values, failed

    def _value(self, source: Source, cells: list[str], failed: list[int]) -> str:
        if source.op == "copy":
            return cells[source.columns[0]]
        if source.op == "concat":
            parts = [cells[i] for i in source.columns if cells[i].strip(SPACES)]
            return (source.separator or "").join(parts)
        return self._split(source, cells[source.columns[0]], failed)

    def _split(self, source: Source, cell: str, failed: list[int]) -> str:
        if not cell.strip(SPACES):
            return ""
        pieces = cell.split(source.separator) if source.separator else cell.split()
        if len(pieces) == len(source.targets):
            return pieces[source.part].strip(SPACES)
        if source.targets == _COORDINATES:
            pair = parse_latlon_pair(cell)
            if pair is not None:
                return format_degrees(pair[source.part])
        if source.columns[0] not in failed:
            failed.append(source.columns[0])
        return ""
