"""SudachiPy, the morphological analyzer behind the normalized stream of ``text``.

Optional: without it, tokens are the surface and parts streams alone. No Django here either.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

# Sudachi refuses input over 49,149 bytes; 4,096 characters stay below it in any script.
CHUNK_CHARS = 4096

_lock = threading.Lock()
_state: dict[str, object] = {}
_local = threading.local()


def sudachi_tokenizer() -> object | None:
    """SudachiPy mode A, loaded once per process (~0.1 s, +167 MB); None when not installed.

    Tokenizers are not thread-safe, so each thread gets its own over the shared dictionary.
    """
    tokenizer = getattr(_local, "tokenizer", None)
    if tokenizer is not None:
        return tokenizer
    with _lock:
        if "dictionary" not in _state:
            try:
                from sudachipy import Dictionary

                _state["dictionary"] = Dictionary()
            except Exception:  # not installed, or no dictionary package: bigrams still work
                _state["dictionary"] = None
        dictionary = _state["dictionary"]
    if dictionary is None:
        return None
    from sudachipy import SplitMode

    # Mode A: mode C keeps 待機児童 whole, so a search for 児童 would miss it.
    tokenizer = dictionary.tokenizer(mode=SplitMode.A, fields={"normalized_form", "pos"})  # type: ignore[attr-defined]
    _local.tokenizer = tokenizer
    return tokenizer


def analyzer_available() -> bool:
    return sudachi_tokenizer() is not None


def analyzable_chunks(text: str) -> Iterator[tuple[int, str]]:
    """(offset, piece) of ``text`` in pieces Sudachi accepts, cut after a break if there is one."""
    start = 0
    while start < len(text):
        end = min(start + CHUNK_CHARS, len(text))
        if end < len(text):
            cut = max(text.rfind(sep, start, end) for sep in ("\n", "。", " ", "、"))
            end = cut + 1 if cut > start else end
        yield start, text[start:end]
        start = end


def analyze(tokenizer: object, text: str) -> list:
    """Sudachi's morphemes of ``text``; none if it fails (analysis only adds recall)."""
    try:
        return tokenizer.tokenize(text)  # type: ignore[attr-defined]
    except Exception:  # never fail indexing over it
        return []
