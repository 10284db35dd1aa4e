"""Read-only SQL on the PostgreSQL datastore: the server decides what a statement does.

Each query opens a connection as the reader role (``sql_postgres_role``), which may only
SELECT the resource views, and:

1. runs in ``BEGIN READ ONLY`` with ``SET LOCAL statement_timeout``; the transaction is rolled
   back and the connection closed, so nothing a statement does to the session survives;
2. sends the SQL with the extended query protocol, where the server refuses more than one
   statement (psycopg's plain ``execute`` would run ``SELECT 1; SELECT 2``);
3. asks the server for the plan first (``EXPLAIN (FORMAT JSON)``): statements that are not
   queries (SET, COPY, BEGIN…) cannot be explained, and a plan that reads anything but
   resource tables (pg_catalog behind pg_roles, information_schema…), scans a pg_* function
   or modifies a table is refused before it runs. This layer gives clear refusals; the role's
   privileges remain the guard: the planner drops unused joins, and functions that run SQL
   from a string (query_to_xml) are invisible to the plan but run with those privileges;
4. streams rows and stops reading after the row limit (the server is told to cancel).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from itertools import chain
from typing import Any

import psycopg
from psycopg import errors as pgerrors

from hiraku.datastore import sql as common
from hiraku.datastore import sql_postgres_role as roles

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 5


def run(connection: Any, sql: str, limit_ms: int, max_rows: int) -> common.SqlResult:
    started = time.monotonic()
    db = _connect(connection, limit_ms)
    try:
        db.execute("BEGIN READ ONLY")
        _set_timeout(db, limit_ms)
        _check_plan(db, sql)
        spent_ms = int((time.monotonic() - started) * 1000)
        _set_timeout(db, max(1, limit_ms - spent_ms))
        return _fetch(db, sql, max_rows)
    except psycopg.Error as error:
        raise _translate(error, sql, limit_ms) from None
    finally:
        db.close()  # never committed: the transaction dies with the connection


def _connect(connection: Any, limit_ms: int) -> psycopg.Connection:
    try:
        reader = roles.reader(connection)
    except roles.ReaderNotConfigured as error:
        log.error("read-only SQL: %s", error.message_en)
        raise common.unavailable() from error
    params = dict(reader.params)
    # The role's own defaults say the same; these hold even for a role set up by hand.
    options = f"-c default_transaction_read_only=on -c statement_timeout={limit_ms}"
    params["options"] = f"{params.get('options', '')} {options}".strip()
    params.setdefault("application_name", "hiraku-sql")
    try:
        return psycopg.connect(**params, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
    except psycopg.OperationalError:
        pass  # first use, or the datastore password changed: (re)create the role
    try:
        roles.ensure_reader(connection)
        return psycopg.connect(**params, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
    except (psycopg.Error, roles.ReaderNotConfigured) as error:
        log.error("read-only SQL: cannot connect as %s: %s", reader.role, error)
        raise common.unavailable() from None


def _set_timeout(db: psycopg.Connection, limit_ms: int) -> None:
    db.execute("SELECT set_config('statement_timeout', %s, true)", [str(limit_ms)])


def _check_plan(db: psycopg.Connection, sql: str) -> None:
    cursor = db.cursor()
    try:
        # prepare=True: the extended protocol, where the server refuses stacked statements.
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, prepare=True)
    except pgerrors.SyntaxError as error:
        if "multiple commands" in (error.diag.message_primary or ""):
            raise common.one_statement_only() from None
        db.execute("ROLLBACK")
        _raise_if_not_a_query(db, sql)
        raise
    (plan,) = cursor.fetchone()
    for node in _nodes(plan):
        if node.get("Node Type") == "ModifyTable":
            raise common.select_only()
        relation = node.get("Relation Name")
        if relation and not common.PHYSICAL_TABLE.fullmatch(relation):
            raise common.table_refused(relation, sql)
        # System views such as pg_stat_activity can plan as a bare pg_* function scan.
        if (node.get("Function Name") or "").startswith("pg_"):
            raise common.table_refused(node["Function Name"], sql)


def _raise_if_not_a_query(db: psycopg.Connection, sql: str) -> None:
    """EXPLAIN failed to parse: is the SQL valid but not a query (SET, COPY…), or just wrong?"""
    result = db.pgconn.prepare(b"", sql.encode())  # parses only; nothing runs
    if result.status == psycopg.pq.ExecStatus.COMMAND_OK:
        raise common.select_only()
    if b"multiple commands" in (
        result.error_field(psycopg.pq.DiagnosticField.MESSAGE_PRIMARY) or b""
    ):
        raise common.one_statement_only()


def _nodes(value: Any) -> Iterator[dict]:
    if isinstance(value, dict):
        yield value
        for child in value.values():
            yield from _nodes(child)
    elif isinstance(value, list):
        for child in value:
            yield from _nodes(child)


def _fetch(db: psycopg.Connection, sql: str, max_rows: int) -> common.SqlResult:
    cursor = db.cursor()
    stream = cursor.stream(sql)
    try:
        first = next(stream, None)
    except psycopg.ProgrammingError as error:
        if error.sqlstate is None:  # from the driver: the statement returned no rows
            raise common.select_only() from None
        raise
    try:
        if first is None:
            return common.SqlResult(_describe(db, sql), [], truncated=False)
        fields = [column.name for column in cursor.description or ()]
        return common.collect(fields, chain([first], stream), max_rows)
    finally:
        stream.close()  # cancels the rest of a result we stopped reading


def _describe(db: psycopg.Connection, sql: str) -> list[str]:
    """Column names of a query that returned no rows (streaming only learns them from rows)."""
    db.pgconn.prepare(b"", sql.encode())
    result = db.pgconn.describe_prepared(b"")
    return [result.fname(index).decode() for index in range(result.nfields)]


def _translate(error: psycopg.Error, sql: str, limit_ms: int) -> common.SqlError:
    detail = common.scrub(getattr(error.diag, "message_primary", None) or str(error), sql)
    if isinstance(error, pgerrors.QueryCanceled):
        return common.timeout(limit_ms)
    if isinstance(error, pgerrors.UndefinedTable):
        return common.no_such_table(detail)
    if isinstance(error, pgerrors.InsufficientPrivilege):
        return common.SqlRefused(
            f"このSQLは実行できません（{detail}）。", f"This query is not allowed ({detail})."
        )
    if isinstance(error, pgerrors.ReadOnlySqlTransaction | pgerrors.ActiveSqlTransaction):
        return common.select_only()
    if isinstance(error, pgerrors.ProgramLimitExceeded):
        return common.too_large()
    if isinstance(error, psycopg.OperationalError):  # the server closed the connection
        log.warning("read-only SQL connection lost: %s", error)
        return common.SqlError(
            "SQLの実行が中断されました。", "The query was interrupted.", code="sql-interrupted"
        )
    if error.sqlstate is None:
        log.warning("read-only SQL: unexpected driver error: %s", error)
        return common.select_only()
    return common.database_error(detail)
