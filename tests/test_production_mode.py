"""Production mode refuses to start without a secret key, in one clear line."""

from __future__ import annotations

import os
import subprocess
import sys


def _run(env_extra: dict, tmp_path) -> subprocess.CompletedProcess:
    env = {**os.environ, "HIRAKU_DATA_DIR": str(tmp_path), **env_extra}
    env.pop("HIRAKU_SECRET_KEY", None) if "HIRAKU_SECRET_KEY" not in env_extra else None
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "hiraku.cli", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_without_secret_key_refuses_with_one_line(tmp_path):
    result = _run({"HIRAKU_PRODUCTION": "1"}, tmp_path)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1
    assert "HIRAKU_SECRET_KEY" in lines[0]


def test_production_with_secret_key_turns_on_secure_settings(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)"
    )
    env = {
        **os.environ,
        "HIRAKU_DATA_DIR": str(tmp_path),
        "HIRAKU_PRODUCTION": "1",
        "HIRAKU_SECRET_KEY": "x" * 50,
        "DJANGO_SETTINGS_MODULE": "hiraku.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout.split() == ["False", "True", "True", "31536000"]
