"""Byte chunks of a steady size, from text pieces or from a file."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import BinaryIO

# Big enough that per-chunk costs (encoding, the server's write) vanish, small enough that
# memory stays flat whatever the table's size.
CHUNK_SIZE = 64 * 1024


def encoded_chunks(
    pieces: Iterable[str],
    encoding: str = "utf-8",
    errors: str = "strict",
    escapes: dict[str, str] | None = None,
) -> Iterator[bytes]:
    """Text pieces joined into chunks of about CHUNK_SIZE characters, each encoded, with
    ``escapes`` (character → replacement) applied to each chunk."""
    batch: list[str] = []
    size = 0
    for piece in pieces:
        batch.append(piece)
        size += len(piece)
        if size >= CHUNK_SIZE:
            yield _encode("".join(batch), encoding, errors, escapes)
            batch.clear()
            size = 0
    if batch:
        yield _encode("".join(batch), encoding, errors, escapes)


def _encode(text: str, encoding: str, errors: str, escapes: dict[str, str] | None) -> bytes:
    for char, replacement in (escapes or {}).items():
        if char in text:  # a scan in C; replace() only when there is something to replace
            text = text.replace(char, replacement)
    return text.encode(encoding, errors)


def file_chunks(handle: BinaryIO) -> Iterator[bytes]:
    handle.seek(0)
    while chunk := handle.read(CHUNK_SIZE):
        yield chunk
