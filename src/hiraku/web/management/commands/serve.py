"""`hiraku serve`: the ASGI server, plus a task worker in the embedded setup."""

from __future__ import annotations

import os
import subprocess
import sys

import uvicorn
from django.core.management.base import BaseCommand

from hiraku import config


class Command(BaseCommand):
    help = "Serve Hiraku with uvicorn (workers = CPU cores) and, embedded, a task worker."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers",
            type=int,
            default=config.get_int("HIRAKU_WORKERS"),
            help="ASGI worker processes (0 = one per CPU core).",
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Do not start the embedded background task worker.",
        )

    def handle(self, *args, host: str, port: int, workers: int, no_worker: bool, **options):
        workers = workers or os.cpu_count() or 1
        task_worker = None
        if config.get_bool("HIRAKU_EMBEDDED_WORKER") and not no_worker:
            task_worker = subprocess.Popen(
                [sys.executable, "-m", "hiraku.cli", "worker", "--parent", str(os.getpid())]
            )
        self.stdout.write(f"Hiraku at http://{host}:{port}/ ({workers} workers)", ending="\n")
        self.stdout.flush()
        try:
            uvicorn.run(
                "hiraku.asgi:application",
                host=host,
                port=port,
                workers=workers,
                lifespan="off",
                log_level=config.get("HIRAKU_LOG_LEVEL").lower(),
                access_log=config.get_bool("HIRAKU_ACCESS_LOG"),
                proxy_headers=True,
            )
        finally:
            if task_worker is not None:
                task_worker.terminate()
                task_worker.wait(timeout=10)
