"""The standard-dataset schemas shipped in this package: list, look up, detect."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path

from hiraku.schemas.detect import MATCH_THRESHOLD, Candidate, rank
from hiraku.schemas.loader import load_schema
from hiraku.schemas.model import (
    LayoutMap,
    LegacyLayout,
    SchemaField,
    StandardSchema,
    UnknownSchema,
)

__all__ = [
    "MATCH_THRESHOLD",
    "Candidate",
    "LayoutMap",
    "LegacyLayout",
    "SchemaField",
    "StandardSchema",
    "UnknownSchema",
    "detect_schema",
    "get_schema",
    "list_schemas",
    "schema_dir",
]


def schema_dir() -> Path:
    return Path(str(resources.files("hiraku.schemas")))


@cache
def list_schemas() -> tuple[StandardSchema, ...]:
    """Every shipped schema, by standard number (read from disk once per process)."""
    schemas = [load_schema(path) for path in sorted(schema_dir().glob("*.json"))]
    return tuple(sorted(schemas, key=lambda s: s.number))


@cache
def _by_key() -> dict[str, StandardSchema]:
    keys: dict[str, StandardSchema] = {}
    for schema in list_schemas():
        for key in (schema.id, schema.number, str(int(schema.number)), schema.title_ja):
            keys[_normal(key)] = schema
    return keys


def _normal(key: str) -> str:
    return unicodedata.normalize("NFKC", key).strip().casefold().replace("_", "-")


def get_schema(schema_id: str) -> StandardSchema:
    """By id ('aed', 'public-toilet'), number ('08', '8') or Japanese title ('AED設置箇所一覧')."""
    schema = _by_key().get(_normal(str(schema_id)))
    if schema is None:
        known = ", ".join(s.id for s in list_schemas())
        raise UnknownSchema(
            f"標準データセット「{schema_id}」はありません（あるもの: {known}）。",
            f"No standard dataset '{schema_id}' (known: {known}).",
            details={"schema": str(schema_id)},
        )
    return schema


def detect_schema(headers: Sequence[str]) -> list[Candidate]:
    """Every standard scored against ``headers``, best first (``is_match`` says if it is one)."""
    return rank(headers, list_schemas())
