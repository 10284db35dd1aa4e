"""Read-only SQL over the datastore database (`/api/v1/sql`, CKAN's `datastore_search_sql`).

Tables are addressed by resource id, as in CKAN: ``SELECT * FROM "<resource id>"``.

Safety is enforced by the database, never by parsing the SQL here (CKAN's CVE-2026-42031
came from a parser that disagreed with PostgreSQL about quoting):

- SQLite (``sql_sqlite``): a separate read-only connection, an authorizer that allows only
  SELECT, reads of resource views and allow-listed functions, length limits, and a
  progress-handler deadline.
- PostgreSQL (``sql_postgres``): a login role that may only SELECT the resource views, a
  read-only transaction that is never committed, ``statement_timeout``, the extended query
  protocol (one statement only), and the server's own plan to refuse system catalogs.

This module holds what both share: the errors, the limits and the row collection.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connections

from hiraku.datastore.backends import DATASTORE_ALIAS
from hiraku.errors import HirakuError

MAX_SQL_CHARS = 100_000
# The largest single value a query may return (SQLite enforces it while computing).
MAX_VALUE_BYTES = 1_000_000
# Rows beyond this many bytes are cut off like rows beyond the row limit.
MAX_RESULT_BYTES = 32_000_000

HOW_JA = '検索できるのはリソースのテーブルだけです: SELECT * FROM "リソースID"'
HOW_EN = 'Only resource tables can be queried, by resource id: SELECT * FROM "<resource id>"'

PHYSICAL_TABLE = re.compile(r"t_[0-9a-f]{32}_[0-9a-f]{8}", re.IGNORECASE)
RESOURCE_VIEW = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE
)


@dataclass(frozen=True)
class SqlResult:
    fields: list[str]
    rows: list[tuple]
    truncated: bool  # more rows (or bytes) than the limits allow; the rest was not read


class SqlError(HirakuError):
    """The query failed; the message carries the database's own explanation."""

    code = "sql-error"


class SqlRefused(SqlError):
    """The query asks for something the read-only SQL endpoint never does."""

    code = "sql-refused"


class SqlTimeout(SqlError):
    code = "sql-timeout"


class SqlUnavailable(SqlError):
    """The server is not set up for SQL queries (no reader role, database unreachable)."""

    code = "sql-unavailable"
    status = 503


def run_sql(
    sql: str, *, time_limit_ms: int | None = None, max_rows: int | None = None
) -> SqlResult:
    """Run one read-only SELECT on the datastore database, within the time and row limits."""
    limit_ms = settings.SQL_TIME_LIMIT_MS if time_limit_ms is None else time_limit_ms
    rows_cap = settings.SQL_MAX_ROWS if max_rows is None else max_rows
    _check_text(sql)
    connection = connections[DATASTORE_ALIAS]
    if connection.vendor == "sqlite":
        from hiraku.datastore import sql_sqlite

        return sql_sqlite.run(connection, sql, max(1, limit_ms), max(0, rows_cap))
    if connection.vendor == "postgresql":
        from hiraku.datastore import sql_postgres

        return sql_postgres.run(connection, sql, max(1, limit_ms), max(0, rows_cap))
    raise SqlUnavailable(
        "このデータベースではSQLによる検索を利用できません。",
        "SQL queries are not available on this database.",
    )


def _check_text(sql: str) -> None:
    # Not a judgement on the SQL: text the drivers cannot even send.
    if not sql.strip():
        raise SqlRefused("SQLが空です。", "The SQL query is empty.", code="sql-empty")
    if len(sql) > MAX_SQL_CHARS:
        raise SqlRefused(
            f"SQLが長すぎます（上限 {MAX_SQL_CHARS:,} 文字）。",
            f"The SQL query is too long (limit {MAX_SQL_CHARS:,} characters).",
            code="sql-too-long",
        )
    if "\x00" in sql:
        raise SqlRefused(
            "SQLにNUL文字が含まれています。",
            "The SQL query contains a NUL character.",
            code="sql-invalid-text",
        )
    try:
        sql.encode("utf-8")
    except UnicodeEncodeError as error:
        raise SqlRefused(
            "SQLに使えない文字（不正なサロゲート）が含まれています。",
            "The SQL query contains characters that are not valid Unicode.",
            code="sql-invalid-text",
        ) from error


