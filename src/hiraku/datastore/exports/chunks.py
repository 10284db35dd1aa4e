"""Byte chunks of a steady size, from text pieces or from a file."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import BinaryIO

# Big enough that per-chunk costs (encoding, the server's write) vanish, small enough that
# memory stays flat whatever the table's size.
CHUNK_SIZE = 64 * 1024


def encoded_chunks(
    pieces: Iterable[str], encoding: str = "utf-8", errors: str = "strict"
) -> Iterator[bytes]:
    """Text pieces joined into chunks of about CHUNK_SIZE characters, each encoded."""
    batch: list[str] = []
    size = 0
    for piece in pieces:
        batch.append(piece)
        size += len(piece)
        if size >= CHUNK_SIZE:
            yield "".join(batch).encode(encoding, errors)
            batch.clear()
            size = 0
    if batch:
        yield "".join(batch).encode(encoding, errors)


def file_chunks(handle: BinaryIO) -> Iterator[bytes]:
    handle.seek(0)
    while chunk := handle.read(CHUNK_SIZE):
        yield chunk
