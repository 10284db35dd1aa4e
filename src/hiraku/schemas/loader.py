"""Read one schema JSON file into a StandardSchema, refusing files that break the conventions."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

from hiraku.schemas.model import (
    Alias,
    ColumnMapping,
    EnglishLayout,
    LayoutMap,
    LegacyLayout,
    SchemaField,
    SchemaFileError,
    StandardSchema,
)

LEVELS_JA = {"required": "必須", "recommended": "推奨", "optional": "任意"}
SEVERITIES = ("error", "warning")
PROVENANCES = ("A", "H", "I")
MAPPING_OPS = ("copy", "concat", "split", "drop")
# Derivations a parser could make but a mapping cannot (住所 → 所在地_都道府県, …).
UNMECHANICAL_OPS = ("parse",)
L = TypeVar("L", bound=LayoutMap)


def _fail(path: Path, problem_ja: str, problem_en: str) -> SchemaFileError:
    return SchemaFileError(
        f"スキーマファイル {path.name} が不正です: {problem_ja}",
        f"Schema file {path.name} is malformed: {problem_en}",
        details={"path": str(path)},
    )


def _require(path: Path, data: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in data:
        raise _fail(path, f"{where} に「{key}」がありません。", f"{where} lacks '{key}'.")
    return data[key]


def _field(path: Path, data: Mapping[str, Any], position: int) -> SchemaField:
    name = _require(path, data, "name", f"fields[{position}]")
    where = f"field {name}"
    level = _require(path, data, "x-hiraku-level", where)
    if level not in LEVELS_JA or data.get("x-hiraku-level-ja") != LEVELS_JA[level]:
        raise _fail(path, f"列「{name}」の区分が不正です。", f"{where} has a bad level.")
    severity = _require(path, data, "x-hiraku-severity", where)
    level_provenance = _require(path, data, "x-hiraku-level-provenance", where)
    # The one rule the files must never break: an inferred level may only warn.
    if severity not in SEVERITIES or (level_provenance != "A" and severity == "error"):
        raise _fail(path, f"列「{name}」の重大度が不正です。", f"{where} has a bad severity.")
    provenance = _require(path, data, "x-hiraku-provenance", where)
    if provenance not in PROVENANCES:
        raise _fail(path, f"列「{name}」の出典区分が不正です。", f"{where} has a bad provenance.")
    constraints = data.get("constraints", {})
    enum = constraints.get("enum") or data.get("x-hiraku-enum")
    return SchemaField(
        name=name,
        type=_require(path, data, "type", where),
        format=data.get("format"),
        level=level,
        level_ja=LEVELS_JA[level],
        provenance=provenance,
        severity=severity,
        rule=data.get("x-hiraku-rule"),
        enum=tuple(enum) if enum else None,
        description_ja=_require(path, data, "description", where),
        description_en=_require(path, data, "x-description-en", where),
        title_en=_require(path, data, "x-title-en", where),
        level_provenance=level_provenance,
        level_uncertain=bool(data.get("x-hiraku-level-uncertain", False)),
        source=data.get("x-hiraku-source", ""),
        format_ja=data.get("x-hiraku-format-ja"),
        enum_open=bool(data.get("x-hiraku-enum-open", False)),
        separator=data.get("x-hiraku-separator"),
        constraints=constraints,
        aliases=tuple(Alias(a["name"], a["kind"]) for a in data.get("x-hiraku-aliases", ())),
        position=position,
    )


def _mapping(
    path: Path, data: Mapping[str, Any], fields: set[str], ops: tuple[str, ...] = MAPPING_OPS
) -> ColumnMapping:
    op = data.get("op")
    targets = tuple(data.get("to", ()))
    if op not in ops or not set(targets) <= fields:
        raise _fail(path, f"対応表 {data} が不正です。", f"mapping {data} is invalid.")
    return ColumnMapping(
        sources=tuple(data["from"]),
        targets=targets,
        op=op,
        separator=data.get("separator"),
        note_ja=data.get("note"),
        note_en=data.get("x-note-en"),
    )


def _layout(path: Path, data: Mapping[str, Any] | None, cls: type[L], fields: set[str]) -> L | None:
    if data is None:
        return None
    headers = tuple(data["headers"])
    mapping = tuple(_mapping(path, m, fields) for m in data["mapping"])
    mapped = {source for m in mapping for source in m.sources}
    if mapped != set(headers) or len(set(headers)) != len(headers):
        raise _fail(
            path,
            "列構成の見出しと対応表が一致しません。",
            "layout headers and mapping sources disagree.",
        )
    return cls(
        kind="legacy" if cls is LegacyLayout else "english",
        title_ja=data["title"],
        title_en=data["x-title-en"],
        headers=headers,
        required=tuple(data.get("required", ())),
        mapping=mapping,
        not_mechanical=tuple(
            _mapping(path, m, fields, UNMECHANICAL_OPS) for m in data.get("not-mechanical", ())
        ),
        provenance=data.get("provenance", "I"),
    )


def load_schema(path: Path) -> StandardSchema:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise _fail(path, "JSONとして読めません。", "it is not readable JSON.") from error
    descriptors = _require(path, raw, "fields", "schema")
    fields = tuple(_field(path, f, i) for i, f in enumerate(descriptors))
    names = {f.name for f in fields}
    if len(names) != len(fields):
        raise _fail(path, "列名が重複しています。", "field names repeat.")
    return StandardSchema(
        id=_require(path, raw, "name", "schema"),
        number=_require(path, raw, "x-standard-number", "schema"),
        title_ja=_require(path, raw, "title", "schema"),
        title_en=_require(path, raw, "x-title-en", "schema"),
        fields=fields,
        legacy=_layout(path, raw.get("x-legacy"), LegacyLayout, names),
        path=path,
        raw=raw,
        english=_layout(path, raw.get("x-english"), EnglishLayout, names),
        description_ja=raw.get("description", ""),
        description_en=raw.get("x-description-en", ""),
        edition=raw.get("x-edition", ""),
        status=raw.get("x-hiraku-status", ""),
    )
