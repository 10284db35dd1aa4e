"""Start the real server the way a user would and fetch the main pages."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

import pytest

pytestmark = pytest.mark.live


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _hiraku(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "hiraku.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )


def _get(url: str, attempts: int = 60) -> tuple[int, str]:
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - localhost
                return response.status, response.read().decode()
        except (ConnectionError, urllib.error.URLError):
            time.sleep(0.5)
    raise AssertionError(f"server did not answer {url}")


def test_serve_answers_home_list_and_dataset_pages(fresh_database_env):
    env = fresh_database_env
    _hiraku("migrate", "--no-input", env=env)
    _hiraku("demo", env=env)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "hiraku.cli", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        status, home = _get(f"{base}/")
        assert status == 200 and "焼津市" in home
        status, listing = _get(f"{base}/dataset/")
        assert status == 200 and "AED設置箇所一覧（焼津市）" in listing
        status, page = _get(f"{base}/dataset/yaizu-aed/")
        assert status == 200 and "公共データ利用規約" in page
        status, english = _get(f"{base}/en/dataset/yaizu-aed/")
        assert status == 200 and "AED locations (Yaizu)" in english
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
