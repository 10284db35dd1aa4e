"""`hiraku worker`: runs queued background tasks (django-tasks-db's worker)."""

from __future__ import annotations

import os
import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand


def _exit_with(parent: int) -> None:
    # The embedded worker must not outlive `hiraku serve`, however that ends (even SIGKILL).
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)


class Command(BaseCommand):
    help = "Run a background task worker; start any number, on any machine sharing the database."

    def add_arguments(self, parser):
        parser.add_argument("--parent", type=int, default=0,
                            help="exit when this process (the server that started us) is gone")

    def handle(self, *args, parent: int = 0, **options):
        if parent:
            threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()
        call_command("db_worker", interval=1.0)
