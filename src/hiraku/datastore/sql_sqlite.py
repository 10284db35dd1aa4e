"""Read-only SQL on the SQLite datastore: SQLite itself decides what a statement does.

Queries run on a connection of their own, never Django's (which writes); each request
thread keeps one between queries (``Reader``):

1. opened ``mode=ro`` (and ``PRAGMA query_only``), so the file cannot change;
2. an authorizer, deny-by-default, called by SQLite while it compiles the statement: only
   SELECT, recursive CTEs, reads of resource views (and of a resource's own table through its
   view), and allow-listed functions. ATTACH, PRAGMA, writes, transactions, temp objects,
   sqlite_master and table-valued functions are refused before anything runs;
3. limits: no attached databases (VACUUM INTO needs one) and no value over MAX_VALUE_BYTES
   (``randomblob(1e9)`` fails before allocating);
4. a progress handler that interrupts the statement at the deadline;
5. Python's sqlite3 runs one statement only: SQLite's tokenizer finds where the first ends
   and anything but comments after it is refused.

The test suite's datastore is a shared-cache in-memory database, which cannot be opened
``mode=ro``; there ``PRAGMA query_only`` keeps it read-only and the authorizer still applies.
"""

from __future__ import annotations

import functools
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hiraku.datastore import sql as common
from hiraku.datastore.backends.sqlite import PROGRESS_EVERY

FETCH_BATCH = 200

# SQLite's built-in scalar, date, aggregate, window, math and JSON functions, minus the ones
# that reach outside the query (load_extension, fts3_tokenizer…) or describe the connection.
_FUNCTION_WORDS = """
    abs char coalesce concat concat_ws format glob hex ifnull iif instr length like likelihood
    likely lower ltrim max min nullif octet_length printf quote random randomblob replace round
    rtrim sign soundex substr substring trim typeof unhex unicode unlikely upper zeroblob
    date time datetime julianday unixepoch strftime timediff
    avg count group_concat string_agg sum total
    row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value
    nth_value
    acos acosh asin asinh atan atan2 atanh ceil ceiling cos cosh degrees exp floor ln log log10
    log2 mod pi pow power radians sin sinh sqrt tan tanh trunc
    json json_array json_array_length json_error_position json_extract json_insert json_object
    json_patch json_remove json_replace json_set json_type json_valid json_quote
    json_group_array json_group_object -> ->>
"""
FUNCTIONS = frozenset(_FUNCTION_WORDS.split())

REASONS = {
    sqlite3.SQLITE_ATTACH: ("ATTACH はできません", "no ATTACH"),
    sqlite3.SQLITE_DETACH: ("DETACH はできません", "no DETACH"),
    sqlite3.SQLITE_PRAGMA: ("PRAGMA はできません", "no PRAGMA"),
    sqlite3.SQLITE_TRANSACTION: ("トランザクションの操作はできません", "no transactions"),
    sqlite3.SQLITE_SAVEPOINT: ("トランザクションの操作はできません", "no transactions"),
}
# Every other action (INSERT, CREATE TEMP TABLE, DROP…) changes something.
WRITE_REASON = ("書き込みや一時オブジェクトの作成はできません", "no writes or temporary objects")


class Guard:
    """The authorizer: decides each action SQLite is about to compile, remembers the first no."""

    def __init__(self, sql: str, other_tables: frozenset[str]) -> None:
        self.sql = sql
        self.other_tables = other_tables  # real tables that are not resources (lower case)
        self.refusal: common.SqlRefused | None = None

    def __call__(
        self,
        action: int,
        arg1: str | None,
        arg2: str | None,
        database: str | None,
        source: str | None,
    ) -> int:
        if action in (sqlite3.SQLITE_SELECT, sqlite3.SQLITE_RECURSIVE):
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_READ and self._readable(arg1 or "", arg2, source):
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in FUNCTIONS:
            return sqlite3.SQLITE_OK
        if self.refusal is None:
            self.refusal = self._refusal(action, arg1, arg2)
        return sqlite3.SQLITE_DENY

    def _readable(self, table: str, column: str | None, source: str | None) -> bool:
        if common.RESOURCE_VIEW.fullmatch(table):
            return True
        if column == "":
            # No column: count(*) and the like, which reveal a row count only. SQLite reports
            # them for tables behind views and for CTEs too, with no source to tell which.
            name = table.lower()
            return not (name in self.other_tables or name.startswith(("sqlite_", "pragma_")))
        if not common.PHYSICAL_TABLE.fullmatch(table):
            return False
        # A resource's table is read through its view, which SQLite names as the source.
        return (
            source is not None
            and bool(common.RESOURCE_VIEW.fullmatch(source))
            and (source.replace("-", "").lower() == table[2:34].lower())
        )

    def _refusal(self, action: int, arg1: str | None, arg2: str | None) -> common.SqlRefused:
        if action == sqlite3.SQLITE_READ:
            return common.table_refused(arg1 or "", self.sql)
        if action == sqlite3.SQLITE_FUNCTION:
            name = arg2 or ""
            shown = name if common.mentions(self.sql, name) else ""
            return common.SqlRefused(
                f"関数 {shown}() は使えません。" if shown else "使えない関数が含まれています。",
                f"The function {shown}() is not allowed."
                if shown
                else "The query uses a function that is not allowed.",
                code="sql-function-refused",
            )
        ja, en = REASONS.get(action, WRITE_REASON)
        return common.select_only(f"{ja} / {en}")


