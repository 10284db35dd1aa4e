"""Typed views of the standard-dataset schema files (the JSON stays the source of truth)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from hiraku.errors import HirakuError, Invalid, NotFound

Level = Literal["required", "recommended", "optional"]
Severity = Literal["error", "warning"]
LayoutName = Literal["current", "legacy", "english"]
LAYOUTS: tuple[LayoutName, ...] = ("current", "legacy", "english")


class UnknownSchema(NotFound, KeyError):
    """No standard schema has that id, number or title."""

    code = "unknown-schema"

    def __str__(self) -> str:
        return self.message_en


class UnknownLayout(Invalid, ValueError):
    """The schema has no layout of that name (e.g. no legacy layout for 15)."""

    code = "unknown-layout"


class SchemaFileError(HirakuError):
    """A schema file shipped with Hiraku is malformed (a bug in the package, not in the upload)."""

    code = "schema-file"
    status = 500


@dataclass(frozen=True)
class Alias:
    """Another spelling of a column that published files use (kind: 'typo' or 'alias')."""

    name: str
    kind: str


@dataclass(frozen=True)
class SchemaField:
    name: str
    type: str
    format: str | None
    level: Level
    level_ja: str
    provenance: str
    severity: Severity
    rule: str | None
    enum: tuple[str, ...] | None
    description_ja: str
    description_en: str
    title_en: str
    level_provenance: str
    level_uncertain: bool
    source: str
    format_ja: str | None
    enum_open: bool
    separator: str | None
    constraints: Mapping[str, Any]
    aliases: tuple[Alias, ...]
    position: int

    @property
    def required(self) -> bool:
        return self.level == "required"


@dataclass(frozen=True)
class ColumnMapping:
    """How columns of another layout fill current columns.

    op: 'copy' (one to one), 'concat' (several joined by ``separator`` into one),
    'split' (one cell split by ``separator`` into several), 'drop' (no current column).
    """

    sources: tuple[str, ...]
    targets: tuple[str, ...]
    op: str
    separator: str | None = None
    note_ja: str | None = None
    note_en: str | None = None


@dataclass(frozen=True)
class LayoutMap:
    """A non-current header layout of a standard and its mapping onto the current columns."""

    kind: LayoutName
    title_ja: str
    title_en: str
    headers: tuple[str, ...]
    required: tuple[str, ...]
    mapping: tuple[ColumnMapping, ...]
    not_mechanical: tuple[ColumnMapping, ...]
    provenance: str

    def mappings_of(self, header: str) -> tuple[ColumnMapping, ...]:
        return tuple(m for m in self.mapping if header in m.sources)

    def targets_of(self, header: str) -> tuple[str, ...]:
        targets: list[str] = []
        for mapping in self.mappings_of(header):
            targets.extend(t for t in mapping.targets if t not in targets)
        return tuple(targets)


class LegacyLayout(LayoutMap):
    """The 推奨データセット layout (`都道府県コード又は市区町村コード, NO, …`)."""


class EnglishLayout(LayoutMap):
    """English / LinkData column names (高松市: `name, address, latitude…`)."""


@dataclass(frozen=True, eq=False)
class StandardSchema:
    id: str
    number: str
    title_ja: str
    title_en: str
    fields: tuple[SchemaField, ...]
    legacy: LegacyLayout | None
    path: Path
    raw: Mapping[str, Any]
    english: EnglishLayout | None
    description_ja: str
    description_en: str
    edition: str
    status: str

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> SchemaField:
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        raise KeyError(name)

    @property
    def layouts(self) -> tuple[LayoutName, ...]:
        others = tuple(name for name in LAYOUTS[1:] if self.layout_map(name) is not None)
        return ("current", *others)

    def layout_map(self, layout: str) -> LayoutMap | None:
        """The legacy or English layout; None for 'current' and for layouts the schema lacks."""
        if layout == "legacy":
            return self.legacy
        if layout == "english":
            return self.english
        return None

    def layout_headers(self, layout: str) -> tuple[str, ...]:
        if layout == "current":
            return self.field_names
        layout_map = self.layout_map(layout)
        if layout_map is None:
            raise UnknownLayout(
                f"「{self.title_ja}」には「{layout}」の列構成がありません。",
                f"The {self.title_en} standard has no '{layout}' layout.",
                details={"schema": self.id, "layout": layout},
            )
        return layout_map.headers
