"""The SQLite SQL endpoint keeps one read-only connection per request thread: it is reused,
it sees schema changes, and a truncated or failed query leaves nothing open behind it."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import pytest

from hiraku.datastore import sql_sqlite
from hiraku.datastore.sql import SqlError

VIEW = str(uuid.UUID(int=7))


class FileDatastore:
    """What sql_sqlite reads of a Django connection to a datastore file."""

    def __init__(self, path: Path) -> None:
        self.settings_dict = {"NAME": str(path)}

    def is_in_memory_db(self) -> bool:
        return False


@pytest.fixture
def datastore(tmp_path: Path):
    path = tmp_path / "datastore.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode = wal")
        db.execute("CREATE TABLE t_00000000000000000000000000000007_0000abcd (_id INTEGER, n)")
        db.executemany("INSERT INTO t_00000000000000000000000000000007_0000abcd VALUES (?, ?)",
                       [(i, i * i) for i in range(1, 51)])  # fmt: skip
        db.execute(f'CREATE VIEW "{VIEW}" AS SELECT * FROM '
                   "t_00000000000000000000000000000007_0000abcd")  # fmt: skip
    yield path
    if (reader := getattr(sql_sqlite._readers, "reader", None)) is not None:
        reader.release(healthy=False)


def test_the_connection_is_kept_between_queries(datastore: Path) -> None:
    connection = FileDatastore(datastore)
    first = sql_sqlite.run(connection, f'SELECT n FROM "{VIEW}" WHERE _id = 3', 3000, 10)
    kept = sql_sqlite._readers.reader.db
    second = sql_sqlite.run(connection, f'SELECT count(*) FROM "{VIEW}"', 3000, 10)
    assert first.rows == [(9,)] and second.rows == [(50,)]
    assert sql_sqlite._readers.reader.db is kept


def test_a_truncated_read_holds_no_snapshot(datastore: Path) -> None:
    connection = FileDatastore(datastore)
    result = sql_sqlite.run(connection, f'SELECT n FROM "{VIEW}"', 3000, 5)
    assert result.truncated and len(result.rows) == 5
    assert not sql_sqlite._readers.reader.db.in_transaction
    with sqlite3.connect(datastore) as writer:  # the writer can checkpoint the whole WAL
        writer.execute("INSERT INTO t_00000000000000000000000000000007_0000abcd VALUES (51, 0)")
    busy, _, _ = sqlite3.connect(datastore).execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    assert busy == 0


def test_a_table_made_after_the_first_query_is_still_refused(datastore: Path) -> None:
    connection = FileDatastore(datastore)
    sql_sqlite.run(connection, f'SELECT 1 FROM "{VIEW}" LIMIT 1', 3000, 10)
    with sqlite3.connect(datastore) as writer:
        writer.execute("CREATE TABLE staff_notes (secret)")
        writer.execute("INSERT INTO staff_notes VALUES ('x')")
    with pytest.raises(SqlError):
        sql_sqlite.run(connection, "SELECT secret FROM staff_notes", 3000, 10)


def test_after_a_refusal_the_next_query_gets_a_fresh_connection(datastore: Path) -> None:
    connection = FileDatastore(datastore)
    sql_sqlite.run(connection, f'SELECT 1 FROM "{VIEW}" LIMIT 1', 3000, 10)
    refused = sql_sqlite._readers.reader
    with pytest.raises(SqlError):
        sql_sqlite.run(connection, "PRAGMA writable_schema = 1", 3000, 10)
    assert getattr(sql_sqlite._readers, "reader", None) is not refused
    assert sql_sqlite.run(connection, f'SELECT max(n) FROM "{VIEW}"', 3000, 10).rows == [(2500,)]