@functools.lru_cache(maxsize=8)
def _file_uri(name: str) -> str:
    return Path(name).resolve().as_uri() + "?mode=ro"


def _uri(connection: Any) -> str:
    name = str(connection.settings_dict["NAME"])
    if connection.is_in_memory_db():
        return name  # file:memorydb_…?mode=memory&cache=shared (tests)
    return _file_uri(name)


def _open(connection: Any) -> sqlite3.Connection:
    try:
        db = sqlite3.connect(
            _uri(connection), uri=True, isolation_level=None, check_same_thread=True
        )
        db.execute("PRAGMA query_only = 1")
        if connection.is_in_memory_db():
            # Shared-cache readers otherwise wait on the test's open write transaction.
            db.execute("PRAGMA read_uncommitted = 1")
    except sqlite3.Error as error:
        raise common.unavailable() from error
    db.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    db.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, common.MAX_VALUE_BYTES)
    return db


class Reader:
    """A request thread's read-only connection to the datastore file, kept between queries
    (opening one and reading the schema cost as much as a small query), and the names of
    the tables that are not resources, read again whenever the schema changes."""

    def __init__(self, uri: str, db: sqlite3.Connection, kept: bool) -> None:
        self.uri, self.db, self.kept = uri, db, kept
        self._version: int | None = None
        self._others: frozenset[str] = frozenset()

    def other_tables(self) -> frozenset[str]:
        (version,) = self.db.execute("PRAGMA schema_version").fetchone()
        if version != self._version:
            self._others, self._version = _other_tables(self.db), version
        return self._others

    def release(self, healthy: bool) -> None:
        """After a query: keep the connection, or close it (tests' in-memory databases, or
        after an error that may have left it in a state nobody should inherit)."""
        if self.kept and healthy:
            return
        self.db.close()
        if getattr(_readers, "reader", None) is self:
            _readers.reader = None


_readers = threading.local()


def reader(connection: Any) -> Reader:
    uri = _uri(connection)
    current: Reader | None = getattr(_readers, "reader", None)
    if current is not None and current.uri == uri:
        return current
    if current is not None:
        current.db.close()
    kept = not connection.is_in_memory_db()  # test databases come and go
    fresh = Reader(uri, _open(connection), kept)
    _readers.reader = fresh if kept else None
    return fresh


def _other_tables(db: sqlite3.Connection) -> frozenset[str]:
    """Tables and views that are not resources (django_migrations…), read before the guard."""
    names = db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
    return frozenset(
        name.lower()
        for (name,) in names
        if not (common.RESOURCE_VIEW.fullmatch(name) or common.PHYSICAL_TABLE.fullmatch(name))
    )


def _deadline(limit_ms: int) -> tuple[list[bool], Any]:
    stopped = [False]
    end = time.monotonic() + limit_ms / 1000

    def handler() -> int:
        if time.monotonic() > end:
            stopped[0] = True
            return 1
        return 0

    return stopped, handler


def _rows(cursor: sqlite3.Cursor) -> Iterator[tuple]:
    while batch := cursor.fetchmany(FETCH_BATCH):
        yield from batch


def run(connection: Any, sql: str, limit_ms: int, max_rows: int) -> common.SqlResult:
    own = reader(connection)
    db = own.db
    try:
        db.execute(f"PRAGMA busy_timeout = {int(min(limit_ms, 5000))}")
        guard = Guard(sql, own.other_tables())
    except sqlite3.Error as error:
        own.release(healthy=False)
        raise common.unavailable() from error
    stopped, handler = _deadline(limit_ms)
    cursor: sqlite3.Cursor | None = None
    healthy = False
    try:
        db.set_authorizer(guard)
        db.set_progress_handler(handler, PROGRESS_EVERY)
        cursor = db.execute(sql)
        if cursor.description is None:  # nothing to read: not a query
            raise common.select_only()
        fields = [column[0] for column in cursor.description]
        result = common.collect(fields, _rows(cursor), max_rows)
        healthy = True
        return result
    except (sqlite3.Warning, sqlite3.ProgrammingError) as error:
        # Python's sqlite3 checks what SQLite's tokenizer left after the first statement.
        if "one statement" in str(error):
            raise common.one_statement_only() from None
        raise common.database_error(common.scrub(str(error), sql)) from None
    except sqlite3.DataError as error:  # SQLITE_TOOBIG: over SQLITE_LIMIT_LENGTH
        raise common.too_large() from error
    except sqlite3.DatabaseError as error:
        raise _translate(error, guard, stopped[0], sql, limit_ms) from None
    finally:
        if cursor is not None:
            cursor.close()  # a truncated read must not hold its snapshot (WAL checkpoints)
        db.set_authorizer(None)
        db.set_progress_handler(None, 0)
        own.release(healthy and not db.in_transaction)


def _translate(
    error: sqlite3.DatabaseError, guard: Guard, stopped: bool, sql: str, limit_ms: int
) -> common.SqlError:
    message = str(error)
    if guard.refusal is not None:
        return guard.refusal
    if stopped or message == "interrupted":
        return common.timeout(limit_ms)
    if "too big" in message:
        return common.too_large()
    if message.startswith("no such table"):
        return common.no_such_table(common.scrub(message, sql))
    if "readonly database" in message or "cannot modify" in message:
        return common.select_only()
    return common.database_error(common.scrub(message, sql))
