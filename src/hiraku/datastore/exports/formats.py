"""The export formats, their media types and file names, and the one error they raise."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hiraku.errors import HirakuError


@dataclass(frozen=True)
class ExportFormat:
    name: str
    media_type: str
    extension: str


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("csv", "text/csv", "csv"),
        ExportFormat("json", "application/json", "json"),
        ExportFormat("ndjson", "application/x-ndjson", "ndjson"),
        ExportFormat("geojson", "application/geo+json", "geojson"),
        ExportFormat(
            "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
        ),
    )
}

UTF8, CP932 = "utf-8", "cp932"
# What people type for the two encodings we write. Windows-31J is CP932's IANA name; the
# plain "shift_jis" codec would refuse ①, ㈱ and 髙, so every Shift_JIS spelling means CP932.
_ENCODINGS = {
    **dict.fromkeys(("utf-8", "utf8", "utf-8-sig", "utf_8"), UTF8),
    **dict.fromkeys(
        ("cp932", "ms932", "windows-31j", "shift_jis", "shift-jis", "sjis", "x-sjis"), CP932
    ),
}
_CHARSET = {UTF8: "utf-8", CP932: "Windows-31J"}

_UNSAFE_FILENAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')
_MAX_STEM = 100


class ExportError(HirakuError):
    code = "export-unsupported"
    status = 400


def export_format(name: str) -> ExportFormat:
    try:
        return FORMATS[name.lower()]
    except KeyError:
        choices = ", ".join(FORMATS)
        raise ExportError(
            f"形式「{name}」では出力できません。使える形式: {choices}",
            f"Cannot export as '{name}'. Formats: {choices}",
            details={"format": name, "formats": list(FORMATS)},
        ) from None


def export_encoding(fmt: ExportFormat, encoding: str) -> str:
    """The codec to write ``fmt`` in; only CSV may leave UTF-8 (JSON must be UTF-8, RFC 8259)."""
    codec = _ENCODINGS.get(encoding.strip().lower())
    if codec is None or (codec != UTF8 and fmt.name != "csv"):
        allowed = "utf-8, cp932" if fmt.name == "csv" else "utf-8"
        raise ExportError(
            f"{fmt.name} 形式では文字コード「{encoding}」を使えません。使える文字コード: {allowed}",
            f"The {fmt.name} format cannot be written in '{encoding}'. Encodings: {allowed}",
            details={"encoding": encoding},
        )
    return codec


def media_type(fmt: ExportFormat, encoding: str = UTF8) -> str:
    if fmt.name == "csv":
        return f"{fmt.media_type}; charset={_CHARSET[encoding]}"
    return fmt.media_type


def safe_stem(stem: str) -> str:
    """A file name stem without path separators or characters Windows refuses."""
    cleaned = _UNSAFE_FILENAME.sub("_", stem).strip(" ._")[:_MAX_STEM]
    return cleaned or "data"
