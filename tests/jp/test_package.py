"""hiraku.jp is a plain-Python core: its public names import, and it pulls in no Django."""

import os
import subprocess
import sys
from pathlib import Path

import hiraku.jp


def _env() -> dict[str, str]:
    # The child must find the same hiraku package as this test, installed or not.
    source_root = str(Path(hiraku.jp.__file__).resolve().parents[2])
    return {**os.environ, "PYTHONPATH": source_root}


def test_every_public_name_is_importable():
    missing = [name for name in hiraku.jp.__all__ if not hasattr(hiraku.jp, name)]
    assert missing == []


def test_importing_the_core_loads_no_django():
    code = "import sys, hiraku.jp; print(any(m.split('.')[0] == 'django' for m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=_env()
    )
    assert result.stdout.strip() == "False"
