"""A local path for a stored file: the pipeline reads files twice and needs a real path."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.files.storage import Storage


@contextmanager
def local_path(storage: Storage, name: str) -> Iterator[Path]:
    try:
        yield Path(storage.path(name))  # the data directory: read in place
        return
    except NotImplementedError:
        pass  # object storage: copy to a temporary file first
    with tempfile.NamedTemporaryFile(prefix="hiraku-load-", delete=True) as copy:
        with storage.open(name, "rb") as source:
            shutil.copyfileobj(source, copy, 1024 * 1024)
        copy.flush()
        yield Path(copy.name)
