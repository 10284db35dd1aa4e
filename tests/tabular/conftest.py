"""Fixtures for the reader tests: the real sample files and small file writers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "src" / "hiraku" / "demo" / "data"


@pytest.fixture
def sample_dir() -> Path:
    """Twelve real municipal CSV files (origin and licences in its README.md)."""
    return SAMPLE_DIR


@pytest.fixture
def write_text(tmp_path: Path) -> Callable[..., Path]:
    """Write text to a file in the test's directory, in the given encoding, newlines as given."""

    def write(text: str, name: str = "data.csv", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(text.encode(encoding))
        return path

    return write


@pytest.fixture
def write_bytes(tmp_path: Path) -> Callable[..., Path]:
    def write(data: bytes, name: str = "data.bin") -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return write
