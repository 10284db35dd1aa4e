"""Helpers shared by the HTTP benchmarks: wrk runs and their parsing, servers started for one
run and stopped afterwards, and anchors installed in their own virtual environments.

Only loopback addresses are ever targeted: every server here is started by the benchmark.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "bench" / ".cache"

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
_DURATION = r"([\d.]+)(us|ms|s|m)"


@dataclass(frozen=True)
class WrkResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int  # socket errors (connect, read, write, timeout) plus non-2xx/3xx answers

    @property
    def clean(self) -> bool:
        return self.errors == 0 and self.requests > 0


def _milliseconds(text: str) -> float:
    match = re.fullmatch(_DURATION, text)
    if match is None:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def parse_wrk(output: str) -> WrkResult:
    """Figures from `wrk --latency` output (the latency distribution gives p50 and p99)."""
    percentiles = {
        int(p): _milliseconds(value)
        for p, value in re.findall(r"^\s+(\d+)%\s+" + r"([\d.]+(?:us|ms|s|m))\s*$", output, re.M)
    }
    rate = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M)
    total = re.search(r"^\s+(\d+) requests in", output, re.M)
    if rate is None or total is None or 99 not in percentiles:
        raise ValueError("wrk output has no rate or latency distribution:\n" + output)
    errors = 0
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        errors += int(non_2xx.group(1))
    return WrkResult(
        float(rate.group(1)),
        percentiles.get(50, float("nan")),
        percentiles[99],
        int(total.group(1)),
        errors,
    )


def wrk_path() -> str:
    found = shutil.which("wrk")
    if found is None:
        sys.exit("wrk is not installed: apt-get install -y wrk")
    return found


def run_wrk(
    url: str, *, connections: int, duration: float, threads: int = 1, timeout: float = 10.0
) -> WrkResult:
    # One wrk thread drives 16 connections at these rates easily, and leaves the second core
    # to the servers, which matter more on a 2-core machine.
    command = [
        wrk_path(),
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, math.ceil(duration))}s",  # wrk takes whole seconds only
        f"--timeout={timeout:g}s",
        "--latency",
        url,
    ]
    done = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=duration + timeout + 30
    )
    return parse_wrk(done.stdout)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A server process in its own session, so stopping it also stops its worker children."""

    def __init__(
        self, name: str, command: Sequence[str], *, env: dict[str, str] | None = None, log: Path
    ) -> None:
        self.name = name
        self.command = list(command)
        self.env = env
        self.log_path = log
        self.process: subprocess.Popen | None = None

    def start(self, ready_url: str, wait: float = 120.0) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("w")
        self.process = subprocess.Popen(
            self.command, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited early; see {self.log_path}")
            try:
                # ready_url is a loopback http URL of the server started just above.
                with urllib.request.urlopen(ready_url, timeout=5) as answer:  # noqa: S310
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"{self.name} did not answer {ready_url} within {wait:g} s")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)  # our own session only
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        except ProcessLookupError:
            pass

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by the server and every process under it.

        Requests per CPU-second is what a machine shared with other jobs can still measure
        fairly: req/s moves with whatever else runs, CPU time per request much less.
        """
        if self.process is None:
            return 0.0
        parents: dict[int, int] = {}
        times: dict[int, float] = {}
        tick = os.sysconf("SC_CLK_TCK")
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                # The command name may hold spaces: the fields start after its closing ")".
                fields = (entry / "stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue  # the process ended meanwhile
            parents[int(entry.name)] = int(fields[1])
            times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
        tree, frontier = {self.process.pid}, [self.process.pid]
        while frontier:
            parent = frontier.pop()
            children = [pid for pid, ppid in parents.items() if ppid == parent]
            tree.update(children)
            frontier.extend(children)
        return sum(times.get(pid, 0.0) for pid in tree)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def anchor_venv(name: str, requirement: str) -> Path:
    """A virtual environment of its own for an anchor, never the project's .venv."""
    home = CACHE / f"venv-{name}"
    python = home / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(home)], check=True)
    probe = subprocess.run([str(python), "-m", "pip", "show", "-q", name], capture_output=True)
    if probe.returncode != 0:
        subprocess.run([str(python), "-m", "pip", "install", "-q", requirement], check=True)
    return home / "bin"
