"""Crafted standard-dataset files for the validator tests: a valid row for any schema and
layout, written as CSV with some cells, headers or columns changed."""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path

from hiraku.schemas.model import SchemaField
from hiraku.schemas.registry import get_schema

DEMO_DATA = Path(__file__).resolve().parents[2] / "src/hiraku/demo/data"

VALID_BY_RULE = {
    "lgcode": "222127",
    "corporate-number": "7000012050002",  # 国税庁's own example
    "postal-code": "4250021",
    "town-id": "0001000",
    "phone": "054-626-1139",
    "latitude": "34.866918",
    "longitude": "138.323171",
    "date": "2023-04-01",
    "time": "09:00",
    "flag": "1",
    "yes-no": "有",
    "multi-value": "本町;栄町",
    "katakana": "テスト",
    "weekdays": "月火水木金",
    "url": "https://www.city.yaizu.lg.jp/",
    "email": "info@city.yaizu.lg.jp",
}


def valid_value(field: SchemaField) -> str:
    if field.rule in VALID_BY_RULE:
        return VALID_BY_RULE[field.rule]
    if field.enum:
        return field.enum[0]
    if field.type in ("integer", "number"):
        return "1"
    if field.type == "date":
        return "2023-04-01"
    if field.constraints.get("pattern"):
        return "1"  # ID: half-width letters and digits
    return "テスト"


def valid_row(schema_id: str, layout: str = "current") -> dict[str, str]:
    """Header → a valid value, for the standard's current layout or its legacy/English one."""
    schema = get_schema(schema_id)
    current = {field.name: valid_value(field) for field in schema.fields}
    layout_map = schema.layout_map(layout)
    if layout_map is None:
        return current
    row = {}
    for header in layout_map.headers:
        mapping = layout_map.mappings_of(header)[0]
        if mapping.op == "split":
            row[header] = (mapping.separator or " ").join(current[t] for t in mapping.targets)
        elif mapping.op == "copy":
            row[header] = current[mapping.targets[0]]
        else:
            row[header] = "" if mapping.op == "drop" else "テスト"
    return row


def write_table(path: Path, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def write_standard(
    path: Path,
    schema_id: str,
    *changes: Mapping[str, str],
    layout: str = "current",
    columns: Sequence[str] | None = None,
    renames: Mapping[str, str] | None = None,
    extra: Mapping[str, str] | None = None,
) -> Path:
    """One valid row per mapping of ``changes`` (cells by column name; none: one valid row).

    ``columns``: the columns written, in order (default: the layout's own); ``renames``:
    column → header written for it; ``extra``: local columns added at the end with a value.
    """
    base = valid_row(schema_id, layout)
    names = list(columns or base)
    headers = [(renames or {}).get(name, name) for name in names] + list(extra or {})
    rows = [
        [{**base, **change}.get(name, "") for name in names] + list((extra or {}).values())
        for change in changes or ({},)
    ]
    return write_table(path, headers, rows)
