"""Match an upload's header row against one standard schema in one layout.

Every input column gets the current field it fills (or none), how its spelling differed, and
the report lists missing fields, columns out of the standard order and repeated columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from hiraku.schemas.folding import fold_header, variant_kinds
from hiraku.schemas.header_report import HeaderIssue, issues_for
from hiraku.schemas.model import Alias, LayoutName, StandardSchema

__all__ = ["ColumnMatch", "HeaderIssue", "HeaderMatch", "fold_header", "match_headers"]

# LinkData files (高松市) label their header row with a leading "#property" column.
MARKERS = frozenset({fold_header("#property")})


@dataclass(frozen=True)
class ColumnMatch:
    """One input column. ``field`` is the current-layout name it fills, None when extra.

    ``layout_column`` is the name it matched in the layout ``via`` (a legacy or English name
    for those layouts), ``kinds`` how the original differs from the canonical name
    ('width', 'whitespace', 'case', 'lookalike', 'numbered', 'underscore', 'typo', 'alias',
    'legacy', 'english'), ``role`` how it fills its targets ('copy', 'part' of a join,
    'split' into several, 'drop' with no current column).
    """

    index: int
    original: str
    field: str | None = None
    layout_column: str | None = None
    via: LayoutName | None = None
    kinds: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    role: str | None = None
    marker: bool = False
    blank: bool = False
    duplicate_of: int | None = None

    @property
    def is_extra(self) -> bool:
        return self.layout_column is None and not self.marker and not self.blank

    @property
    def is_variant(self) -> bool:
        return bool(self.kinds)

    @property
    def canonical(self) -> str | None:
        if self.role == "split":
            return "・".join(self.targets)
        return self.field or self.layout_column


@dataclass(frozen=True, eq=False)
class HeaderMatch:
    schema: StandardSchema
    layout: LayoutName
    columns: tuple[ColumnMatch, ...]
    missing: tuple[str, ...]
    missing_fields: tuple[str, ...]
    out_of_order: tuple[int, ...]
    duplicates: tuple[int, ...]

    @property
    def counted(self) -> tuple[ColumnMatch, ...]:
        """Columns that speak for or against the schema (not LinkData markers, not blanks)."""
        return tuple(c for c in self.columns if not c.marker and not c.blank)

    @property
    def precision(self) -> float:
        counted = self.counted
        return sum(not c.is_extra for c in counted) / len(counted) if counted else 0.0

    @property
    def coverage(self) -> float:
        """Share of the layout's columns present under their own layout's names."""
        expected = self.schema.layout_headers(self.layout)
        return (len(expected) - len(self.missing)) / len(expected)

    @property
    def score(self) -> float:
        precision, coverage = self.precision, self.coverage
        return 2 * precision * coverage / (precision + coverage) if precision + coverage else 0.0

    @property
    def extras(self) -> tuple[ColumnMatch, ...]:
        return tuple(c for c in self.columns if c.is_extra)

    @property
    def variants(self) -> tuple[ColumnMatch, ...]:
        return tuple(c for c in self.columns if c.is_variant)

    @property
    def mapping(self) -> tuple[tuple[str, str | None], ...]:
        """(original header, current field or None) for every input column, in input order."""
        return tuple((c.original, c.field) for c in self.columns)

    @property
    def issues(self) -> tuple[HeaderIssue, ...]:
        return issues_for(self)


@dataclass(frozen=True)
class _Entry:
    layout_column: str
    via: LayoutName
    alias: Alias | None = None


@lru_cache(maxsize=256)
def _index(schema: StandardSchema, layout: LayoutName) -> dict[str, _Entry]:
    """Folded key → the layout column it stands for (aliases included)."""
    index: dict[str, _Entry] = {}
    names = set(schema.field_names)
    for column in schema.layout_headers(layout):
        index.setdefault(fold_header(column), _Entry(column, layout))
        if column in names:
            for alias in schema.field(column).aliases:
                index.setdefault(fold_header(alias.name), _Entry(column, layout, alias))
    return index


def _resolve(schema: StandardSchema, entry: _Entry) -> tuple[str | None, tuple[str, ...], str]:
    """The current field an entry fills, all the fields it feeds, and its role."""
    if entry.via == "current":
        return entry.layout_column, (entry.layout_column,), "copy"
    layout_map = schema.layout_map(entry.via)
    assert layout_map is not None
    mappings = layout_map.mappings_of(entry.layout_column)
    targets = layout_map.targets_of(entry.layout_column)
    for op, role in (("copy", "copy"), ("split", "split"), ("concat", "part")):
        for mapping in mappings:
            if mapping.op == op:
                return mapping.targets[0], targets, role
    return None, (), "drop"


def _kinds(original: str, entry: _Entry, field: str | None, role: str) -> tuple[str, ...]:
    spelled_as = entry.alias.name if entry.alias else entry.layout_column
    kinds = list(variant_kinds(original, spelled_as) or ())
    if entry.alias:
        kinds.insert(0, entry.alias.kind)
    if entry.via == "legacy" and (role != "copy" or field != entry.layout_column):
        kinds.append("legacy")
    if entry.via == "english":
        kinds.append("english")
    return tuple(kinds)


def _lookup(schema: StandardSchema, layout: LayoutName, key: str) -> _Entry | None:
    # The chosen layout first, then the others: a current file may keep one legacy name.
    for candidate in (layout, *(name for name in schema.layouts if name != layout)):
        entry = _index(schema, candidate).get(key)
        if entry is not None:
            return entry
    return None


def _filled_by(schema: StandardSchema, column: ColumnMatch) -> tuple[str, ...]:
    """Current fields this column alone is enough to fill.

    A join is filled by its first part: 都道府県名 without 市区町村名 still names a prefecture,
    but 方書 without 住所 is no address.
    """
    if column.via is None or column.layout_column is None:
        return ()
    layout_map = schema.layout_map(column.via)
    if layout_map is None:
        return column.targets
    filled: list[str] = []
    for mapping in layout_map.mappings_of(column.layout_column):
        if mapping.op != "concat" or mapping.sources[0] == column.layout_column:
            filled.extend(mapping.targets)
    return tuple(filled)


def _longest_increasing(positions: list[int]) -> set[int]:
    """Indexes (into ``positions``) of a longest non-decreasing run; the rest are misplaced."""
    if not positions:
        return set()
    best = [1] * len(positions)
    previous = [-1] * len(positions)
    for i in range(len(positions)):
        for j in range(i):
            if positions[j] <= positions[i] and best[j] + 1 > best[i]:
                best[i], previous[i] = best[j] + 1, j
    end = max(range(len(positions)), key=best.__getitem__)
    kept = set()
    while end != -1:
        kept.add(end)
        end = previous[end]
    return kept


def match_headers(
    headers: Sequence[str], schema: StandardSchema, layout: LayoutName = "current"
) -> HeaderMatch:
    """How ``headers`` read against ``schema`` in ``layout`` ('current', 'legacy', 'english')."""
    expected = schema.layout_headers(layout)  # raises UnknownLayout for a layout it lacks
    columns: list[ColumnMatch] = []
    seen_columns: dict[tuple[str, str], int] = {}
    seen_fields: dict[str, int] = {}
    for index, original in enumerate(headers):
        key = fold_header(original)
        if key in MARKERS:
            columns.append(ColumnMatch(index, original, marker=True))
            continue
        if not key:
            columns.append(ColumnMatch(index, original, blank=True))
            continue
        entry = _lookup(schema, layout, key)
        if entry is None:
            columns.append(ColumnMatch(index, original))
            continue
        field, targets, role = _resolve(schema, entry)
        duplicate_of = seen_columns.get((entry.via, entry.layout_column))
        if duplicate_of is None and role == "copy" and field is not None:
            duplicate_of = seen_fields.get(field)
        seen_columns.setdefault((entry.via, entry.layout_column), index)
        if role == "copy" and field is not None:
            seen_fields.setdefault(field, index)
        columns.append(
            ColumnMatch(
                index,
                original,
                field,
                entry.layout_column,
                entry.via,
                _kinds(original, entry, field, role),
                targets,
                role,
                duplicate_of=duplicate_of,
            )
        )
    present = {c.layout_column for c in columns if c.via == layout}
    covered = {target for c in columns for target in _filled_by(schema, c)}
    in_place = [c for c in columns if c.via == layout and c.duplicate_of is None]
    order = {name: i for i, name in enumerate(expected)}
    kept = _longest_increasing([order[c.layout_column] for c in in_place if c.layout_column])
    return HeaderMatch(
        schema=schema,
        layout=layout,
        columns=tuple(columns),
        missing=tuple(n for n in expected if n not in present),
        missing_fields=tuple(n for n in schema.field_names if n not in covered),
        out_of_order=tuple(c.index for i, c in enumerate(in_place) if i not in kept),
        duplicates=tuple(c.index for c in columns if c.duplicate_of is not None),
    )
