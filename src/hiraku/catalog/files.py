"""Storing uploaded files: hashed while they are written, named only by server ids."""

from __future__ import annotations

import hashlib
import mimetypes
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

from django.core.files.base import File

from hiraku.catalog.uploads import UploadTooLarge, upload_limit_bytes

# Formats by extension, as CKAN shows them (upper case).
_FORMATS = {
    ".csv": "CSV",
    ".tsv": "TSV",
    ".txt": "TXT",
    ".xlsx": "XLSX",
    ".xls": "XLS",
    ".json": "JSON",
    ".geojson": "GeoJSON",
    ".pdf": "PDF",
    ".zip": "ZIP",
    ".xml": "XML",
    ".shp": "SHP",
    ".kml": "KML",
    ".ods": "ODS",
    ".docx": "DOCX",
    ".png": "PNG",
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
}


@dataclass(frozen=True)
class FileFacts:
    filename: str
    size: int
    sha256: str
    format: str
    mimetype: str


def clean_filename(name: str) -> str:
    """The user's file name, kept for downloads: no directories, no control characters."""
    base = PurePath((name or "").replace("\\", "/")).name
    base = "".join(
        ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] != "C"
    )
    return base.strip().strip(".")[:200] or "download"


def guess_format(filename: str) -> str:
    return _FORMATS.get(PurePath(filename).suffix.lower(), "")


def guess_mimetype(filename: str) -> str:
    if filename.lower().endswith(".geojson"):
        return "application/geo+json"
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


def measure(stream: IO[bytes], filename: str) -> FileFacts:
    """Hash and size a file in chunks, refusing it as soon as it passes the upload limit."""
    limit = upload_limit_bytes()
    digest = hashlib.sha256()
    size = 0
    stream.seek(0)
    for chunk in iter(lambda: stream.read(1024 * 1024), b""):
        size += len(chunk)
        if size > limit:
            raise UploadTooLarge(limit)
        digest.update(chunk)
    stream.seek(0)
    name = clean_filename(filename)
    return FileFacts(name, size, digest.hexdigest(), guess_format(name), guess_mimetype(name))


def as_django_file(stream: IO[bytes], filename: str) -> File:
    return stream if isinstance(stream, File) else File(stream, name=clean_filename(filename))
