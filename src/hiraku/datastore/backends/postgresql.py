from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from hiraku.datastore.backends.base import Backend, Column
from hiraku.datastore.identifiers import POSTGRES_MAX_BYTES, quote_identifier
from hiraku.datastore.sql_postgres_role import grant_read


class PostgresBackend(Backend):
    vendor = "postgresql"
    max_identifier_bytes = POSTGRES_MAX_BYTES
    sql_types = {
        "integer": "bigint", "number": "numeric", "date": "date", "time": "text",
        "datetime": "timestamp", "boolean": "boolean", "text": "text",
    }

    def insert(self, cursor: Any, table: str, columns: Sequence[Column],
               rows: Iterable[Sequence[Any]]) -> int:
        names = ", ".join(["_id", *(quote_identifier(c.name) for c in columns)])
        count = 0
        raw = cursor.cursor if hasattr(cursor, "cursor") else cursor
        with raw.copy(f"COPY {quote_identifier(table)} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count

    def publish(self, cursor: Any, view: str, table: str) -> None:
        # DROP + CREATE rather than CREATE OR REPLACE: the new table's columns may differ.
        cursor.execute(f"DROP VIEW IF EXISTS {quote_identifier(view)}")
        cursor.execute(
            f"CREATE VIEW {quote_identifier(view)} AS SELECT * FROM {quote_identifier(table)}"
        )
        grant_read(cursor, view)  # a new view has no grants: the read-only SQL role needs one

    def tables_with_prefix(self, cursor: Any, prefix: str) -> list[str]:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
            "AND left(tablename, %s) = %s",
            [len(prefix), prefix],
        )
        return [row[0] for row in cursor.fetchall()]

    def view_exists(self, cursor: Any, view: str) -> bool:
        cursor.execute(
            "SELECT 1 FROM pg_views WHERE schemaname = current_schema() AND viewname = %s", [view]
        )
        return cursor.fetchone() is not None
