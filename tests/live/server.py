"""Running real `hiraku` processes for end-to-end tests."""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hiraku(*args: str, env: dict, timeout: int = 300) -> str:
    result = subprocess.run([sys.executable, "-m", "hiraku.cli", *args], env=env,
                            capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def get(url: str, attempts: int = 60) -> tuple[int, str]:
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - localhost
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
        except (ConnectionError, urllib.error.URLError):
            time.sleep(0.5)
    raise AssertionError(f"server did not answer {url}")


def wait_for(predicate, timeout: float = 120, interval: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError("timed out waiting")


def action(base: str, name: str, **params) -> dict:
    query = urllib.parse.urlencode(params)
    _status, body = get(f"{base}/api/3/action/{name}?{query}")
    return json.loads(body)


@contextlib.contextmanager
def serving(env: dict, *, worker: bool = True) -> Iterator[str]:
    port = free_port()
    args = [sys.executable, "-m", "hiraku.cli", "serve", "--port", str(port), "--workers", "1"]
    if not worker:
        args.append("--no-worker")
    server = subprocess.Popen(args, env={**env, "HIRAKU_API_RATE_ANONYMOUS": ""},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        get(f"{base}/api/3/action/status_show")
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()



