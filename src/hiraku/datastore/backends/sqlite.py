from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import islice
from typing import Any

from hiraku.datastore.backends.base import Backend, Column, iso
from hiraku.datastore.identifiers import quote_identifier

BATCH = 5000
# VM instructions between the deadline checks of a time-limited query: a few milliseconds
# of work (SQLite runs tens of millions a second). Each check is a call into Python that
# must take the GIL back from the request threads; checking every thousand made a 100-row
# query wait for it several times and cut throughput by more than half under load.
PROGRESS_EVERY = 100_000


class SqliteBackend(Backend):
    vendor = "sqlite"
    max_identifier_bytes = None
    # Exactly "INTEGER PRIMARY KEY" makes _id the rowid itself: no second index to maintain.
    row_id_type = "INTEGER PRIMARY KEY"
    # Declared types give SQLite's affinity; dates and times stay ISO text, which sorts right.
    sql_types = {
        "integer": "INTEGER", "number": "REAL", "date": "TEXT", "time": "TEXT",
        "datetime": "TEXT", "boolean": "INTEGER", "text": "TEXT",
    }

    def encoder(self, type_: str) -> Callable[[Any], Any] | None:
        if type_ in ("date", "datetime"):
            return iso
        if type_ == "number":
            return float  # Decimal and int alike; REAL is what SQLite stores
        if type_ == "boolean":
            return int
        return None

    def insert(self, cursor: Any, table: str, columns: Sequence[Column],
               rows: Iterable[Sequence[Any]]) -> int:
        marks = ", ".join("?" * (len(columns) + 1))
        sql = f"INSERT INTO {quote_identifier(table)} VALUES ({marks})"
        raw = cursor.connection if hasattr(cursor, "connection") else cursor
        count = 0
        iterator = iter(rows)
        while batch := list(islice(iterator, BATCH)):
            raw.executemany(sql, batch)
            count += len(batch)
        return count

    def publish(self, cursor: Any, view: str, table: str) -> None:
        cursor.execute(f"DROP VIEW IF EXISTS {quote_identifier(view)}")
        cursor.execute(
            f"CREATE VIEW {quote_identifier(view)} AS SELECT * FROM {quote_identifier(table)}"
        )

    def tables_with_prefix(self, cursor: Any, prefix: str) -> list[str]:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, ?) = ?",
            [len(prefix), prefix],
        )
        return [row[0] for row in cursor.fetchall()]

    def view_exists(self, cursor: Any, view: str) -> bool:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'view' AND name = %s", [view])
        return cursor.fetchone() is not None
