from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from hiraku.datastore.identifiers import quote_identifier

# The column types the ingestion pipeline infers (hiraku.tabular.infer).
TYPES = ("integer", "number", "date", "time", "datetime", "boolean", "text")


@dataclass(frozen=True)
class Column:
    name: str  # physical name (already safe to quote)
    type: str  # one of TYPES


class Backend:
    vendor = ""
    max_identifier_bytes: int | None = None
    sql_types: dict[str, str] = {}

    def sql_type(self, type_: str) -> str:
        return self.sql_types[type_]

    row_id_type = "BIGINT PRIMARY KEY"

    def create_table(self, cursor: Any, table: str, columns: Sequence[Column]) -> None:
        spec = ", ".join(f"{quote_identifier(c.name)} {self.sql_type(c.type)}" for c in columns)
        cursor.execute(f"CREATE TABLE {quote_identifier(table)} (_id {self.row_id_type}, {spec})")

    def encoder(self, type_: str) -> Callable[[Any], Any] | None:
        """Turns a normalized Python value into what the driver stores (None: unchanged)."""
        return None

    def insert(self, cursor: Any, table: str, columns: Sequence[Column],
               rows: Iterable[Sequence[Any]]) -> int:
        raise NotImplementedError

    def publish(self, cursor: Any, view: str, table: str) -> None:
        """Point the resource's view at a freshly loaded table (inside the load transaction)."""
        raise NotImplementedError

    def drop_table(self, cursor: Any, table: str) -> None:
        cursor.execute(f"DROP TABLE IF EXISTS {quote_identifier(table)}")

    def drop_view(self, cursor: Any, view: str) -> None:
        cursor.execute(f"DROP VIEW IF EXISTS {quote_identifier(view)}")

    def tables_with_prefix(self, cursor: Any, prefix: str) -> list[str]:
        raise NotImplementedError

    def view_exists(self, cursor: Any, view: str) -> bool:
        raise NotImplementedError

    def create_index(self, cursor: Any, table: str, column: str, index: str) -> None:
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote_identifier(index)} ON {quote_identifier(table)} "
            f"({quote_identifier(column)})"
        )


def iso(value: dt.date | dt.datetime) -> str:
    return value.isoformat()
