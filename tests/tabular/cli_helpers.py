"""Running `hiraku inspect` / `hiraku convert` as a user does: a separate process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"


def hiraku(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m hiraku.cli ARGS`` with no Django settings in the environment: the verbs
    must work on a machine with nothing set up."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "HIRAKU"))}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "hiraku.cli", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=cwd,
        timeout=120,
        check=False,
    )
