"""`hiraku worker`: runs queued background tasks (django-tasks-db's worker)."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run a background task worker; start any number, on any machine sharing the database."

    def handle(self, *args, **options):
        call_command("db_worker", interval=1.0)
