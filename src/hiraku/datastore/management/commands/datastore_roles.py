"""`hiraku datastore_roles`: create or repair the PostgreSQL role behind read-only SQL."""

from __future__ import annotations

import psycopg
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from hiraku.datastore import sql_postgres_role as roles
from hiraku.datastore.router import DATASTORE


class Command(BaseCommand):
    help = (
        "Create or update the read-only PostgreSQL role that runs SQL queries on the "
        "datastore, and grant it the resource views. Idempotent; nothing to do on SQLite."
    )

    def handle(self, *args, **options):
        connection = connections[DATASTORE]
        if connection.vendor != "postgresql":
            self.stdout.write(
                "SQLite の datastore: ロールは不要です / SQLite datastore: "
                "no role needed (queries open the file read-only)."
            )
            return
        try:
            reader = roles.ensure_reader(connection)
        except roles.ReaderNotConfigured as error:
            raise CommandError(f"{error.message_ja} / {error.message_en}") from error
        except psycopg.errors.InsufficientPrivilege as error:
            raise CommandError(
                "datastore のロールに CREATEROLE 権限がありません。DBA にロールを作成してもらい、"
                "HIRAKU_DATASTORE_READONLY_URL を設定してください / The datastore role may not "
                "create roles: have your DBA create the reader role and set "
                f"HIRAKU_DATASTORE_READONLY_URL ({error.diag.message_primary})."
            ) from error
        self.stdout.write(f"{reader.role}: 読み取り専用ロールを設定しました / read-only role ready")
