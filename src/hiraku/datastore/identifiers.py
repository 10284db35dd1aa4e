"""SQL identifiers built from user data (CSV headers, resource ids).

Headers are attacker-controlled: every identifier reaching SQL goes through
``quote_identifier`` (double quotes, doubled inside — never brackets, Datasette #2677).
Physical column names keep the header when they can, so SQL users write 名称, not c003;
PostgreSQL's 63-byte limit is met by a deterministic shortening with a hash, never by
silent truncation, and the full header stays the column's label.
"""

from __future__ import annotations

import hashlib
import unicodedata

RESERVED = {"_id", "_full_text", "oid", "rowid", "_rowid_", "ctid", "xmin", "xmax", "cmin",
            "cmax", "tableoid"}
POSTGRES_MAX_BYTES = 63


class IdentifierError(ValueError):
    pass


def quote_identifier(name: str) -> str:
    if "\x00" in name:
        raise IdentifierError("identifier contains NUL")
    return '"' + name.replace('"', '""') + '"'


def _clean(label: str) -> str:
    # Control characters (newlines in Excel headers) would make SQL painful to write.
    text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in label)
    return " ".join(text.split()) or "column"


def _shorten(name: str, max_bytes: int) -> str:
    digest = hashlib.sha1(name.encode(), usedforsecurity=False).hexdigest()[:6]
    budget = max_bytes - len(digest) - 1
    out = []
    used = 0
    for ch in name:
        size = len(ch.encode())
        if used + size > budget:
            break
        out.append(ch)
        used += size
    return "".join(out) + "_" + digest


def physical_column_names(labels: list[str], *, max_bytes: int | None = None) -> list[str]:
    """One unique, safe column name per header (unique case-insensitively, as SQLite needs)."""
    names: list[str] = []
    seen: set[str] = set()
    for index, label in enumerate(labels, start=1):
        name = _clean(label)
        if name.lower() in RESERVED:
            name = f"{name}_{index}"
        if max_bytes is not None and len(name.encode()) > max_bytes:
            name = _shorten(name, max_bytes)
        candidate, suffix = name, 2
        while candidate.casefold() in seen:
            tail = f"_{suffix}"
            base = name
            if max_bytes is not None and len((base + tail).encode()) > max_bytes:
                base = _shorten(name, max_bytes - len(tail))
            candidate, suffix = base + tail, suffix + 1
        seen.add(candidate.casefold())
        names.append(candidate)
    return names


def table_name(resource_id: str, load_id: str) -> str:
    """Physical table of one load of a resource; the resource id itself names a view."""
    return f"t_{resource_id.replace('-', '')}_{load_id[:8]}"
