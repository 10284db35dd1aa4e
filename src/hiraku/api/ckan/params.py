"""Reading CKAN action parameters: the data dict comes from the query string, a JSON body,
form fields or multipart; values arrive as strings, lists or JSON."""

from __future__ import annotations

import json
from typing import Any

from hiraku.api.ckan.errors import ValidationFailed


def as_int(data: dict, key: str, default: int, *, maximum: int | None = None) -> int:
    raw = data.get(key, default)
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise ValidationFailed(f"Invalid integer: {key}",
                               message_ja=f"{key} は整数で指定してください",
                               fields={key: ["Invalid integer"]}) from None
    if value < 0:
        raise ValidationFailed(f"Must be a natural number: {key}",
                               message_ja=f"{key} は0以上にしてください",
                               fields={key: ["Must be a natural number"]})
    if maximum is not None and value > maximum:
        value = maximum
    return min(value, 2**62)  # beyond this, SQL OFFSET/LIMIT overflow


def as_bool(data: dict, key: str, default: bool = False) -> bool:
    raw = data.get(key, default)
    if isinstance(raw, bool):
        return raw
    return str(raw).strip().lower() in ("true", "1", "yes", "on")


def as_list(data: dict, key: str) -> list:
    raw = data.get(key)
    if raw is None or raw == "":
        return []
    if isinstance(raw, list):
        return raw
    if isinstance(raw, str) and raw.strip().startswith("["):
        try:
            value = json.loads(raw)
        except json.JSONDecodeError:
            raise ValidationFailed(f"Invalid JSON list: {key}",
                                   fields={key: ["Invalid JSON list"]}) from None
        return value if isinstance(value, list) else [value]
    return [raw]


def as_dict(data: dict, key: str) -> dict[str, Any]:
    raw = data.get(key)
    if raw in (None, ""):
        return {}
    if isinstance(raw, dict):
        return raw
    try:
        value = json.loads(raw)
    except (TypeError, json.JSONDecodeError):
        raise ValidationFailed(f"Invalid JSON object: {key}",
                               message_ja=f"{key} は JSON オブジェクトで指定してください",
                               fields={key: ["Not a JSON Object"]}) from None
    if not isinstance(value, dict):
        raise ValidationFailed(f"Invalid JSON object: {key}", fields={key: ["Not a JSON Object"]})
    return value


def require(data: dict, key: str, *aliases: str) -> Any:
    for name in (key, *aliases):
        value = data.get(name)
        if value not in (None, ""):
            return value
    raise ValidationFailed(f"Missing value: {key}", message_ja=f"{key} を指定してください",
                           fields={key: ["Missing value"]})
