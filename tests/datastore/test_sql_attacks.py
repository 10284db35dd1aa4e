"""Malicious SQL: every statement is refused with a typed, bilingual error, and the endpoint
keeps serving the same data afterwards. Runs on SQLite and on PostgreSQL.

Each attack names what it expects on each database: REFUSED (the database or its plan said
no: SqlRefused), TIMEOUT (stopped at the time limit), ABSENT (the table does not exist from
here) or ERROR (the database cannot even compile it, e.g. PostgreSQL syntax on SQLite).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from hiraku.datastore.sql import SqlError, SqlRefused, SqlTimeout, run_sql
from tests.conftest import ON_POSTGRES
from tests.datastore.test_sql import ROWS, load_committed

pytestmark = pytest.mark.django_db(databases=["default", "datastore"])

REFUSED, TIMEOUT, ABSENT, ERROR = "refused", "timeout", "absent", "error"
EXPECTED = {REFUSED: SqlRefused, TIMEOUT: SqlTimeout, ABSENT: SqlError, ERROR: SqlError}
SHORT_LIMIT_MS = 200  # runaway queries: the limit is what stops them, so keep it short


@dataclass(frozen=True)
class Attack:
    name: str
    sql: str  # {rid} resource id, {table} its physical table, {tmp} a scratch directory
    sqlite: str
    postgres: str
    postgres_sql: str = ""  # when PostgreSQL needs its own spelling of the same attack

    def text(self) -> str:
        return self.postgres_sql if ON_POSTGRES and self.postgres_sql else self.sql

    @property
    def expected(self) -> str:
        return self.postgres if ON_POSTGRES else self.sqlite


RUNAWAY = (
    "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 1e12) "
    "SELECT count(*) FROM c"
)

ATTACKS = [
    # Stacked and hidden statements, quoting tricks.
    Attack("stacked-drop", 'SELECT 1; DROP VIEW "{rid}"', REFUSED, REFUSED),
    Attack("stacked-after-line-comment", 'SELECT 1 --\n; DROP VIEW "{rid}"', REFUSED, REFUSED),
    Attack(
        "stacked-after-block-comment", 'SELECT 1; /* ok */ DELETE FROM "{rid}"', REFUSED, REFUSED
    ),
    Attack("ckan-cve-backslash-quote", "SELECT '\\'; DROP VIEW \"{rid}\"; --'", REFUSED, REFUSED),
    Attack("escape-string-quote", "SELECT E'\\''; DROP VIEW \"{rid}\" --'", ERROR, REFUSED),
    Attack("dollar-quote-stacked", 'SELECT $$a$$; DROP VIEW "{rid}"', ERROR, REFUSED),
    Attack("zero-width-space-between", 'SELECT 1;\u200bDROP VIEW "{rid}"', REFUSED, ERROR),
    Attack("fullwidth-semicolon", 'SELECT 1；DROP VIEW "{rid}"', ERROR, ERROR),
    Attack("nul-byte", 'SELECT 1\x00; DROP VIEW "{rid}"', REFUSED, REFUSED),
    Attack("lone-surrogate", "SELECT '\ud800'", REFUSED, REFUSED),
    Attack("right-to-left-override", 'SELECT * FROM "\u202e{rid}"', ABSENT, ABSENT),
    # Writes, schema changes, temporary objects.
    Attack("insert", 'INSERT INTO "{rid}" ("名称") VALUES (\'x\')', REFUSED, REFUSED),
    Attack("update-physical", 'UPDATE {table} SET "定員" = 0', REFUSED, REFUSED),
    Attack("delete", 'DELETE FROM "{rid}"', REFUSED, REFUSED),
    Attack(
        "delete-in-cte",
        'WITH d AS (DELETE FROM "{rid}" RETURNING *) SELECT * FROM d',
        ERROR,
        REFUSED,
    ),
    Attack("drop-view", 'DROP VIEW "{rid}"', REFUSED, REFUSED),
    Attack("drop-table", "DROP TABLE {table}", REFUSED, REFUSED),
    Attack("alter-table", "ALTER TABLE {table} RENAME TO stolen", REFUSED, REFUSED),
    Attack("create-table", "CREATE TABLE evil (x integer)", REFUSED, REFUSED),
    Attack("create-temp-table", "CREATE TEMP TABLE evil AS SELECT 1 AS x", REFUSED, REFUSED),
    Attack("select-into", 'SELECT * INTO evil FROM "{rid}"', ERROR, REFUSED),
    Attack("explain-analyze-delete", 'EXPLAIN ANALYZE DELETE FROM "{rid}"', ERROR, REFUSED),
    Attack("reindex-analyze", "ANALYZE", REFUSED, REFUSED),
    # Other databases, files, extensions.
    Attack("attach", "ATTACH DATABASE '{tmp}/evil.db' AS evil", REFUSED, ERROR),
    Attack("vacuum-into", "VACUUM INTO '{tmp}/copy.db'", REFUSED, ERROR),
    Attack("pragma-writable-schema", "PRAGMA writable_schema = ON", REFUSED, ERROR),
    Attack("load-extension", "SELECT load_extension('{tmp}/evil.so')", REFUSED, ERROR),
    Attack("fts3-tokenizer", "SELECT fts3_tokenizer('simple')", REFUSED, ERROR),
    Attack(
        "read-file",
        "SELECT readfile('/etc/passwd')",
        ERROR,
        REFUSED,
        "SELECT pg_read_file('/etc/passwd')",
    ),
    Attack(
        "list-directory",
        "SELECT sqlite_compileoption_get(0)",
        REFUSED,
        REFUSED,
        "SELECT pg_ls_dir('.')",
    ),
    Attack("copy-to-program", "COPY (SELECT 1) TO PROGRAM 'touch {tmp}/owned'", ERROR, REFUSED),
    Attack("lo-import", "SELECT lo_import('/etc/passwd')", ERROR, REFUSED),
    Attack(
        "dblink", "SELECT * FROM dblink('dbname=hiraku', 'SELECT 1') AS t(x integer)", ERROR, ERROR
    ),
    Attack("create-extension", "CREATE EXTENSION dblink", ERROR, REFUSED),
    # Catalogs and the other database.
    Attack(
        "schema-table",
        "SELECT sql FROM sqlite_master",
        REFUSED,
        REFUSED,
        "SELECT rolname, rolpassword FROM pg_roles",
    ),
    Attack(
        "schema-alias",
        "SELECT * FROM main.sqlite_schema",
        REFUSED,
        REFUSED,
        "SELECT * FROM pg_catalog.pg_authid",
    ),
    Attack(
        "temp-schema",
        "SELECT * FROM sqlite_temp_master",
        REFUSED,
        REFUSED,
        "SELECT usename, passwd FROM pg_shadow",
    ),
    Attack(
        "table-valued-pragma",
        "SELECT * FROM pragma_table_info('{table}')",
        REFUSED,
        REFUSED,
        "SELECT attname FROM pg_attribute",
    ),
    Attack(
        "information-schema", "SELECT table_name FROM information_schema.tables", ABSENT, REFUSED
    ),
    Attack(
        "function-reaching-outside",
        "SELECT last_insert_rowid(), total_changes()",
        REFUSED,
        REFUSED,
        "SELECT query_to_xml('SELECT rolpassword FROM pg_authid', true, true, '')",
    ),
    Attack(
        "settings",
        "SELECT sqlite_version()",
        REFUSED,
        REFUSED,
        "SELECT current_setting('data_directory')",
    ),
    Attack("catalog-users", "SELECT * FROM auth_user", ABSENT, ABSENT),
    Attack("catalog-sessions", "SELECT session_key FROM django_session", ABSENT, ABSENT),
    Attack("catalog-datasets", "SELECT * FROM catalog_dataset", ABSENT, ABSENT),
    Attack("django-table-in-datastore", "SELECT * FROM django_migrations", REFUSED, REFUSED),
    Attack("physical-table-directly", "SELECT * FROM {table}", REFUSED, REFUSED),
    # Sessions, roles, transactions.
    Attack("begin", 'BEGIN; DELETE FROM "{rid}"; COMMIT', REFUSED, REFUSED),
    Attack("commit", "COMMIT", REFUSED, REFUSED),
    Attack("savepoint", "SAVEPOINT s", REFUSED, REFUSED),
    Attack("set-role", "SET ROLE postgres", ERROR, REFUSED),
    Attack("reset-all", "RESET ALL", ERROR, REFUSED),
    Attack(
        "read-write-via-set-config",
        "SELECT set_config('transaction_read_only', 'off', true)",
        ERROR,
        REFUSED,
    ),
    Attack("role-via-set-config", "SELECT set_config('role', 'postgres', false)", ERROR, REFUSED),
    Attack("cursor", "DECLARE c CURSOR FOR SELECT 1", ERROR, REFUSED),
    Attack(
        "kill-other-queries",
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity",
        ABSENT,
        REFUSED,
    ),
    # Runaway and oversized queries.
    Attack("recursive-to-a-trillion", RUNAWAY, TIMEOUT, TIMEOUT),
    Attack(
        "cartesian-four-times",
        'SELECT count(*) FROM "{rid}" a, "{rid}" b, "{rid}" c, "{rid}" d',
        TIMEOUT,
        TIMEOUT,
    ),
    Attack(
        "sleep",
        "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n FROM c) SELECT * FROM c WHERE n = 2",
        TIMEOUT,
        TIMEOUT,
        "SELECT pg_sleep(10)",
    ),
    Attack(
        "gigabyte-blob",
        "SELECT randomblob(1000000000)",
        REFUSED,
        TIMEOUT,
        "SELECT repeat('x', 1000000000)",
    ),
    Attack(
        "value-over-the-limit",
        "SELECT zeroblob(2000000)",
        REFUSED,
        REFUSED,
        "SELECT repeat('x', 2000000)",
    ),
]


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker) -> Iterator[tuple[str, str]]:
    yield from load_committed(django_db_blocker)


def _still_serving(rid: str) -> None:
    assert run_sql(f'SELECT count(*) FROM "{rid}"').rows == [(ROWS,)]


def test_the_suite_has_at_least_thirty_attacks_refused_on_this_database():
    assert len({attack.name for attack in ATTACKS}) == len(ATTACKS)
    assert sum(attack.expected != ERROR for attack in ATTACKS) >= 30


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda attack: attack.name)
def test_attack_is_refused_and_the_endpoint_keeps_serving(attack, loaded, tmp_path: Path):
    rid, table = loaded
    sql = attack.text().format(rid=rid, table=table, tmp=tmp_path)
    limit = SHORT_LIMIT_MS if attack.expected == TIMEOUT else None
    with pytest.raises(SqlError) as caught:
        run_sql(sql, time_limit_ms=limit)
    error = caught.value
    assert isinstance(error, EXPECTED[attack.expected]), (type(error), error.message_en)
    if attack.expected == ABSENT:
        assert error.code == "sql-no-such-table", error.message_en
    assert error.status == 400 and error.code.startswith("sql-")
    assert error.message_ja and error.message_en and error.message_ja != error.message_en
    assert any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in error.message_ja)
    for text in (error.message_ja, error.message_en):
        assert "Traceback" not in text and str(tmp_path.parent) not in text
        assert table not in text or table in sql  # no physical names the user did not type
    assert list(tmp_path.iterdir()) == []  # no file was written
    _still_serving(rid)


# The database reads these as one harmless SELECT: what looks hidden is inside a literal or a
# comment, and that literal is exactly what comes back.
NEUTRALIZED = [
    (
        "ckan-cve-test-string",
        "SELECT ' \\'' as A, * FROM \"foo\"; SELECT * FROM \"abc\" --'",
        ' \\\' as A, * FROM "foo"; SELECT * FROM "abc" --',
    ),
    ("comment-hidden-drop", 'SELECT 1 /* ; DROP VIEW "{rid}" */', 1),
    ("line-comment-hidden-drop", 'SELECT 1 -- ; DROP VIEW "{rid}"', 1),
    ("string-hidden-drop", "SELECT '; DROP VIEW \"{rid}\"; --'", '; DROP VIEW "{rid}"; --'),
]


@pytest.mark.parametrize(("name", "sql", "value"), NEUTRALIZED, ids=[n[0] for n in NEUTRALIZED])
def test_statements_hidden_in_literals_and_comments_do_not_run(name, sql, value, loaded):
    rid, _ = loaded
    result = run_sql(sql.format(rid=rid))
    expected = value.format(rid=rid) if isinstance(value, str) else value
    assert result.rows == [(expected,)]
    _still_serving(rid)


@pytest.mark.skipif(not ON_POSTGRES, reason="PostgreSQL dollar quoting")
def test_dollar_quoted_statement_is_just_a_string(loaded):
    rid, _ = loaded
    assert run_sql(f'SELECT $$ ; DROP VIEW "{rid}"; $$').rows == [(f' ; DROP VIEW "{rid}"; ',)]
    _still_serving(rid)


@pytest.mark.skipif(not ON_POSTGRES, reason="PostgreSQL sessions")
def test_session_settings_changed_by_a_query_do_not_outlive_it(loaded):
    rid, _ = loaded
    turned_off = run_sql(
        "SELECT set_config('default_transaction_read_only', 'off', false), "
        "set_config('statement_timeout', '0', false)"
    )
    assert turned_off.rows == [("off", "0")]
    after = run_sql(
        "SELECT current_setting('transaction_read_only'), "
        "current_setting('default_transaction_read_only')"
    )
    assert after.rows == [("on", "on")]
    with pytest.raises(SqlRefused):
        run_sql(f'DELETE FROM "{rid}"')
    _still_serving(rid)


@pytest.mark.skipif(not ON_POSTGRES, reason="PostgreSQL backends")
def test_a_query_that_kills_its_own_connection_gets_a_typed_error(loaded):
    rid, _ = loaded
    with pytest.raises(SqlError) as caught:
        run_sql("SELECT pg_terminate_backend(pg_backend_pid())")
    assert caught.value.code == "sql-interrupted" and caught.value.message_ja
    _still_serving(rid)