def collect(fields: Sequence[str], rows: Iterable[Sequence[Any]], max_rows: int) -> SqlResult:
    """Read at most ``max_rows`` rows (and MAX_RESULT_BYTES); reading one more tells truncation."""
    kept: list[tuple] = []
    size = 0
    for row in rows:
        if len(kept) == max_rows:
            return SqlResult(list(fields), kept, truncated=True)
        row_size = _row_size(row)
        if size + row_size > MAX_RESULT_BYTES:
            if not kept:
                raise too_large()
            return SqlResult(list(fields), kept, truncated=True)
        size += row_size
        kept.append(tuple(row))
    return SqlResult(list(fields), kept, truncated=False)


def _row_size(row: Sequence[Any]) -> int:
    """About the bytes a row holds: the sum of its values' sizes, each measured in C and at
    least its length for text and bytes (a value's repr cost five times as much, floats
    most). Only a row over the per-value limit, or one holding memoryviews (whose size
    leaves out their buffer), has its values measured one by one."""
    size = sum(map(sys.getsizeof, row))
    if size > MAX_VALUE_BYTES or memoryview in map(type, row):
        return sum(_value_size(value) for value in row)
    return size


def _value_size(value: Any) -> int:
    if isinstance(value, str | bytes | bytearray | memoryview):
        size = len(value)
        if size > MAX_VALUE_BYTES:
            raise too_large()
        return size
    return 8


def too_large() -> SqlRefused:
    limit = f"{MAX_VALUE_BYTES // 1_000_000} MB"
    return SqlRefused(
        f"結果の値が大きすぎます（1つの値の上限 {limit}）。",
        f"A value in the result is too large (limit {limit} per value).",
        code="sql-too-large",
    )


def timeout(limit_ms: int) -> SqlTimeout:
    shown = f"{limit_ms / 1000:g}"
    return SqlTimeout(
        f"SQLの実行が制限時間（{shown}秒）を超えたため中止しました。条件を絞ってください。",
        f"The query was stopped: it ran longer than the time limit ({shown} s). Narrow it down.",
        details={"time_limit_ms": limit_ms},
    )


def one_statement_only() -> SqlRefused:
    return SqlRefused(
        "一度に実行できるSQL文は1つだけです。",
        "Only one SQL statement can be run at a time.",
        code="sql-multiple-statements",
    )


def select_only(detail: str = "") -> SqlRefused:
    ja = "読み取り専用です。実行できるのはSELECT文（WITHを含む）だけです。"
    en = "The SQL endpoint is read-only: only SELECT statements (including WITH) can be run."
    if detail:
        ja, en = f"{ja}（{detail}）", f"{en} ({detail})"
    return SqlRefused(ja, en)


def table_refused(name: str, sql: str) -> SqlRefused:
    if mentions(sql, name):
        ja, en = f"テーブル「{name}」は検索できません。", f'The table "{name}" cannot be queried.'
    else:  # reached through a system view the user named differently
        ja, en = "システムのテーブルは検索できません。", "System tables cannot be queried."
    return SqlRefused(f"{ja}{HOW_JA}", f"{en} {HOW_EN}", code="sql-table-refused")


def no_such_table(detail: str) -> SqlError:
    return SqlError(
        f"テーブルがありません（{detail}）。{HOW_JA}",
        f"No such table ({detail}). {HOW_EN}",
        code="sql-no-such-table",
    )


def database_error(detail: str) -> SqlError:
    return SqlError(f"SQLのエラーです: {detail}", f"SQL error: {detail}")


def unavailable() -> SqlUnavailable:
    return SqlUnavailable(
        "SQLによる検索は現在利用できません。時間をおいて試してください。",
        "SQL queries are not available right now. Please try again later.",
    )


def mentions(sql: str, name: str) -> bool:
    """Did the user type this name? Only names they typed appear in messages."""
    return bool(name) and name.casefold() in sql.casefold()


def scrub(message: str, sql: str) -> str:
    """The database's message, without physical table names the user did not type."""
    first_line = message.strip().splitlines()[0] if message.strip() else ""
    return PHYSICAL_TABLE.sub(
        lambda match: match.group(0) if mentions(sql, match.group(0)) else "(table)",
        first_line,
    )
